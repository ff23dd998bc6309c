package programme

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Une diplomatie belge ambitieuse et cohérente", "diplomatie-belge-ambitieuse-coherente"},
		{"L’Union européenne, ses États-membres", "union-europeenne-etats-membres"},
		{"Œuvrer à la cœur ex æquo, straße", "oeuvrer-coeur-ex-aequo-strasse"},
		{"de la et", "de-la-et"},                  // only stop words: kept
		{"de la  et du a le la", "de-la-et-du-a"}, // ... up to max
		{"", ""},
		{"à la une des mots de plus de cinq mots ici", "mots-plus-cinq-mots-ici"},
		{"ÉTATS-UNIS 2030 : ПРИВЕТ", "etats-unis-2030"},
	} {
		if got := Slug(tc.text, 5); got != tc.want {
			t.Errorf("Slug(%q, 5) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestSlugWords covers the runes that are easy to get wrong: accents
// precomposed or combining, letters that decompose to ASCII, letters that
// only decompose by compatibility (they separate words), and invalid bytes.
func TestSlugWords(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", ""},
		{" \t-–’ ", ""},
		{"Été", "ete"},                                   // precomposed accents
		{"E\u0301te\u0301", "ete"},                       // combining accents
		{"\u0301a\u0327\u0301b", "ab"},                   // accents without a base, stacked accents
		{"Œuf æ Æ ß", "oeuf|ae|ae|ss"},                   // spelled out
		{"l’État d'un", "l|etat|d|un"},                   // apostrophes separate
		{"ABC xyz 09", "abc|xyz|09"},                     // ASCII letters and digits
		{"\u212Aelvin \u212Bngström", "kelvin|angstrom"}, // Kelvin and Ångström signs decompose canonically
		{"a\uFB01b", "a|b"},                              // ligature ﬁ: compatibility only
		{"ǅa ŉb Ⅻc", "a|b|c"},                            // other compatibility letters
		{"a１b", "a|b"},                                   // full-width digit
		{"a각b", "a|b"},                                   // Hangul decomposes to jamo, not ASCII
		{"ПРИВЕТ мир x", "x"},                            // other scripts
		{"ḍ̇q̣̇", "dq"},                                  // several combining marks
		{"a\xffb\xc3", "a|b"},                            // invalid bytes separate
		{"a\u00a0b\u200bc", "a|b|c"},                     // no-break and zero-width spaces
	} {
		got := SlugWords(tc.text)
		if strings.Join(got, "|") != tc.want {
			t.Errorf("SlugWords(%q) = %q, want %q", tc.text, got, strings.Split(tc.want, "|"))
		}
		if got, want := Fold(tc.text), strings.ReplaceAll(tc.want, "|", ""); got != want {
			t.Errorf("Fold(%q) = %q, want %q", tc.text, got, want)
		}
	}
}

// TestSlugMax checks how max bounds the words kept.
func TestSlugMax(t *testing.T) {
	for _, tc := range []struct {
		text string
		max  int
		want string
	}{
		{"un deux trois quatre", 1, "deux"},
		{"un deux trois quatre", 2, "deux-trois"},
		{"un deux trois quatre", 9, "deux-trois-quatre"},
		{"de la et", 2, "de-la"},
		{"de la et", 1, "de"},
	} {
		if got := Slug(tc.text, tc.max); got != tc.want {
			t.Errorf("Slug(%q, %d) = %q, want %q", tc.text, tc.max, got, tc.want)
		}
	}
}

var slugRE = regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*)?$`)

// FuzzSlug checks the properties every slug has: lower-case ASCII words
// joined by single hyphens, at most max of them, unchanged when slugged
// again, and the same for canonically equivalent texts. SlugWords and Fold
// are unchanged when applied to their own result.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Une diplomatie belge", "Œuvre ÉTATS-unis ß", "a\u0301\u0327b", "\xffé\xc3", "ǅ Ⅻ ﬁ K Å ŉ", "각 ḍ̇ q̣̇", "l’a de la et du ou un", " x  y\tz  "} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = 1 + (max&0xff)%8
		slug := Slug(s, max)
		if !slugRE.MatchString(slug) {
			t.Fatalf("Slug(%q, %d) = %q, not lower-case ASCII words joined by hyphens", s, max, slug)
		}
		if n := len(strings.Split(slug, "-")); slug != "" && n > max {
			t.Errorf("Slug(%q, %d) = %q has %d words", s, max, slug, n)
		}
		if again := Slug(slug, max); again != slug {
			t.Errorf("Slug(Slug(%q, %d)) = %q, want %q", s, max, again, slug)
		}
		words := SlugWords(s)
		if again := SlugWords(strings.Join(words, " ")); strings.Join(again, "|") != strings.Join(words, "|") {
			t.Errorf("SlugWords(%q) = %q, but %q when joined again", s, words, again)
		}
		if got, want := Fold(s), strings.Join(words, ""); got != want || Fold(got) != got {
			t.Errorf("Fold(%q) = %q, want %q, unchanged when folded again", s, got, want)
		}
		if utf8.ValidString(s) {
			for _, form := range []norm.Form{norm.NFC, norm.NFD} {
				if got := Slug(form.String(s), max); got != slug {
					t.Errorf("Slug(%q, %d) = %q, but %q for the same text in another normal form", s, max, slug, got)
				}
			}
		}
	})
}

func BenchmarkSlug(b *testing.B) {
	text := "Renforcer la coopération européenne en matière de défense et de sécurité, notamment avec nos partenaires de l’OTAN"
	b.ReportAllocs()
	for b.Loop() {
		Slug(text, 5)
	}
}
