package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/belgian-programme/explainer/internal/preview"
	"github.com/belgian-programme/explainer/internal/watch"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "[--host H] [--port N] [--debounce D] [--base-url URL] [--seeds DIR] [--content DIR] [--i18n DIR] [--theme DIR]",
		"Build the site, serve it at http://127.0.0.1:1313 and rebuild it after every\nedit of its folders; open pages reload by themselves. A failed build keeps\nthe last good site served, with the errors in a banner and on stderr.", stderr)
	var opts preview.Options
	buildFlags(fs, &opts.Build)
	host := fs.String("host", "127.0.0.1", "address to listen on; another address makes the preview reachable from other machines")
	port := fs.Int("port", 1313, "port to listen on")
	fs.DurationVar(&opts.Watch.Debounce, "debounce", watch.DefaultDebounce, "quiet time that ends a burst of file events (on Linux, a burst of in-place saves ends as soon as every written file is closed)")
	if code, ok := parseFlags(fs, args, 0); !ok {
		return code
	}
	date, err := dataDate(os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "explainer serve: %v\n", err)
		return 2
	}
	opts.Build.DataDate = date
	opts.Log, opts.ErrLog = stdout, stderr
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
