package programme

import (
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
	words := SlugWords(text)
	var kept []string
	for _, w := range words {
		if !stopWords[w] {
			kept = append(kept, w)
		}
		if len(kept) == max {
			break
		}
	}
	if len(kept) == 0 {
		kept = words
		if len(kept) > max {
			kept = kept[:max]
		}
	}
	return strings.Join(kept, "-")
}

// SlugWords splits text into lower-case ASCII words, accents removed.
func SlugWords(text string) []string {
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for _, r := range norm.NFD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining accent: dropped
		case r == 'œ' || r == 'Œ':
			cur.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			cur.WriteString("ae")
		case r == 'ß':
			cur.WriteString("ss")
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			cur.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}
