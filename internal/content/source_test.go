package content

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSetSource checks that the fingerprint is written in quotes, so that
// it reads back as the same string, on the line of "source" when there is
// one, and that nothing else in the file changes.
func TestSetSource(t *testing.T) {
	const fp = "2756749140e1"
	for _, tc := range []struct{ name, in, want string }{
		{"added", "---\ntitle: X\n---\nText\n", "---\ntitle: X\nsource: \"2756749140e1\"\n---\nText\n"},
		{"replaced", "---\nsource: 054831025448\ntitle: X\n---\nText\n", "---\nsource: \"2756749140e1\"\ntitle: X\n---\nText\n"},
		{"replaced, rest kept", "---\n# note\ntitle:   'X'   # kept\nsource: \"old\"\naliases: [a, b]\n---\nsource: in the body\n", "---\n# note\ntitle:   'X'   # kept\nsource: \"2756749140e1\"\naliases: [a, b]\n---\nsource: in the body\n"},
		{"CRLF", "---\r\nsource: old\r\ntitle: X\r\n---\r\nText\r\n", "---\r\nsource: \"2756749140e1\"\r\ntitle: X\r\n---\r\nText\r\n"},
		{"empty front matter", "---\n---\nText\n", "---\nsource: \"2756749140e1\"\n---\nText\n"},
		{"no front matter", "Text\n", "---\nsource: \"2756749140e1\"\n---\nText\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := setSource([]byte(tc.in), fp)
			if err != nil || string(got) != tc.want {
				t.Errorf("setSource(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{"---\ntitle: X\n", "---\ntitle: [X\n---\n", "---\n- a\n---\n", "---\nsource: |\n  x\n---\n", "---\nsource: abc\n  def\ntitle: X\n---\n"} {
		if got, err := setSource([]byte(in), fp); err == nil {
			t.Errorf("setSource(%q) = %q; want an error", in, got)
		}
	}
}

// TestSetSourceRefusesBrokenUnit checks that a unit file with a problem is
// not stamped, and that a good one is written.
func TestSetSourceRefusesBrokenUnit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nl", "units")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	broken, good := filepath.Join(dir, "34-a.md"), filepath.Join(dir, "34-b.md")
	os.WriteFile(broken, []byte("---\ntitle: T\n---\n# Kop\n"), 0o644)
	// An unquoted numeric source is a problem that stamping fixes.
	os.WriteFile(good, []byte("---\ntitle: T\nsource: 123\n---\nTekst.\n"), 0o644)
	if err := SetSource(broken, "abc"); err == nil {
		t.Error("a unit file with a heading was stamped")
	}
	if err := SetSource(good, "abc"); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(good); string(data) != "---\ntitle: T\nsource: \"abc\"\n---\nTekst.\n" {
		t.Errorf("written %q", data)
	}
}
