package glossary

import (
	"fmt"
	"sync"
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

	mu   sync.Mutex
	memo map[string][]Match // FindAll's answers by text
}

// memoLimit bounds a Matcher's memory of texts: past it, the memory starts
// again (a long watch session edits texts over and over).
const memoLimit = 1 << 17

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

// Shared returns the matcher of a language's forms, made once and kept with
// the glossary, which must not change afterwards: its FindAll answers are
// remembered for the glossary's life, so a text marked on several pages,
// or again in the next build of a watch session, is searched once.
func (g *Glossary) Shared(lang string) *Matcher {
	if g == nil {
		return g.Matcher(lang)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	m := g.matchers[lang]
	if m == nil {
		m = g.Matcher(lang)
		m.memo = map[string][]Match{}
		if g.matchers == nil {
			g.matchers = map[string]*Matcher{}
		}
		g.matchers[lang] = m
	}
	return m
}

// FindAll returns the occurrences of the language's forms in text, left to
// right, not overlapping; where several forms start at the same place, the
// longest wins. A shared matcher's answers are shared too: the caller must
// not change them.
func (m *Matcher) FindAll(text string) []Match {
	if len(m.forms) == 0 || text == "" {
		return nil
	}
	if m.memo == nil {
		return m.findAll(text)
	}
	m.mu.Lock()
	ms, ok := m.memo[text]
	m.mu.Unlock()
	if ok {
		return ms
	}
	ms = m.findAll(text)
	m.mu.Lock()
	if len(m.memo) >= memoLimit {
		clear(m.memo)
	}
	m.memo[text] = ms
	m.mu.Unlock()
	return ms
}

func (m *Matcher) findAll(text string) []Match {
	t := normaliseBoth(text)
	var out []Match
	for i := 0; i < len(t.orig); {
		if i > 0 && isWordRune(t.orig[i-1]) {
			i++
			continue
		}
		best := -1
		for _, fi := range m.byFirst[t.folded[i]] {
			f := m.forms[fi]
			src := t.folded
			if f.exact {
				src = t.orig
			}
			end := i + len(f.runes)
			if end > len(src) || !equalRunes(src[i:end], f.runes) {
				continue
			}
			if end < len(src) && isWordRune(t.orig[end]) {
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
		out = append(out, Match{Start: int(t.offs[i]), End: int(t.offs[end-1] + t.sizes[end-1]), Entry: f.entry, Form: f.index})
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
	m := g.Shared(lang)
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

// normText is a text normalised for matching, rune by rune, with the byte
// offset of each rune in the original.
type normText struct {
	runes []rune
	offs  []int
	sizes []int // byte length of the original text each rune stands for
}

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

// bothTexts is a text normalised as written and folded, in one pass: both
// have the same runes but for case, so they share offsets and sizes.
type bothTexts struct {
	orig, folded []rune
	offs, sizes  []int32
}

// normaliseBoth is normalise(s, false) and normalise(s, true) in one pass
// and two allocations.
func normaliseBoth(s string) bothTexts {
	runes := make([]rune, 0, 2*len(s))
	ints := make([]int32, 0, 2*len(s))
	orig, offs := runes[:0:len(s)], ints[:0:len(s)]
	folded, sizes := runes[len(s):len(s)], ints[len(s):len(s)]
	for i, r := range s {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			size = 1
		}
		low := r
		switch {
		case isSpace(r):
			r, low = ' ', ' '
		case r == '’' || r == '‘' || r == 'ʼ':
			r, low = '\'', '\''
		default:
			low = unicode.ToLower(r)
		}
		if r == ' ' && len(orig) > 0 && orig[len(orig)-1] == ' ' {
			last := len(orig) - 1
			sizes[last] = int32(i+size) - offs[last]
			continue
		}
		orig = append(orig, r)
		folded = append(folded, low)
		offs = append(offs, int32(i))
		sizes = append(sizes, int32(size))
	}
	return bothTexts{orig: orig, folded: folded, offs: offs, sizes: sizes}
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
