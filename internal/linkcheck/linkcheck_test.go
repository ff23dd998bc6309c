package linkcheck

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/site"
)

// testSite is a small site: a home page, a commitment marking a glossary
// term, the glossary, an editorial page and a redirect, each page rendered
// with the theme's skip link. Its links are all sound.
type testSite struct {
	site     *site.Site
	files    []string
	html     map[string]string // rendered pages by output file
	markdown string            // content/fr/pages/about.md
}

const base = "https://example.org"

func newTestSite() *testSite {
	page := func(kind site.Kind, id, p string, body any) *site.Page {
		file := p[1:] + "index.html"
		return &site.Page{Kind: kind, Lang: "fr", Key: site.Key{Kind: kind, ID: id}, Path: p, File: file,
			Canonical: base + p, XDefault: base + "/", Body: body,
			Alternates:  []site.Alternate{{Lang: "fr", URL: base + p, Path: p, Current: true}},
			Breadcrumbs: []site.Link{{Path: "/fr/"}}}
	}
	home := page(site.KindHome, "", "/fr/", &site.Home{Topics: []site.TopicCount{{Link: site.Link{Path: "/fr/engagements/x/"}}}})
	commitment := page(site.KindCommitment, "x", "/fr/engagements/x/", &site.Commitment{
		Text: site.Unit{Prose: site.Prose{
			Marks: []site.Mark{{Start: 0, End: 3, Ref: "g1-oif"}},
			Terms: []site.Term{{Ref: "g1-oif", ID: "oif", Path: "/fr/glossaire/#oif"}},
		}},
		Chapter: site.Link{Path: "/fr/"},
		Section: site.Link{Path: "/fr/"},
	})
	gloss := page(site.KindGlossary, "", "/fr/glossaire/", &site.Glossary{Entries: []site.GlossaryEntry{{ID: "oif", Commitments: []site.Link{{Path: "/fr/engagements/x/"}}}}})
	about := page(site.KindPage, "about", "/fr/a-propos/", &site.Editorial{
		HTML: `<h2 id="why">Why</h2><p>See <a href="/fr/engagements/x/">a commitment</a>.</p>`,
	})
	root := &site.Page{Kind: site.KindRoot, Lang: "fr", Key: site.Key{Kind: site.KindRoot, ID: "root"}, Path: "/", File: "index.html",
		Canonical: base + "/", XDefault: base + "/", Body: &site.Root{Choices: []site.Alternate{{Lang: "fr", URL: base + "/fr/", Path: "/fr/"}}}}
	ts := &testSite{
		site: &site.Site{BaseURL: base, Pages: []*site.Page{about, commitment, gloss, home, root},
			Redirects: []site.Redirect{{From: "/fr/ancien/", To: "/fr/engagements/x/"}}},
		html:     map[string]string{},
		markdown: "---\ntitle: About\n---\n## Why\n\nSee [a commitment](/fr/engagements/x/).\n",
	}
	for _, p := range ts.site.Pages {
		ts.files = append(ts.files, p.File)
		ts.html[p.File] = `<!DOCTYPE html><link rel="icon" href="/favicon.svg"><a class="skip" href="#main">Skip</a><main id="main"></main>`
	}
	ts.files = append(ts.files, "favicon.svg")
	return ts
}

func (ts *testSite) page(kind site.Kind) *site.Page {
	for _, p := range ts.site.Pages {
		if p.Kind == kind {
			return p
		}
	}
	panic("no page of kind " + kind)
}

func (ts *testSite) check() error {
	c := &content.Content{
		Site:  content.Site{Languages: []content.Language{{Code: "fr"}}},
		Pages: map[string]map[string]*content.Page{"fr": {"about": {File: "content/fr/pages/about.md", Name: "about"}}},
	}
	return Check(Input{
		Site:  ts.site,
		Files: ts.files,
		Page: func(file string) ([]byte, error) {
			h, ok := ts.html[file]
			if !ok {
				return nil, fs.ErrNotExist
			}
			return []byte(h), nil
		},
		Content: c,
		FS:      fstest.MapFS{"content/fr/pages/about.md": {Data: []byte(ts.markdown)}},
	})
}

