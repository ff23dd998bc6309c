package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestParseGlossary checks that the glossary file is read strictly, with
// the line of each problem, and that a missing or empty file is no error.
func TestParseGlossary(t *testing.T) {
	const entry = "- id: oif\n  fr: {term: OIF, forms: [OIF, l’OIF], definition: \"Une  organisation.\"}\n"
	langs := []string{"fr"}
	tests := []struct{ name, src, want string }{
		{"valid", entry, ""},
		{"unknown language", entry + "  de: {term: x}\n", `g.yaml:3: unknown key "de" in a glossary entry; expected id or a language code (fr)`},
		{"unknown label key", "- id: oif\n  fr: {term: OIF, forms: [OIF], defintion: x}\n", `g.yaml:2: unknown key "defintion" in the fr entry; expected term, forms or definition`},
		{"label not a mapping", "- id: oif\n  fr: OIF\n", `g.yaml:2: fr: expected term, forms and definition, found "OIF"`},
		{"forms not a list", "- id: oif\n  fr: {term: OIF, forms: OIF}\n", `g.yaml:2: fr forms: expected a list such as [Organisation internationale de la Francophonie, OIF], found "OIF"`},
		{"entry not a mapping", "- oif\n", `g.yaml:1: expected a glossary entry with id and one entry per language, found "oif"`},
		{"not a list", "oif: {}\n", `g.yaml:1: expected a list of glossary entries, each with id and one entry per language (fr)`},
		{"not YAML", "- id: oif\n  fr: {term: OIF\n", `g.yaml: not valid YAML: line 1: did not find expected ',' or '}'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ParseGlossary("g.yaml", []byte(tt.src), langs)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				e := g.Entries[0]
				if l := e.Labels["fr"]; e.ID != "oif" || e.Line != 1 || l.Line != 2 || l.Definition != "Une organisation." || strings.Join(l.Forms, "|") != "OIF|l’OIF" || l.FormLines[1] != 2 {
					t.Errorf("entry %+v, label %+v", e, e.Labels["fr"])
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || g != nil {
				t.Errorf("ParseGlossary: %v, %v; want an error starting with %q", g, err, tt.want)
			}
		})
	}
	if g, err := ParseGlossary("g.yaml", nil, langs); err != nil || g == nil || len(g.Entries) != 0 {
		t.Errorf("empty file: %v, %v; want an empty glossary", g, err)
	}
	if g, err := LoadGlossary(fstest.MapFS{}, "content", langs); err != nil || g != nil {
		t.Errorf("missing file: %v, %v; want no glossary and no error", g, err)
	}
}
