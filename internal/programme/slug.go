package programme

import (
	"iter"
	"slices"
	"strings"
	"unicode"

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
	var kept []string
	for w := range slugWords(text) {
		if !stopWords[w] {
			kept = append(kept, w)
		}
		if len(kept) == max {
			break
		}
	}
	if len(kept) == 0 {
		words := SlugWords(text)
		kept = words[:min(len(words), max)]
	}
	return strings.Join(kept, "-")
}

// SlugWords splits text into lower-case ASCII words, accents removed: the
// text is taken in its canonical decomposition (NFD), combining accents are
// dropped, "œ", "æ" and "ß" are spelled out, ASCII letters and digits are
// kept, and anything else ends the current word.
func SlugWords(text string) []string {
	return slices.Collect(slugWords(text))
}

// slugWords yields the words of SlugWords one at a time, so that Slug
// reads only the words it keeps.
func slugWords(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		var word []byte
		for _, r := range norm.NFD.String(text) {
			switch {
			case unicode.Is(unicode.Mn, r):
				// combining accent: dropped
			case r == 'œ' || r == 'Œ':
				word = append(word, "oe"...)
			case r == 'æ' || r == 'Æ':
				word = append(word, "ae"...)
			case r == 'ß':
				word = append(word, "ss"...)
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				word = append(word, byte(r))
			case 'A' <= r && r <= 'Z':
				word = append(word, byte(unicode.ToLower(r)))
			default: // any other rune ends the word
				if len(word) > 0 {
					if !yield(string(word)) {
						return
					}
					word = word[:0]
				}
			}
		}
		if len(word) > 0 {
			yield(string(word))
		}
	}
}

// Fold returns the words of text as SlugWords splits them, joined without
// separator: text lower-cased, its accents, spaces and punctuation removed.
// Two texts that differ only in these fold to the same string.
func Fold(text string) string {
	return strings.Join(SlugWords(text), "")
}
