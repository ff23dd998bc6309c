package seed

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one non-empty line of a seed, its source line number removed.
type line struct {
	phys      int    // line in the file, 1-based
	num       int    // source line number printed at its end
	text      string // the text, spaces normalised, number removed
	page      int    // PDF page the line is on
	afterGap  bool   // a blank line (or the start of the file) precedes it
	pageStart bool   // the line opens a new page
}

// tokenKind says what a token is.
type tokenKind int

const (
	tokParagraph   tokenKind = iota // ordinary prose
	tokBullet                       // a bulleted item; glyph says which
	tokHeading                      // a letter-spaced section heading
	tokPriorities                   // "Nos priorités :"
	tokCommitments                  // "Nous voulons :"
)

// token is a paragraph, a bulleted item, a heading or a marker, joined
// from its lines.
type token struct {
	kind      tokenKind
	glyph     rune     // for tokBullet
	lines     []string // the text of each of its lines, the first without its bullet
	text      string   // the text of its lines joined, once tokenize has read them all
	first     *line
	low, high int // lowest and highest source line number of its lines
}

// newToken starts a token at ln; text is the line's text without its
// bullet.
func newToken(kind tokenKind, text string, ln *line) *token {
	return &token{kind: kind, lines: []string{text}, first: ln, low: ln.num, high: ln.num}
}

// add extends the token to ln, the line after its last.
func (t *token) add(ln *line) {
	t.lines = append(t.lines, ln.text)
	t.low = min(t.low, ln.num)
	t.high = max(t.high, ln.num)
}

// lastLine returns the text of the token's last line.
func (t *token) lastLine() string { return t.lines[len(t.lines)-1] }

// join returns the text of the token's lines joined: a heading's lines
// with two spaces (they separate words), the others with one space, none
// after a hyphen that ends the line ("UE-" + "États-Unis") or an elided
// word ("l’"), and runs of spaces folded into one.
func (t *token) join() string {
	if t.kind == tokHeading {
		return strings.Join(t.lines, "  ")
	}
	var b strings.Builder
	for i, ln := range t.lines {
		if i > 0 && t.lines[i-1] != "" && !gluesToNext(t.lines[i-1]) {
			b.WriteByte(' ')
		}
		b.WriteString(ln)
	}
	return collapse(b.String())
}

// Glyphs of the bullets the seed uses.
const (
	glyphPriority   = '➔'
	glyphCommitment = '➢'
	glyphSub        = 'o'
	glyphSubSub     = '•'
)

// readLines splits the seed into lines, checks the encoding and the line
// numbers and removes them. Problems go to errs; no text is dropped: a line
// whose number is missing or wrong keeps its text and gets an error.
func readLines(file string, data []byte, errs *ErrorList) []*line {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // byte-order mark
	var lines []*line
	page := 0
	gap := true
	for i, raw := range splitLines(string(data)) {
		phys := i + 1
		if !utf8.ValidString(raw) {
			errs.Add(file, phys, "expected text encoded in UTF-8, found invalid bytes")
			raw = strings.ToValidUTF8(raw, "\uFFFD")
		}
		s := normalizeSpaces(raw)
		if strings.TrimSpace(s) == "" {
			gap = true
			continue
		}
		startsWithSpace := s[0] == ' '
		if startsWithSpace || page == 0 {
			page++
		}
		lines = append(lines, &line{phys: phys, text: strings.TrimSpace(s), page: page, afterGap: gap, pageStart: startsWithSpace})
		gap = false
	}
	numberLines(file, lines, errs)
	// Drop the lines that held only their number: they are blank.
	kept := lines[:0]
	gap = false
	for _, ln := range lines {
		if ln.text == "" {
			gap = true
			continue
		}
		ln.afterGap = ln.afterGap || gap
		gap = false
		kept = append(kept, ln)
	}
	return kept
}

