package translation

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
)

// Term is one row of the term base: a French term and its agreed
// equivalents, per language code.
type Term struct {
	Line  int
	Forms map[string]string // language code → form
}

// TermsFile is the term base, in the content folder.
const TermsFile = "terms.tsv"

// ParseTerms reads a term base: tab-separated, a header row naming the
// language codes (source language first), comments starting with '#'.
func ParseTerms(file string, data []byte) ([]Term, error) {
	var errs diag.List
	var langs []string
	var terms []Term
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if langs == nil {
			langs = cols
			continue
		}
		if len(cols) != len(langs) {
			errs.Add(file, n, "%d columns; expected %d (%s), separated by tabs", len(cols), len(langs), strings.Join(langs, ", "))
			continue
		}
		t := Term{Line: n, Forms: map[string]string{}}
		for i, c := range cols {
			c = strings.TrimSpace(c)
			if c == "" {
				errs.Add(file, n, "empty %s form", langs[i])
			}
			t.Forms[langs[i]] = c
		}
		terms = append(terms, t)
	}
	if langs == nil {
		errs.Add(file, 1, "empty term base; expected a header row such as \"fr<TAB>nl<TAB>en\"")
	}
	return terms, errs.Err()
}

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
// the term base but which lacks the agreed form. Matching ignores case,
// typographic apostrophes, hyphens and no-break spaces.
func CheckTerms(units []*programme.Unit, c *content.Content, terms []Term) []TermProblem {
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
