package translation

import (
	"fmt"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
)

// TermProblem is a translation that lacks the agreed form of a term its
// French text contains.
type TermProblem struct {
	File   string
	UnitID string
	Lang   string
	Source string // the French term
	Want   string // the agreed form
}

// String formats the problem for editors.
func (p TermProblem) String() string {
	return fmt.Sprintf("%s: the French of %s says %q; expected the %s translation to say %q", p.File, p.UnitID, p.Source, p.Lang, p.Want)
}

// CheckTerms reports every translation whose French unit contains a term of
// the term base (content/terms.tsv, read by content.LoadTerms) but which lacks the agreed form. Matching ignores case,
// typographic apostrophes, hyphens and no-break spaces.
func CheckTerms(units []*programme.Unit, c *content.Content, terms []content.Term) []TermProblem {
	src := c.Site.Source()
	var out []TermProblem
	for _, u := range units {
		fr := normalizeTerm(programme.Outline(u.Text, u.Items))
		for _, lang := range c.Languages() {
			if lang == src {
				continue
			}
			f := c.Units[lang][u.ID]
			if !f.HasText() {
				continue
			}
			tr := normalizeTerm(programme.Outline(f.Text, f.Items))
			for _, t := range terms {
				if !strings.Contains(fr, normalizeTerm(t.Forms[src])) {
					continue
				}
				want := t.Forms[lang]
				if want != "" && !strings.Contains(tr, normalizeTerm(want)) {
					out = append(out, TermProblem{File: f.File, UnitID: u.ID, Lang: lang, Source: t.Forms[src], Want: want})
				}
			}
		}
	}
	return out
}

var termNormalizer = strings.NewReplacer("’", "'", "‘", "'", "-", " ", "\u00a0", " ", "\u202f", " ", "\n", " ")

func normalizeTerm(s string) string {
	return strings.Join(strings.Fields(termNormalizer.Replace(strings.ToLower(s))), " ")
}