// splitLines splits data into lines, each ended by "\n", "\r\n" or a lone
// "\r" (the last may have no end).
func splitLines(data string) []string {
	if data == "" {
		return nil
	}
	data = strings.ReplaceAll(data, "\r\n", "\n")
	data = strings.ReplaceAll(data, "\r", "\n")
	return strings.Split(strings.TrimSuffix(data, "\n"), "\n")
}

// numberLines removes the source line number from the end of each line and
// checks that the numbers run 1, 2, 3... A line whose number is wrong is
// reported once: the next line tells whether the file goes on from the
// expected number (this line is odd) or from the number found (the file
// jumps), so one slip does not make every later line an error.
func numberLines(file string, lines []*line, errs *ErrorList) {
	expected := 1
	for i, ln := range lines {
		s := ln.text
		var next string
		last := i+1 == len(lines)
		if !last {
			next = lines[i+1].text
		}
		nextHas := func(n int) bool {
			if last {
				return false
			}
			_, ok, digitGlued := cutNumber(next, n)
			return ok && !digitGlued
		}
		if text, ok, digitGlued := cutNumber(s, expected); ok && (!digitGlued || last || nextHas(expected+1)) {
			ln.text, ln.num = text, expected
			expected++
			continue
		}
		text, n, spaced := trailingNumber(s)
		switch {
		case spaced && n < expected && n > 0:
			if n == expected-1 {
				errs.Add(file, ln.phys, "expected source line number %d, found %d again", expected, n)
			} else {
				errs.Add(file, ln.phys, "expected source line number %d, found %d", expected, n)
			}
			ln.text, ln.num = text, n
			if !nextHas(expected) && nextHas(n+1) {
				expected = n + 1
			}
		case nextHas(expected):
			// An extra line: the file goes on with the expected number.
			errs.Add(file, ln.phys, "expected source line number %d at the end of the line, found %q", expected, tail(s))
			ln.num = max(expected-1, 1)
		case nextHas(expected + 1):
			// This line should have had the expected number.
			if spaced {
				errs.Add(file, ln.phys, "expected source line number %d, found %d", expected, n)
				ln.text = text
			} else {
				errs.Add(file, ln.phys, "expected source line number %d at the end of the line, found %q", expected, tail(s))
			}
			ln.num = expected
			expected++
		case spaced:
			errs.Add(file, ln.phys, "expected source line number %d, found %d", expected, n)
			ln.text, ln.num = text, n
			expected = n + 1
		default:
			errs.Add(file, ln.phys, "expected source line number %d at the end of the line, found %q", expected, tail(s))
			ln.num = expected
			expected++
		}
	}
}

// normalizeSpaces turns every Unicode space (tab, form feed, no-break,
// thin, ideographic, line separator...) into a plain space and drops
// zero-width characters, so that later steps see only ' '.
func normalizeSpaces(s string) string {
	return strings.Map(spaceMap, s)
}

// spaceMap is the mapping of normalizeSpaces: a space becomes ' ', a
// zero-width character -1 (dropped), any other rune stays.
func spaceMap(r rune) rune {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return -1
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// cutNumber reports whether s ends with the source line number n, after a
// space or glued to the text ("UE-81"), and returns s without it.
// digitGlued says the number is glued to other digits ("2063136"), which is
// ambiguous.
func cutNumber(s string, n int) (text string, ok, digitGlued bool) {
	var buf [20]byte
	want := strconv.AppendInt(buf[:0], int64(n), 10)
	if !strings.HasSuffix(s, string(want)) {
		return s, false, false
	}
	rest := s[:len(s)-len(want)]
	return strings.TrimSpace(rest), true, endsWithDigit(rest)
}

// trailingNumber returns the run of digits that ends s, when it stands
// alone after a space (or is the whole line), and s without it.
func trailingNumber(s string) (text string, n int, ok bool) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) || len(s)-i > 9 || (i > 0 && s[i-1] != ' ') {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i:])
	if err != nil || n < 1 {
		return s, 0, false
	}
	return strings.TrimSpace(s[:i]), n, true
}

