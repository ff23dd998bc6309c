package programme

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// stopWords are French words too common to tell two texts apart; Slug skips
// them so that an ID reads as the gist of its text.
var stopWords = map[string]bool{
	"a": true, "au": true, "aux": true, "avec": true, "ce": true, "ces": true,
	"cet": true, "cette": true, "d": true, "dans": true, "de": true, "des": true,
	"du": true, "elle": true, "elles": true, "en": true, "est": true, "et": true,
	"il": true, "ils": true, "l": true, "la": true, "le": true, "les": true,
	"leur": true, "leurs": true, "n": true, "ne": true, "nos": true, "notre": true,
	"ou": true, "par": true, "pas": true, "pour": true, "qu": true, "que": true,
	"qui": true, "s": true, "sa": true, "se": true, "ses": true, "son": true,
	"sur": true, "un": true, "une": true, "y": true,
}

// Slug returns up to max words of text in lower-case ASCII joined by
// hyphens, skipping French stop words. Accents are removed and every other
// character separates words, so the result is safe in URLs and file names.
// If every word is a stop word, the stop words are kept.
func Slug(text string, max int) string {
	var buf [256]byte
	return string(AppendSlug(buf[:0], text, max))
}

// AppendSlug appends Slug(text, max) to dst and returns the extended
// slice.
func AppendSlug(dst []byte, text string, max int) []byte {
	// The text is read a piece at a time up to each ASCII space, which
	// always ends a word, until max words are kept.
	var buf, firstBuf [256]byte
	first := firstBuf[:0] // the first max words, in case all are stop words
	n := 0                // words in first
	start := len(dst)
	kept := 0
	for text != "" {
		var piece string
		piece, text, _ = strings.Cut(text, " ")
		for rest := appendWords(buf[:0], piece, ' '); len(rest) > 0; {
			var w []byte
			w, rest = nextWord(rest)
			if n < max {
				first = appendJoined(first, 0, w)
				n++
			}
			if !stopWords[string(w)] {
				dst = appendJoined(dst, start, w)
				kept++
			}
			if kept == max {
				return dst
			}
		}
	}
	if kept == 0 {
		dst = append(dst, first...)
	}
	return dst
}

// nextWord cuts the first word off a list in which each word ends with a
// space.
func nextWord(words []byte) (word, rest []byte) {
	i := bytes.IndexByte(words, ' ')
	return words[:i], words[i+1:]
}

// appendJoined appends w to a hyphen-joined list of words that starts at
// list[start].
func appendJoined(list []byte, start int, w []byte) []byte {
	if len(list) > start {
		list = append(list, '-')
	}
	return append(list, w...)
}

// SlugWords splits text into lower-case ASCII words, accents removed.
func SlugWords(text string) []string {
	var buf [256]byte
	words := string(appendWords(buf[:0], text, ' '))
	n := 0
	for i := range len(words) {
		if words[i] == ' ' {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	start := 0
	for i := range len(words) {
		if words[i] == ' ' {
			out = append(out, words[start:i])
			start = i + 1
		}
	}
	return out
}

// Fold returns the words of text as SlugWords splits them, joined without
// separator: text lower-cased, its accents, spaces and punctuation removed.
// Two texts that differ only in these fold to the same string.
func Fold(text string) string {
	plain := true
	for i := range len(text) {
		if c := text[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			plain = false
			break
		}
	}
	if plain {
		return text
	}
	var buf [256]byte
	return string(AppendFold(buf[:0], text))
}

// AppendFold appends Fold(text) to dst and returns the extended slice.
func AppendFold(dst []byte, text string) []byte {
	return appendWords(dst, text, 0)
}

// appendWords appends the words of text to dst in lower-case ASCII, each
// followed by sep (no separator when sep is 0). Every rune is taken in its
// canonical decomposition (NFD): combining accents are dropped, "œ", "æ"
// and "ß" are spelled out, ASCII letters and digits are kept, and anything
// else ends the current word.
func appendWords(dst []byte, text string, sep byte) []byte {
	open := false // a word has started and is not yet followed by sep
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			dst, open = appendASCII(dst, c, open, sep)
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		d := norm.NFD.PropertiesString(text[i : i+size]).Decomposition()
		i += size
		if d == nil {
			dst, open = appendRune(dst, r, open, sep)
			continue
		}
		for _, r := range string(d) {
			dst, open = appendRune(dst, r, open, sep)
		}
	}
	if open && sep != 0 {
		dst = append(dst, sep)
	}
	return dst
}

// appendASCII adds the ASCII byte c to a list of words (see appendWords).
func appendASCII(dst []byte, c byte, open bool, sep byte) ([]byte, bool) {
	switch {
	case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return append(dst, c), true
	case 'A' <= c && c <= 'Z':
		return append(dst, c+'a'-'A'), true
	}
	if open && sep != 0 {
		dst = append(dst, sep)
	}
	return dst, false
}

// appendRune adds a rune of a decomposed text to a list of words (see
// appendWords).
func appendRune(dst []byte, r rune, open bool, sep byte) ([]byte, bool) {
	switch {
	case r < utf8.RuneSelf:
		return appendASCII(dst, byte(r), open, sep)
	case unicode.Is(unicode.Mn, r):
		// combining accent: dropped
		return dst, open
	case r == 'œ' || r == 'Œ':
		return append(dst, "oe"...), true
	case r == 'æ' || r == 'Æ':
		return append(dst, "ae"...), true
	case r == 'ß':
		return append(dst, "ss"...), true
	}
	if open && sep != 0 {
		dst = append(dst, sep)
	}
	return dst, false
}
