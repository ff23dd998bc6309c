package seed

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestSpaceLead checks that spaceLead marks the first byte of every
// character that normalizeSpaces changes, so that its quick scan finds them.
func TestSpaceLead(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) || spaceMap(r) == r {
			continue
		}
		s := string(r)
		if !spaceLead[s[0]] {
			t.Errorf("spaceLead[%#x] is false, but normalizeSpaces changes %U", s[0], r)
		}
		if got, want := normalizeSpaces("a"+s+"b"), strings.Map(spaceMap, "a"+s+"b"); got != want {
			t.Errorf("normalizeSpaces(%q) = %q, want %q", "a"+s+"b", got, want)
		}
	}
}

// TestSplitLines checks the three line ends, alone and mixed.
func TestSplitLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a"}},
		{"a\n\nb", []string{"a", "", "b"}},
		{"a\r\nb\r\n", []string{"a", "b"}},
		{"a\rb\r\rc", []string{"a", "b", "", "c"}},
		{"a\r\n\rb\n", []string{"a", "", "b"}},
	} {
		got := splitLines(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
