package render

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/site"
)

// smallSite is a site of one commitment in two languages and a 404 page.
func smallSite(noIndex bool) *site.Site {
	const base = "https://example.org"
	alts := []site.Alternate{
		{Lang: "fr", Name: "Français", Locale: "fr_BE", URL: base + "/fr/engagements/a/", Path: "/fr/engagements/a/"},
		{Lang: "en", Name: "English", Locale: "en_GB", URL: base + "/en/commitments/a/", Path: "/en/commitments/a/"},
	}
	var pages []*site.Page
	for i, a := range alts {
		p := &site.Page{Kind: site.KindCommitment, Lang: a.Lang, Path: a.Path, Canonical: a.URL, XDefault: alts[0].URL, Title: "A & <b>",
			Body: &site.Commitment{Text: site.Unit{Prose: site.Prose{Lang: a.Lang, Text: "Texte"}}, SourceURL: alts[0].URL}}
		p.Alternates = append([]site.Alternate(nil), alts...)
		p.Alternates[i].Current = true
		pages = append(pages, p)
	}
	pages = append(pages, &site.Page{Kind: site.KindNotFound, Lang: "fr", Path: "/fr/404.html", Canonical: base + "/fr/404.html"})
	return &site.Site{BaseURL: base, Languages: []content.Language{{Code: "fr"}, {Code: "en"}}, Pages: pages, NoIndex: noIndex,
		Redirects: []site.Redirect{{From: "/fr/engagements/old/", To: "/fr/engagements/a/"}}}
}

func TestSitemap(t *testing.T) {
	f, err := sitemap(smallSite(false))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	}
	if err := xml.Unmarshal(f.Data, &doc); err != nil {
		t.Fatalf("sitemap.xml is not valid XML: %v\n%s", err, f.Data)
	}
	if len(doc.URLs) != 2 {
		t.Fatalf("%d URLs, want the 2 indexable pages:\n%s", len(doc.URLs), f.Data)
	}
	for _, u := range doc.URLs {
		var got []string
		for _, l := range u.Links {
			got = append(got, l.HrefLang+"="+l.Href)
		}
		want := "fr=https://example.org/fr/engagements/a/ en=https://example.org/en/commitments/a/ x-default=https://example.org/fr/engagements/a/"
		if strings.Join(got, " ") != want {
			t.Errorf("%s alternates %v, want %s", u.Loc, got, want)
		}
	}
}

func TestRobotsAndRedirects(t *testing.T) {
	if got := string(robots(smallSite(false)).Data); got != "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n" {
		t.Errorf("robots.txt:\n%s", got)
	}
	if got := string(robots(smallSite(true)).Data); got != "User-agent: *\nDisallow: /\n" {
		t.Errorf("noindex robots.txt:\n%s", got)
	}
	got := string(redirects(smallSite(false)).Data)
	if !strings.Contains(got, "\n/fr/engagements/old/ /fr/engagements/a/ 301\n") || !strings.HasSuffix(got, "\n/assets/ / 302\n") {
		t.Errorf("_redirects:\n%s", got)
	}
}

func TestJSONLD(t *testing.T) {
	s := smallSite(false)
	for _, p := range s.Pages {
		script, err := jsonLDScript(s, p)
		if err != nil {
			t.Fatal(err)
		}
		if p.Kind == site.KindNotFound {
			if script != "" {
				t.Errorf("%s: JSON-LD on a 404 page", p.Path)
			}
			continue
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(script), &ld); err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		work := ld["mainEntity"].(map[string]any)
		_, translation := work["translationOfWork"]
		if ld["inLanguage"] != p.Lang || work["@type"] != "CreativeWork" || translation != (p.Lang != "fr") {
			t.Errorf("%s: %v", p.Path, ld)
		}
		// The same bytes as the map it replaces.
		want, _ := json.Marshal(ld)
		if string(want) != string(script) {
			t.Errorf("%s: JSON-LD\n%s\nwant (keys in order)\n%s", p.Path, script, want)
		}
	}
}

func TestThemeError(t *testing.T) {
	tests := []struct {
		err  string
		page string
		want string
	}{
		{"template: commitment.html:2: missing value for if", "", "themes/default/templates/commitment.html:2: missing value for if"},
		{`template: base.html:12:7: executing "base" at <T "x">: error calling T: message "x" in nl: not found`, "nl/index.html",
			`themes/default/templates/base.html:12: col 7: executing "base" at <T "x">: error calling T: message "x" in nl: not found (rendering nl/index.html)`},
		{"something else", "nl/index.html", "nl/index.html: something else"},
	}
	for _, tt := range tests {
		if got := themeError("themes/default", errors.New(tt.err), tt.page).Error(); got != tt.want {
			t.Errorf("themeError(%q) =\n%s\nwant\n%s", tt.err, got, tt.want)
		}
	}
}
