package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/translation"
)

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seeds := fs.String("seeds", "seeds", "folder of seed files")
	contentDir := fs.String("content", "content", "content folder")
	strict := fs.Bool("strict", false, "exit non-zero unless every translation is current and no file is orphaned")
	verbose := fs.Bool("v", false, "list current translations too")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: explainer status [--strict] [-v] [--accept FILE...]")
		fs.PrintDefaults()
	}
	accept := fs.Bool("accept", false, "record the current French fingerprint in the named translation files, after review")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	prog, err := seed.ParseDir(*seeds)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	units := prog.Units()
	if *accept {
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "explainer status --accept: name the translation files you have reviewed")
			return 2
		}
		failed := false
		for _, file := range fs.Args() {
			fp, err := translation.Accept(file, units, os.DirFS(*contentDir), *contentDir)
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
	c, err := content.LoadTranslations(os.DirFS(*contentDir), filepath.ToSlash(*contentDir))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	r := translation.Check(units, c, filepath.ToSlash(*contentDir))
	translation.Print(stdout, r, *verbose)
	terms, err := content.LoadTerms(os.DirFS(*contentDir), filepath.ToSlash(*contentDir))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	problems := translation.CheckTerms(units, c, terms)
	for _, p := range problems {
		fmt.Fprintf(stdout, "terminology: %s\n", p)
	}
	fmt.Fprintf(stdout, "terminology: %d terms, %d problems\n", len(terms), len(problems))
	if *strict && (!r.Complete() || len(problems) > 0) {
		fmt.Fprintln(stderr, "explainer status --strict: translations are not all current and consistent with the term base")
		return 1
	}
	return 0
}
