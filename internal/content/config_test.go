package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belgian-programme/explainer/internal/diag"
)

const goodSite = `base_url: https://example.org/
languages:
  - code: fr
    name: Français
    locale: fr_BE
    paths: {commitments: engagements, sections: sections, topics: themes, glossary: glossaire}
  - code: nl
    name: Nederlands
    locale: nl_BE
    paths: {commitments: engagementen, sections: onderdelen, topics: themas, glossary: woordenlijst}
`

// TestLoadSiteOptionalPaths: a language without paths.chapters takes the
// source language's, and "chapters" when no language gives one; when the
// source language gives one, the others' lack of it is a MISSING_PATHS
// gap.
func TestLoadSiteOptionalPaths(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // per language
		warn       string
	}{
		{"none given", goodSite, []string{"chapters", "chapters"}, ""},
		{"the source's", strings.Replace(goodSite, "{commitments: engagements,", "{chapters: chapitres, commitments: engagements,", 1), []string{"chapitres", "chapitres"},
			`content/site.yaml:7: MISSING_PATHS: language "nl" has no paths.chapters; its URLs use the fr segments (chapters: chapitres) until you add them to its entry, translated`},
		{"each its own", strings.Replace(strings.Replace(goodSite, "{commitments: engagements,", "{chapters: chapitres, commitments: engagements,", 1), "{commitments: engagementen,", "{chapters: hoofdstukken, commitments: engagementen,", 1), []string{"chapitres", "hoofdstukken"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			var ws []diag.Warning
			s := loadSite(fstest.MapFS{"site.yaml": {Data: []byte(tt.yaml)}}, "content", &errs, &ws)
			if err := errs.Err(); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range ws {
				got = append(got, w.String())
			}
			if strings.Join(got, "\n") != tt.warn {
				t.Errorf("warnings %q; want %q", got, tt.warn)
			}
			for i, l := range s.Languages {
				if got := l.Paths["chapters"]; got != tt.want[i] {
					t.Errorf("%s: paths.chapters = %q; want %q", l.Code, got, tt.want[i])
				}
			}
		})
	}
}

func TestLoadSite(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // the problems, in order
	}{
		{"good", goodSite, nil},
		{"misspelt key", strings.Replace(goodSite, "base_url:", "bse_url:", 1), []string{
			`content/site.yaml:1: unknown key "bse_url"`,
		}},
		{"misspelt language key", strings.Replace(goodSite, "    locale: nl_BE", "    locle: nl_BE", 1), []string{
			`content/site.yaml:9: unknown key "locle"`,
		}},
		{"wrong type", strings.Replace(goodSite, "    name: Français", "    name: [Français]", 1), []string{
			"content/site.yaml:4: cannot unmarshal !!seq into string",
		}},
		{"not YAML", "base_url: [\n", []string{
			"content/site.yaml:1: not valid YAML: did not find expected node content",
		}},
		{"language problems at their lines", strings.Replace(strings.Replace(goodSite, "code: nl", "code: fr", 1), "topics: themas", "topics: ''", 1), []string{
			`content/site.yaml:7: language code "fr" is empty, invalid or repeated`,
			`content/site.yaml:7: language "fr": paths.topics is ""; expected a URL segment such as "topics"`,
		}},
		{"no base_url", "languages: []\n", []string{
			`content/site.yaml:1: no languages; expected a list "languages:" with the source language first`,
			"content/site.yaml:1: no base_url; expected the site's public address, such as https://example.org",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			var ws []diag.Warning
			s := loadSite(fstest.MapFS{"site.yaml": {Data: []byte(tt.yaml)}}, "content", &errs, &ws)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want == nil && (s.BaseURL != "https://example.org" || s.Source() != "fr" || len(s.Languages) != 2) {
				t.Errorf("loadSite = %+v", s)
			}
			if len(ws) > 0 {
				t.Errorf("warnings: %v", ws)
			}
		})
	}
}

// TestLoadSiteMissingPaths: a new language with no paths, or some, takes
// the source language's segments for the others, with one MISSING_PATHS
// warning at its entry; the source language must give them all.
func TestLoadSiteMissingPaths(t *testing.T) {
	const de = "  - code: de\n    name: Deutsch\n    locale: de_BE\n"
	tests := []struct {
		name, yaml string
		errs       []string
		warn       string
		paths      map[string]string // of the last language
	}{
		{"no paths", goodSite + de, nil,
			`content/site.yaml:11: MISSING_PATHS: language "de" has no paths.commitments, paths.sections, paths.topics, paths.glossary; its URLs use the fr segments (commitments: engagements, sections: sections, topics: themes, glossary: glossaire) until you add them to its entry, translated`,
			map[string]string{"commitments": "engagements", "sections": "sections", "topics": "themes", "glossary": "glossaire"}},
		{"some paths", goodSite + de + "    paths: {commitments: verpflichtungen}\n", nil,
			`content/site.yaml:11: MISSING_PATHS: language "de" has no paths.sections, paths.topics, paths.glossary;`,
			map[string]string{"commitments": "verpflichtungen", "sections": "sections", "topics": "themes", "glossary": "glossaire"}},
		{"invalid path", goodSite + de + "    paths: {commitments: Verpflichtungen, sections: a, topics: b, glossary: c}\n",
			[]string{`content/site.yaml:11: language "de": paths.commitments is "Verpflichtungen"`}, "", nil},
		{"source without paths", "base_url: https://example.org\nlanguages:\n  - code: fr\n    name: Français\n    locale: fr_BE\n",
			[]string{`content/site.yaml:3: language "fr": paths.commitments is ""`, `content/site.yaml:3: language "fr": paths.sections is ""`,
				`content/site.yaml:3: language "fr": paths.topics is ""`, `content/site.yaml:3: language "fr": paths.glossary is ""`}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			var ws []diag.Warning
			s := loadSite(fstest.MapFS{"site.yaml": {Data: []byte(tt.yaml)}}, "content", &errs, &ws)
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %v; want %d", errs, len(tt.errs))
			}
			for i, e := range errs {
				if !strings.HasPrefix(e.Error(), tt.errs[i]) {
					t.Errorf("error %q; want prefix %q", e, tt.errs[i])
				}
			}
			if tt.warn == "" {
				if len(ws) > 0 {
					t.Errorf("warnings %v; want none", ws)
				}
				return
			}
			if len(ws) != 1 || !strings.HasPrefix(ws[0].String(), tt.warn) {
				t.Errorf("warnings %v; want one starting %q", ws, tt.warn)
			}
			last := s.Languages[len(s.Languages)-1]
			for k, want := range tt.paths {
				if last.Paths[k] != want {
					t.Errorf("paths.%s = %q; want %q", k, last.Paths[k], want)
				}
			}
			if s.Languages[0].Paths["commitments"] != "engagements" {
				t.Errorf("the source language's paths changed: %v", s.Languages[0].Paths)
			}
		})
	}
}
