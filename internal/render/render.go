// Package render turns the site model into files: HTML pages from the
// theme's html/template files (minified once, when the theme is loaded,
// parsed once and cloned for each language with its interface strings),
// one fingerprinted stylesheet, the sitemap, robots.txt and the redirects.
// Pages render in parallel on a fixed number of workers; each page writes
// its own slot, so the output is deterministic.
package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	"golang.org/x/sync/errgroup"

	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/translation"
	"github.com/belgian-programme/explainer/internal/uistrings"
)

// File is one output file: its path below the site root and its bytes.
type File struct {
	Path string
	Data []byte
}

// Options configure a Renderer. The zero value renders a production site.
type Options struct {
	// LiveReload adds the preview's reload script to every page. Never set
	// for production.
	LiveReload bool
	// Workers bounds parallel rendering; 0 means GOMAXPROCS.
	Workers int
}

// Renderer holds the parsed theme, ready to render any number of sites.
// It is safe for concurrent use once built.
type Renderer struct {
	opts   Options
	dir    string                           // the theme folder, for errors
	parsed map[site.Kind]*template.Template // the minified theme, before any language's functions
	sets   map[string]*langSet              // by language
	css    File
	script File // the search page's script; Path is empty without one
	static []File
	theme  *theme
}

// kinds are the page kinds, each with a template file of its name.
var kinds = []site.Kind{site.KindRoot, site.KindHome, site.KindChapter, site.KindChapters, site.KindListing, site.KindSection, site.KindCommitment, site.KindTopics, site.KindTopic, site.KindPage, site.KindGlossary, site.KindData, site.KindSearch, site.KindNotFound}

// New parses the theme (fsys rooted at the theme folder, dir its path for
// errors) for each language.
func New(fsys fs.FS, dir string, strs *uistrings.Strings, langs []string, opts Options) (*Renderer, error) {
	r := &Renderer{opts: opts, dir: dir}
	cssData, err := fs.ReadFile(fsys, "style.css")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path.Join(dir, "style.css"), err)
	}
	cssMinifier := minify.New()
	cssMinifier.AddFunc("text/css", css.Minify)
	min, err := cssMinifier.Bytes("text/css", cssData)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path.Join(dir, "style.css"), err)
	}
	sum := sha256.Sum256(min)
	r.css = File{Path: assetsDir + "/style." + hex.EncodeToString(sum[:5]) + ".css", Data: min}
	if r.script, err = readScript(fsys, dir); err != nil {
		return nil, err
	}
	if icon, err := fs.ReadFile(fsys, "favicon.svg"); err == nil {
		r.static = append(r.static, File{Path: "favicon.svg", Data: icon})
	}
	if r.theme, err = readTheme(fsys, strs, langs); err != nil {
		return nil, themeError(dir, err, "")
	}
	if r.parsed, err = r.theme.parseKinds(true); err != nil {
		// The theme as written gives the editor the lines of the mistake.
		if _, err := r.theme.parseKinds(false); err != nil {
			return nil, themeError(dir, err, "")
		}
		return nil, themeError(dir, err, "")
	}
	r.sets = r.theme.bind(r.parsed)
	return r, nil
}

// WithStrings returns a Renderer of the same theme with other interface
// strings, for the languages langs: the theme's files are neither read nor
// parsed again.
func (r *Renderer) WithStrings(strs *uistrings.Strings, langs []string) *Renderer {
	n := *r
	n.theme = newTheme(r.theme.files, strs, langs)
	n.sets = n.theme.bind(r.parsed)
	return &n
}

// linkCache renders the theme's "link" template once per link: a link
// (a commitment, a section, a topic) shows on many pages, always the same.
// The result is what {{template "link" .}} writes in HTML text, where
// {{link .}} is used.
type linkCache struct {
	set   *langSet // the language's
	mu    sync.RWMutex
	cache map[site.Link]template.HTML
}

func (c *linkCache) link(l site.Link) (template.HTML, error) {
	c.mu.RLock()
	h, ok := c.cache[l]
	c.mu.RUnlock()
	if ok {
		return h, nil
	}
	t, err := c.set.template(sharedKind)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "link", l); err != nil {
		return "", err
	}
	h = template.HTML(b.String())
	c.mu.Lock()
	if c.cache == nil {
		c.cache = map[site.Link]template.HTML{}
	}
	c.cache[l] = h
	c.mu.Unlock()
	return h, nil
}

