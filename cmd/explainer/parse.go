package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/programme"
)

func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("parse", "[--seeds DIR] [FILE...]",
		"Parse the seed files and print the programme model as JSON: the named\nFILEs, or every DIR/*.txt.", stderr)
	dir := fs.String("seeds", "seeds", "folder of seed files, used when no FILE is given")
	if code, ok := parseFlags(fs, args, -1); !ok {
		return code
	}
	var prog *programme.Programme
	var err error
	if fs.NArg() > 0 {
		prog, err = pipeline.ParseFiles(ctx, fs.Args())
	} else {
		prog, err = pipeline.Parse(ctx, pipeline.Options{Seeds: *dir})
	}
	if err != nil {
		printError(stderr, "parse", "", err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(prog); err != nil {
		fmt.Fprintf(stderr, "explainer parse: %v\n", err)
		return 1
	}
	return 0
}
