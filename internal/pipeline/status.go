package pipeline

import (
	"context"
	"io/fs"
	"os"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/translation"
	"github.com/belgian-programme/explainer/internal/uistrings"
)

// Parse parses the seeds folder of opts into the programme model, as a
// build does. A failure is a *PhaseError of the phase "parse".
func Parse(ctx context.Context, opts Options) (*programme.Programme, error) {
	b := NewBuilder(opts)
	prog, err := b.parseSeeds(ctx)
	if err != nil {
		return nil, &PhaseError{Phase: "parse", Err: err}
	}
	return prog, nil
}

// ParseFiles parses the named seed files, paths of the operating system,
// into one programme. An unreadable file is a problem of the list, beside
// the parse errors of the others. A failure is a *PhaseError of the phase
// "parse".
func ParseFiles(ctx context.Context, paths []string) (*programme.Programme, error) {
	var errs seed.ErrorList
	var files []seed.File
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			errs.Add(p, 0, "expected a readable seed file, found %v", err)
			continue
		}
		files = append(files, seed.File{Name: p, Data: data})
	}
	prog, err := seed.ParseAll(ctx, files)
	if list, ok := err.(seed.ErrorList); ok {
		errs = append(errs, list...)
	} else if err != nil {
		return nil, &PhaseError{Phase: "parse", Err: err}
	}
	if err := errs.Err(); err != nil {
		return nil, &PhaseError{Phase: "parse", Err: err}
	}
	return prog, nil
}

// TranslationStatus is what explainer status reports: the state of every
// translation against the French, the translations that do not use the
// term base's agreed forms, and every warning a build of the same inputs
// gives: the gaps of new content (MISSING_TOPIC, MISSING_TITLE, ...).
type TranslationStatus struct {
	Report       *translation.Report
	Terms        []content.Term
	TermProblems []translation.TermProblem
	// Warnings are the build's, as Result.Warnings: the translations' too.
	Warnings []diag.Warning
}

// Complete reports whether the site may be published: no warning and no
// term problem (explainer status --strict). Warnings about the editors'
// pending decisions (diag.Decision: no licence, no contact) do not count.
func (st *TranslationStatus) Complete() bool {
	for _, w := range st.Warnings {
		if !diag.Decision(w.Code) {
			return false
		}
	}
	return len(st.TermProblems) == 0 && st.Report.Complete()
}

// Status runs the phases of a build that make the site model (parse,
// content, topics, glossary, site) and loads the interface strings, as a
// build of opts would, without the theme and without rendering, so that
// it reports the same warnings. Then it checks the translations against
// the term base (content/terms.tsv) with the glossary. A failure is a
// *PhaseError of the phase that failed, as in a build, or "terms".
func Status(ctx context.Context, opts Options) (*TranslationStatus, error) {
	b := NewBuilder(opts)
	b.invalidate()
	prog, err := b.parseSeeds(ctx)
	if err != nil {
		return nil, &PhaseError{Phase: "parse", Err: err}
	}
	b.prog, b.seedsDirty = prog, false
	if err := b.loadContent(ctx); err != nil {
		return nil, &PhaseError{Phase: "content", Err: err}
	}
	c, units := b.content, prog.Units()
	s, report, ix, err := b.model(c, units)
	if err != nil {
		return nil, err
	}
	i18nFS, err := fs.Sub(b.fsys, b.i18nDir)
	if err != nil {
		return nil, &PhaseError{Phase: "i18n", Err: err}
	}
	strs, err := uistrings.Load(i18nFS, b.i18nDir, c.Languages())
	if err != nil {
		return nil, &PhaseError{Phase: "i18n", Err: err}
	}
	st := &TranslationStatus{Report: report, Warnings: collectWarnings(b.contentDir, units, c, report, ix, b.glossary, strs, s)}
	contentFS, err := fs.Sub(b.fsys, b.contentDir)
	if err != nil {
		return nil, &PhaseError{Phase: "content", Err: err}
	}
	st.Terms, err = content.LoadTerms(contentFS, b.contentDir)
	if err != nil {
		return nil, &PhaseError{Phase: "terms", Err: err}
	}
	var g *content.Glossary // none without a glossary file
	if b.glossary != nil {
		g = b.glossary.Source
	}
	st.TermProblems = translation.CheckTerms(units, c, g, st.Terms)
	return st, nil
}
