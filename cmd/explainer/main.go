// Command explainer builds the static site that explains a party programme,
// commitment by commitment, in French, Dutch and English.
//
// Usage:
//
//	explainer parse [FILE...]   print the programme model as JSON
//	explainer build [flags]     build the site into build/
//	explainer serve [flags]     build, preview and rebuild on every edit
//	explainer status [flags]    report current, outdated and missing translations
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
