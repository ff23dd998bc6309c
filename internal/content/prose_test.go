package content

import (
	"strings"
	"testing"
)

var collapseCases = []string{
	"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "a\u202fb", "a\u2028b", "a\u0085b",
	"Één, twee.", "l’été « ici »", "\xff \xfe", "a \xff", "a\u3000b", "\u00a0", "a\u1680",
	"a\u2000b", "a\u200ab", "a\u200bb", "a\u2029b", "a\u202fb", "a\u205fb", "a\u2060b", "\u3000", "a\u3001b", "a\u1681b", "a\u00a1b",
	"\x00a", "a\x1fb", "a\x7f", "a\x0e", "a\x08b", "\xc2", "a \xe2\x80",
}

// TestCollapseSpace checks collapseSpace against the definition it
// shortens.
func TestCollapseSpace(t *testing.T) {
	for _, s := range collapseCases {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	for _, s := range collapseCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
