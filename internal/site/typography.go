package site

import (
	"strings"
	"unicode/utf8"
)

// frenchSpacing puts the no-break spaces French typography wants: a narrow
// one before ; ! ? and a normal one before : and inside « ». Spaces already
// there become no-break; none are added where the text has none.
var frenchSpacing = strings.NewReplacer(
	" :", "\u00a0:",
	" ;", "\u202f;",
	" !", "\u202f!",
	" ?", "\u202f?",
	"« ", "«\u00a0",
	" »", "\u00a0»",
)

// typeset applies the typographic conventions of a language to a text.
func typeset(lang, s string) string {
	if lang == "fr" {
		return frenchSpacing.Replace(s)
	}
	return s
}

// derivedTitle is the title of a unit without a short title: its text cut
// to a readable length at a word boundary, with an ellipsis, and without
// the colon that introduces its sub-items.
func derivedTitle(text string) string {
	return strings.TrimRight(cut(text, 80), " \u00a0\u202f:;,")
}

// cut shortens s to at most n characters at a word boundary, with "…".
func cut(s string, n int) string {
	// end is the byte offset after the first n characters.
	end, valid := 0, true
	for k := 0; k < n && end < len(s); k++ {
		if s[end] < utf8.RuneSelf {
			end++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[end:])
		valid = valid && (r != utf8.RuneError || size > 1)
		end += size
	}
	if end == len(s) {
		return s
	}
	head := s[:end]
	if !valid {
		// Each invalid byte counts as one character and becomes U+FFFD.
		head = string([]rune(s)[:n])
	}
	if i := strings.LastIndex(head, " "); i > 0 {
		return strings.TrimRight(head[:i], " ,;:") + "…"
	}
	return head + "…"
}
