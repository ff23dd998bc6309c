package pipeline

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// doc is what the tests read from one rendered HTML page.
type doc struct {
	file       string
	root       *html.Node
	lang       string
	title      string
	desc       string
	canonical  string
	robots     string
	alternates map[string][]string // hreflang → hrefs, in order
	ogLocale   []string
	ogAlt      []string
	hrefs      []string // a[href], link[href], img[src]
	scripts    []map[string]string
	jsonLD     []string
	ids        map[string]bool
	notices    []string // text of .notice elements
	fallbacks  []string // lang of .fallback blocks
	originals  []string // lang of the current French text shown under an outdated translation
	switcher   []switchItem
	texts      []langText // every text node with its language
	metas      map[string]string
}

type switchItem struct {
	lang, text, href string
	current          bool
}

type langText struct {
	lang, text, where string
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func parseDoc(t *testing.T, file string, data []byte) *doc {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not HTML: %v", file, err)
	}
	d := &doc{file: file, root: root, alternates: map[string][]string{}, ids: map[string]bool{}, metas: map[string]string{}}
	var walk func(n *html.Node, lang string)
	walk = func(n *html.Node, lang string) {
		if n.Type == html.ElementNode {
			if l, ok := attr(n, "lang"); ok {
				lang = l
			}
			if id, ok := attr(n, "id"); ok {
				d.ids[id] = true
			}
			switch n.Data {
			case "html":
				d.lang, _ = attr(n, "lang")
			case "title":
				d.title = textOf(n)
			case "meta":
				name, _ := attr(n, "name")
				prop, _ := attr(n, "property")
				val, _ := attr(n, "content")
				switch {
				case name == "description":
					d.desc = val
				case name == "robots":
					d.robots = val
				case prop == "og:locale":
					d.ogLocale = append(d.ogLocale, val)
				case prop == "og:locale:alternate":
					d.ogAlt = append(d.ogAlt, val)
				}
				if prop != "" {
					d.metas[prop] = val
				}
			case "link":
				rel, _ := attr(n, "rel")
				href, _ := attr(n, "href")
				switch rel {
				case "canonical":
					d.canonical = href
				case "alternate":
					// Language versions; the open data link has a type
					// instead of a hreflang.
					if hl, ok := attr(n, "hreflang"); ok {
						d.alternates[hl] = append(d.alternates[hl], href)
					}
				}
				d.hrefs = append(d.hrefs, href)
			case "a":
				if href, ok := attr(n, "href"); ok {
					d.hrefs = append(d.hrefs, href)
				}
			case "img":
				if src, ok := attr(n, "src"); ok {
					d.hrefs = append(d.hrefs, src)
				}
			case "script":
				m := map[string]string{}
				for _, a := range n.Attr {
					m[a.Key] = a.Val
				}
				d.scripts = append(d.scripts, m)
				if m["type"] == "application/ld+json" {
					d.jsonLD = append(d.jsonLD, textOf(n))
				}
				return
			case "nav":
				if hasClass(n, "langs") {
					d.readSwitcher(n)
				}
			}
			if hasClass(n, "notice") {
				d.notices = append(d.notices, textOf(n))
			}
			if hasClass(n, "fallback") {
				d.fallbacks = append(d.fallbacks, lang)
			}
			if hasClass(n, "original") {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if l, ok := attr(c, "lang"); ok {
						d.originals = append(d.originals, l)
					}
				}
			}
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			where := ""
			if n.Parent != nil {
				where = n.Parent.Data
			}
			d.texts = append(d.texts, langText{lang: lang, text: n.Data, where: where})
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, lang)
		}
	}
	walk(root, "")
	return d
}

func (d *doc) readSwitcher(nav *html.Node) {
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "li" {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode {
					continue
				}
				it := switchItem{text: textOf(c)}
				it.lang, _ = attr(c, "lang")
				it.href, _ = attr(c, "href")
				cur, _ := attr(c, "aria-current")
				it.current = cur == "page"
				d.switcher = append(d.switcher, it)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(nav)
}

// site is a built site parsed for checking.
type builtSite struct {
	res   *Result
	base  string
	files map[string][]byte
	docs  map[string]*doc       // by output file
	byURL map[string]*doc       // by canonical URL
	page  map[string]*site.Page // by output file
	langs []content.Language
}

func readSite(t *testing.T, res *Result) *builtSite {
	t.Helper()
	s := &builtSite{res: res, base: res.Site.BaseURL, files: map[string][]byte{}, docs: map[string]*doc{}, byURL: map[string]*doc{}, page: map[string]*site.Page{}, langs: res.Site.Languages}
	for _, f := range res.Files {
		s.files[f.Path] = f.Data
		if strings.HasSuffix(f.Path, ".html") {
			d := parseDoc(t, f.Path, f.Data)
			s.docs[f.Path] = d
			if d.canonical != "" {
				s.byURL[d.canonical] = d
			}
		}
	}
	for _, p := range res.Site.Pages {
		s.page[p.File] = p
	}
	return s
}

func (s *builtSite) sortedDocs() []*doc {
	var out []*doc
	for _, d := range s.docs {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file < out[j].file })
	return out
}

