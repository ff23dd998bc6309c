package uistrings

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

var langs = []string{"fr", "nl", "en"}

// testStrings are interface strings written for the tests, in the layout
// of i18n/, so that a translator's edit of the real strings cannot break
// them: the build checks those (every language defines the same IDs, each
// with an "other" form).
var testStrings = fstest.MapFS{
	"fr.toml": {Data: []byte(`# Chaînes de test.

[site_name]
other = "Le programme expliqué"

[commitment_label]
other = "Engagement {{.Number}} sur {{.Of}}"

[source_ref]
one = "Chapitre {{.Chapter}}, ligne {{.First}}, page {{.Page}}"
other = "Chapitre {{.Chapter}}, lignes {{.First}} à {{.Last}}, page {{.Page}}"

[commitment_count]
one = "{{.Count}} engagement"
many = "{{.Count}} engagements"
other = "{{.Count}} engagements"

[glossary_title]
other = "Lexique"
`)},
	"nl.toml": {Data: []byte(`[site_name]
other = "Het programma uitgelegd"

[commitment_label]
other = "Engagement {{.Number}} van {{.Of}}"

[source_ref]
one = "Hoofdstuk {{.Chapter}}, regel {{.First}}, pagina {{.Page}}"
other = "Hoofdstuk {{.Chapter}}, regels {{.First}}–{{.Last}}, pagina {{.Page}}"

[commitment_count]
one = "{{.Count}} engagement"
other = "{{.Count}} engagementen"

[glossary_title]
other = "Woordenlijst"
`)},
	"en.toml": {Data: []byte(`[site_name]
other = "The programme explained"

[commitment_label]
other = "Commitment {{.Number}} of {{.Of}}"

[source_ref]
one = "Chapter {{.Chapter}}, line {{.First}}, page {{.Page}}"
other = "Chapter {{.Chapter}}, lines {{.First}}–{{.Last}}, page {{.Page}}"

[commitment_count]
one = "{{.Count}} commitment"
other = "{{.Count}} commitments"

[glossary_title]
other = "Glossary"
`)},
}

func loadTest(t *testing.T) *Strings {
	t.Helper()
	s, err := Load(testStrings, "i18n", langs)
	if err != nil {
		t.Fatalf("the test strings: %v", err)
	}
	return s
}

