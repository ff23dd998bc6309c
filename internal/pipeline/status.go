package pipeline

import (
	"context"
	"io/fs"
	"os"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/translation"
)

// Parse parses the seeds folder of opts into the programme model, as a
// build does. A failure is a *PhaseError of the phase "parse".
func Parse(ctx context.Context, opts Options) (*programme.Programme, error) {
	b := NewBuilder(opts)
	prog, err := parseSeeds(ctx, b.fsys, b.seedsDir)
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
// translation against the French, and the translations that do not use
// the term base's agreed forms.
type TranslationStatus struct {
	Report       *translation.Report
	Terms        []content.Term
	TermProblems []translation.TermProblem
}

// Status parses the seeds and loads the translations of opts's content
// folder, without the rest of the site, then checks them against the
// French and, with the glossary, against the term base (content/terms.tsv).
// A failure is a *PhaseError of the phase "parse", "content", "terms" or
// "glossary".
func Status(ctx context.Context, opts Options) (*TranslationStatus, error) {
	prog, err := Parse(ctx, opts)
	if err != nil {
		return nil, err
	}
	b := NewBuilder(opts)
	contentFS, err := fs.Sub(b.fsys, b.contentDir)
	if err != nil {
		return nil, &PhaseError{Phase: "content", Err: err}
	}
	c, err := content.LoadTranslations(contentFS, b.contentDir)
	if err != nil {
		return nil, &PhaseError{Phase: "content", Err: err}
	}
	units := prog.Units()
	st := &TranslationStatus{Report: translation.Check(units, c, b.contentDir)}
	st.Terms, err = content.LoadTerms(contentFS, b.contentDir)
	if err != nil {
		return nil, &PhaseError{Phase: "terms", Err: err}
	}
	g, err := content.LoadGlossary(contentFS, b.contentDir, c.Languages())
	if err != nil {
		return nil, &PhaseError{Phase: "glossary", Err: err}
	}
	st.TermProblems = translation.CheckTerms(units, c, g, st.Terms)
	return st, nil
}
