package content

import (
	"strings"
	"testing"
)

var collapseCases = []string{
	"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "a\u202fb", "a\u2028b", "a\u0085b",
	"Één, twee.", "l’été « ici »", "\xff \xfe", "a \xff", "a\u3000b", "\u00a0", "a\u1680",
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
