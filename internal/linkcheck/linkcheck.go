// Package linkcheck checks that every internal link of a built site leads
// somewhere: to a page, another output file or a redirect and, when it has a
// fragment, to an element of the page with that id.
//
// It works on the site model, not on the rendered HTML. The links the theme
// writes from model data (site.Link paths, alternates, canonical and
// x-default URLs, breadcrumbs, previous and next, related commitments,
// glossary marks and definitions) are read from the pages' fields, and a
// page's ids are what the model knows of it (glossary entries, the ids of
// the definitions listed after a text). Only what is not model data is read
// as HTML, with golang.org/x/net/html's tokenizer:
//
//   - the editorial pages' HTML, rendered from Markdown by content;
//   - one rendered page of each kind, for the links and ids the theme writes
//     itself (the skip link to #main, the icon, the stylesheet);
//   - the rendered page a fragment points to, when the model does not know
//     the fragment's id (a link to a heading of the theme, or a broken one).
package linkcheck

import (
	"bytes"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/site"
)

// Input is a built site, as the check needs it.
type Input struct {
	Site *site.Site
	// Files are the site's output files, relative to the output folder
	// ("fr/index.html", "favicon.svg"): the pages and every other file.
	Files []string
	// Page returns the rendered bytes of a page's output file. The check
	// asks for a few pages only (see the package documentation).
	Page func(file string) ([]byte, error)
	// Content, when set, gives each editorial page's Markdown file: a broken
	// link in the page's text is reported there.
	Content *content.Content
	// FS is rooted where the content files' names start, to find the line
	// of a broken link in its Markdown file; nil reports line 0.
	FS fs.FS
	// Only, when not nil, restricts the check to the links found on these
	// pages of Site (the targets are still every file of the site). An
	// incremental build passes the pages it rendered again, when the rest
	// of the site passed the last check and no target can have changed
	// for the others (see PageIDs).
	Only []*site.Page
}

// Check reports each internal link that leads to no output file, no
// redirect, or no element with the fragment's id, as "file:line: broken
// link href" in a diag.List: at the Markdown file and line for a link an
// editor wrote, at the output page for any other, since the generator wrote
// it. External links are not followed. Most links are the same on many
// pages: a link whose target does not depend on the page it is on is
// resolved and checked once.
func Check(in Input) error {
	c := &checker{
		in:         in,
		redirected: make(map[string]bool, len(in.Site.Redirects)),
		ids:        map[*site.Page]map[string]bool{},
		read:       map[*site.Page]bool{},
		checked:    map[string]bool{},
		seen:       map[string]bool{},
	}
	if in.Only == nil {
		c.file = fileMap(in.Files, in.Site.Pages)
	} else {
		// A few pages' links: the files are searched rather than mapped.
		c.file = fileSearch(in.Files, in.Site.Pages)
	}
	for _, r := range in.Site.Redirects {
		c.redirected[r.From] = true
	}
	kinds := map[site.Kind]bool{}
	pages := in.Site.Pages
	if in.Only != nil {
		pages = in.Only
	}
	for _, p := range pages {
		if _, ok := c.file(p.File); !ok {
			continue
		}
		eachLink(p, func(href string) { c.check(p, href, false) })
		var editorial map[string]bool // the links of the page's Markdown
		if e, ok := p.Body.(*site.Editorial); ok {
			_, hrefs := scan(e.HTML)
			editorial = make(map[string]bool, len(hrefs))
			for _, href := range hrefs {
				editorial[href] = true
				c.check(p, href, true)
			}
		}
		if !kinds[p.Kind] {
			// The theme's own links are the same on every page of a kind.
			kinds[p.Kind] = true
			hrefs := c.readPage(p)
			for _, href := range hrefs {
				if !editorial[href] {
					c.check(p, href, false)
				}
			}
		}
	}
	return c.errs.Err()
}

// PageIDs returns the ids of page p's elements, the model's and those of
// its rendered HTML: what a link with a fragment to the page can lead to.
func PageIDs(p *site.Page, rendered []byte) map[string]bool {
	ids, _ := scan(string(rendered))
	for id := range modelIDs(p) {
		ids[id] = true
	}
	return ids
}

// checker is what Check knows of the site: its files, the ids of its pages,
// and the links already checked.
type checker struct {
	in Input
	// file finds an output file and its page, nil when it is not one.
	file       func(name string) (*site.Page, bool)
	redirected map[string]bool // site paths that redirect
	ids        map[*site.Page]map[string]bool
	read       map[*site.Page]bool // pages whose rendered HTML was read
	checked    map[string]bool     // links whose target is not relative to the page → sound
	errs       diag.List
	seen       map[string]bool // problems reported, by file and href
}

// check reports href, found on page p, when it is broken. editorial is set
// for a link in the page's Markdown.
func (c *checker) check(p *site.Page, href string, editorial bool) {
	ok, known := c.checked[href]
	if !known {
		target, frag, internal, relative := resolve(c.in.Site.BaseURL, p.Path, href)
		ok = !internal || c.leadsTo(target, frag)
		if !relative {
			c.checked[href] = ok
		}
	}
	if !ok {
		c.report(p, href, editorial)
	}
}

// leadsTo reports whether a site path is served by a file or redirects,
// and, when frag is set and the file is a page, whether the page has an
// element with that id.
func (c *checker) leadsTo(target, frag string) bool {
	p, exists := c.serving(target)
	if !exists {
		return c.redirected[target]
	}
	return frag == "" || p == nil || c.hasID(p, frag)
}

