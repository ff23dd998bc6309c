// Package render turns the site model into files: HTML pages from the
// theme's html/template files, minified, one fingerprinted stylesheet, the
// sitemap, robots.txt and the redirects. Pages render in parallel with a
// bounded pool; each writes its own slot, so the output is deterministic.
package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"golang.org/x/sync/errgroup"

	"github.com/belgian-programme/explainer/internal/site"
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
	opts     Options
	dir      string // the theme folder, for errors
	strings  *uistrings.Strings
	sets     map[string]map[site.Kind]*template.Template // lang → kind → template
	css      File
	static   []File
	minifier *minify.M
}

// kinds are the page kinds, each with a template file of its name.
var kinds = []site.Kind{site.KindRoot, site.KindHome, site.KindSection, site.KindCommitment, site.KindTopics, site.KindTopic, site.KindPage, site.KindGlossary, site.KindNotFound}

// New parses the theme (fsys rooted at the theme folder, dir its path for
// errors) for each language.
func New(fsys fs.FS, dir string, strs *uistrings.Strings, langs []string, opts Options) (*Renderer, error) {
	r := &Renderer{opts: opts, dir: dir, strings: strs, sets: map[string]map[site.Kind]*template.Template{}}
	r.minifier = minify.New()
	r.minifier.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	r.minifier.AddFunc("text/css", css.Minify)
	r.minifier.AddFunc("application/ld+json", json.Minify)
	r.minifier.AddFunc("application/javascript", js.Minify)

	cssData, err := fs.ReadFile(fsys, "style.css")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path.Join(dir, "style.css"), err)
	}
	var min bytes.Buffer
	if err := r.minifier.Minify("text/css", &min, bytes.NewReader(cssData)); err != nil {
		return nil, fmt.Errorf("%s: %w", path.Join(dir, "style.css"), err)
	}
	sum := sha256.Sum256(min.Bytes())
	r.css = File{Path: "assets/style." + hex.EncodeToString(sum[:5]) + ".css", Data: min.Bytes()}
	if icon, err := fs.ReadFile(fsys, "favicon.svg"); err == nil {
		r.static = append(r.static, File{Path: "favicon.svg", Data: icon})
	}

	base, err := template.New("base").Funcs(placeholderFuncs).ParseFS(fsys, "templates/base.html")
	if err != nil {
		return nil, themeError(dir, err, "")
	}
	parsed := map[site.Kind]*template.Template{}
	for _, k := range kinds {
		t, err := template.Must(base.Clone()).ParseFS(fsys, "templates/"+string(k)+".html")
		if err != nil {
			return nil, themeError(dir, err, "")
		}
		parsed[k] = t
	}
	// In names a UI string in another language, for pages that speak to
	// every language at once (the language choice at "/").
	byLang := map[string]func(string, ...any) (string, error){}
	for _, lang := range langs {
		byLang[lang] = strs.T(lang)
	}
	in := func(lang, id string) (string, error) {
		T, ok := byLang[lang]
		if !ok {
			return "", fmt.Errorf("no interface strings for language %q", lang)
		}
		return T(id)
	}
	for _, lang := range langs {
		r.sets[lang] = map[site.Kind]*template.Template{}
		T := byLang[lang]
		for k, t := range parsed {
			c, err := t.Clone()
			if err != nil {
				return nil, themeError(dir, err, "")
			}
			links := &linkCache{set: c}
			r.sets[lang][k] = c.Funcs(template.FuncMap{"T": T, "In": in, "link": links.link})
		}
	}
	return r, nil
}

// linkCache renders the theme's "link" template once per link: a link
// (a commitment, a section, a topic) shows on many pages, always the same.
// The result is what {{template "link" .}} writes in HTML text, where
// {{link .}} is used.
type linkCache struct {
	set   *template.Template
	cache sync.Map // site.Link → template.HTML
}

func (c *linkCache) link(l site.Link) (template.HTML, error) {
	if h, ok := c.cache.Load(l); ok {
		return h.(template.HTML), nil
	}
	var b strings.Builder
	if err := c.set.ExecuteTemplate(&b, "link", l); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	c.cache.Store(l, h)
	return h, nil
}

