package main

import (
	"context"
	"fmt"
	"io"
)

// command is one subcommand: it returns the process exit code.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"build":  runBuild,
	"parse":  runParse,
	"serve":  runServe,
	"status": runStatus,
}

const usage = `usage: explainer <command> [arguments]

commands:
  build [--out DIR] [--base-url URL] [--noindex]   build the site (default into build/)
  parse [FILE...]   print the programme model of the seeds as JSON (default: seeds/*.txt)
  serve [--host H] [--port N]   preview at http://127.0.0.1:1313, rebuilding and reloading on every edit
  status [--strict] [--accept FILE...]   translation status per language; record reviewed translations
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
