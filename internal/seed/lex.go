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

// token is a paragraph, a bulleted item or a heading, joined from its lines.
type token struct {
	kind      tokenKind
	glyph     rune // for tokBullet
	text      string
	first     *line
	last      *line
	afterGap  bool
	lowerHead bool // starts with a lower-case letter
}

// Glyphs of the bullets the seed uses.
const (
	glyphPriority   = '➔'
	glyphCommitment = '➢'
	glyphSub        = 'o'
	glyphSubSub     = '•'
)

// readLines splits the seed into lines, checks the encoding and the line
// numbers and removes them. Problems go to errs; no text is dropped.
func readLines(file string, data []byte, errs *ErrorList) []*line {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // byte-order mark
	var lines []*line
	expected := 1
	page := 0
	gap := true
	for i, raw := range bytes.Split(data, []byte("\n")) {
		phys := i + 1
		raw = bytes.TrimSuffix(raw, []byte("\r"))
		if !utf8.Valid(raw) {
			errs.Add(file, phys, "invalid UTF-8; expected text encoded in UTF-8")
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
		}
		s := normalizeSpaces(string(raw))
		if strings.TrimSpace(s) == "" {
			gap = true
			continue
		}
		startsWithSpace := s[0] == ' '
		if startsWithSpace || page == 0 {
			page++
		}
		s = strings.TrimSpace(s)
		text, num, ok := splitNumber(s, expected)
		switch {
		case !ok:
			errs.Add(file, phys, "expected source line number %d at the end of the line, found %q", expected, tail(s))
			num = expected
		case num == expected-1 && num > 0:
			errs.Add(file, phys, "source line number %d is repeated; expected %d", num, expected)
		case num != expected:
			errs.Add(file, phys, "source line number out of sequence: expected %d, found %d", expected, num)
		}
		expected = num + 1
		if text == "" {
			// A line holding only its number is blank.
			gap = true
			continue
		}
		lines = append(lines, &line{phys: phys, num: num, text: text, page: page, afterGap: gap, pageStart: startsWithSpace})
		gap = false
	}
	return lines
}

// normalizeSpaces turns tabs and no-break spaces into plain spaces.
func normalizeSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\u00a0', '\u202f', '\u2007', '\u2009':
			return ' '
		}
		return r
	}, s)
}

// splitNumber removes the source line number from the end of s. It prefers
// the expected number, which may be glued to the text ("UE-81"); otherwise it
// takes the trailing run of digits after a space. ok is false when the line
// has no number at all.
func splitNumber(s string, expected int) (text string, num int, ok bool) {
	want := strconv.Itoa(expected)
	if strings.HasSuffix(s, want) {
		rest := s[:len(s)-len(want)]
		if rest == "" || !endsWithDigit(rest) || strings.HasSuffix(rest, " ") {
			return strings.TrimSpace(rest), expected, true
		}
	}
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	if i == len(s) || len(s)-i > 6 {
		return s, 0, false
	}
	n, _ := strconv.Atoi(s[i:])
	if i > 0 && s[i-1] != ' ' && (n < expected || n > expected+20) {
		// Digits glued to text and far from the expected number are text.
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
	singles, others, letters, upper := 0, 0, 0, 0
	for _, f := range strings.Split(s, " ") {
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

// join appends a wrapped line to text: with no space after a hyphen that
// ends the line ("UE-" + "États-Unis"), with one space otherwise.
func join(text, next string) string {
	if text == "" {
		return next
	}
	if next == "" {
		return text
	}
	if strings.HasSuffix(text, "-") && !strings.HasSuffix(text, " -") {
		return text + next
	}
	return text + " " + next
}

// collapse folds runs of spaces into one.
func collapse(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

var (
	prioritiesMarker  = "nos priorités"
	commitmentsMarker = "nous voulons"
)

// markerKind reports whether a paragraph is one of the markers that open the
// priorities or the commitments.
func markerKind(text string) (tokenKind, bool) {
	t := strings.ToLower(strings.TrimSpace(text))
	if !strings.HasSuffix(t, ":") || utf8.RuneCountInString(t) > 40 {
		return 0, false
	}
	t = strings.TrimSpace(strings.TrimSuffix(t, ":"))
	switch {
	case t == prioritiesMarker:
		return tokPriorities, true
	case strings.HasPrefix(t, commitmentsMarker):
		return tokCommitments, true
	}
	return 0, false
}

// tokenize groups lines into paragraphs, bulleted items and headings.
func tokenize(file string, lines []*line, errs *ErrorList) []*token {
	var toks []*token
	var cur *token
	for _, ln := range lines {
		s := ln.text
		if g, rest, ok := bulletOf(s); ok {
			cur = &token{kind: tokBullet, glyph: g, text: rest, first: ln, last: ln, afterGap: ln.afterGap}
			toks = append(toks, cur)
			continue
		}
		spaced := isLetterSpaced(s)
		if spaced {
			if cur != nil && cur.kind == tokHeading && !startsWithDigit(s) {
				cur.text += "  " + s
				cur.last = ln
				continue
			}
			cur = &token{kind: tokHeading, text: s, first: ln, last: ln, afterGap: ln.afterGap}
			toks = append(toks, cur)
			continue
		}
		if cur != nil && cur.kind != tokHeading && (!ln.afterGap || continues(cur, s)) {
			cur.text = join(cur.text, s)
			cur.last = ln
			continue
		}
		if g, ok := unknownBullet(s); ok {
			errs.Add(file, ln.phys, "unknown bullet %q; expected ➔ (priority), ➢ (commitment), o or • (sub-item)", g)
		}
		cur = &token{kind: tokParagraph, text: s, first: ln, last: ln, afterGap: ln.afterGap}
		toks = append(toks, cur)
	}
	for _, t := range toks {
		if t.kind == tokHeading {
			continue
		}
		t.text = collapse(t.text)
		if t.kind == tokParagraph {
			if k, ok := markerKind(t.text); ok {
				t.kind = k
			}
		}
	}
	return toks
}

// continues reports whether a paragraph that follows a blank line carries
// on the previous one: it starts with a lower-case letter, or the previous
// one was cut after a hyphen or a comma.
func continues(prev *token, s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) {
		return true
	}
	t := strings.TrimSpace(prev.text)
	return strings.HasSuffix(t, ",") || (strings.HasSuffix(t, "-") && !strings.HasSuffix(t, " -"))
}

func startsWithDigit(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}
