package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/translation"
)

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("status", "[--strict] [-v] [--seeds DIR] [--content DIR] [--accept FILE...]",
		"Report the translation status per language: current, outdated and missing\ntranslations, orphaned files, and translations that miss the term base's\nagreed forms. With --accept, record the reviewed translation FILEs as current.", stderr)
	seeds := fs.String("seeds", "seeds", "folder of seed files")
	contentDir := fs.String("content", "content", "content folder")
	strict := fs.Bool("strict", false, "exit non-zero unless every translation is current and no file is orphaned")
	verbose := fs.Bool("v", false, "list current translations too")
	accept := fs.Bool("accept", false, "record the current French fingerprint in the named translation files, after review")
	if code, ok := parseFlags(fs, args, -1); !ok {
		return code
	}
	opts := pipeline.Options{Seeds: *seeds, Content: *contentDir}
	if *accept {
		return acceptFiles(ctx, opts, fs.Args(), stdout, stderr)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "explainer status: unexpected argument %q (files go with --accept)\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	st, err := pipeline.Status(ctx, opts)
	if err != nil {
		printError(stderr, "status", "", err)
		return 1
	}
	translation.Print(stdout, st.Report, *verbose)
	for _, p := range st.TermProblems {
		fmt.Fprintf(stdout, "terminology: %s\n", p)
	}
	fmt.Fprintf(stdout, "terminology: %d terms, %d problems\n", len(st.Terms), len(st.TermProblems))
	if *strict && (!st.Report.Complete() || len(st.TermProblems) > 0) {
		fmt.Fprintln(stderr, "explainer status --strict: translations are not all current and consistent with the term base")
		return 1
	}
	return 0
}

// acceptFiles records the current French fingerprint in each reviewed
// translation file.
func acceptFiles(ctx context.Context, opts pipeline.Options, files []string, stdout, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprintln(stderr, "explainer status --accept: name the translation files you have reviewed")
		return 2
	}
	prog, err := pipeline.Parse(ctx, opts)
	if err != nil {
		printError(stderr, "status", "", err)
		return 1
	}
	units := prog.Units()
	failed := false
	for _, file := range files {
		fp, err := translation.Accept(file, units, os.DirFS(opts.Content), opts.Content)
		if err != nil {
			fmt.Fprintln(stderr, err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "%s: source: %s\n", file, fp)
	}
	if failed {
		return 1
	}
	return 0
}