// urlOf is the public URL of an output file.
func (s *builtSite) urlOf(file string) string {
	return s.base + "/" + strings.TrimSuffix(file, "index.html")
}

// fileOfPath maps a site path to the output file serving it.
func (s *builtSite) fileOfPath(p string) (string, bool) {
	f := strings.TrimPrefix(p, "/")
	if f == "" || strings.HasSuffix(f, "/") {
		f += "index.html"
	}
	_, ok := s.files[f]
	return f, ok
}

// TestSitePageCounts: every language has one page per chapter, section,
// commitment, topic and editorial page, plus home, the lists of chapters,
// sections and commitments, topics index, glossary and 404.
func TestSitePageCounts(t *testing.T) {
	res := mustFixtureBuild(t)
	var sections, commitments int
	for _, u := range res.Units {
		switch u.Kind {
		case programme.KindSection:
			sections++
		case programme.KindCommitment:
			commitments++
		}
	}
	if sections != 2 || commitments != 6 {
		t.Errorf("the fixture seed has %d sections and %d commitments; want 2 and 6", sections, commitments)
	}
	// home + chapter + chapters index + sections index + commitments index
	// (one page each for one chapter) + sections + commitments + topics
	// index + topics + pages + glossary + open data + search + 404
	want := 1 + 1 + 3 + sections + commitments + 1 + len(res.Content.Topics) + len(res.Content.Pages["fr"]) + 1 + 1 + 1 + 1
	for _, lang := range res.Site.Languages {
		var pages, commitPages int
		for _, f := range res.Files {
			if !strings.HasPrefix(f.Path, lang.Code+"/") || !strings.HasSuffix(f.Path, ".html") {
				continue
			}
			pages++
			if ok, _ := path.Match(lang.Code+"/"+lang.Paths["commitments"]+"/*/index.html", f.Path); ok {
				commitPages++
			}
		}
		if pages != want {
			t.Errorf("%s: %d HTML pages, want %d", lang.Code, pages, want)
		}
		if commitPages != commitments {
			t.Errorf("%s: %d commitment pages, want %d", lang.Code, commitPages, commitments)
		}
	}
	for _, f := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "_redirects", "favicon.svg"} {
		found := false
		for _, g := range res.Files {
			found = found || g.Path == f
		}
		if !found {
			t.Errorf("no %s in the output", f)
		}
	}
	var css []string
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".css") {
			css = append(css, f.Path)
		}
	}
	if len(css) != 1 || !regexp.MustCompile(`^assets/style\.[0-9a-f]{10}\.css$`).MatchString(css[0]) {
		t.Errorf("stylesheets %v; want one, fingerprinted in its name", css)
	}
}

func TestSitePagesHaveHead(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	codes := map[string]bool{}
	for _, l := range s.langs {
		codes[l.Code] = true
	}
	for _, d := range s.sortedDocs() {
		if !codes[d.lang] {
			t.Errorf("%s: <html lang=%q>, want one of the site's languages", d.file, d.lang)
		}
		if want := strings.SplitN(d.file, "/", 2)[0]; codes[want] && d.lang != want {
			t.Errorf("%s: <html lang=%q>, want %q", d.file, d.lang, want)
		}
		if strings.TrimSpace(d.title) == "" {
			t.Errorf("%s: no <title>", d.file)
		}
		if strings.TrimSpace(d.desc) == "" {
			t.Errorf("%s: no meta description", d.file)
		}
		if want := s.urlOf(d.file); d.canonical != want {
			t.Errorf("%s: canonical %q, want %q", d.file, d.canonical, want)
		}
		if d.metas["og:title"] == "" || d.metas["og:url"] != d.canonical {
			t.Errorf("%s: og:title %q, og:url %q; want a title and the canonical URL", d.file, d.metas["og:title"], d.metas["og:url"])
		}
		if d.file != "index.html" && d.file != "404.html" {
			var locale string
			for _, l := range s.langs {
				if l.Code == d.lang {
					locale = l.Locale
				}
			}
			if len(d.ogLocale) != 1 || d.ogLocale[0] != locale || len(d.ogAlt) != len(s.langs)-1 {
				t.Errorf("%s: og:locale %v, alternates %v; want %s and the %d others", d.file, d.ogLocale, d.ogAlt, locale, len(s.langs)-1)
			}
		}
	}
}

