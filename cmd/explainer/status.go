package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/translation"
)

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("status", "[--strict] [-v] [--seeds DIR] [--content DIR] [--i18n DIR] [--accept FILE...]",
		"Report the translation status per language: current, outdated and missing\ntranslations, orphaned files, and translations that miss the term base's\nagreed forms; then every other gap a build warns about, with its code\n(MISSING_TOPIC, MISSING_TITLE, MISSING_PATHS, MISSING_UI_STRINGS, ...).\nWith --accept, record the reviewed translation FILEs as current.", stderr)
	seeds := fs.String("seeds", "seeds", "folder of seed files")
	contentDir := fs.String("content", "content", "content folder")
	i18nDir := fs.String("i18n", "i18n", "folder of interface strings")
	strict := fs.Bool("strict", false, "exit non-zero unless the site is complete: every translation current, no orphaned file, no term problem and no other warning")
	verbose := fs.Bool("v", false, "list current translations too")
	accept := fs.Bool("accept", false, "record the current French fingerprint in the named translation files, after review")
	if code, ok := parseFlags(fs, args, -1); !ok {
		return code
	}
	opts := pipeline.Options{Seeds: *seeds, Content: *contentDir, I18n: *i18nDir}
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
	// The translations' warnings are the report's lines above.
	counts := map[string]int{}
	for _, w := range st.Warnings {
		if !diag.Decision(w.Code) {
			counts[w.Code]++ // the gaps --strict names
		}
		switch w.Code {
		case diag.MissingTranslation, diag.OutdatedTranslation, diag.OrphanTranslation:
			continue
		}
		printWarning(stdout, w)
	}
	for _, p := range st.TermProblems {
		fmt.Fprintf(stdout, "terminology: %s\n", p)
	}
	fmt.Fprintf(stdout, "terminology: %d terms, %d problems\n", len(st.Terms), len(st.TermProblems))
	if *strict && !st.Complete() {
		var gaps []string
		for _, code := range slices.Sorted(maps.Keys(counts)) {
			gaps = append(gaps, fmt.Sprintf("%d %s", counts[code], code))
		}
		if n := len(st.TermProblems); n > 0 {
			gaps = append(gaps, fmt.Sprintf("%d terminology problems", n))
		}
		fmt.Fprintf(stderr, "explainer status --strict: the site is not complete: %s\n", strings.Join(gaps, ", "))
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
