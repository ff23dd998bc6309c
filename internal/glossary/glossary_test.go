package glossary

import (
	"reflect"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
)

var langs = []string{"fr", "nl", "en"}

const okEntry = `- id: oif
  fr: {term: OIF, forms: [Organisation internationale de la Francophonie, OIF], definition: "Organisation."}
  nl: {term: OIF, forms: [OIF], definition: "Organisatie."}
  en: {term: OIF, forms: [OIF], definition: "Organisation."}
`

// parse reads a glossary file as the build does: package content reads
// it, New checks it.
func parse(file string, data []byte, langs []string) (*Glossary, error) {
	c, err := content.ParseGlossary(file, data, langs)
	if err != nil {
		return nil, err
	}
	return New(c, langs)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"missing definition", `- id: oif
  fr: {term: OIF, forms: [OIF], definition: "Organisation."}
  nl: {term: OIF, forms: [OIF]}
  en: {term: OIF, forms: [OIF], definition: "Organisation."}
`, `g.yaml:3: glossary entry "oif" has no nl definition`},
		{"blank definition", `- id: oif
  fr: {term: OIF, forms: [OIF], definition: "Organisation."}
  nl: {term: OIF, forms: [OIF], definition: "  "}
  en: {term: OIF, forms: [OIF], definition: "Organisation."}
`, `g.yaml:3: glossary entry "oif" has no nl definition`},
		{"missing source language", `- id: oif
  nl: {term: OIF, forms: [OIF], definition: "Organisatie."}
  en: {term: OIF, forms: [OIF], definition: "Organisation."}
`, `g.yaml:1: glossary entry "oif" has no fr entry`},
		{"no forms", `- id: oif
  fr: {term: OIF, forms: [], definition: "Organisation."}
  nl: {term: OIF, forms: [OIF], definition: "Organisatie."}
  en: {term: OIF, forms: [OIF], definition: "Organisation."}
`, `g.yaml:2: glossary entry "oif" has no fr forms`},
		{"no term", `- id: oif
  fr: {forms: [OIF], definition: "Organisation."}
  nl: {term: OIF, forms: [OIF], definition: "Organisatie."}
  en: {term: OIF, forms: [OIF], definition: "Organisation."}
`, `g.yaml:2: glossary entry "oif" has no fr term`},
		{"duplicate id", okEntry + okEntry, `g.yaml:5: glossary entry "oif" is already defined at line 1`},
		{"bad id", strings.Replace(okEntry, "id: oif", "id: O IF", 1), `g.yaml:1: glossary id "O IF" is not valid`},
		{"unknown key", okEntry + "  de: {term: x}\n", `g.yaml:5: unknown key "de" in a glossary entry`},
		{"unknown label key", strings.Replace(okEntry, `definition: "Organisatie."`, `definitoin: "Organisatie."`, 1), `g.yaml:3: unknown key "definitoin" in the nl entry`},
		{"forms not a list", strings.Replace(okEntry, "forms: [OIF], definition: \"Organisatie.\"", "forms: OIF, definition: \"Organisatie.\"", 1), `g.yaml:3: nl forms: expected a list`},
		{"form of two entries", okEntry + strings.Replace(strings.Replace(okEntry, "id: oif", "id: other", 1), "[Organisation internationale de la Francophonie, OIF]", "[ORGANISATION]", 1),
			`g.yaml:7: the nl form "OIF" of "other" is already a form of "oif" (line 3)`},
		{"same form, other spacing", okEntry + strings.Replace(strings.Replace(okEntry, "id: oif", "id: other", 1), "[Organisation internationale de la Francophonie, OIF]", "[organisation  internationale de la francophonie]", 1),
			`g.yaml:6: the fr form "organisation  internationale de la francophonie" of "other" is already a form of "oif" (line 2)`},
		{"not a list", "oif: {}\n", `g.yaml:1: expected a list of glossary entries`},
		{"not YAML", "- id: [\n", `g.yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := parse("g.yaml", []byte(tt.data), langs)
			if err == nil {
				t.Fatalf("no error; want %q", tt.want)
			}
			if g != nil {
				t.Errorf("a glossary with an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	g, err := parse("g.yaml", []byte(okEntry), langs)
	if err != nil {
		t.Fatal(err)
	}
	e := g.Entry("oif")
	if e == nil || e.Line != 1 || e.Langs["fr"].Line != 2 || !reflect.DeepEqual(e.Langs["fr"].Forms, []string{"Organisation internationale de la Francophonie", "OIF"}) {
		t.Errorf("entry: %+v", e)
	}
	if g, err := parse("g.yaml", nil, langs); err != nil || len(g.Entries) != 0 {
		t.Errorf("empty file: %v, %v", g, err)
	}
}

func testGlossary(t testing.TB, forms map[string][]string) *Glossary {
	t.Helper()
	g := &Glossary{File: "g.yaml", langs: []string{"fr"}, byID: map[string]*Entry{}}
	ids := make([]string, 0, len(forms))
	for id := range forms {
		ids = append(ids, id)
	}
	for _, id := range ids {
		lines := make([]int, len(forms[id]))
		e := &Entry{ID: id, Langs: map[string]*Label{"fr": {Term: id, Forms: forms[id], Definition: "d", FormLines: lines}}}
		g.Entries = append(g.Entries, e)
		g.byID[id] = e
	}
	g.matchers = map[string]*Matcher{"fr": g.newMatcher("fr")}
	return g
}

func TestFindAll(t *testing.T) {
	g := testGlossary(t, map[string][]string{
		"oif":     {"Organisation internationale de la Francophonie", "OIF"},
		"ue":      {"Union européenne", "UE"},
		"ttc":     {"Conseil du commerce et des technologies UE-États-Unis"},
		"cedh":    {"Convention européenne des droits de l'homme"},
		"un":      {"Nations Unies"},
		"charter": {"Charte des Nations Unies"},
		"3d":      {"Approche 3D"},
		"sec":     {"secrétaire d’État"},
	})
	m := g.Matcher("fr")
	type hit struct{ Text, Entry string }
	tests := []struct {
		name, text string
		want       []hit
	}{
		{"acronym", "les actions de l’OIF.", []hit{{"OIF", "oif"}}},
		{"acronym only in capitals", "une oif, des Oif", nil},
		{"whole words only", "OIFS, UEFA, l’UE.", []hit{{"UE", "ue"}}},
		{"case of a long form", "l’union Européenne et l’UNION EUROPÉENNE", []hit{{"union Européenne", "ue"}, {"UNION EUROPÉENNE", "ue"}}},
		{"typographic apostrophe matches '", "la Convention européenne des droits de l’homme", []hit{{"Convention européenne des droits de l’homme", "cedh"}}},
		{"straight apostrophe matches ’", "un secrétaire d'État", []hit{{"secrétaire d'État", "sec"}}},
		{"no-break and doubled spaces", "Organisation\u00a0internationale  de la\u202fFrancophonie", []hit{{"Organisation\u00a0internationale  de la\u202fFrancophonie", "oif"}}},
		{"hyphen or space", "les Nations-Unies", []hit{{"Nations-Unies", "un"}}},
		{"longest form wins", "la Charte des Nations Unies et les Nations Unies", []hit{{"Charte des Nations Unies", "charter"}, {"Nations Unies", "un"}}},
		{"longer form hides an acronym inside", "le Conseil du commerce et des technologies UE-États-Unis et l’UE", []hit{{"Conseil du commerce et des technologies UE-États-Unis", "ttc"}, {"UE", "ue"}}},
		{"digits", "(Approche 3D : Développement)", []hit{{"Approche 3D", "3d"}}},
		{"not before a digit", "Approche 3DX", nil},
		{"invalid UTF-8 is not a letter", "\xffOIF \xff", []hit{{"OIF", "oif"}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []hit
			for _, mt := range m.FindAll(tt.text) {
				got = append(got, hit{tt.text[mt.Start:mt.End], mt.Entry})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FindAll(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestMissingLanguage: an entry without a label in a language other than
// the source language shows the source language's term and definition,
// finds nothing in that language's texts (so no form is unused there) and
// is a MISSING_GLOSSARY_TRANSLATION warning.
func TestMissingLanguage(t *testing.T) {
	g, err := parse("g.yaml", []byte(okEntry), []string{"fr", "nl", "en", "de"})
	if err != nil {
		t.Fatal(err)
	}
	lb := g.Entry("oif").Langs["de"]
	if lb == nil || !lb.Fallback || lb.Term != "OIF" || lb.Definition != "Organisation." || len(lb.Forms) != 0 {
		t.Fatalf("de label %+v; want the French term and definition, marked Fallback, without forms", lb)
	}
	if g.Entry("oif").Langs["nl"].Fallback {
		t.Error("the nl label is marked Fallback")
	}
	want := `g.yaml:1: MISSING_GLOSSARY_TRANSLATION: glossary entry "oif" has no de entry; it shows its fr term and definition until you add "de: {term: ..., forms: [...], definition: ...}"`
	if ws := g.Warnings(); len(ws) != 1 || ws[0].String() != want {
		t.Errorf("Warnings() = %v; want %q", ws, want)
	}
	if ws := g.Unused("de", []string{"rien"}); len(ws) != 0 {
		t.Errorf("Unused(de) = %v; want none", ws)
	}
	if g.Sorted("de")[0].ID != "oif" {
		t.Error("Sorted(de) lost the entry")
	}
}

func TestUnused(t *testing.T) {
	g := testGlossary(t, map[string][]string{"oif": {"Organisation internationale de la Francophonie", "OIF"}})
	g.Entries[0].Langs["fr"].FormLines = []int{4, 5}
	ws := g.Unused("fr", []string{"rien", "l’OIF"})
	if len(ws) != 1 || ws[0].Code != UnusedFormCode || ws[0].Line != 4 || ws[0].File != "g.yaml" ||
		!strings.Contains(ws[0].Msg, `"Organisation internationale de la Francophonie"`) {
		t.Errorf("warnings: %+v", ws)
	}
	if ws := g.Unused("fr", []string{"l’OIF, Organisation internationale de la Francophonie"}); len(ws) != 0 {
		t.Errorf("warnings for used forms: %+v", ws)
	}
}

func TestSorted(t *testing.T) {
	terms := map[string][]string{
		"fr": {"Union européenne", "État de droit", "Erasmus", "Accords de coopération", "europe", "Émirats"},
		"nl": {"rechtsstaat", "Benelux", "3D-benadering", "Afrikaanse Unie"},
	}
	want := map[string][]string{
		"fr": {"Accords de coopération", "Émirats", "Erasmus", "État de droit", "europe", "Union européenne"},
		"nl": {"3D-benadering", "Afrikaanse Unie", "Benelux", "rechtsstaat"},
	}
	for lang, ts := range terms {
		g := &Glossary{}
		for i, term := range ts {
			g.Entries = append(g.Entries, &Entry{ID: string(rune('a' + i)), Langs: map[string]*Label{lang: {Term: term}}})
		}
		var got []string
		for _, e := range g.Sorted(lang) {
			got = append(got, e.Langs[lang].Term)
		}
		if !reflect.DeepEqual(got, want[lang]) {
			t.Errorf("%s: got %q, want %q", lang, got, want[lang])
		}
	}
}
