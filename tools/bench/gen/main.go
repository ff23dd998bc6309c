// Command gen writes a synthetic input tree of K chapters for make bench:
//
//	go run ./tools/bench/gen -k 100 -out /tmp/explainer-bench/k100
//
// The tree (seeds/, content/, i18n/, themes/) builds with
//
//	explainer build --seeds T/seeds --content T/content --i18n T/i18n --theme T/themes/default
//
// See internal/synth for what the chapters and their content hold.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/belgian-programme/explainer/internal/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	k := fs.Int("k", 1, "number of synthetic chapters")
	out := fs.String("out", "", "folder to write the tree into (must not exist or be empty)")
	root := fs.String("root", ".", "repository to take the seeds, content, i18n and theme from")
	rngSeed := fs.Uint64("seed", 1, "random seed of the word shuffles")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || *k < 1 {
		fmt.Fprintln(stderr, "gen: expected -out FOLDER and -k of 1 or more")
		return 2
	}
	t, err := synth.WriteTree(*out, *root, *k, *rngSeed)
	if err != nil {
		fmt.Fprintf(stderr, "gen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %d chapters, %d commitments, %d units, %d unit files\n", *out, t.Chapters, t.Commitments, t.Units, t.UnitFiles)
	return 0
}
