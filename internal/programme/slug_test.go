package programme

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// slugWordsNFD is the plain definition of SlugWords: the whole text in NFD,
// combining accents dropped. SlugWords must give the same words.
func slugWordsNFD(text string) []string {
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

// slugNFD is the plain definition of Slug, on slugWordsNFD.
func slugNFD(text string, max int) string {
	words := slugWordsNFD(text)
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

func checkSlug(t *testing.T, text string) {
	t.Helper()
	want := slugWordsNFD(text)
	got := SlugWords(text)
	if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
		t.Errorf("SlugWords(%q) = %q, want %q", text, got, want)
	}
	if got, want := Fold(text), strings.Join(want, ""); got != want {
		t.Errorf("Fold(%q) = %q, want %q", text, got, want)
	}
	for _, max := range []int{0, 1, 2, 5} {
		if got, want := Slug(text, max), slugNFD(text, max); got != want {
			t.Errorf("Slug(%q, %d) = %q, want %q", text, max, got, want)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Une diplomatie belge ambitieuse et cohérente", "diplomatie-belge-ambitieuse-coherente"},
		{"L’Union européenne, ses États-membres", "union-europeenne-etats-membres"},
		{"Œuvrer à la cœur ex æquo, straße", "oeuvrer-coeur-ex-aequo-strasse"},
		{"de la et", "de-la-et"},
		{"", ""},
		{"de la  et du a", "de-la-et-du-a"},
		{"à la une des mots de plus de cinq mots ici", "mots-plus-cinq-mots-ici"},
		{"ÉTATS-UNIS 2030 : ПРИВЕТ", "etats-unis-2030"},
	} {
		if got := Slug(tc.text, 5); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.text, got, tc.want)
		}
		checkSlug(t, tc.text)
	}
}

// TestSlugEveryRune checks every rune between letters, and the runes that
// decompose or combine also next to combining accents.
func TestSlugEveryRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		texts := []string{"a" + s + "b"}
		if norm.NFD.PropertiesString(s).Decomposition() != nil || !norm.NFD.PropertiesString(s).BoundaryBefore() {
			texts = append(texts, s, s+"\u0301x", "E\u0327"+s+"\u0301")
		}
		for _, text := range texts {
			want := slugWordsNFD(text)
			if strings.Join(SlugWords(text), "|") != strings.Join(want, "|") || Fold(text) != strings.Join(want, "") || Slug(text, 2) != slugNFD(text, 2) {
				t.Fatalf("rune %U: SlugWords(%q) = %q, want %q", r, text, SlugWords(text), want)
			}
		}
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Une diplomatie belge", "Œuvre ÉTATS-unis ß", "a\u0301\u0327b", "\xffé\xc3", "ǅ Ⅻ ﬁ K Å ŉ", "각 ḍ̇ q̣̇", "l’a de la et du ou un", " x  y\tz  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkSlug(t, s) })
}

func BenchmarkSlug(b *testing.B) {
	text := "Renforcer la coopération européenne en matière de défense et de sécurité, notamment avec nos partenaires de l’OTAN"
	b.ReportAllocs()
	for b.Loop() {
		Slug(text, 5)
	}
}

func TestAppendSlug(t *testing.T) {
	got := string(AppendSlug([]byte("34-sec-"), "Une diplomatie belge", 5))
	if want := "34-sec-diplomatie-belge"; got != want {
		t.Errorf("AppendSlug = %q, want %q", got, want)
	}
	if got := string(AppendSlug([]byte("34-"), "…", 5)); got != "34-" {
		t.Errorf("AppendSlug of no word = %q, want %q", got, "34-")
	}
}