func TestSiteLinksResolve(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	redirect := map[string]bool{}
	for _, r := range s.res.Site.Redirects {
		redirect[r.From] = true
	}
	for _, d := range s.sortedDocs() {
		for _, href := range d.hrefs {
			p, frag := href, ""
			if i := strings.Index(p, "#"); i >= 0 {
				p, frag = p[:i], p[i+1:]
			}
			switch {
			case strings.HasPrefix(p, s.base+"/"):
				p = strings.TrimPrefix(p, s.base)
			case strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//"):
			case p == "":
				p = "/" + strings.TrimSuffix(d.file, "index.html")
			default:
				t.Errorf("%s: link %q is neither a site path nor an absolute URL of the site", d.file, href)
				continue
			}
			f, ok := s.fileOfPath(p)
			if !ok && !redirect[p] {
				t.Errorf("%s: broken link %s", d.file, href)
				continue
			}
			if frag != "" && !s.docs[f].ids[frag] {
				t.Errorf("%s: link %s: no id %q in %s", d.file, href, frag, f)
			}
		}
	}
}

// TestSiteHreflang checks that every indexable page names each
// language version and x-default once, with absolute URLs, that it names
// itself, and that every page it names gives the very same set back.
func TestSiteHreflang(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	for _, d := range s.sortedDocs() {
		if strings.Contains(d.robots, "noindex") {
			if len(d.alternates) != 0 {
				t.Errorf("%s: a noindex page with hreflang alternates", d.file)
			}
			continue
		}
		want := []string{"x-default"}
		for _, l := range s.langs {
			want = append(want, l.Code)
		}
		var got []string
		for hl, hrefs := range d.alternates {
			got = append(got, hl)
			if len(hrefs) != 1 {
				t.Errorf("%s: hreflang %s given %d times", d.file, hl, len(hrefs))
			}
			for _, h := range hrefs {
				if !strings.HasPrefix(h, s.base+"/") {
					t.Errorf("%s: hreflang %s href %q is not absolute", d.file, hl, h)
				}
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: hreflang set %v, want %v", d.file, got, want)
			continue
		}
		self := false
		for _, hrefs := range d.alternates {
			self = self || hrefs[0] == d.canonical
		}
		if !self {
			t.Errorf("%s: the hreflang set does not name the page itself (%s)", d.file, d.canonical)
		}
		if d.alternates[d.lang][0] != d.canonical && d.alternates["x-default"][0] != d.canonical {
			t.Errorf("%s: hreflang %s is %s, want the page itself", d.file, d.lang, d.alternates[d.lang][0])
		}
		for hl, hrefs := range d.alternates {
			other := s.byURL[hrefs[0]]
			if other == nil {
				t.Errorf("%s: hreflang %s → %s: no such page", d.file, hl, hrefs[0])
				continue
			}
			if !sameAlternates(d.alternates, other.alternates) {
				t.Errorf("%s: hreflang %s → %s, which gives another set:\n  %v\n  %v", d.file, hl, other.file, d.alternates, other.alternates)
			}
		}
	}
}

func sameAlternates(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if len(b[k]) != len(v) || len(v) == 0 || b[k][0] != v[0] {
			return false
		}
	}
	return true
}

