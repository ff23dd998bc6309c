package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/pipeline"
)

// command is one subcommand: it returns the process exit code.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"build":  runBuild,
	"parse":  runParse,
	"serve":  runServe,
	"status": runStatus,
}

const usage = `usage: explainer <command> [flags] [arguments]

commands:
  build [-q] [--out DIR] [--base-url URL] [--noindex] [input flags]
        build the site into DIR (default build/), replaced only when the build succeeds
  parse [--seeds DIR] [FILE...]
        print the programme model of the seeds as JSON (default: DIR/*.txt)
  serve [--host H] [--port N] [--debounce D] [--base-url URL] [input flags]
        preview at http://127.0.0.1:1313, rebuilding and reloading on every edit
  status [--strict] [-v] [--seeds DIR] [--content DIR] [--i18n DIR] [--accept FILE...]
        translation status per language and every gap of the content; --strict fails
        unless all is complete; --accept records reviewed translations

input flags (folders, relative to the working directory):
  --seeds DIR (seeds)  --content DIR (content)  --i18n DIR (i18n)  --theme DIR (themes/default)

"explainer <command> -h" describes a command's flags. Errors and warnings go
to stderr, one a line, each starting with its file:line: when it has one.
`

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "explainer: unknown command %q\n%s", args[0], usage)
		return 2
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// newFlagSet returns the flags of a subcommand, whose -h prints "usage:
// explainer name synopsis", what the command does and its flags.
func newFlagSet(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: explainer %s %s\n\n%s\n\nflags:\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a subcommand's arguments, of which at most maxArgs may
// remain after the flags (any number when maxArgs < 0). When the command
// must not go on, it returns false and the exit code: 0 after -h, like
// "explainer -h", and 2 after a usage error.
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if maxArgs >= 0 && fs.NArg() > maxArgs {
		fmt.Fprintf(fs.Output(), "explainer %s: unexpected argument %q\n", fs.Name(), fs.Arg(maxArgs))
		fs.Usage()
		return 2, false
	}
	return 0, true
}

// printError prints a command's error on w: a header line, "explainer
// build: content failed; build is unchanged:" (the phase when the error has
// one, then the note if any), then the problems one a line, each starting
// with its "file:line:" as compilers print them.
func printError(w io.Writer, cmd, note string, err error) {
	phase := "the command"
	var pe *pipeline.PhaseError
	if errors.As(err, &pe) {
		phase, err = pe.Phase, pe.Err
	}
	if note != "" {
		note = "; " + note
	}
	fmt.Fprintf(w, "explainer %s: %s failed%s:\n%v\n", cmd, phase, note, err)
}

// printWarning prints a warning on w as "file:line: warning: CODE: message",
// the position first when there is one.
func printWarning(w io.Writer, wn diag.Warning) {
	if pos := wn.Position(); pos != "" {
		fmt.Fprintf(w, "%s: warning: %s: %s\n", pos, wn.Code, wn.Msg)
		return
	}
	fmt.Fprintf(w, "warning: %s: %s\n", wn.Code, wn.Msg)
}
