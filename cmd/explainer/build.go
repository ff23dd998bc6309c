package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/site"
)

// buildFlags registers the flags shared by build and serve.
func buildFlags(fs *flag.FlagSet, o *pipeline.Options) {
	fs.StringVar(&o.Seeds, "seeds", "seeds", "folder of seed files")
	fs.StringVar(&o.Content, "content", "content", "content folder")
	fs.StringVar(&o.I18n, "i18n", "i18n", "folder of interface strings")
	fs.StringVar(&o.Theme, "theme", "themes/default", "theme folder")
	fs.StringVar(&o.BaseURL, "base-url", "", "public base URL (default: content/site.yaml's base_url)")
}

// dataDate returns the date of the open data, YYYY-MM-DD in UTC, from the
// SOURCE_DATE_EPOCH environment variable (seconds since 1970, the
// reproducible-builds convention; make sets it to the date of the last
// commit that changed seeds/ or content/). Unset or empty, the data has no
// date: the build never reads the clock, so the same input gives the same
// files.
func dataDate(getenv func(string) string) (string, error) {
	v := getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return "", nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || sec < 0 {
		return "", fmt.Errorf("SOURCE_DATE_EPOCH is %q; expected a number of seconds since 1970-01-01 UTC", v)
	}
	return time.Unix(sec, 0).UTC().Format(time.DateOnly), nil
}

// buildMemoryLimit is the soft memory limit of explainer build, unless the
// GOMEMLIMIT environment variable sets one.
const buildMemoryLimit = 270 << 20

// buildGCPercent is the garbage collector's target of explainer build,
// unless the GOGC environment variable sets one.
const buildGCPercent = 400

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "[-q] [--out DIR] [--base-url URL] [--noindex] [--seeds DIR] [--content DIR] [--i18n DIR] [--theme DIR]",
		"Build the site in memory, check it, then write it into the output folder,\nwhich is replaced only when the build succeeds. Errors and warnings go to\nstderr, the summary to stdout.", stderr)
	var opts pipeline.Options
	buildFlags(fs, &opts)
	out := fs.String("out", "build", "output folder, replaced only when the build succeeds")
	fs.BoolVar(&opts.NoIndex, "noindex", false, "mark every page noindex and disallow robots (deploy previews)")
	quiet := fs.Bool("q", false, "print errors only: no summary, no warnings")
	if code, ok := parseFlags(fs, args, 0); !ok {
		return code
	}
	date, err := dataDate(os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "explainer build: %v\n", err)
		return 2
	}
	opts.DataDate = date
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit: the garbage collector works harder near it rather
		// than let the heap double. K = 100 chapters (15,600 pages) peak at
		// about 285 MB of RSS instead of 335 MB; a much larger site may set
		// GOMEMLIMIT higher.
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		// A build is short and allocates fast: collect when the heap has
		// grown fivefold rather than doubled. The limit above still caps
		// large sites; the real site spends a quarter less CPU.
		debug.SetGCPercent(buildGCPercent)
	}
	start := time.Now()
	res, err := pipeline.BuildWrite(ctx, opts, *out)
	if err != nil {
		printError(stderr, "build", *out+" is unchanged", err)
		return 1
	}
	if *quiet {
		return 0
	}
	printSummary(stdout, stderr, res, *out, time.Since(start))
	return 0
}

// printSummary says what the build did on w: pages per language and
// translation status; and the warnings on ew.
func printSummary(w, ew io.Writer, res *pipeline.Result, out string, took time.Duration) {
	perLang := map[string]int{}
	commitments := map[string]int{}
	for _, p := range res.Site.Pages {
		perLang[p.Lang]++
		if p.Kind == site.KindCommitment {
			commitments[p.Lang]++
		}
	}
	fmt.Fprintf(w, "built %d files into %s in %s\n", len(res.Files), out, took.Round(time.Millisecond))
	for _, l := range res.Site.Languages {
		line := fmt.Sprintf("  %s: %d pages (%d commitments)", l.Code, perLang[l.Code], commitments[l.Code])
		if l.Code != res.Status.Source {
			cur, old, miss := res.Status.Counts(l.Code)
			line += fmt.Sprintf("; translations: %d current, %d outdated, %d missing", cur, old, miss)
		}
		fmt.Fprintln(w, line)
	}
	counts := map[string]int{}
	for _, wn := range res.Warnings {
		counts[wn.Code]++
	}
	for _, wn := range res.Warnings {
		if wn.Code == diag.MissingTranslation && counts[wn.Code] > 10 {
			continue
		}
		printWarning(ew, wn)
	}
	if n := counts[diag.MissingTranslation]; n > 10 {
		printWarning(ew, diag.Warning{Code: diag.MissingTranslation, Msg: fmt.Sprintf("%d units; run explainer status for the list", n)})
	}
}
