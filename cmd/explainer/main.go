// Command explainer builds the static site that explains a party programme,
// commitment by commitment, in French, Dutch and English.
//
// Usage:
//
//	explainer parse [FILE...]   print the programme model as JSON
//	explainer build [flags]     build the site into build/
//	explainer serve [flags]     build, preview and rebuild on every edit
//	explainer status [flags]    report current, outdated and missing translations
//
// "explainer -h" lists every flag; "explainer <command> -h" describes a
// command's. Errors and warnings go to stderr, one a line, each starting
// with its "file:line:"; a failed phase is named on a header line before
// them. Exit codes: 0 success, 1 failure, 2 usage error.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
