package seed

import (
	"strings"
	"testing"
)

// TestNormalizeSpaces checks that the spaces a PDF extraction leaves become
// plain spaces and that zero-width characters go.
func TestNormalizeSpaces(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"déjà vu", "déjà vu"},
		{"a\tb\vc\fd", "a b c d"},
		{"a\u00a0:\u202f;\u3000b\u2009c\u0085d", "a : ; b c d"},
		{"a\u2028b\u2029c\u1680d", "a b c d"},
		{"ré\u00adgion\u200b \ufeffUE\u200d", "région UE"},
	} {
		if got := normalizeSpaces(tc.in); got != tc.want {
			t.Errorf("normalizeSpaces(%q) = %q, want %q", tc.in, got, tc.want)
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