type sitemapDoc struct {
	URLs []struct {
		Loc   string `xml:"loc"`
		Links []struct {
			Rel      string `xml:"rel,attr"`
			HrefLang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

func TestSiteSitemap(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	var sm sitemapDoc
	dec := xml.NewDecoder(bytes.NewReader(s.files["sitemap.xml"]))
	if err := dec.Decode(&sm); err != nil {
		t.Fatalf("sitemap.xml is not valid XML: %v", err)
	}
	listed := map[string]bool{}
	for _, u := range sm.URLs {
		if listed[u.Loc] {
			t.Errorf("sitemap: %s listed twice", u.Loc)
		}
		listed[u.Loc] = true
		d := s.byURL[u.Loc]
		if d == nil {
			t.Errorf("sitemap: %s is not a page of the site", u.Loc)
			continue
		}
		alts := map[string][]string{}
		for _, l := range u.Links {
			if l.Rel != "alternate" {
				t.Errorf("sitemap: %s: link rel %q", u.Loc, l.Rel)
			}
			alts[l.HrefLang] = append(alts[l.HrefLang], l.Href)
		}
		if !sameAlternates(alts, d.alternates) {
			t.Errorf("sitemap: %s alternates %v, the page says %v", u.Loc, alts, d.alternates)
		}
	}
	for _, d := range s.sortedDocs() {
		if !strings.Contains(d.robots, "noindex") && !listed[d.canonical] {
			t.Errorf("sitemap: %s (%s) is not listed", d.canonical, d.file)
		}
		if strings.Contains(d.robots, "noindex") && listed[d.canonical] {
			t.Errorf("sitemap: lists %s, a noindex page", d.canonical)
		}
	}
	robots := string(s.files["robots.txt"])
	if !strings.Contains(robots, "Sitemap: "+s.base+"/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
}

// TestSiteNoJavaScript: the production site needs no script but the search
// page's own; the other script elements are JSON-LD data, which must parse
// and describe the page.
func TestSiteNoJavaScript(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	for _, d := range s.sortedDocs() {
		for _, sc := range d.scripts {
			if ok, _ := path.Match("*/search/index.html", d.file); ok && strings.HasPrefix(sc["src"], "/assets/search.") && sc["type"] == "" {
				continue
			}
			if sc["type"] != "application/ld+json" || sc["src"] != "" {
				t.Errorf("%s: <script %v>; only application/ld+json is allowed", d.file, sc)
			}
		}
		for _, raw := range d.jsonLD {
			var ld map[string]any
			if err := json.Unmarshal([]byte(raw), &ld); err != nil {
				t.Errorf("%s: JSON-LD does not parse: %v", d.file, err)
				continue
			}
			if ld["@type"] != "WebPage" || ld["inLanguage"] != d.lang || ld["url"] != d.canonical {
				t.Errorf("%s: JSON-LD %v; want a WebPage in %s at %s", d.file, ld, d.lang, d.canonical)
			}
			p := s.page[d.file]
			if p == nil || p.Kind != site.KindCommitment {
				continue
			}
			// The work is the text the page shows: the French one where
			// the translation is missing.
			workLang := d.lang
			if len(d.fallbacks) > 0 {
				workLang = "fr"
			}
			work, _ := ld["mainEntity"].(map[string]any)
			if work == nil || work["@type"] != "CreativeWork" || work["inLanguage"] != workLang {
				t.Errorf("%s: JSON-LD main entity %v; want a CreativeWork in %s", d.file, work, workLang)
				continue
			}
			_, isTranslation := work["translationOfWork"]
			if isTranslation != (workLang != "fr") {
				t.Errorf("%s: translationOfWork present: %v; want it exactly where the page shows a translation", d.file, isTranslation)
			}
		}
		p := s.page[d.file]
		if p != nil && p.Kind != site.KindNotFound && len(d.jsonLD) != 1 {
			t.Errorf("%s: %d JSON-LD blocks, want 1", d.file, len(d.jsonLD))
		}
	}
}

// TestSiteLanguageSwitcher: every page names each language in itself,
// does not link the current one, and links the others to the same thing.
func TestSiteLanguageSwitcher(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	for _, d := range s.sortedDocs() {
		if len(d.switcher) != len(s.langs) {
			t.Errorf("%s: language switcher has %d entries, want %d", d.file, len(d.switcher), len(s.langs))
			continue
		}
		for i, l := range s.langs {
			it := d.switcher[i]
			if it.text != l.Name || it.lang != l.Code {
				t.Errorf("%s: switcher entry %d is %q (lang %q), want %q (lang %q)", d.file, i, it.text, it.lang, l.Name, l.Code)
			}
			isRootPage := d.file == "index.html" || d.file == "404.html"
			if !isRootPage && (l.Code == d.lang) != it.current {
				t.Errorf("%s: switcher entry %s current=%v", d.file, l.Code, it.current)
			}
			if it.current && it.href != "" {
				t.Errorf("%s: the current language is a link", d.file)
			}
			if !it.current {
				if it.href == "" {
					t.Errorf("%s: switcher entry %s is not a link", d.file, l.Code)
				} else if alt := d.alternates[l.Code]; len(alt) > 0 && s.base+it.href != alt[0] {
					t.Errorf("%s: switcher links %s to %s, hreflang says %s", d.file, l.Code, it.href, alt[0])
				}
			}
		}
	}
}

// TestSiteCommitmentSize: a commitment page and its stylesheet fit in
// the first 14 KB a server sends, compressed.
func TestSiteCommitmentSize(t *testing.T) {
	res := mustFixtureBuild(t)
	var css []byte
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".css") {
			css = f.Data
		}
	}
	cssSize := gzipSize(css)
	biggest, biggestFile := 0, ""
	for _, p := range res.Site.Pages {
		if p.Kind != site.KindCommitment {
			continue
		}
		for _, f := range res.Files {
			if f.Path == p.File {
				if n := gzipSize(f.Data) + cssSize; n > biggest {
					biggest, biggestFile = n, f.Path
				}
			}
		}
	}
	if biggest > 14*1024 {
		t.Errorf("%s with its CSS is %d bytes gzipped; the budget is %d", biggestFile, biggest, 14*1024)
	}
	t.Logf("largest commitment page with CSS: %s, %d bytes gzipped (CSS %d)", biggestFile, biggest, cssSize)
}

func gzipSize(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

// frenchSpaceRule finds an ordinary space, or none, where French typography
// wants a no-break space: before ; : ! ? » and after «.
var frenchSpaceRule = regexp.MustCompile(`[ \t\n][;:!?»]|«[ \t\n]|[^\s\x{a0}\x{202f}«][»]|«[^\s\x{a0}\x{202f}]`)

// TestSiteFrenchTypography checks every French text of the site, in
// French pages and wherever French is shown in another language's page,
// and the French titles and descriptions.
func TestSiteFrenchTypography(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	for _, d := range s.sortedDocs() {
		for _, tx := range d.texts {
			if tx.lang != "fr" {
				continue
			}
			if m := frenchSpaceRule.FindStringIndex(tx.text); m != nil {
				t.Errorf("%s: <%s> %q: want a no-break space at %q", d.file, tx.where, tx.text, tx.text[max(0, m[0]-10):min(len(tx.text), m[1]+5)])
			}
		}
		if d.lang != "fr" {
			continue
		}
		for what, v := range map[string]string{"title": d.title, "description": d.desc, "og:title": d.metas["og:title"], "og:description": d.metas["og:description"]} {
			if m := frenchSpaceRule.FindStringIndex(v); m != nil {
				t.Errorf("%s: %s %q: want a no-break space at %q", d.file, what, v, v[max(0, m[0]-10):min(len(v), m[1]+5)])
			}
		}
	}
}

// TestSiteCommitmentPage checks what a citizen sees on every
// commitment page.
func TestSiteCommitmentPage(t *testing.T) {
	s := readSite(t, mustFixtureBuild(t))
	sourceRef := map[string]*regexp.Regexp{
		"fr": regexp.MustCompile(`^Chapitre 12, lignes? \d+( à \d+)?, page \d+$`),
		"nl": regexp.MustCompile(`^Hoofdstuk 12, regels? \d+(.\d+)?, pagina \d+$`),
		"en": regexp.MustCompile(`^Chapter 12, lines? \d+(–\d+)?, page \d+$`),
	}
	for _, p := range s.res.Site.Pages {
		if p.Kind != site.KindCommitment {
			continue
		}
		d := s.docs[p.File]
		main := find(d.root, func(n *html.Node) bool { return n.Data == "main" })
		if main == nil {
			t.Errorf("%s: no <main>", p.File)
			continue
		}
		h1 := find(main, func(n *html.Node) bool { return n.Data == "h1" })
		if h1 == nil || strings.TrimSpace(textOf(h1)) == "" {
			t.Errorf("%s: no h1 short title", p.File)
		}
		crumbs := find(d.root, func(n *html.Node) bool { return n.Data == "nav" && hasClass(n, "crumbs") })
		if crumbs == nil || len(findAll(crumbs, func(n *html.Node) bool { return n.Data == "a" })) < 2 {
			t.Errorf("%s: breadcrumbs missing or without the section", p.File)
		}
		dd := findAll(main, func(n *html.Node) bool { return n.Data == "dd" })
		var ref string
		for _, n := range dd {
			if sourceRef[p.Lang].MatchString(textOf(n)) {
				ref = textOf(n)
			}
		}
		if ref == "" {
			t.Errorf("%s: no source reference in the facts", p.File)
		}
		pager := find(main, func(n *html.Node) bool { return n.Data == "nav" && hasClass(n, "pager") })
		c := p.Body.(*site.Commitment)
		if (c.Prev != nil || c.Next != nil) != (pager != nil) {
			t.Errorf("%s: previous/next navigation missing", p.File)
		}
		if len(c.Topics) == 0 {
			t.Errorf("%s: no topics", p.File)
		}
		if len(c.Related) == 0 {
			t.Errorf("%s: no related commitments", p.File)
		}
	}
}

func find(n *html.Node, f func(*html.Node) bool) *html.Node {
	if all := findAll(n, f); len(all) > 0 {
		return all[0]
	}
	return nil
}

func findAll(n *html.Node, f func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && f(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// blockTags start a new line in golden files, so that a diff shows which
// part of a page changed. The golden file is the page byte for byte once
// these newlines are removed.
var blockTags = map[string]bool{
	"html": true, "head": true, "meta": true, "link": true, "title": true, "script": true, "body": true,
	"header": true, "nav": true, "ul": true, "ol": true, "li": true, "main": true, "footer": true,
	"div": true, "p": true, "h1": true, "h2": true, "dl": true, "dt": true, "dd": true, "section": true, "a": false,
}

// cssFingerprint is the stylesheet's name in pages; golden files show it
// as style.FINGERPRINT.css, so that a style change does not touch them
// (TestSitePageCounts checks the name).
var cssFingerprint = regexp.MustCompile(`/assets/style\.[0-9a-f]+\.css`)

func goldenForm(data []byte) []byte {
	data = cssFingerprint.ReplaceAll(data, []byte("/assets/style.FINGERPRINT.css"))
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			name, _ := z.TagName()
			if blockTags[string(name)] && out.Len() > 0 && out.Bytes()[out.Len()-1] != '\n' {
				out.WriteByte('\n')
			}
		}
		out.Write(raw)
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// TestGoldenCommitmentPages compares one commitment page per language with
// testdata/commitment.<lang>.golden.html. Run with -update to rewrite them,
// then read the diff: the files are reviewed.
func TestGoldenCommitmentPages(t *testing.T) {
	res := mustFixtureBuild(t)
	for _, lang := range res.Site.Languages {
		t.Run(lang.Code, func(t *testing.T) {
			var page *site.Page
			for _, p := range res.Site.Pages {
				if p.Key == (site.Key{Kind: site.KindCommitment, ID: goldenID}) && p.Lang == lang.Code {
					page = p
				}
			}
			if page == nil {
				t.Fatalf("no %s page for commitment %s", lang.Code, goldenID)
			}
			var got []byte
			for _, f := range res.Files {
				if f.Path == page.File {
					got = goldenForm(f.Data)
					if !bytes.Equal(bytes.ReplaceAll(got[:len(got)-1], []byte("\n"), nil), bytes.ReplaceAll(cssFingerprint.ReplaceAll(f.Data, []byte("/assets/style.FINGERPRINT.css")), []byte("\n"), nil)) {
						t.Fatal("goldenForm lost bytes")
					}
				}
			}
			golden := filepath.Join("testdata", "commitment."+lang.Code+".golden.html")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/pipeline -run Golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s; run with -update and review the diff:\n%s", page.File, golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// TestDeterminism builds twice, with one worker and with many, and compares
// the outputs byte for byte, then writes both and compares the folders.
func TestDeterminism(t *testing.T) {
	a, err := Build(context.Background(), Options{Root: fixtureRoot, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(context.Background(), Options{Root: fixtureRoot, Workers: 16})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("file %d differs: %s / %s", i, a.Files[i].Path, b.Files[i].Path)
		}
	}
	dir := t.TempDir()
	for _, r := range []struct {
		res *Result
		out string
	}{{a, "a"}, {b, "b"}} {
		if err := Write(r.res.Files, filepath.Join(dir, r.out)); err != nil {
			t.Fatal(err)
		}
	}
	if ta, tb := treeOf(t, filepath.Join(dir, "a")), treeOf(t, filepath.Join(dir, "b")); ta != tb {
		t.Error("the two written folders differ")
	}
}

// treeOf describes a folder: every file's path and content.
func treeOf(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if e.IsDir() {
			fmt.Fprintf(&b, "%s/\n", rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %x\n", rel, len(data), data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFallbackNotices checks that the notices appear exactly on the pages
// that show a missing or outdated translation, with the French text marked
// lang="fr": the fixture's outdated Dutch and missing English commitments,
// and a section whose Dutch intro is removed here.
func TestFallbackNotices(t *testing.T) {
	const sectionIntro = "12-intro-retard-moyen-trains-augmente-dernieres"
	const section = "12-sec-trains-plus-fiables"
	root := copyInputs(t)
	if err := os.Remove(filepath.Join(root, "content", "nl", "units", sectionIntro+".md")); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang                       string
		current, outdated, missing int
	}{
		{"nl", 13, 1, 1},
		{"en", 14, 0, 1},
	} {
		cur, old, miss := res.Status.Counts(tc.lang)
		if cur != tc.current || old != tc.outdated || miss != tc.missing {
			t.Errorf("%s: %d current, %d outdated, %d missing; want %d, %d, %d", tc.lang, cur, old, miss, tc.current, tc.outdated, tc.missing)
		}
	}

	const (
		missing  = "This text has not been translated yet."
		outdated = "The French text has changed since this translation was made."
	)
	notices := map[string]map[string]string{ // kind → lang → start of the notice
		"missing":  {"nl": "Deze tekst is nog niet vertaald.", "en": missing},
		"outdated": {"nl": "De Franse tekst is gewijzigd sinds deze vertaling werd gemaakt.", "en": outdated},
	}
	// The kind of notice each page needs, by language and page key.
	want := map[string]string{
		"nl commitment:" + outdatedNL: "outdated",
		"nl section:" + section:       "missing",
		"en commitment:" + missingEN:  "missing",
	}
	s := readSite(t, res)
	found := 0
	for _, p := range res.Site.Pages {
		d := s.docs[p.File]
		kind := want[p.Lang+" "+p.Key.String()]
		if kind != "" {
			found++
		}
		if (len(d.notices) > 0) != (kind != "") {
			t.Errorf("%s (%s): notices %q, want a %q notice", p.File, p.Key, d.notices, kind)
			continue
		}
		if kind == "" {
			if len(d.fallbacks) > 0 || len(d.originals) > 0 {
				t.Errorf("%s: French fallback text without a notice", p.File)
			}
			continue
		}
		if len(d.notices) != 1 || !strings.HasPrefix(d.notices[0], notices[kind][p.Lang]) {
			t.Errorf("%s: notices %q, want one starting %q", p.File, d.notices, notices[kind][p.Lang])
		}
		blocks := d.fallbacks // the French text instead of a missing translation
		if kind == "outdated" {
			blocks = d.originals // the current French text under the translation
		}
		if len(blocks) != 1 || blocks[0] != "fr" {
			t.Errorf("%s: French blocks in %v (fallbacks %v, originals %v), want one in fr", p.File, blocks, d.fallbacks, d.originals)
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the %d pages that need a notice", found, len(want))
	}
}

// inputEdit changes one input file of a copied tree.
type inputEdit func(t *testing.T, root string)

func rewrite(file string, f func(string) string) inputEdit {
	return func(t *testing.T, root string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(file))
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out := f(string(data))
		if out == string(data) {
			t.Fatalf("%s: the edit changed nothing", file)
		}
		if err := os.WriteFile(p, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func replaceOnce(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

// TestBadInput breaks one input at a time: the build fails with the exact
// message, and an output folder written before is left as it was.
func TestBadInput(t *testing.T) {
	const unit = "12-publier-chaque-mois-ponctualite-chaque"
	const other = "12-offrir-abonnement-unique-valable-train"
	tests := []struct {
		name  string
		edits []inputEdit
		want  string
	}{
		{
			name:  "broken front matter",
			edits: []inputEdit{rewrite("content/nl/units/"+unit+".md", replaceOnce("slug: ", "slug: [unclosed "))},
			want:  "content: content/nl/units/12-publier-chaque-mois-ponctualite-chaque.md:2: front matter is not valid YAML: line 2: did not find expected ',' or ']'",
		},
		{
			name: "unclosed front matter",
			edits: []inputEdit{rewrite("content/en/units/"+unit+".md", func(s string) string {
				return strings.Replace(s, "\n---\n", "\n\n", 1)
			})},
			want: `content: content/en/units/12-publier-chaque-mois-ponctualite-chaque.md:1: front matter is not closed; expected a line "---" after it`,
		},
		{
			name: "translation of a unit that does not exist",
			edits: []inputEdit{rewrite("content/nl/units/12-publier-chaque-mois-ponctualite-chaqe.md", func(string) string {
				return "---\ntitle: Stiptheid\nsource: 92663a19fa79\n---\nDe stiptheid van elke lijn.\n"
			})},
			want: `site: content/nl/units/12-publier-chaque-mois-ponctualite-chaqe.md: no unit "12-publier-chaque-mois-ponctualite-chaqe" in the seeds; closest existing unit: 12-publier-chaque-mois-ponctualite-chaque`,
		},
		{
			name: "two pages with the same URL",
			edits: []inputEdit{rewrite("content/en/units/"+other+".md", func(s string) string {
				return regexp.MustCompile(`(?m)^slug: .*$`).ReplaceAllString(s, "slug: punctuality-per-line")
			})},
			want: "site: content/en/units/12-offrir-abonnement-unique-valable-train.md:3: two pages have the URL /en/commitments/punctuality-per-line/: commitment:12-offrir-abonnement-unique-valable-train and commitment:12-publier-chaque-mois-ponctualite-chaque (content/en/units/12-publier-chaque-mois-ponctualite-chaque.md:3); give one of them another slug",
		},
		{
			name:  "template parse error",
			edits: []inputEdit{rewrite("themes/default/templates/commitment.html", replaceOnce(`<p class="kicker">`, `{{if}}<p class="kicker">`))},
			want:  "theme: themes/default/templates/commitment.html:2: missing value for if",
		},
		{
			name:  "template execution error",
			edits: []inputEdit{rewrite("themes/default/templates/commitment.html", replaceOnce(`<p class="kicker">`, `{{.Page.Nope}}<p class="kicker">`))},
			want:  `render: themes/default/templates/commitment.html:2: col 7: executing "main" at <.Page.Nope>: can't evaluate field Nope in type *site.Page (rendering en/commitments/12-former-personnel-gares-accueil-voyageurs/index.html)`,
		},
		{
			name:  "theme without the main navigation",
			edits: []inputEdit{rewrite("themes/default/templates/base.html", replaceOnce(`{{define "main-nav"}}`, `{{define "navigation"}}`))},
			want:  `theme: themes/default/templates: base.html defines no template "main-nav"; the renderer needs it`,
		},
		{
			name:  "execution error in the main navigation",
			edits: []inputEdit{rewrite("themes/default/templates/base.html", replaceOnce(`<li><a href="{{.TopicsPath}}"`, `<li>{{.Nope}}<a href="{{.TopicsPath}}"`))},
			want:  `render: themes/default/templates/base.html:71: col 6: executing "main-nav" at <.Nope>: can't evaluate field Nope in type render.mainNav (rendering 404.html)`,
		},
		{
			name:  "link to a page that does not exist",
			edits: []inputEdit{rewrite("content/fr/pages/about.md", replaceOnce("- par thème.", "- par thème, ou [nulle part](/fr/nulle-part/)."))},
			want:  "links: content/fr/pages/about.md:11: broken link /fr/nulle-part/",
		},
		{
			name:  "raw HTML",
			edits: []inputEdit{rewrite("content/fr/pages/about.md", replaceOnce("## D’où vient le texte", "<div>HTML</div>\n\n## D’où vient le texte"))},
			want:  "content: content/fr/pages/about.md:13: raw HTML is not allowed in content; write plain Markdown",
		},
		{
			name: "UI string not in the source language",
			edits: []inputEdit{rewrite("i18n/nl.toml", func(s string) string {
				return "[no_such_message]\nother = \"x\"\n\n" + s
			})},
			want: `i18n: i18n/nl.toml:1: message "no_such_message" is not defined in fr.toml; remove it or add it there`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copyInputs(t)
			out := filepath.Join(t.TempDir(), "build")
			previous := []render.File{{Path: "index.html", Data: []byte("previous site")}, {Path: "fr/index.html", Data: []byte("previous fr")}}
			if err := Write(previous, out); err != nil {
				t.Fatal(err)
			}
			before := treeOf(t, filepath.Dir(out))
			for _, e := range tt.edits {
				e(t, root)
			}
			res, err := Build(context.Background(), Options{Root: root})
			if err == nil {
				err = Write(res.Files, out)
			}
			if err == nil {
				t.Fatal("the build succeeded")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", err, tt.want)
			}
			if after := treeOf(t, filepath.Dir(out)); after != before {
				t.Error("the output folder changed after a failed build")
			}
		})
	}
}

// TestWriteFailureKeepsOutput: when writing fails half-way, the output
// folder keeps the previous site and no temporary folder is left behind.
func TestWriteFailureKeepsOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "build")
	if err := Write([]render.File{{Path: "index.html", Data: []byte("previous")}}, out); err != nil {
		t.Fatal(err)
	}
	before := treeOf(t, parent)
	bad := [][]render.File{
		{{Path: "a", Data: []byte("a file")}, {Path: "a/index.html", Data: []byte("under a file")}},
		{{Path: "../escape.html", Data: []byte("outside")}},
	}
	for _, files := range bad {
		if err := Write(files, out); err == nil {
			t.Errorf("Write(%s) succeeded", files[len(files)-1].Path)
		}
		if after := treeOf(t, parent); after != before {
			t.Errorf("Write(%s) failed but changed %s:\n%s", files[len(files)-1].Path, parent, after)
		}
	}
}