// placeholderFuncs lets the templates parse once, before each language's
// clone gets its own T, In and link.
var placeholderFuncs = template.FuncMap{
	"T":       func(string, ...any) (string, error) { return "", nil },
	"In":      func(string, string) (string, error) { return "", nil },
	"trusted": func(s string) template.HTML { return template.HTML(s) },
	"lines":   func(first, last int) int { return last - first + 1 },
	"marked":  Marked,
	"link":    func(site.Link) (template.HTML, error) { return "", nil },
}

// CSSPath is the URL path of the fingerprinted stylesheet.
func (r *Renderer) CSSPath() string { return "/" + r.css.Path }

// readScript reads the theme's search.js, minified and fingerprinted
// like the stylesheet; a theme without one has none (a zero File).
func readScript(fsys fs.FS, dir string) (File, error) {
	src, err := fs.ReadFile(fsys, "search.js")
	if errors.Is(err, fs.ErrNotExist) {
		return File{}, nil
	}
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", path.Join(dir, "search.js"), err)
	}
	m := minify.New()
	m.AddFunc("text/javascript", js.Minify)
	min, err := m.Bytes("text/javascript", src)
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", path.Join(dir, "search.js"), err)
	}
	sum := sha256.Sum256(min)
	return File{Path: assetsDir + "/search." + hex.EncodeToString(sum[:5]) + ".js", Data: min}, nil
}

// view is what a page template receives.
type view struct {
	Page *site.Page
	// Title is the page's title as its head shows it (title and
	// og:title): its own title, the page's part of a split list and the
	// site's name. Description is its own or its interface string.
	Title, Description string
	Script             string // URL path of the search page's script
	LiveReload         bool
	JSONLD             template.JS // empty for none
	// Alternates are the links of the page to its versions in each
	// language, the theme's "alternates" template: the same on every
	// version, so rendered once for them all. Empty on a 404 page.
	Alternates template.HTML
	// Notice is the page's translation status when the page says so:
	// "missing" or "outdated"; empty for a current one.
	Notice string
	// Locale is the page's locale; OtherLocales are its versions' others.
	Locale       string
	OtherLocales []string
	// MainNav is the site's main navigation, the theme's "main-nav"
	// template for this page: the same for many pages, so rendered once.
	MainNav template.HTML
	// HeadLinks, Banner and Footer are the theme's templates of those
	// names, the same on every page of a language, so rendered once per
	// language (see languageParts).
	HeadLinks, Banner, Footer template.HTML
}

// langView is what the theme's "head-links", "banner" and "footer"
// templates receive: what every page of a language shows the same.
type langView struct {
	Lang string
	CSS  string // URL path of the stylesheet
	// DataPath is the language's open data page, and DataJSON its
	// programme.json, linked from every page's head; empty without one.
	DataPath, DataJSON string
}

// langParts are the parts of a page rendered once per language.
type langParts struct {
	HeadLinks, Banner, Footer template.HTML
}

// mainNav is what the theme's "main-nav" template receives.
type mainNav struct {
	Lang         string
	Kind         site.Kind // of the current page
	ChaptersPath string
	TopicsPath   string
	// SearchPath is the language's search page, empty without one.
	SearchPath string
	// GlossaryPath is the language's glossary page, empty without one.
	GlossaryPath string
	Editorial    []navLink
}

type navLink struct {
	Path, Text, Lang string
	Current          bool
}

