package render

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/uistrings"
)

// newTestRenderer builds a Renderer from a theme whose pages write their
// language's "greeting" and their title, for fr and nl.
func newTestRenderer(t *testing.T, workers int) *Renderer {
	t.Helper()
	theme := testTheme(`{{define "base"}}{{.Banner}}<p>{{T "greeting"}} {{.Page.Title}}</p>{{end}}{{define "banner"}}<b lang="{{.Lang}}">{{T "site_name"}}</b>{{end}}`)
	i18n := fstest.MapFS{
		"fr.toml": {Data: []byte("[greeting]\nother = \"Bonjour & bienvenue\"\n\n[site_name]\nother = \"Le site\"\n")},
		"nl.toml": {Data: []byte("[greeting]\nother = \"Hallo\"\n\n[site_name]\nother = \"De site\"\n")},
	}
	strs, err := uistrings.Load(i18n, "i18n", []string{"fr", "nl"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(theme, "theme", strs, []string{"fr", "nl"}, Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testTheme is a theme whose base.html is base, with every template the
// renderer executes itself that base does not define defined empty, and
// an empty file for each kind.
func testTheme(base string) fstest.MapFS {
	for _, name := range entryPoints {
		if !strings.Contains(base, `{{define "`+name+`"}}`) {
			base += `{{define "` + name + `"}}{{end}}`
		}
	}
	theme := fstest.MapFS{
		"style.css":           {Data: []byte("p { color: red }")},
		"templates/base.html": {Data: []byte(base)},
	}
	for _, k := range kinds {
		theme["templates/"+string(k)+".html"] = &fstest.MapFile{Data: []byte(`{{define "x"}}{{end}}`)}
	}
	return theme
}

// themeRenderer returns a Renderer of a test theme whose base.html is base,
// with the interface strings i18n (a file per language) for langs.
func themeRenderer(t *testing.T, base string, i18n fstest.MapFS, langs ...string) *Renderer {
	t.Helper()
	strs, err := uistrings.Load(i18n, "i18n", langs)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(testTheme(base), "theme", strs, langs, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// frEnSiteName are the interface strings of a French and English site
// that names itself only.
var frEnSiteName = fstest.MapFS{
	"fr.toml": {Data: []byte("[site_name]\nother = \"Le site\"\n")},
	"en.toml": {Data: []byte("[site_name]\nother = \"The site\"\n")},
}

// testSite has n pages, alternately French and Dutch.
func testSite(n int) *site.Site {
	s := &site.Site{}
	for i := range n {
		lang := []string{"fr", "nl"}[i%2]
		s.Pages = append(s.Pages, &site.Page{Kind: site.KindNotFound, Lang: lang, File: fmt.Sprintf("%s/%03d.html", lang, i), Title: fmt.Sprintf("p%d", i)})
	}
	return s
}

// TestEach checks that every page is rendered with its language's strings
// and parts shared by the language's pages, whatever the number of workers, and that a failing or panicking emit and
// a cancelled context end the rendering with an error.
func TestEach(t *testing.T) {
	const n = 40
	want := func(i int) string {
		if i%2 == 0 {
			return fmt.Sprintf(`<b lang="fr">Le site</b><p>Bonjour &amp; bienvenue p%d</p>`, i)
		}
		return fmt.Sprintf(`<b lang="nl">De site</b><p>Hallo p%d</p>`, i)
	}
	for _, workers := range []int{1, 3, 16} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			r := newTestRenderer(t, workers)
			s := testSite(n)
			got, err := r.Pages(context.Background(), s, s.Pages)
			if err != nil {
				t.Fatal(err)
			}
			for i, data := range got {
				if string(data) != want(i) {
					t.Errorf("page %d: %q, want %q", i, data, want(i))
				}
			}
		})
	}
	errEmit := errors.New("disk full")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		emit func(i int, p *site.Page, data []byte) error
		want string
	}{
		{"emit fails", context.Background(), func(i int, p *site.Page, _ []byte) error {
			if i == 7 {
				return errEmit
			}
			return nil
		}, "disk full"},
		{"emit panics", context.Background(), func(i int, p *site.Page, _ []byte) error {
			if i == 7 {
				panic("boom")
			}
			return nil
		}, "nl/007.html: panic while rendering: boom"},
		{"cancelled", cancelled, func(int, *site.Page, []byte) error { return nil }, context.Canceled.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRenderer(t, 3)
			err := r.Each(tt.ctx, testSite(n), tt.emit)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestEachFirstErrorInPathOrder checks that when several pages fail, the
// error returned is the first page's in path order, even when a later page
// fails first.
func TestEachFirstErrorInPathOrder(t *testing.T) {
	r := newTestRenderer(t, 4)
	seventh := make(chan struct{}) // closed when page 7 has failed
	err := r.Each(context.Background(), testSite(40), func(i int, p *site.Page, _ []byte) error {
		switch i {
		case 5:
			select {
			case <-seventh:
			case <-time.After(10 * time.Second):
				return errors.New("page 7 never failed")
			}
			return fmt.Errorf("%s failed", p.File)
		case 7:
			defer close(seventh)
			return fmt.Errorf("%s failed", p.File)
		}
		return nil
	})
	if err == nil || err.Error() != "nl/005.html failed" {
		t.Errorf("error %v, want page 5's", err)
	}
}

// TestHead checks the title and description a page's head shows: its own
// title with the part of a split list and the site's name, or else its
// interface string (in the source language, unmarked, when its language
// lacks it); its own description or its interface string; every one
// escaped in the title element and in attributes. A missing message fails
// the page.
func TestHead(t *testing.T) {
	r := themeRenderer(t, `{{define "base"}}<title>{{.Title}}</title><meta name="description" content="{{.Description}}"><meta property="og:title" content="{{.Title}}">{{end}}`, fstest.MapFS{
		"fr.toml": {Data: []byte("[site_name]\nother = \"Le « site » & <co>\"\n\n[list]\nother = \"Liste d'A & B\"\n\n[list_desc]\nother = \"Tout \\\"A\\\" < B\"\n")},
		"nl.toml": {Data: []byte("[site_name]\nother = \"De site\"\n\n[list_desc]\nother = \"Alles\"\n")},
	}, "fr", "nl")
	tests := []struct {
		name string
		page site.Page
		want string // the page, or the error it gives
	}{
		{"own title and description", site.Page{Lang: "fr", Title: `A & <b> "c" 'd'`, Description: "x < y"},
			`<title>A &amp; &lt;b&gt; &#34;c&#34; &#39;d&#39; – Le « site » &amp; &lt;co&gt;</title><meta name="description" content="x &lt; y"><meta property="og:title" content="A &amp; &lt;b&gt; &#34;c&#34; &#39;d&#39; – Le « site » &amp; &lt;co&gt;">`},
		{"own title, part of a list", site.Page{Lang: "nl", Title: "Afrika", Part: "2/3", DescriptionID: "list_desc"},
			`<title>Afrika (2/3) – De site</title><meta name="description" content="Alles"><meta property="og:title" content="Afrika (2/3) – De site">`},
		{"interface strings", site.Page{Lang: "fr", TitleID: "list", Part: "2/3", DescriptionID: "list_desc"},
			`<title>Liste d&#39;A &amp; B (2/3)</title><meta name="description" content="Tout &#34;A&#34; &lt; B"><meta property="og:title" content="Liste d&#39;A &amp; B (2/3)">`},
		{"source language's string, unmarked", site.Page{Lang: "nl", TitleID: "list"},
			`<title>Liste d&#39;A &amp; B</title><meta name="description" content=""><meta property="og:title" content="Liste d&#39;A &amp; B">`},
		{"missing string", site.Page{Lang: "fr", TitleID: "nothing", File: "fr/x/index.html"},
			`fr/x/index.html: title: message "nothing" in fr: message "nothing" not found in language "fr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.page
			p.Kind = site.KindNotFound
			got, err := r.Pages(context.Background(), &site.Site{Pages: []*site.Page{&p}}, []*site.Page{&p})
			switch {
			case err != nil && err.Error() != tt.want:
				t.Errorf("error %v, want %s", err, tt.want)
			case err == nil && string(got[0]) != tt.want:
				t.Errorf("page\n%s\nwant\n%s", got[0], tt.want)
			}
		})
	}
}

// TestSharedPartError checks that an error in a part of the pages rendered
// once per language names the theme file and line of the mistake, as
// written, and the page being rendered.
func TestSharedPartError(t *testing.T) {
	theme := testTheme("{{define \"base\"}}{{.Footer}}{{end}}\n{{define \"footer\"}}<footer>\n  <p>{{.Nope}}</p></footer>{{end}}")
	i18n := fstest.MapFS{"fr.toml": {Data: []byte("[site_name]\nother = \"Le site\"\n")}}
	strs, err := uistrings.Load(i18n, "i18n", []string{"fr"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(theme, "theme", strs, []string{"fr"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := &site.Site{Pages: []*site.Page{{Kind: site.KindNotFound, Lang: "fr", File: "fr/404.html", Title: "x"}}}
	_, err = r.Render(context.Background(), s)
	want := `theme/templates/base.html:3: col 7: executing "footer" at <.Nope>: can't evaluate field Nope in type render.langView (rendering fr/404.html)`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

// TestAlternates checks that every version of a page links all versions,
// from links rendered once for them all, and a 404 page none, also when a
// preview asks for the same page more often than it has versions.
func TestAlternates(t *testing.T) {
	r := themeRenderer(t, "{{define \"base\"}}{{.Page.Lang}}: {{.Alternates}}{{end}}{{define \"alternates\"}}{{range .Alternates}}{{.Lang}}={{.URL}} {{end}}x={{.XDefault}}{{end}}", frEnSiteName, "fr", "en")
	s := smallSite(false)
	s.Pages[2].Title = "Page introuvable"
	const links = "fr=https://example.org/fr/engagements/a/ en=https://example.org/en/commitments/a/ x=https://example.org/fr/engagements/a/"
	want := []string{"fr: " + links, "en: " + links, "fr: "}
	got, err := r.Pages(context.Background(), s, s.Pages)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if string(got[i]) != want[i] {
			t.Errorf("%s: %q, want %q", s.Pages[i].Path, got[i], want[i])
		}
	}
	page := r.Pager(s)
	for range 5 {
		got, err := page(s.Pages[0])
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want[0] {
			t.Errorf("%s in a preview: %q, want %q", s.Pages[0].Path, got, want[0])
		}
	}
}

// A Renderer with other interface strings writes them, in every language
// (a language added too), while the first keeps writing its own.
func TestWithStrings(t *testing.T) {
	r := newTestRenderer(t, 1)
	i18n := fstest.MapFS{
		"fr.toml": {Data: []byte("[greeting]\nother = \"Salut\"\n\n[site_name]\nother = \"Le site\"\n")},
		"nl.toml": {Data: []byte("[greeting]\nother = \"Dag\"\n\n[site_name]\nother = \"De site\"\n")},
		"de.toml": {Data: []byte("[greeting]\nother = \"Hallo <Welt>\"\n\n[site_name]\nother = \"Die Seite\"\n")},
	}
	strs, err := uistrings.Load(i18n, "i18n", []string{"fr", "nl", "de"})
	if err != nil {
		t.Fatal(err)
	}
	n := r.WithStrings(strs, []string{"fr", "nl", "de"})
	s := testSite(2)
	s.Pages = append(s.Pages, &site.Page{Kind: site.KindNotFound, Lang: "de", File: "de/x.html", Title: "x"})
	render := func(r *Renderer, p *site.Page) string {
		t.Helper()
		out, err := r.Pages(context.Background(), s, []*site.Page{p})
		if err != nil {
			t.Fatal(err)
		}
		return string(out[0])
	}
	for _, c := range []struct {
		r    *Renderer
		page int
		want string
	}{
		{n, 0, "<p>Salut p0</p>"},
		{n, 1, "<p>Dag p1</p>"},
		{n, 2, "<p>Hallo &lt;Welt&gt; x</p>"},
		{r, 0, "<p>Bonjour &amp; bienvenue p0</p>"},
		{r, 1, "<p>Hallo p1</p>"},
	} {
		if got := render(c.r, s.Pages[c.page]); !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want it to contain %q", s.Pages[c.page].File, got, c.want)
		}
	}
}

// The links to a page's versions are rendered once for all of them: the
// template cannot tell which version it is rendered for, whichever
// renders first.
func TestAlternatesShared(t *testing.T) {
	r := themeRenderer(t, `{{define "base"}}{{.Page.Lang}}: {{.Alternates}}{{end}}{{define "alternates"}}{{range .Alternates}}{{if .Current}}[{{.Lang}}]{{else}}{{.Lang}}{{end}} {{end}}{{end}}`, frEnSiteName, "fr", "en")
	s := smallSite(false)
	out, err := r.Pages(context.Background(), s, s.Pages[:2])
	if err != nil {
		t.Fatal(err)
	}
	for i, data := range out {
		if got := string(data); strings.Contains(got, "[") {
			t.Errorf("%s: %q marks a current version in the shared links", s.Pages[i].File, got)
		}
	}
}