// TestCheck breaks the small site in one way at a time and checks that
// exactly that link is reported, naming the page (or the Markdown file and
// line) and the link.
func TestCheck(t *testing.T) {
	const cpage = "fr/engagements/x/index.html: broken link "
	tests := []struct {
		name  string
		spoil func(ts *testSite)
		want  string // "" when every link is sound
	}{
		{"sound", func(*testSite) {}, ""},
		{"missing page", func(ts *testSite) {
			c := ts.page(site.KindCommitment).Body.(*site.Commitment)
			c.Related = []site.Link{{Path: "/fr/engagements/x/"}, {Path: "/fr/nulle-part/"}}
		}, cpage + "/fr/nulle-part/"},
		{"missing fragment", func(ts *testSite) {
			ts.page(site.KindCommitment).Body.(*site.Commitment).Text.Prose.Terms[0].Path = "/fr/glossaire/#nope"
		}, cpage + "/fr/glossaire/#nope"},
		{"mark without its definition", func(ts *testSite) {
			ts.page(site.KindCommitment).Body.(*site.Commitment).Text.Prose.Terms[0].Ref = "g2-oif"
		}, cpage + "#g1-oif"},
		{"previous page missing", func(ts *testSite) {
			ts.page(site.KindCommitment).Body.(*site.Commitment).Prev = &site.Link{Path: "/fr/engagements/w/"}
		}, cpage + "/fr/engagements/w/"},
		{"canonical on the base URL missing", func(ts *testSite) {
			ts.page(site.KindCommitment).Canonical = base + "/fr/engagements/y/"
		}, cpage + base + "/fr/engagements/y/"},
		{"alternate missing", func(ts *testSite) {
			ts.page(site.KindGlossary).Alternates = append(ts.page(site.KindGlossary).Alternates, site.Alternate{Lang: "nl", URL: base + "/nl/woordenlijst/", Path: "/nl/woordenlijst/"})
		}, "fr/glossaire/index.html: broken link " + base + "/nl/woordenlijst/\nfr/glossaire/index.html: broken link /nl/woordenlijst/"},
		{"breadcrumb missing", func(ts *testSite) {
			ts.page(site.KindGlossary).Breadcrumbs = []site.Link{{Path: "/nl/"}}
		}, "fr/glossaire/index.html: broken link /nl/"},
		{"link to a redirect", func(ts *testSite) {
			c := ts.page(site.KindCommitment).Body.(*site.Commitment)
			c.Related = []site.Link{{Path: "/fr/ancien/"}}
		}, ""},
		{"external and preview links", func(ts *testSite) {
			ts.page(site.KindCommitment).Canonical = "https://elsewhere.org/nope/"
			ts.html["fr/index.html"] += `<script src="/_preview/reload.js"></script><a href="mailto:x@example.org">x</a>`
		}, ""},
		{"broken editorial link", func(ts *testSite) {
			ts.page(site.KindPage).Body.(*site.Editorial).HTML += `<p><a href="/fr/nulle-part/">nowhere</a></p>`
			ts.markdown += "\nOr [nowhere](/fr/nulle-part/).\n"
		}, "content/fr/pages/about.md:8: broken link /fr/nulle-part/"},
		{"editorial links to ids", func(ts *testSite) {
			ts.page(site.KindPage).Body.(*site.Editorial).HTML += `<a href="#why">a</a><a href="#main">b</a><a href="/fr/engagements/x/#main">c</a><a href="/fr/glossaire/#oif">d</a><a href="../glossaire/">e</a>`
		}, ""},
		{"editorial link to a missing id", func(ts *testSite) {
			ts.page(site.KindPage).Body.(*site.Editorial).HTML += `<a href="/fr/engagements/x/#nope">a</a><a href="#nope">b</a>`
		}, "content/fr/pages/about.md: broken link /fr/engagements/x/#nope\ncontent/fr/pages/about.md: broken link #nope"},
		{"broken theme link", func(ts *testSite) {
			ts.html["fr/glossaire/index.html"] += `<link rel="stylesheet" href="/style.css">`
		}, "fr/glossaire/index.html: broken link /style.css"},
		{"broken theme link on an editorial page", func(ts *testSite) {
			ts.html["fr/a-propos/index.html"] += `<link rel="stylesheet" href="/style.css">`
		}, "fr/a-propos/index.html: broken link /style.css"},
		{"theme link to a missing id", func(ts *testSite) {
			ts.html["fr/index.html"] = `<a class="skip" href="#main">Skip</a><main id="content"></main>`
		}, "fr/index.html: broken link #main"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestSite()
			tt.spoil(ts)
			err := ts.check()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Check:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		href               string
		target, frag       string
		internal, relative bool
	}{
		{"/fr/x/", "/fr/x/", "", true, false},
		{"/fr/x/#g1-oif", "/fr/x/", "g1-oif", true, false},
		{"#main", "/fr/page/", "main", true, true},
		{"", "/fr/page/", "", true, true},
		{"../x/", "/fr/x/", "", true, true},
		{"x", "/fr/page/x", "", true, true},
		{base + "/fr/x/#y", "/fr/x/", "y", true, false},
		{"https://elsewhere.org/fr/", "", "", false, false},
		{"//example.org/fr/", "", "", false, false},
		{"mailto:x@example.org", "", "", false, false},
		{"/_preview/reload.js", "", "", false, false},
		{"http://[::1", "http://[::1", "", true, false},
	}
	for _, tt := range tests {
		target, frag, internal, relative := resolve(base, "/fr/page/", tt.href)
		if target != tt.target || frag != tt.frag || internal != tt.internal || relative != tt.relative {
			t.Errorf("resolve(%q) = %q %q %v %v, want %q %q %v %v", tt.href, target, frag, internal, relative, tt.target, tt.frag, tt.internal, tt.relative)
		}
	}
}

// The two ways of finding files, a map for a whole check and a binary
// search for a check of a few pages, find the same, whatever the order of
// the files and pages given.
func TestFileSearchEqualsMap(t *testing.T) {
	ts := newTestSite()
	names := append([]string{"", "nowhere.html", "fr/", "fr/index.htm", "zz/index.html"}, ts.files...)
	// The test site's files are not sorted: favicon.svg comes last.
	for _, order := range []string{"as given", "reversed"} {
		files, pages := ts.files, ts.site.Pages
		if order == "reversed" {
			files, pages = slices.Clone(files), slices.Clone(pages)
			slices.Reverse(files)
			slices.Reverse(pages)
		}
		byMap, bySearch := fileMap(files, pages), fileSearch(files, pages)
		for _, name := range names {
			p, ok := byMap(name)
			q, found := bySearch(name)
			if p != q || ok != found {
				t.Errorf("%s: %s: the map finds %v %v, the search %v %v", order, name, p, ok, q, found)
			}
		}
	}
}

// A check of a few pages (Input.Only) reports the broken links of those
// pages, and of no other.
func TestCheckOnly(t *testing.T) {
	ts := newTestSite()
	var commitment, home *site.Page
	for _, p := range ts.site.Pages {
		switch p.Kind {
		case site.KindCommitment:
			commitment = p
		case site.KindHome:
			home = p
		}
	}
	commitment.Breadcrumbs = []site.Link{{Path: "/fr/nowhere/"}}
	home.Breadcrumbs = []site.Link{{Path: "/fr/elsewhere/"}}
	in := Input{Site: ts.site, Files: ts.files, Page: func(f string) ([]byte, error) { return []byte(ts.html[f]), nil }, Only: []*site.Page{commitment}}
	err := Check(in)
	if err == nil || !strings.Contains(err.Error(), "/fr/nowhere/") || strings.Contains(err.Error(), "/fr/elsewhere/") {
		t.Errorf("a check of the commitment page: %v; want its broken link alone", err)
	}
}
