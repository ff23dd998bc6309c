package site

import (
	"strings"
	"unicode/utf8"
)

// frenchSpacing puts the no-break spaces French typography wants: a narrow
// one before ; ! ? and a normal one before : and inside « ». Spaces already
// there become no-break; none are added where the text has none. It does
// what a strings.Replacer of the six pairs " :", " ;", " !", " ?", "« " and
// " »" does, and returns s itself when nothing changes.
func frenchSpacing(s string) string {
	var b []byte // nil until the first replacement
	last := 0    // s[last:] is not copied yet
	for i := 0; i+1 < len(s); i++ {
		var rep string
		n := 2 // bytes replaced
		switch {
		case s[i] == ' ':
			switch s[i+1] {
			case ':':
				rep = "\u00a0:"
			case ';':
				rep = "\u202f;"
			case '!':
				rep = "\u202f!"
			case '?':
				rep = "\u202f?"
			case "»"[0]:
				if strings.HasPrefix(s[i+1:], "»") {
					rep, n = "\u00a0»", 1+len("»")
				}
			}
		case s[i] == "«"[0] && strings.HasPrefix(s[i:], "« "):
			rep, n = "«\u00a0", len("« ")
		}
		if rep == "" {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[last:i]...)
		b = append(b, rep...)
		i += n - 1
		last = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// typeset applies the typographic conventions of a language to a text.
func typeset(lang, s string) string {
	if lang == "fr" {
		return frenchSpacing(s)
	}
	return s
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