func endsWithDigit(s string) bool {
	return s != "" && s[len(s)-1] >= '0' && s[len(s)-1] <= '9'
}

func tail(s string) string {
	r := []rune(s)
	if len(r) > 20 {
		return "…" + string(r[len(r)-20:])
	}
	return s
}

// bulletOf reports the glyph a line starts with, and the text after it.
func bulletOf(s string) (glyph rune, rest string, ok bool) {
	r, size := utf8.DecodeRuneInString(s)
	switch r {
	case glyphPriority, glyphCommitment, glyphSubSub, glyphSub:
		if len(s) == size {
			return r, "", true
		}
		if s[size] == ' ' {
			return r, strings.TrimSpace(s[size:]), true
		}
	}
	return 0, "", false
}

// unknownBullet reports whether s starts with a symbol used as a bullet that
// the seed format does not know.
func unknownBullet(s string) (rune, bool) {
	r, size := utf8.DecodeRuneInString(s)
	if size >= len(s) || s[size] != ' ' {
		return 0, false
	}
	switch r {
	case '«', '(', '[', '"', '\'', '’', '“', '‘':
		return 0, false
	}
	if unicode.In(r, unicode.So, unicode.Sm, unicode.Pd, unicode.Co) || r == '*' || r == '·' || r == '‣' || r == '⁃' {
		return r, true
	}
	return 0, false
}

// isLetterSpaced reports whether s is written in letter-spaced capitals,
// as section headings are: "1 .  U N E  D I P L O M A T I E".
func isLetterSpaced(s string) bool {
	for i := range len(s) {
		if 'a' <= s[i] && s[i] <= 'z' {
			return false // a lower-case letter
		}
	}
	singles, others, letters, upper := 0, 0, 0, 0
	for rest := s; rest != ""; {
		var f string
		f, rest, _ = strings.Cut(rest, " ")
		if f == "" {
			continue
		}
		if utf8.RuneCountInString(f) == 1 {
			singles++
		} else {
			others++
		}
		for _, r := range f {
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
		}
	}
	return singles >= 4 && others*5 <= singles && letters > 0 && upper == letters
}

