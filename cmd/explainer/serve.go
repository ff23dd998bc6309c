package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/belgian-programme/explainer/internal/preview"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts preview.Options
	buildFlags(fs, &opts.Build)
	host := fs.String("host", "127.0.0.1", "address to listen on; another address makes the preview reachable from other machines")
	port := fs.Int("port", 1313, "port to listen on")
	fs.DurationVar(&opts.Watch.Debounce, "debounce", 0, "quiet time that ends a burst of file events (default 2ms)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "explainer serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	opts.Log = stdout
	srv := preview.New(opts)
	addr := net.JoinHostPort(*host, strconv.Itoa(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "explainer serve: %v\n", err)
		return 1
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "serving http://%s/ (review: http://%s%s); press Ctrl-C to stop\n", ln.Addr(), ln.Addr(), preview.ReviewPath)

	runErr := make(chan error, 1)
	go func() { runErr <- srv.Run(ctx) }()
	code := 0
	select {
	case err := <-runErr:
		if err != nil {
			fmt.Fprintf(stderr, "explainer serve: %v\n", err)
			code = 1
		}
	case err := <-served:
		fmt.Fprintf(stderr, "explainer serve: %v\n", err)
		return 1
	}
	// Ctrl-C: event streams never end by themselves; end them, then let
	// the other requests finish.
	srv.Close()
	shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(stderr, "explainer serve: %v\n", err)
	}
	hs.Close()
	fmt.Fprintln(stdout, "stopped")
	return code
}