// TestPlurals checks the CLDR plural forms: French
// puts 0 with 1; English and Dutch put only 1 apart.
func TestPlurals(t *testing.T) {
	s := loadTest(t)
	tests := []struct {
		lang  string
		count int
		want  string
	}{
		{"fr", 0, "0 engagement"},
		{"fr", 1, "1 engagement"},
		{"fr", 2, "2 engagements"},
		{"fr", 49, "49 engagements"},
		{"en", 0, "0 commitments"},
		{"en", 1, "1 commitment"},
		{"en", 2, "2 commitments"},
		{"nl", 0, "0 engagementen"},
		{"nl", 1, "1 engagement"},
		{"nl", 12, "12 engagementen"},
	}
	for _, tt := range tests {
		got, err := s.T(tt.lang)("commitment_count", tt.count)
		if err != nil {
			t.Errorf("%s %d: %v", tt.lang, tt.count, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
}

// TestStringsComplete: every language defines the same IDs, and a
// message renders with its data.
func TestStringsComplete(t *testing.T) {
	s := loadTest(t)
	ref := s.IDs("fr")
	if len(ref) == 0 {
		t.Fatal("no interface strings")
	}
	for _, lang := range langs {
		if strings.Join(s.IDs(lang), " ") != strings.Join(ref, " ") {
			t.Errorf("%s defines other IDs than fr", lang)
		}
	}
	if ws := s.Warnings(); len(ws) > 0 {
		t.Errorf("warnings: %v", ws)
	}
	got, err := s.T("en")("commitment_label", map[string]any{"Number": 2, "Of": 9})
	if err != nil || got != "Commitment 2 of 9" {
		t.Errorf("commitment_label in en: %q, %v", got, err)
	}
}

func TestLoadErrors(t *testing.T) {
	const fr = "[a]\nother = \"A\"\n\n[b]\none = \"{{.Count}} b\"\nother = \"{{.Count}} bs\"\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "extra in one language",
			files: map[string]string{"fr.toml": fr, "nl.toml": fr, "en.toml": fr + "\n[c]\nother = \"C\"\n"},
			want:  `i18n/en.toml:8: message "c" is not defined in fr.toml; remove it or add it there`,
		},
		{
			name:  "source file missing",
			files: map[string]string{"nl.toml": fr, "en.toml": fr},
			want:  `i18n/fr.toml: cannot read interface strings for "fr": open fr.toml: file does not exist`,
		},
		{
			name:  "no other form",
			files: map[string]string{"fr.toml": fr, "nl.toml": fr, "en.toml": "[a]\nother = \"A\"\n\n[b]\none = \"1 b\"\n"},
			want:  "i18n/en.toml:4: message \"b\" has no \"other\" form",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			_, err := Load(fsys, "i18n", langs)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// TestLoadFallbacks: a language without its file, or a file that lacks
// messages, is no error: T gives the source language's messages (with its
// plural rules), Fallback says which, and Warnings names each gap.
func TestLoadFallbacks(t *testing.T) {
	const fr = "[a]\nother = \"A\"\n\n[b]\none = \"{{.Count}} b\"\nother = \"{{.Count}} bs\"\n"
	fsys := fstest.MapFS{
		"fr.toml": {Data: []byte(fr)},
		"nl.toml": {Data: []byte("[a]\nother = \"nl A\"\n")},
	}
	s, err := Load(fsys, "i18n", []string{"fr", "nl", "de"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range s.Warnings() {
		got = append(got, w.String())
	}
	want := []string{
		`i18n/nl.toml: MISSING_UI_STRINGS: message "b" is missing in nl: the pages show the fr one until you add [b] here, translated from fr.toml`,
		`i18n/de.toml: MISSING_UI_STRINGS: no interface strings for de: the pages show the fr ones until you create this file, a translation of fr.toml (2 messages)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	tests := []struct {
		lang, id string
		args     []any
		want     string
		fallback bool
	}{
		{"nl", "a", nil, "nl A", false},
		{"nl", "b", []any{0}, "0 b", true}, // French plural rules: 0 is "one"
		{"de", "a", nil, "A", true},
		{"de", "b", []any{2}, "2 bs", true},
		{"fr", "a", nil, "A", false},
	}
	for _, tt := range tests {
		got, err := s.T(tt.lang)(tt.id, tt.args...)
		if err != nil || got != tt.want {
			t.Errorf("T(%s)(%s, %v) = %q, %v; want %q", tt.lang, tt.id, tt.args, got, err, tt.want)
		}
		if fb := s.Fallback(tt.lang, tt.id); fb != tt.fallback {
			t.Errorf("Fallback(%s, %s) = %v; want %v", tt.lang, tt.id, fb, tt.fallback)
		}
	}
}

// TestMissingMessage: asking for an ID that does not exist is an error
// naming the ID and the language, never an empty label.
func TestMissingMessage(t *testing.T) {
	s := loadTest(t)
	got, err := s.T("nl")("no_such_message")
	if err == nil || !strings.Contains(err.Error(), `"no_such_message"`) || !strings.Contains(err.Error(), "nl") {
		t.Errorf("T(no_such_message) = %q, %v; want an error naming the ID and nl", got, err)
	}
}

// TestPlainMessages checks that T gives go-i18n's answer for every
// message of every language, with and without arguments: the messages
// without arguments come from the map Load fills.
func TestPlainMessages(t *testing.T) {
	s := loadTest(t)
	for _, lang := range []string{"fr", "nl", "en"} {
		T := s.T(lang)
		if len(s.plain[lang]) != len(s.IDs(lang)) {
			t.Errorf("%s: %d messages without arguments localized, want %d", lang, len(s.plain[lang]), len(s.IDs(lang)))
		}
		for _, id := range s.IDs(lang) {
			want, err := s.localizers[lang].Localize(&i18n.LocalizeConfig{MessageID: id})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, id, err)
			}
			if got, err := T(id); err != nil || got != want {
				t.Errorf("%s %s: T gives %q, %v; go-i18n gives %q", lang, id, got, err, want)
			}
		}
	}
	tests := []struct {
		lang, id string
		args     []any
	}{
		{"en", "commitment_count", []any{1}},
		{"en", "commitment_count", []any{2}},
		{"fr", "commitment_count", []any{0}},
		{"fr", "commitment_label", []any{map[string]any{"Number": 1, "Of": 2}}},
	}
	for _, tt := range tests {
		cfg := &i18n.LocalizeConfig{MessageID: tt.id}
		switch a := tt.args[0].(type) {
		case int:
			cfg.PluralCount, cfg.TemplateData = a, map[string]any{"Count": a}
		case map[string]any:
			cfg.TemplateData = a
		}
		want, err := s.localizers[tt.lang].Localize(cfg)
		if err != nil {
			t.Fatalf("%s %s %v: %v", tt.lang, tt.id, tt.args, err)
		}
		if got, err := s.T(tt.lang)(tt.id, tt.args...); err != nil || got != want {
			t.Errorf("%s %s %v: T gives %q, %v; go-i18n gives %q", tt.lang, tt.id, tt.args, got, err, want)
		}
	}
}

// TestPairs checks that data given as key-value pairs reads as the same
// data given as a map, plural form included, and that what is not pairs is
// refused.
func TestPairs(t *testing.T) {
	s := loadTest(t)
	for _, lang := range []string{"fr", "nl", "en"} {
		T := s.T(lang)
		for _, count := range []int{1, 3} {
			m := map[string]any{"Chapter": 34, "First": 3, "Last": 2 + count, "Page": 2, "Count": count}
			want, err := T("source_ref", m)
			if err != nil {
				t.Fatal(err)
			}
			got, err := T("source_ref", "Chapter", 34, "First", 3, "Last", 2+count, "Page", 2, "Count", count)
			if err != nil || got != want {
				t.Errorf("%s, %d lines: pairs give %q, %v; the map gives %q", lang, count, got, err, want)
			}
		}
	}
	T := s.T("fr")
	for _, args := range [][]any{{"Number", 1, "Of"}, {1, "Number", 2, "Of"}} {
		if got, err := T("commitment_label", args...); err == nil {
			t.Errorf("%v: expected an error, got %q", args, got)
		}
	}
}
