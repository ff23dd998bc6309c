package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("seeds", "seeds", "folder of seed files, used when no FILE is given")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var prog *programme.Programme
	var err error
	if fs.NArg() > 0 {
		prog, err = seed.ParseFiles(fs.Args())
	} else {
		prog, err = seed.ParseDir(*dir)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(prog); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
