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
// concurrent use: its forms do not change once made. It remembers nothing:
// a caller that searches the same texts build after build keeps what it
// found (the pipeline's Builder does).
type Matcher struct {
	forms []form
	// byFirst gives, by folded first rune, the indexes of the forms in
	// forms.
	byFirst map[rune][]int
}

type form struct {
	entry string
	index int
	runes []rune // normalised; folded unless exact
	exact bool   // an acronym: matches in capitals only
}

// Finder finds a language's glossary forms in a text: a Glossary itself,
// or a cache in front of it that a caller keeps from build to build.
type Finder interface {
	FindAll(lang, text string) []Match
}

// FindAll finds the forms of a language in text with its Matcher.
func (g *Glossary) FindAll(lang, text string) []Match {
	return g.Matcher(lang).FindAll(text)
}

// Matcher returns the matcher of a language's forms, made with the
// glossary.
func (g *Glossary) Matcher(lang string) *Matcher {
	if g != nil && g.matchers[lang] != nil {
		return g.matchers[lang]
	}
	return &Matcher{byFirst: map[rune][]int{}}
}

func (g *Glossary) newMatcher(lang string) *Matcher {
	m := &Matcher{byFirst: map[rune][]int{}}
	for _, e := range g.Entries {
		lb := e.Langs[lang]
		if lb == nil {
			continue
		}
		for i, f := range lb.Forms {
			exact := isAcronym(f)
			runes := normalise(f, !exact)
			if len(runes) == 0 {
				continue
			}
			m.forms = append(m.forms, form{entry: e.ID, index: i, runes: runes, exact: exact})
			first := unicode.ToLower(runes[0])
			m.byFirst[first] = append(m.byFirst[first], len(m.forms)-1)
		}
	}
	return m
}

// FindAll returns the occurrences of the language's forms in text, left to
// right, not overlapping; where several forms start at the same place, the
// longest wins. It reads the text once, normalising it on the way (see
// nextRune), and tries the forms at the start of each word.
func (m *Matcher) FindAll(text string) []Match {
	if len(m.forms) == 0 {
		return nil
	}
	var out []Match
	afterWord := false // the rune before i is a letter or a digit
	for i := 0; i < len(text); {
		if afterWord {
			// No form starts inside a word: skip its ASCII letters and
			// digits at once.
			for i < len(text) && isASCIIAlnum(text[i]) {
				i++
			}
			if i == len(text) {
				break
			}
		}
		r, low, next := nextRune(text, i)
		if afterWord {
			afterWord = isWordRune(r)
			i = next
			continue
		}
		best, bestEnd := -1, 0
		var bestLast rune
		for _, fi := range m.byFirst[low] {
			f := &m.forms[fi]
			if best >= 0 && len(f.runes) <= len(m.forms[best].runes) {
				continue // the longest form wins, the first among equals
			}
			if end, last, ok := f.matchAt(text, i); ok {
				best, bestEnd, bestLast = fi, end, last
			}
		}
		if best < 0 {
			afterWord = isWordRune(r)
			i = next
			continue
		}
		f := m.forms[best]
		out = append(out, Match{Start: i, End: bestEnd, Entry: f.entry, Form: f.index})
		afterWord = isWordRune(bestLast)
		i = bestEnd
	}
	return out
}

// matchAt reports whether the form occurs at byte i of text as a whole
// word. It returns the end of the occurrence and its last rune.
func (f *form) matchAt(text string, i int) (end int, last rune, ok bool) {
	j := i
	for _, want := range f.runes {
		if j >= len(text) {
			return 0, 0, false
		}
		r, low, n := nextRune(text, j)
		got := low
		if f.exact {
			got = r
		}
		if got != want {
			return 0, 0, false
		}
		last, j = r, n
	}
	if j < len(text) {
		if r, _, _ := nextRune(text, j); isWordRune(r) {
			return 0, 0, false
		}
	}
	return j, last, true
}

// nextRune returns the rune of text at byte i normalised, as written (r)
// and folded (low), and the offset of the next one: a run of spaces and
// hyphens is one space, and typographic apostrophes are '. It is the
// glossary's one normaliser: forms are read with it too (see normalise).
func nextRune(text string, i int) (r, low rune, next int) {
	r, size := utf8.DecodeRuneInString(text[i:])
	next = i + size
	switch {
	case isSpace(r):
		for next < len(text) {
			r2, size2 := utf8.DecodeRuneInString(text[next:])
			if !isSpace(r2) {
				break
			}
			next += size2
		}
		return ' ', ' ', next
	case r == '’' || r == '‘' || r == 'ʼ':
		return '\'', '\'', next
	}
	return r, unicode.ToLower(r), next
}

// isASCIIAlnum reports whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// Unused warns, with UnusedFormCode, about each form of a language that
// occurs in none of the texts.
func (g *Glossary) Unused(lang string, texts []string) []diag.Warning {
	if g == nil {
		return nil
	}
	m := g.Matcher(lang)
	matches := make([][]Match, len(texts))
	for i, t := range texts {
		matches[i] = m.FindAll(t)
	}
	return g.UnusedIn(lang, matches)
}

// UnusedIn is Unused for texts whose matches were already found: matches
// holds the language's Matcher's FindAll of each text.
func (g *Glossary) UnusedIn(lang string, matches [][]Match) []diag.Warning {
	if g == nil {
		return nil
	}
	type key struct {
		entry string
		form  int
	}
	used := map[key]bool{}
	for _, ms := range matches {
		for _, mt := range ms {
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

// normalise returns s as nextRune reads it, rune by rune: spaces of any
// kind and hyphens one space, collapsing runs, typographic apostrophes ';
// fold also lowers the case.
func normalise(s string, fold bool) []rune {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, low, next := nextRune(s, i)
		if fold {
			r = low
		}
		out = append(out, r)
		i = next
	}
	return out
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009' ||
		r == '-' || r == '\u2010' || r == '\u2011'
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

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
