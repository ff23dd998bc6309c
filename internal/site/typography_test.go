package site

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTypeset(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"fr", "Nos priorités :", "Nos priorités\u00a0:"},
		{"fr", "la paix ; la liberté", "la paix\u202f; la liberté"},
		{"fr", "Vraiment ? Oui !", "Vraiment\u202f? Oui\u202f!"},
		{"fr", "le chapitre « Relations internationales »", "le chapitre «\u00a0Relations internationales\u00a0»"},
		{"fr", "https://example.org", "https://example.org"},
		{"fr", "déjà\u00a0:", "déjà\u00a0:"},
		{"fr", "a  : b", "a \u00a0: b"},           // only the space next to the sign
		{"fr", "«  »", "«\u00a0\u00a0»"},          // both quotes of an empty quotation
		{"fr", "« :", "«\u00a0:"},                 // the space goes to the first pair
		{"fr", "x\xff y : z", "x\xff y\u00a0: z"}, // invalid bytes stay
		{"fr", "a\u202f; b", "a\u202f; b"},
		{"fr", "", ""},
		{"en", "Our priorities :", "Our priorities :"},
		{"nl", "« citaat »", "« citaat »"},
	}
	for _, tt := range tests {
		if got := typeset(tt.lang, tt.in); got != tt.want {
			t.Errorf("typeset(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"court", 10, "court"},
		{"Établir un siège commun de l’Union européenne", 20, "Établir un siège…"},
		{"Établir, un siège", 9, "Établir…"},
		{"abcdefghij", 5, "abcde…"},
	}
	for _, tt := range tests {
		if got := cut(tt.in, tt.n); got != tt.want {
			t.Errorf("cut(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// runeCut is cut as it was first written: the reference.
func runeCut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndex(string(r), " "); i > 0 {
		return strings.TrimRight(string(r)[:i], " ,;:") + "…"
	}
	return string(r) + "…"
}

var typographySamples = []string{
	"", " ", ":", " :", "  :", "a :b", "« »", "«  »", "« :", " « ", "«", "»", " »", "« a ; b ! c ? d : e »",
	"\xc2", " \xc2", "\xc2\xab", "\xc2\xab ", " \xc2\xbb", "x\xff y : z", "\xff\xfe \xbb", "Établir, un siège",
	"Nos priorités : « la paix » ; et ? ! fin :", "déjà\u00a0:", "a\u202f; b",
}

func TestCutMatchesReference(t *testing.T) {
	for _, s := range typographySamples {
		for n := 0; n <= len(s)+1; n++ {
			if got, want := cut(s, n), runeCut(s, n); got != want {
				t.Errorf("cut(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

func FuzzTypography(f *testing.F) {
	for _, s := range typographySamples {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = max(n, -n, 0) % (len(s) + 2)
		if got, want := cut(s, n), runeCut(s, n); got != want {
			t.Errorf("cut(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

func TestDerivedTitle(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Publier chaque année la consommation d’énergie des bâtiments publics.", "Publier chaque année la consommation d’énergie des bâtiments publics."},
		{"Aider les ménages modestes à remplacer leur chaudière :", "Aider les ménages modestes à remplacer leur chaudière"},
		{"Aider les ménages modestes à remplacer leur chaudière\u00a0:", "Aider les ménages modestes à remplacer leur chaudière"},
		{"Isoler en dix ans toutes les habitations mises en location par les sociétés de logement social, en commençant par les plus anciennes.",
			"Isoler en dix ans toutes les habitations mises en location par les sociétés de…"},
	}
	for _, tt := range tests {
		if got := derivedTitle(tt.text); got != tt.want {
			t.Errorf("derivedTitle(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}
