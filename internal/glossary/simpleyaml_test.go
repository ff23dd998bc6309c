package glossary

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameTree returns where two YAML trees differ in what Parse reads of them
// (kind, value, line and content of each node), or "".
func sameTree(got, want *yaml.Node, at string) string {
	if got.Kind != want.Kind || got.Value != want.Value || got.Line != want.Line && got.Kind != yaml.DocumentNode {
		return fmt.Sprintf("%s: kind %v value %q line %d, yaml.v3: kind %v value %q line %d", at, got.Kind, got.Value, got.Line, want.Kind, want.Value, want.Line)
	}
	if len(got.Content) != len(want.Content) {
		return fmt.Sprintf("%s: %d nodes, yaml.v3: %d", at, len(got.Content), len(want.Content))
	}
	for i := range got.Content {
		if d := sameTree(got.Content[i], want.Content[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkSimpleYAML checks that readSimpleYAML, when it reads data, gives
// yaml.v3's tree; it reports whether it read it.
func checkSimpleYAML(t *testing.T, data []byte) bool {
	t.Helper()
	got, ok := readSimpleYAML(data)
	if !ok {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(data, &want); err != nil {
		t.Fatalf("readSimpleYAML read %q, which yaml.v3 refuses: %v", data, err)
	}
	if d := sameTree(got, &want, ""); d != "" {
		t.Errorf("%q:\n%s", data, d)
	}
	return true
}

// TestSimpleYAML checks that the real glossary is read without yaml.v3, as
// yaml.v3 reads it, and that what it does not read is left to yaml.v3.
func TestSimpleYAML(t *testing.T) {
	data, err := os.ReadFile("../../content/" + File)
	if err != nil {
		t.Fatal(err)
	}
	if !checkSimpleYAML(t, data) {
		t.Error("the real glossary is not read by readSimpleYAML")
	}
	tests := []struct {
		data   string
		simple bool
	}{
		{"- id: a\n  fr:\n    term: T\n    forms: [x y, \"z\"]\n    definition: \"D.\"\n", true},
		{"# c\n\n-   id: a\n    fr:\n       term: T  \n       forms: []\n", true},
		{"- id: a\n  fr: {term: T}\n", false},
		{"- id: a\n  fr:\n    term: 'T'\n", false},
		{"- id: a\n  fr:\n    term: T # c\n", false},
		{"- id: a\n  fr:\n    term: T\n      more\n", false},
		{"- id: a\n  id: b\n", false},
		{"- id: a\n  fr:\n", false},
		{"- id: a\n  " + strings.Repeat("k", 2000) + ": x\n", false},
		{"- id: a\n  fr:\n    - x\n", false},
		{"- id: a\n  fr:\n    forms: [a, ]\n", false},
		{"- id: a\n  fr:\n    definition: \"a \\\" b\"\n", false},
		{"- id: a\n\tfr: x\n", false},
		{"---\n- id: a\n", false},
		{"id: a\n", false},
		{"", false},
		{"- id: a\n - id: b\n", false},
		{"- id: a:b\n", false},
		{"- id: [a, b] x\n", false},
	}
	for _, tt := range tests {
		if got := checkSimpleYAML(t, []byte(tt.data)); got != tt.simple {
			t.Errorf("%q: read %v, want %v", tt.data, got, tt.simple)
		}
	}
}

func FuzzSimpleYAML(f *testing.F) {
	data, err := os.ReadFile("../../content/" + File)
	if err != nil {
		f.Fatal(err)
	}
	entries := strings.Split(string(data), "\n\n")
	for _, e := range entries[:min(4, len(entries))] {
		f.Add(e)
	}
	f.Add("- id: a\n  fr:\n    term: T\n    forms: [x y, \"z\"]\n    definition: \"D.\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		checkSimpleYAML(t, []byte(s))
	})
}

// TestSimpleYAMLMutations spoils the real glossary at random places with
// the characters YAML gives a meaning to: whenever readSimpleYAML reads
// the result, yaml.v3 must read the same.
func TestSimpleYAMLMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("parses the glossary hundreds of times")
	}
	data, err := os.ReadFile("../../content/" + File)
	if err != nil {
		t.Fatal(err)
	}
	marks := []string{":", "#", " ", "\"", "[", "]", ",", "-", "\n", "a", "- ", ": ", "{", "}", "'", "\\", "\u00a0", "~", "&", "*", "!",
		"|", ">", "?", "%", "@", "`", "\n  ", "\n    ", "\n- ", "<<", "\u0085", "\u2028", "null", "---", " #"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		d := []byte(string(data))
		for range 1 + rng.IntN(3) {
			p := rng.IntN(len(d))
			switch rng.IntN(3) {
			case 0:
				d = append(d[:p:p], append([]byte(marks[rng.IntN(len(marks))]), d[p:]...)...)
			case 1:
				d = append(d[:p:p], d[p+1:]...)
			default:
				d[p] = marks[rng.IntN(len(marks))][0]
			}
		}
		checkSimpleYAML(t, d)
		if t.Failed() {
			return
		}
	}
}

// BenchmarkParse parses the real glossary.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("../../content/" + File)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(File, data, []string{"fr", "nl", "en"}); err != nil {
			b.Fatal(err)
		}
	}
}
