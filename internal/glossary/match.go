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
	forms []form
	// byFirst and byASCII give, by folded first rune, the indexes of the
	// forms in forms: byASCII for ASCII runes, byFirst for the others.
	byFirst map[rune][]int
	byASCII [utf8.RuneSelf][]int

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
	// second is the folded second rune of the form, which the folded
	// second rune of an occurrence must be; -1 for a one-rune form.
	second rune
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
			second := rune(-1)
			if len(n.runes) > 1 {
				second = n.runes[1]
				if exact {
					second = unicode.ToLower(second)
				}
			}
			m.forms = append(m.forms, form{entry: e.ID, index: i, runes: n.runes, exact: exact, second: second})
			first := unicode.ToLower(n.runes[0])
			if first < utf8.RuneSelf {
				m.byASCII[first] = append(m.byASCII[first], len(m.forms)-1)
			} else {
				m.byFirst[first] = append(m.byFirst[first], len(m.forms)-1)
			}
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

// findAll reads the text once, normalising it on the way as normalise
// does (see nextRune), and tries the forms at the start of each word.
func (m *Matcher) findAll(text string) []Match {
	var out []Match
	afterWord := false // the rune before i is a letter or a digit
	for i := 0; i < len(text); {
		if afterWord {
			// Within a word, no form starts: skip its ASCII letters and
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
		var cands []int
		if low >= 0 && low < utf8.RuneSelf {
			cands = m.byASCII[low]
		} else {
			cands = m.byFirst[low]
		}
		best, bestEnd, bestNext := -1, 0, 0
		var bestLast rune
		second := rune(-2) // the folded rune after r, if any
		if len(cands) > 0 && next < len(text) {
			_, second, _ = nextRune(text, next)
		}
		for _, fi := range cands {
			f := &m.forms[fi]
			if best >= 0 && len(f.runes) <= len(m.forms[best].runes) {
				continue // the longest form wins, the first among equals
			}
			if f.second >= 0 && f.second != second {
				continue // it would not match from its second rune
			}
			if end, next, last, ok := f.matchAt(text, i); ok {
				best, bestEnd, bestNext, bestLast = fi, end, next, last
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
		i = bestNext
	}
	return out
}

// matchAt reports whether the form occurs at byte i of text as a whole
// word. It returns the end of the occurrence as normalise's offsets and
// sizes give it, the offset of the rune after it, and its last rune.
func (f *form) matchAt(text string, i int) (end, next int, last rune, ok bool) {
	j, lastAt := i, i
	for _, want := range f.runes {
		if j >= len(text) {
			return 0, 0, 0, false
		}
		r, low, n := nextRune(text, j)
		got := low
		if f.exact {
			got = r
		}
		if got != want {
			return 0, 0, 0, false
		}
		last, lastAt, j = r, j, n
	}
	if j < len(text) {
		if r, _, _ := nextRune(text, j); isWordRune(r) {
			return 0, 0, 0, false
		}
	}
	end = j
	if last == utf8.RuneError {
		end = lastAt + 1 // normalise counts U+FFFD as one byte
	}
	return end, j, last, true
}

// nextRune returns the rune of text at byte i as normalise gives it, as
// written (r) and folded (low), and the offset of the next one: a run of
// spaces and hyphens is one space, and typographic apostrophes are '.
func nextRune(text string, i int) (r, low rune, next int) {
	if c := text[i]; c < utf8.RuneSelf && c != '-' && !asciiSpace(c) {
		r, next = rune(c), i+1
		low = r
		if 'A' <= c && c <= 'Z' {
			low += 'a' - 'A'
		}
		return r, low, next
	}
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

// asciiSpace reports whether c is an ASCII space, as unicode.IsSpace.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
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