// Render renders every page of s and the site's other files, sorted by path.
func (r *Renderer) Render(ctx context.Context, s *site.Site) ([]File, error) {
	out := make([]File, len(s.Pages))
	err := r.each(ctx, s, s.Pages, false, func(i int, p *site.Page, data []byte) error {
		out[i] = File{Path: p.File, Data: data}
		return nil
	})
	if err != nil {
		return nil, err
	}
	extra, err := r.SiteFiles(s)
	if err != nil {
		return nil, err
	}
	out = append(out, extra...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Each renders every page of s in parallel, like Render, and hands each one
// to emit as soon as it is rendered, with its index in s.Pages: the pages
// need not be held in memory all at once. emit is called from several
// goroutines at a time, in no particular order; data is valid only until
// emit returns. When pages fail (to render, or in emit), the error of the
// first in path order is returned, whichever failed first.
func (r *Renderer) Each(ctx context.Context, s *site.Site, emit func(i int, p *site.Page, data []byte) error) error {
	return r.each(ctx, s, s.Pages, true, emit)
}

// Pages renders some pages of s in parallel, as Render would, and returns
// their bytes in the order of pages: what an incremental build needs.
func (r *Renderer) Pages(ctx context.Context, s *site.Site, pages []*site.Page) ([][]byte, error) {
	out := make([][]byte, len(pages))
	err := r.each(ctx, s, pages, false, func(i int, _ *site.Page, data []byte) error {
		out[i] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Pager returns a function that renders one page of s at a time, as
// Render would, when a page is asked for: a preview shows the page it is
// asked for without rendering the others. The pages share one navigation,
// made on first use. The function is safe for concurrent use.
func (r *Renderer) Pager(s *site.Site) func(p *site.Page) ([]byte, error) {
	var once sync.Once
	var nav *navigation
	return func(p *site.Page) ([]byte, error) {
		once.Do(func() { nav = r.navigation(s) })
		var dst bytes.Buffer
		var out []byte
		err := r.emitPage(s, 0, p, nav, &dst, func(_ int, _ *site.Page, data []byte) error {
			out = data
			return nil
		})
		return out, err
	}
}

// each renders pages of s with a fixed number of workers, each taking the
// next page until none is left: a worker's stack and buffer, grown by its
// first pages, serve all the others. With reuse, a worker renders every
// page into the same buffer, so data is valid only until emit returns.
//
// A failing page stops the workers from taking more. The pages before it
// were all taken, and finish, so the error returned, the first in path
// order, does not depend on which worker failed first.
func (r *Renderer) each(ctx context.Context, s *site.Site, pages []*site.Page, reuse bool, emit func(i int, p *site.Page, data []byte) error) error {
	nav := r.navigation(s)
	workers := r.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, len(pages))
	g, gctx := errgroup.WithContext(ctx)
	var next atomic.Int64 // index of the next page to render
	for range min(workers, len(pages)) {
		g.Go(func() error {
			dst := new(bytes.Buffer)
			for gctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(pages) {
					return nil
				}
				if reuse {
					dst.Reset()
				} else {
					// Each page keeps its bytes: a fresh buffer, sized
					// like the last page's.
					dst = bytes.NewBuffer(make([]byte, 0, dst.Len()+dst.Len()/4))
				}
				if errs[i] = r.emitPage(s, i, pages[i], nav, dst, emit); errs[i] != nil {
					return errs[i]
				}
			}
			return gctx.Err()
		})
	}
	if g.Wait() == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// emitPage renders page i into dst and hands it to emit. A panic in either
// is returned as an error.
func (r *Renderer) emitPage(s *site.Site, i int, p *site.Page, nav *navigation, dst *bytes.Buffer, emit func(i int, p *site.Page, data []byte) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: panic while rendering: %v", p.File, v)
		}
	}()
	if err := r.page(s, p, nav, dst); err != nil {
		return err
	}
	return emit(i, p, dst.Bytes())
}

// SiteFiles returns the files other than pages: the stylesheet, the search
// script, the static files, the sitemap, robots.txt and the redirects. Render includes them;
// an incremental build that renders only some pages calls it on its own.
func (r *Renderer) SiteFiles(s *site.Site) ([]File, error) {
	index, err := IndexFiles(s)
	if err != nil {
		return nil, err
	}
	return append(r.ThemeFiles(), index...), nil
}

// ThemeFiles returns the theme's files: the stylesheet, the search
// script when the theme has one, and the static files.
func (r *Renderer) ThemeFiles() []File {
	out := []File{r.css}
	if r.script.Path != "" {
		out = append(out, r.script)
	}
	return append(out, r.static...)
}

// IndexFiles returns the files that list the site's pages and redirects:
// the sitemap, robots.txt and _redirects. They depend on the pages' kinds,
// URLs and alternates, the redirects, the base URL and NoIndex only.
func IndexFiles(s *site.Site) ([]File, error) {
	sm, err := sitemap(s)
	if err != nil {
		return nil, err
	}
	return []File{sm, robots(s), redirects(s)}, nil
}

// navigation is the per-language data every page's header needs, and the
// main navigation of each language and current page, rendered once per
// build.
type navigation struct {
	chapters  map[string]string
	topics    map[string]string
	glossary  map[string]string
	data      map[string]string // lang → data page path
	search    map[string]string
	editorial map[string][]*site.Page
	mu        sync.Mutex
	rendered  map[navKey]template.HTML
	langs     map[string]*langParts // by language
	versions  map[site.Key]*renderedVersions
}

// renderedVersions are the links of a page to its versions, kept for the
// versions that have not asked for them yet: the pages' bytes are not kept
// (see Each), nor are these once all have.
type renderedVersions struct {
	html template.HTML
	left int // versions yet to ask
}

// navKey says which main navigation a page shows: the language's, with
// the page's kind, and its path when it is an editorial page (listed in
// the navigation itself).
type navKey struct {
	lang      string
	kind      site.Kind
	editorial string
}

func (r *Renderer) navigation(s *site.Site) *navigation {
	n := &navigation{chapters: map[string]string{}, topics: map[string]string{}, glossary: map[string]string{}, data: map[string]string{}, search: map[string]string{}, editorial: map[string][]*site.Page{}, rendered: map[navKey]template.HTML{}, langs: map[string]*langParts{}, versions: map[site.Key]*renderedVersions{}}
	for _, p := range s.Pages {
		switch p.Kind {
		case site.KindChapters:
			n.chapters[p.Lang] = p.Path
		case site.KindTopics:
			n.topics[p.Lang] = p.Path
		case site.KindGlossary:
			n.glossary[p.Lang] = p.Path
		case site.KindData:
			n.data[p.Lang] = p.Path
		case site.KindSearch:
			n.search[p.Lang] = p.Path
		case site.KindPage:
			n.editorial[p.Lang] = append(n.editorial[p.Lang], p)
		}
	}
	return n
}

// mainNav returns the main navigation of page p, rendering it on first use.
func (r *Renderer) mainNav(n *navigation, set *template.Template, p *site.Page) (template.HTML, error) {
	key := navKey{lang: p.Lang, kind: p.Kind}
	if p.Kind == site.KindPage {
		key.editorial = p.Path
	}
	n.mu.Lock()
	h, ok := n.rendered[key]
	n.mu.Unlock()
	if ok {
		return h, nil
	}
	data := mainNav{Lang: p.Lang, Kind: p.Kind, ChaptersPath: n.chapters[p.Lang], TopicsPath: n.topics[p.Lang], GlossaryPath: n.glossary[p.Lang], SearchPath: n.search[p.Lang]}
	for _, e := range n.editorial[p.Lang] {
		data.Editorial = append(data.Editorial, navLink{Path: e.Path, Text: e.Title, Lang: e.TitleLang, Current: e == p})
	}
	h, err := r.part(set, p, "main-nav", data)
	if err != nil {
		return "", err
	}
	n.mu.Lock()
	n.rendered[key] = h
	n.mu.Unlock()
	return h, nil
}

// part renders the theme's template name, one that many pages show the
// same, with data, for page p (which errors name).
func (r *Renderer) part(set *template.Template, p *site.Page, name string, data any) (template.HTML, error) {
	var b strings.Builder
	if err := set.ExecuteTemplate(&b, name, data); err != nil {
		return "", r.exactError(p.Lang, sharedKind, p.File, name, data, err)
	}
	return template.HTML(b.String()), nil
}

// languageParts returns the parts every page of p's language shows the
// same, rendering them on first use.
func (r *Renderer) languageParts(n *navigation, set *template.Template, p *site.Page) (*langParts, error) {
	n.mu.Lock()
	parts, ok := n.langs[p.Lang]
	n.mu.Unlock()
	if ok {
		return parts, nil
	}
	data := langView{Lang: p.Lang, CSS: r.CSSPath()}
	if data.DataPath = n.data[p.Lang]; data.DataPath != "" {
		data.DataJSON = data.DataPath + site.DataJSON
	}
	parts = &langParts{}
	var err error
	for _, part := range []struct {
		name string
		html *template.HTML
	}{{"head-links", &parts.HeadLinks}, {"banner", &parts.Banner}, {"footer", &parts.Footer}} {
		if *part.html, err = r.part(set, p, part.name, data); err != nil {
			return nil, err
		}
	}
	n.mu.Lock()
	n.langs[p.Lang] = parts
	n.mu.Unlock()
	return parts, nil
}

// versions is what the theme's "alternates" template receives: the
// versions of a page in each language, and the one for x-default. It is
// rendered once for all the versions, so no alternate is Current.
type versions struct {
	Alternates []site.Alternate
	XDefault   string
}

// alternates returns the links of page p to its versions, rendering them
// when the first of the versions asks, and forgetting them when the last
// one has.
func (r *Renderer) alternates(n *navigation, set *template.Template, p *site.Page) (template.HTML, error) {
	n.mu.Lock()
	v, ok := n.versions[p.Key]
	if ok {
		if v.left--; v.left <= 0 {
			delete(n.versions, p.Key)
		}
	}
	n.mu.Unlock()
	if ok {
		return v.html, nil
	}
	// Shared by every version: none is the current one.
	data := versions{Alternates: slices.Clone(p.Alternates), XDefault: p.XDefault}
	for i := range data.Alternates {
		data.Alternates[i].Current = false
	}
	h, err := r.part(set, p, "alternates", data)
	if err != nil {
		return "", err
	}
	v = &renderedVersions{html: h, left: len(p.Alternates) - 1}
	if v.left > 0 {
		n.mu.Lock()
		n.versions[p.Key] = v
		n.mu.Unlock()
	}
	return v.html, nil
}

// head returns a page's title and description as its head shows them,
// each twice: its title, or else its interface string, with the part of a
// split list ("2/5") and, after its own title, the site's name; its
// description, or else its interface string, if any. A message shown in the
// source language for want of a translation is plain text here: no
// element may stand in a title or an attribute.
func (r *Renderer) head(p *site.Page) (title, desc string, err error) {
	T, ok := r.theme.text[p.Lang]
	if !ok {
		return "", "", fmt.Errorf("%s: no interface strings for language %q", p.File, p.Lang)
	}
	title = p.Title
	if title == "" {
		if title, err = T(p.TitleID); err != nil {
			return "", "", fmt.Errorf("%s: title: %w", p.File, err)
		}
	}
	if p.Part != "" {
		title += " (" + p.Part + ")"
	}
	if p.Title != "" {
		name, err := T("site_name")
		if err != nil {
			return "", "", fmt.Errorf("%s: title: %w", p.File, err)
		}
		title += " – " + name
	}
	if desc = p.Description; desc == "" && p.DescriptionID != "" {
		if desc, err = T(p.DescriptionID); err != nil {
			return "", "", fmt.Errorf("%s: description: %w", p.File, err)
		}
	}
	return title, desc, nil
}

// page renders one page into dst; the templates are minified already.
func (r *Renderer) page(s *site.Site, p *site.Page, nav *navigation, dst *bytes.Buffer) error {
	set, ok := r.sets[p.Lang]
	if !ok {
		return fmt.Errorf("%s: no templates for language %q", p.File, p.Lang)
	}
	shared, err := set.template(sharedKind)
	if err != nil {
		return fmt.Errorf("%s: %w", p.File, err)
	}
	tmpl, err := set.template(p.Kind)
	if err != nil {
		return fmt.Errorf("%s: %w", p.File, err)
	}
	ld, err := jsonLDScript(s, p)
	if err != nil {
		return err
	}
	v := view{Page: p, LiveReload: r.opts.LiveReload, JSONLD: ld}
	if v.Title, v.Description, err = r.head(p); err != nil {
		return err
	}
	if p.Kind == site.KindSearch && r.script.Path != "" {
		v.Script = "/" + r.script.Path
	}
	if p.Status != translation.Current {
		v.Notice = p.Status.String()
	}
	for _, a := range p.Alternates {
		if a.Current {
			v.Locale = a.Locale
		} else {
			v.OtherLocales = append(v.OtherLocales, a.Locale)
		}
	}
	if v.MainNav, err = r.mainNav(nav, shared, p); err != nil {
		return err
	}
	if p.Kind != site.KindNotFound {
		if v.Alternates, err = r.alternates(nav, shared, p); err != nil {
			return err
		}
	}
	parts, err := r.languageParts(nav, shared, p)
	if err != nil {
		return err
	}
	v.HeadLinks, v.Banner, v.Footer = parts.HeadLinks, parts.Banner, parts.Footer
	start := dst.Len()
	if err := tmpl.ExecuteTemplate(dst, "base", v); err != nil {
		dst.Truncate(start)
		return r.exactError(p.Lang, p.Kind, p.File, "base", v, err)
	}
	return nil
}
