// Package pipeline is the only place that knows the order of the build:
// parse the seeds, load the content, check translations, index topics,
// compute the site, render. Build works in memory; BuildWrite streams the
// pages into a fresh folder that replaces the output folder only when
// everything succeeded. Parse and Status run the first phases alone, for
// explainer parse and status. A failed phase is a *PhaseError.
package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"sort"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
	"github.com/belgian-programme/explainer/internal/uistrings"
)

// Options say where the inputs are and how to build. The zero value builds
// the repository's folders, relative to the working directory, for
// production.
type Options struct {
	Root       string // folder the input folders are relative to; "" is "."
	Seeds      string // default "seeds"
	Content    string // default "content"
	I18n       string // default "i18n"
	Theme      string // default "themes/default"
	BaseURL    string // overrides content/site.yaml's base_url
	NoIndex    bool   // mark every page noindex (deploy previews)
	LiveReload bool   // add the preview's reload script (serve mode only)
	Workers    int    // parallel renderers; 0 means GOMAXPROCS
	// DataDate is the date of the open data, YYYY-MM-DD (the command takes
	// it from SOURCE_DATE_EPOCH); "" publishes the data without a date.
	DataDate string
	// Lazy renders each page when it is first asked for (Result.Page)
	// instead of during the build: serve mode, where new templates or
	// interface strings must show the open page at once, the others
	// following on request. The open data and the search index are made
	// on request too, per language: a save need not wait for them.
	// Result.Files then lists the pages and data files not made yet with
	// nil Data, and not the search index's files (their names hold a hash
	// of the index: Result.Page returns them); a file that fails to be
	// made fails only there.
	Lazy bool
}

func (o Options) dir(name, def string) string {
	if name == "" {
		name = def
	}
	return name
}

// Result is a built site in memory.
type Result struct {
	Files    []render.File // sorted by path
	Site     *site.Site
	Status   *translation.Report
	Units    []*programme.Unit
	Content  *content.Content // the editorial layer the site was built from
	Warnings []diag.Warning
	// page returns a file's bytes, rendering a lazy page (Options.Lazy).
	page func(file string) ([]byte, error)
}

// Page returns the bytes of one of the Files, by path: in a lazy build
// (Options.Lazy), a file is made on the first call, and the search index's
// files, which Files does not list, are found too. A path that is no file
// of the site is fs.ErrNotExist. It is safe for concurrent use.
func (r *Result) Page(file string) ([]byte, error) {
	if r.page != nil {
		return r.page(file)
	}
	return inMemory(r.Files)(file)
}

// Build runs every phase and returns the site in memory. Errors are
// wrapped with their phase; position errors are a diag.List. It is a
// Builder's first build: serve mode keeps the Builder for the next ones.
func Build(ctx context.Context, opts Options) (*Result, error) {
	res, _, err := NewBuilder(opts).RebuildAll(ctx)
	return res, err
}

// PhaseError is a failed build: the phase that failed ("parse", "content",
// "topics", "glossary", "site", "i18n", "theme", "render", "links") and its error,
// a diag.List when the problems have positions.
type PhaseError struct {
	Phase string
	Err   error
}

// Error formats the error as "phase: error".
func (e *PhaseError) Error() string { return e.Phase + ": " + e.Err.Error() }

// Unwrap returns the phase's error.
func (e *PhaseError) Unwrap() error { return e.Err }

// loadGlossary reads the content folder's glossary; nil when there is none.
func loadGlossary(fsys fs.FS, contentDir string, langs []string) (*glossary.Glossary, error) {
	contentFS, err := fs.Sub(fsys, contentDir)
	if err != nil {
		return nil, err
	}
	c, err := content.LoadGlossary(contentFS, contentDir, langs)
	if err != nil {
		return nil, err
	}
	return glossary.New(c, langs)
}

// collectWarnings lists every warning of a build, for Result.Warnings and
// Status alike: the translations (missing, outdated, orphaned), the gaps
// of new content that a fallback fills (URL segments and topic entries of
// a language, short titles, topic assignments, glossary entries,
// interface strings), small topics, then the site's own (glossary forms
// found in no text). gl and strs may be nil.
func collectWarnings(contentDir string, units []*programme.Unit, c *content.Content, status *translation.Report, ix *topic.Index, gl *glossary.Glossary, strs *uistrings.Strings, s *site.Site) []diag.Warning {
	ws := warnings(status)
	ws = append(ws, c.Warnings...)
	ws = append(ws, translation.CheckTitles(units, c, contentDir)...)
	ws = append(ws, ix.Check(2)...)
	ws = append(ws, gl.Warnings()...)
	if strs != nil {
		ws = append(ws, strs.Warnings()...)
	}
	ws = append(ws, s.Warnings...)
	return append(ws, reuseWarnings(c, contentDir)...)
}

// warnings lists outdated and missing translations with stable codes.
func warnings(r *translation.Report) []diag.Warning {
	var ws []diag.Warning
	var langs []string
	for lang := range r.Entries {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		for _, e := range r.Entries[lang] {
			switch e.Status {
			case translation.Missing:
				ws = append(ws, diag.Warning{Code: diag.MissingTranslation, File: e.File, Msg: fmt.Sprintf("%s %s has no %s translation", e.Kind, e.ID, lang)})
			case translation.Outdated:
				ws = append(ws, diag.Warning{Code: diag.OutdatedTranslation, File: e.File, Msg: fmt.Sprintf("%s %s: the French changed since this %s translation; update it, then run explainer status --accept %s", e.Kind, e.ID, lang, e.File)})
			}
		}
	}
	for _, o := range r.Orphans {
		ws = append(ws, diag.Warning{Code: diag.OrphanTranslation, File: o.File, Msg: fmt.Sprintf("no unit %q; closest existing unit: %s", o.ID, o.Closest)})
	}
	return ws
}
