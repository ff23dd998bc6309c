package translation

import (
	"fmt"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
)

// TermProblem is a translated text that lacks the agreed form of a term
// its French contains.
type TermProblem struct {
	File   string
	Line   int    // line in File, when known (glossary entries)
	UnitID string // the unit, or the glossary entry, whose text it is
	Where  string // which text: "text", "title" or "glossary"
	Lang   string
	Source string // the French term
	Want   string // the agreed form (the first, when several are agreed)
}

// String formats the problem for editors.
func (p TermProblem) String() string {
	pos := p.File
	if p.Line > 0 {
		pos = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	what := p.UnitID
	switch p.Where {
	case "title":
		what = "the title of " + p.UnitID
	case "glossary":
		what = "glossary entry " + p.UnitID
	}
	return fmt.Sprintf("%s: the French of %s says %q; expected the %s translation to say %q", pos, what, p.Source, p.Lang, p.Want)
}

// CheckTerms reports every translated text whose French contains a term of
// the term base (content/terms.tsv, read by content.LoadTerms) but which
// lacks an agreed form of it: the units' texts, their short titles, and,
// when g is not nil, the glossary's entries (headword and definition).
// A term base cell may give several agreed forms separated by " | " (a
// full name and its acronym, say): any of them will do. Matching ignores
// case, typographic apostrophes, hyphens and no-break spaces.
func CheckTerms(units []*programme.Unit, c *content.Content, g *content.Glossary, terms []content.Term) []TermProblem {
	src := c.Site.Source()
	var out []TermProblem
	// check compares one French text with its translation in lang.
	check := func(fr, tr string, p TermProblem) {
		fr, tr = normalizeTerm(fr), normalizeTerm(tr)
		for _, t := range terms {
			source, ok := containsAny(fr, t.Forms[src])
			if !ok {
				continue
			}
			want := t.Forms[p.Lang]
			if want == "" {
				continue
			}
			if _, ok := containsAny(tr, want); !ok {
				p.Source, p.Want = source, alternatives(want)[0]
				out = append(out, p)
			}
		}
	}
	for _, u := range units {
		fr := programme.Outline(u.Text, u.Items)
		frTitle := ""
		if f := c.Units[src][u.ID]; f != nil {
			frTitle = f.Title
		}
		for _, lang := range c.Languages() {
			if lang == src {
				continue
			}
			f := c.Units[lang][u.ID]
			if f == nil {
				continue
			}
			if f.HasText() {
				check(fr, programme.Outline(f.Text, f.Items), TermProblem{File: f.File, UnitID: u.ID, Where: "text", Lang: lang})
			}
			if frTitle != "" && f.Title != "" {
				check(frTitle, f.Title, TermProblem{File: f.File, UnitID: u.ID, Where: "title", Lang: lang})
			}
		}
	}
	if g != nil {
		for _, e := range g.Entries {
			fr := e.Labels[src]
			if fr == nil {
				continue
			}
			for _, lang := range c.Languages() {
				l := e.Labels[lang]
				if lang == src || l == nil {
					continue
				}
				check(fr.Term+"\n"+fr.Definition, l.Term+"\n"+l.Definition, TermProblem{File: g.File, Line: l.Line, UnitID: e.ID, Where: "glossary", Lang: lang})
			}
		}
	}
	return out
}

// alternatives splits a term base cell into its agreed forms.
func alternatives(cell string) []string {
	forms := strings.Split(cell, "|")
	for i, f := range forms {
		forms[i] = strings.TrimSpace(f)
	}
	return forms
}

// containsAny reports whether the normalized text contains one of the
// cell's forms, and which.
func containsAny(text, cell string) (string, bool) {
	for _, f := range alternatives(cell) {
		if f != "" && strings.Contains(text, normalizeTerm(f)) {
			return f, true
		}
	}
	return "", false
}

var termNormalizer = strings.NewReplacer("’", "'", "‘", "'", "-", " ", "\u00a0", " ", "\u202f", " ", "\n", " ")

func normalizeTerm(s string) string {
	return strings.Join(strings.Fields(termNormalizer.Replace(strings.ToLower(s))), " ")
}
