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
// source language's, and "chapters" when no language gives one.
func TestLoadSiteOptionalPaths(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // per language
	}{
		{"none given", goodSite, []string{"chapters", "chapters"}},
		{"the source's", strings.Replace(goodSite, "{commitments: engagements,", "{chapters: chapitres, commitments: engagements,", 1), []string{"chapitres", "chapitres"}},
		{"each its own", strings.Replace(strings.Replace(goodSite, "{commitments: engagements,", "{chapters: chapitres, commitments: engagements,", 1), "{commitments: engagementen,", "{chapters: hoofdstukken, commitments: engagementen,", 1), []string{"chapitres", "hoofdstukken"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			s := loadSite(fstest.MapFS{"site.yaml": {Data: []byte(tt.yaml)}}, "content", &errs)
			if err := errs.Err(); err != nil {
				t.Fatal(err)
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
			s := loadSite(fstest.MapFS{"site.yaml": {Data: []byte(tt.yaml)}}, "content", &errs)
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
		})
	}
}