// placeholderFuncs lets templates parse before each language's T exists.
var placeholderFuncs = template.FuncMap{
	"T":       func(string, ...any) (string, error) { return "", nil },
	"In":      func(string, string) (string, error) { return "", nil },
	"dict":    dict,
	"trusted": func(s string) template.HTML { return template.HTML(s) },
	"lines":   func(first, last int) int { return last - first + 1 },
	"marked":  Marked,
	"link":    func(site.Link) (template.HTML, error) { return "", nil },
}

// dict builds a map from key-value pairs, for T's template data.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// CSSPath is the URL path of the fingerprinted stylesheet.
func (r *Renderer) CSSPath() string { return "/" + r.css.Path }

// view is what a page template receives.
type view struct {
	Page       *site.Page
	CSS        string
	LiveReload bool
	JSONLD     template.JS // empty for none
	TopicsPath string
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

// each renders pages of s in a bounded pool. With reuse, the output
// buffers are recycled after emit returns.
func (r *Renderer) each(ctx context.Context, s *site.Site, pages []*site.Page, reuse bool, emit func(i int, p *site.Page, data []byte) error) error {
	nav := r.navigation(s)
	errs := make([]error, len(pages))
	g, ctx := errgroup.WithContext(ctx)
	workers := r.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	g.SetLimit(workers)
	for i, p := range pages {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var dst *bytes.Buffer
			if reuse {
				dst = getBuffer()
				defer putBuffer(dst)
			} else {
				dst = new(bytes.Buffer)
			}
			err := r.page(s, p, nav, dst)
			if err == nil {
				err = emit(i, p, dst.Bytes())
			}
			errs[i] = err
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	// The first failing page in path order, whichever failed first.
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// buffers recycles the buffers pages are executed and minified into.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // an outsized page: let it go
	}
	b.Reset()
	buffers.Put(b)
}

// SiteFiles returns the files other than pages: the stylesheet, the static
// files, the sitemap, robots.txt and the redirects. Render includes them;
// an incremental build that renders only some pages calls it on its own.
func (r *Renderer) SiteFiles(s *site.Site) ([]File, error) {
	sm, err := sitemap(s)
	if err != nil {
		return nil, err
	}
	out := []File{r.css}
	out = append(out, r.static...)
	return append(out, sm, robots(s), redirects(s)), nil
}

// navigation is the per-language data every page's header needs.
type navigation struct {
	topics    map[string]string
	glossary  map[string]string
	editorial map[string][]*site.Page
}

func (r *Renderer) navigation(s *site.Site) *navigation {
	n := &navigation{topics: map[string]string{}, glossary: map[string]string{}, editorial: map[string][]*site.Page{}}
	for _, p := range s.Pages {
		switch p.Kind {
		case site.KindTopics:
			n.topics[p.Lang] = p.Path
		case site.KindGlossary:
			n.glossary[p.Lang] = p.Path
		case site.KindPage:
			n.editorial[p.Lang] = append(n.editorial[p.Lang], p)
		}
	}
	return n
}

// page renders one page, minified, into dst.
func (r *Renderer) page(s *site.Site, p *site.Page, nav *navigation, dst *bytes.Buffer) error {
	set, ok := r.sets[p.Lang]
	if !ok {
		return fmt.Errorf("%s: no templates for language %q", p.File, p.Lang)
	}
	ld, err := jsonLDScript(s, p)
	if err != nil {
		return err
	}
	v := view{Page: p, CSS: r.CSSPath(), LiveReload: r.opts.LiveReload, TopicsPath: nav.topics[p.Lang], GlossaryPath: nav.glossary[p.Lang], JSONLD: ld}
	for _, e := range nav.editorial[p.Lang] {
		v.Editorial = append(v.Editorial, navLink{Path: e.Path, Text: e.Title, Lang: e.TitleLang, Current: e == p})
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := set[p.Kind].ExecuteTemplate(buf, "base", v); err != nil {
		return themeError(r.dir, err, p.File)
	}
	dst.Grow(buf.Len())
	if err := r.minifier.Minify("text/html", dst, buf); err != nil {
		return fmt.Errorf("minify %s: %w", p.File, err)
	}
	return nil
}
