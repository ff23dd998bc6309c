package glossary

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Match is an occurrence of a glossary form in a text.
type Match struct {
	Start, End int    // byte offsets in the text: text[Start:End] is the occurrence
	Entry      string // entry ID
	Form       int    // index of the form in the entry's label
}

// Matcher finds the forms of one language in texts. It is safe for
// concurrent use.
type Matcher struct {
	forms   []form
	byFirst map[rune][]int // folded first rune → indexes in forms
}

type form struct {
	entry string
	index int
	runes []rune // normalised; folded unless exact
	exact bool   // an acronym: matches in capitals only
}

// Matcher returns the matcher of a language's forms.
func (g *Glossary) Matcher(lang string) *Matcher {
	m := &Matcher{byFirst: map[rune][]int{}}
	if g == nil {
		return m
	}
	for _, e := range g.Entries {
		lb := e.Langs[lang]
		if lb == nil {
			continue
		}
		for i, f := range lb.Forms {
			exact := isAcronym(f)
			n := normalise(f, !exact)
			if len(n.runes) == 0 {
				continue
			}
			m.forms = append(m.forms, form{entry: e.ID, index: i, runes: n.runes, exact: exact})
			first := unicode.ToLower(n.runes[0])
			m.byFirst[first] = append(m.byFirst[first], len(m.forms)-1)
		}
	}
	return m
}

// FindAll returns the occurrences of the language's forms in text, left to
// right, not overlapping; where several forms start at the same place, the
// longest wins.
func (m *Matcher) FindAll(text string) []Match {
	if len(m.forms) == 0 || text == "" {
		return nil
	}
	orig := normalise(text, false)
	folded := normalise(text, true)
	var out []Match
	for i := 0; i < len(orig.runes); {
		if i > 0 && isWordRune(orig.runes[i-1]) {
			i++
			continue
		}
		best := -1
		for _, fi := range m.byFirst[folded.runes[i]] {
			f := m.forms[fi]
			src := folded.runes
			if f.exact {
				src = orig.runes
			}
			end := i + len(f.runes)
			if end > len(src) || !equalRunes(src[i:end], f.runes) {
				continue
			}
			if end < len(src) && isWordRune(orig.runes[end]) {
				continue
			}
			if best < 0 || len(f.runes) > len(m.forms[best].runes) {
				best = fi
			}
		}
		if best < 0 {
			i++
			continue
		}
		f := m.forms[best]
		end := i + len(f.runes)
		out = append(out, Match{Start: orig.offs[i], End: orig.endOf(end - 1), Entry: f.entry, Form: f.index})
		i = end
	}
	return out
}

// Unused warns, with UnusedFormCode, about each form of a language that
// occurs in none of the texts.
func (g *Glossary) Unused(lang string, texts []string) []diag.Warning {
	if g == nil {
		return nil
	}
	m := g.Matcher(lang)
	type key struct {
		entry string
		form  int
	}
	used := map[key]bool{}
	for _, t := range texts {
		for _, mt := range m.FindAll(t) {
			used[key{mt.Entry, mt.Form}] = true
		}
	}
	var ws []diag.Warning
	for _, e := range g.Entries {
		lb := e.Langs[lang]
		if lb == nil {
			continue
		}
		for i, f := range lb.Forms {
			if !used[key{e.ID, i}] {
				ws = append(ws, diag.Warning{Code: UnusedFormCode, File: g.File, Line: lb.FormLines[i],
					Msg: fmt.Sprintf("the %s form %q of %q occurs in no %s text; correct its spelling or remove it", lang, f, e.ID, lang)})
			}
		}
	}
	return ws
}

// normText is a text normalised for matching, rune by rune, with the byte
// offset of each rune in the original.
type normText struct {
	runes []rune
	offs  []int
	sizes []int // byte length of the original text each rune stands for
}

func (n normText) endOf(i int) int { return n.offs[i] + n.sizes[i] }

// normalise maps spaces of any kind and hyphens to one space, collapsing
// runs, and typographic apostrophes to '; fold also lowers the case.
func normalise(s string, fold bool) normText {
	n := normText{runes: make([]rune, 0, len(s)), offs: make([]int, 0, len(s)), sizes: make([]int, 0, len(s))}
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			size = 1
		}
		switch {
		case isSpace(r):
			r = ' '
		case r == '’' || r == '‘' || r == 'ʼ':
			r = '\''
		case fold:
			r = unicode.ToLower(r)
		}
		if r == ' ' && len(n.runes) > 0 && n.runes[len(n.runes)-1] == ' ' {
			last := len(n.runes) - 1
			n.sizes[last] = i + size - n.offs[last]
			continue
		}
		n.runes = append(n.runes, r)
		n.offs = append(n.offs, i)
		n.sizes = append(n.sizes, size)
	}
	return n
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009' ||
		r == '-' || r == '\u2010' || r == '\u2011'
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func equalRunes(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// isAcronym reports whether a form is written in capitals only ("OIF",
// "UE", "3D"): such a form matches only in capitals.
func isAcronym(f string) bool {
	upper := false
	for _, r := range f {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper = true
		}
	}
	return upper
}
