package site

import "testing"

func TestTypeset(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"fr", "Nos priorités :", "Nos priorités\u00a0:"},
		{"fr", "la paix ; la liberté", "la paix\u202f; la liberté"},
		{"fr", "Vraiment ? Oui !", "Vraiment\u202f? Oui\u202f!"},
		{"fr", "le chapitre « Relations internationales »", "le chapitre «\u00a0Relations internationales\u00a0»"},
		{"fr", "https://example.org", "https://example.org"},
		{"fr", "déjà\u00a0:", "déjà\u00a0:"},
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