// serving finds the output file serving a site path: the file itself, or
// its folder's index.html. p is the file's page, nil when it is not one.
func (c *checker) serving(target string) (p *site.Page, exists bool) {
	f := strings.TrimPrefix(target, "/")
	if !strings.HasSuffix(target, "/") {
		if p, ok := c.file(f); ok {
			return p, true
		}
		f += "/"
	}
	return c.file(f + "index.html")
}

// fileMap returns a function finding an output file and its page, from a
// map of them: for a check of every page, which looks up as many files.
func fileMap(files []string, pages []*site.Page) func(string) (*site.Page, bool) {
	m := make(map[string]*site.Page, len(files))
	for _, f := range files {
		m[f] = nil
	}
	for _, p := range pages {
		if _, ok := m[p.File]; ok {
			m[p.File] = p
		}
	}
	return func(name string) (*site.Page, bool) {
		p, ok := m[name]
		return p, ok
	}
}

// fileSearch is fileMap by binary search in the files and pages, sorted
// (a copy is sorted when they are not): for a check of a few pages on a
// site of many, which need not map them all.
func fileSearch(files []string, pages []*site.Page) func(string) (*site.Page, bool) {
	if !slices.IsSorted(files) {
		files = slices.Sorted(slices.Values(files))
	}
	byFile := func(p *site.Page, name string) int { return strings.Compare(p.File, name) }
	if !slices.IsSortedFunc(pages, func(p, q *site.Page) int { return strings.Compare(p.File, q.File) }) {
		pages = slices.SortedFunc(slices.Values(pages), func(p, q *site.Page) int { return strings.Compare(p.File, q.File) })
	}
	return func(name string) (*site.Page, bool) {
		if _, ok := slices.BinarySearch(files, name); !ok {
			return nil, false
		}
		if i, ok := slices.BinarySearchFunc(pages, name, byFile); ok {
			return pages[i], true
		}
		return nil, true
	}
}

// hasID reports whether page p has an element with the id: one the model
// knows, or else one of its rendered HTML.
func (c *checker) hasID(p *site.Page, id string) bool {
	ids, ok := c.ids[p]
	if !ok {
		ids = modelIDs(p)
		c.ids[p] = ids
	}
	if ids[id] {
		return true
	}
	if !c.read[p] {
		c.readPage(p)
		return c.ids[p][id]
	}
	return false
}

// readPage reads page p's rendered HTML, adds its ids to the page's, and
// returns its links. A page that cannot be read has none.
func (c *checker) readPage(p *site.Page) []string {
	c.read[p] = true
	if c.in.Page == nil {
		return nil
	}
	data, err := c.in.Page(p.File)
	if err != nil {
		return nil
	}
	ids, hrefs := scan(string(data))
	if c.ids[p] == nil {
		c.ids[p] = modelIDs(p)
	}
	for id := range ids {
		c.ids[p][id] = true
	}
	return hrefs
}

// report adds "file:line: broken link href", naming the Markdown file of an
// editorial page (and the line of the href in it) for a link of its text,
// or else the output page. The same problem is reported once.
func (c *checker) report(p *site.Page, href string, editorial bool) {
	file, line := p.File, 0
	if editorial {
		if name := p.Key.ID; c.in.Content != nil && p.Key.Kind == site.KindPage {
			pg := c.in.Content.Pages[p.Lang][name]
			if pg == nil && len(c.in.Content.Site.Languages) > 0 {
				pg = c.in.Content.Pages[c.in.Content.Site.Source()][name]
			}
			if pg != nil {
				file = pg.File
				line = lineOf(c.in.FS, pg.File, href)
			}
		}
	}
	key := file + "\x00" + href
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.errs.Add(file, line, "broken link %s", href)
}

// scan returns the ids of an HTML document's elements and its link targets
// (a href, link href, img src), in order.
func scan(doc string) (map[string]bool, []string) {
	ids := map[string]bool{}
	var hrefs []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ids, hrefs
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch {
			case string(k) == "id":
				ids[string(v)] = true
			case string(k) == "href" && (string(name) == "a" || string(name) == "link"),
				string(k) == "src" && string(name) == "img":
				hrefs = append(hrefs, string(v))
			}
		}
	}
}

// resolve turns an href found on the page at pagePath into a site path and
// fragment; internal is false for external and non-HTTP links, and for the
// preview server's own files. relative is set when the answer depends on
// pagePath.
func resolve(base, pagePath, href string) (target, frag string, internal, relative bool) {
	u, err := url.Parse(href)
	if err != nil {
		return href, "", true, false // unparseable: certainly broken
	}
	if u.Scheme != "" || u.Host != "" {
		if base == "" || !strings.HasPrefix(href, base+"/") {
			return "", "", false, false
		}
		if u, err = url.Parse(strings.TrimPrefix(href, base)); err != nil {
			return href, "", true, false // such as base + "//a%20b/": broken
		}
	}
	p := u.Path
	switch {
	case p == "":
		p, relative = pagePath, true
	case !strings.HasPrefix(p, "/"):
		p, relative = path.Join(path.Dir(pagePath+"x"), p), true
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if strings.HasPrefix(p, "/_preview/") {
		return "", "", false, relative
	}
	return p, u.Fragment, true, relative
}

// lineOf returns the first line of a file holding s, or 0.
func lineOf(fsys fs.FS, name, s string) int {
	if fsys == nil {
		return 0
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0
	}
	for i, l := range bytes.Split(data, []byte("\n")) {
		if bytes.Contains(l, []byte(s)) {
			return i + 1
		}
	}
	return 0
}