// unspace turns letter-spaced text back into words: letters are separated
// by one space, words by two or more.
func unspace(s string) string {
	var words []string
	for _, group := range strings.Split(s, "  ") {
		w := strings.ReplaceAll(group, " ", "")
		if w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// gluesToNext reports whether text ends with a hyphen attached to a word or
// with an apostrophe after a letter.
func gluesToNext(text string) bool {
	r, size := utf8.DecodeLastRuneInString(text)
	switch r {
	case '-', '’', '\'':
		p, _ := utf8.DecodeLastRuneInString(text[:len(text)-size])
		return unicode.IsLetter(p) || (r == '-' && unicode.IsDigit(p))
	}
	return false
}

// collapse folds runs of spaces into one.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var (
	prioritiesMarker  = "nos priorités"
	commitmentsMarker = "nous voulons"
)

// markerKind reports whether a line is one of the markers that open the
// priorities ("Nos priorités :") or the commitments ("Nous voulons :",
// "Concrètement, nous voulons aussi :").
func markerKind(text string) (tokenKind, bool) {
	r, _ := utf8.DecodeRuneInString(text)
	if !unicode.IsUpper(r) {
		return 0, false
	}
	// Lower-casing keeps the runes' count and the colon: check both
	// before.
	t := strings.TrimSpace(text)
	if !strings.HasSuffix(t, ":") || utf8.RuneCountInString(t) > 60 {
		return 0, false
	}
	t = strings.ToLower(t)
	t = strings.TrimSpace(strings.TrimSuffix(t, ":"))
	switch {
	case t == prioritiesMarker:
		return tokPriorities, true
	case strings.HasPrefix(t, commitmentsMarker) && utf8.RuneCountInString(t) <= 40,
		strings.Contains(t, " "+commitmentsMarker):
		return tokCommitments, true
	}
	return 0, false
}

// tokenize groups lines into paragraphs, bulleted items, headings and
// markers.
func tokenize(file string, lines []*line, errs *ErrorList) []*token {
	var toks []*token
	var cur *token
	begin := func(kind tokenKind, text string, ln *line) {
		cur = newToken(kind, text, ln)
		toks = append(toks, cur)
	}
	width := 0
	for _, ln := range lines {
		width = max(width, utf8.RuneCountInString(ln.text))
	}
	var prev *line
	for _, ln := range lines {
		s := ln.text
		gap := ln.afterGap || (ln.pageStart && prev != nil && endsParagraph(prev.text, width))
		prev = ln
		if g, rest, ok := bulletOf(s); ok {
			begin(tokBullet, rest, ln)
			cur.glyph = g
			continue
		}
		if cur != nil && cur.kind == tokHeading && !startsWithDigit(s) && (isLetterSpaced(s) || isSpacedCapitals(s)) {
			cur.add(ln)
			continue
		}
		if isLetterSpaced(s) {
			begin(tokHeading, s, ln)
			continue
		}
		if k, ok := markerKind(s); ok {
			begin(k, s, ln)
			continue
		}
		if cur != nil && (cur.kind == tokParagraph || cur.kind == tokBullet) && (!gap || continues(cur, s, len(toks) == 1)) {
			cur.add(ln)
			continue
		}
		if g, ok := unknownBullet(s); ok {
			errs.Add(file, ln.phys, "expected a bullet ➔ (priority), ➢ (commitment), o or • (sub-item), found unknown bullet %q", g)
		}
		begin(tokParagraph, s, ln)
	}
	for _, t := range toks {
		t.text = t.join()
	}
	return toks
}

// endsParagraph reports whether a line, followed by a page break without a
// blank line, most likely ended its paragraph: it ends a sentence well
// before the width of a full line.
func endsParagraph(s string, width int) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?:;»", r) && utf8.RuneCountInString(s)*4 < width*3
}

// continues reports whether a paragraph that follows a blank line carries
// on the previous token: the previous one is a bare bullet, or was cut
// after a comma, a hyphen, an apostrophe or a word that cannot end a
// sentence ("et", "de"...), or the paragraph starts with a lower-case
// letter. The chapter title (title) also carries on after a colon.
func continues(prev *token, s string, title bool) bool {
	last := prev.lastLine()
	if last == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) {
		return true
	}
	t := strings.TrimSpace(last)
	if strings.HasSuffix(t, ",") || gluesToNext(t) || (title && strings.HasSuffix(t, ":")) {
		return true
	}
	w := t
	if i := strings.LastIndexFunc(t, unicode.IsSpace); i >= 0 {
		_, size := utf8.DecodeRuneInString(t[i:])
		w = t[i+size:]
	}
	return linkWords[strings.ToLower(w)]
}

// linkWords are French words that cannot end a sentence: a paragraph that
// ends with one goes on after the blank line.
var linkWords = map[string]bool{
	"à": true, "au": true, "aux": true, "avec": true, "dans": true, "de": true,
	"des": true, "du": true, "en": true, "et": true, "la": true, "le": true,
	"les": true, "l’": true, "d’": true, "ou": true, "par": true, "pour": true,
	"sur": true, "un": true, "une": true, "vers": true, "entre": true, "sans": true,
	"sous": true, "contre": true, "chez": true, "ni": true, "mais": true, "que": true,
	"qui": true, "dont": true, "son": true, "sa": true, "ses": true, "leur": true,
	"leurs": true, "notre": true, "nos": true, "votre": true, "vos": true, "ce": true,
	"cette": true, "ces": true,
}

// isSpacedCapitals reports whether s is a short run of single capitals and
// signs ("U E", "M O N D E"): the end of a heading too short for
// isLetterSpaced.
func isSpacedCapitals(s string) bool {
	letters := 0
	for _, f := range strings.Fields(s) {
		if utf8.RuneCountInString(f) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(f)
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

func startsWithDigit(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}
