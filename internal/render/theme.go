package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"

	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/uistrings"
)

// theme is a theme's template files, read once, and what parsing them for
// each language needs.
type theme struct {
	files  map[string][]byte // by name: "base.html", "commitment.html", ...
	langs  []string
	byLang map[string]func(string, ...any) (any, error) // T per language, see markedT
	// text is uistrings' T per language: the messages as text, unmarked,
	// for what the renderer writes itself (a page's title).
	text map[string]func(string, ...any) (string, error)
	// asWritten are the templates as written, unminified, parsed on the
	// first rendering error to give its position in the theme's files.
	mu        sync.Mutex
	asWritten map[string]*langSet
}

// readTheme reads the template files of the theme (fsys rooted at the
// theme folder): templates/base.html and one file per page kind.
func readTheme(fsys fs.FS, strs *uistrings.Strings, langs []string) (*theme, error) {
	files := map[string][]byte{}
	names := []string{"base.html"}
	for _, k := range kinds {
		names = append(names, string(k)+".html")
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, "templates/"+name)
		if err != nil {
			return nil, err
		}
		files[name] = data
	}
	return newTheme(files, strs, langs), nil
}

// newTheme returns the theme of the template files with the interface
// strings of langs.
func newTheme(files map[string][]byte, strs *uistrings.Strings, langs []string) *theme {
	th := &theme{files: files, langs: langs, byLang: map[string]func(string, ...any) (any, error){}, text: map[string]func(string, ...any) (string, error){}}
	for _, lang := range langs {
		th.byLang[lang] = markedT(strs, lang)
		th.text[lang] = strs.T(lang)
	}
	return th
}

// markedT returns the T of a language for its templates: the message, as
// text, or, when the language lacks it (uistrings falls back to the source
// language), the source language's message in a span marked with that
// language. html/template strips the span where no element may stand (an
// attribute, the title), so the text stays right everywhere.
func markedT(strs *uistrings.Strings, lang string) func(string, ...any) (any, error) {
	T := strs.T(lang)
	src := `<span lang="` + template.HTMLEscapeString(strs.Source()) + `">`
	return func(id string, args ...any) (any, error) {
		msg, err := T(id, args...)
		if err != nil || !strs.Fallback(lang, id) {
			return msg, err
		}
		return template.HTML(src + template.HTMLEscapeString(msg) + "</span>"), nil
	}
}

// templateMinifier minifies a template file, leaving its actions as they
// are.
var templateMinifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, TemplateDelims: html.GoTemplateDelims})
	return m
}()

// source returns a template file to parse: minified when asked and when
// minifying cannot change what its pages say (see minifiable), else as
// written.
func (th *theme) source(name string, minified bool) (string, error) {
	src := th.files[name]
	if !minified || !minifiable(src) {
		return string(src), nil
	}
	// The minifier rewrites its input in place (runs of spaces, say): it
	// gets a copy, so that the file as written still gives errors their
	// lines.
	out, err := templateMinifier.Bytes("text/html", bytes.Clone(src))
	if err != nil {
		return "", fmt.Errorf("template: %s: minify: %w", name, err)
	}
	return string(out), nil
}

// entityBeforeAction is a character reference right before an action:
// the minifier, not knowing what the action writes, may shorten "&amp;"
// to "&", which the action's text could then turn into another character.
var entityBeforeAction = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);\{\{`)

// rawElement is the start tag of an element whose text keeps its spaces
// or is not HTML.
var rawElement = regexp.MustCompile(`(?i)<(pre|textarea|script|style)\b[^>]*>`)

// minifiable reports whether a template file minifies without changing
// what its pages say. The minifier sees actions but not what they write:
// it must not meet a character reference right before an action, nor an
// action inside a <pre>, <textarea>, <script> or <style> element beside
// other text (whose spaces it would collapse). An element holding a single
// action and nothing else, such as the JSON-LD script, is fine.
func minifiable(src []byte) bool {
	if entityBeforeAction.Match(src) {
		return false
	}
	s := string(src)
	for _, loc := range rawElement.FindAllStringSubmatchIndex(s, -1) {
		name := strings.ToLower(s[loc[2]:loc[3]])
		body := s[loc[1]:]
		end := strings.Index(strings.ToLower(body), "</"+name)
		if end < 0 {
			end = len(body)
		}
		body = body[:end]
		if !strings.Contains(body, "{{") {
			continue
		}
		single := strings.HasPrefix(body, "{{") && strings.HasSuffix(body, "}}") && strings.Count(body, "{{") == 1
		if !single {
			return false
		}
	}
	return true
}

// parse parses the theme's templates once, base.html with each kind's
// file, then clones them for every language and adds the language's T
// before any executes. With minified, the files are minified first (see
// source), so pages come out minified at no cost per page; without, the
// templates are the files as written, whose lines errors name.
func (th *theme) parse(minified bool) (map[string]*langSet, error) {
	parsed, err := th.parseKinds(minified)
	if err != nil {
		return nil, err
	}
	return th.bind(parsed), nil
}

// parseKinds parses base.html with each kind's file, minified or as
// written (see parse), with placeholders for the functions of a language.
func (th *theme) parseKinds(minified bool) (map[site.Kind]*template.Template, error) {
	src, err := th.source("base.html", minified)
	if err != nil {
		return nil, err
	}
	base, err := template.New("base.html").Funcs(placeholderFuncs).Parse(src)
	if err != nil {
		return nil, err
	}
	for _, name := range entryPoints {
		if base.Lookup(name) == nil {
			return nil, fmt.Errorf("base.html defines no template %q; the renderer needs it", name)
		}
	}
	parsed := map[site.Kind]*template.Template{}
	for _, k := range kinds {
		name := string(k) + ".html"
		src, err := th.source(name, minified)
		if err != nil {
			return nil, err
		}
		t, err := template.Must(base.Clone()).New(name).Parse(src)
		if err != nil {
			return nil, err
		}
		for _, shared := range entryPoints[1:] {
			if t.Lookup(shared).Tree.ParseName != "base.html" {
				return nil, fmt.Errorf("%s defines %q again; it belongs to base.html, shared by every page", name, shared)
			}
		}
		parsed[k] = t
	}
	return parsed, nil
}

// bind gives each language its templates: clones of parsed, made on
// first use, with the language's functions.
func (th *theme) bind(parsed map[site.Kind]*template.Template) map[string]*langSet {
	// In names a UI string in another language, for pages that speak to
	// every language at once (the language choice at "/").
	in := func(lang, id string) (any, error) {
		T, ok := th.byLang[lang]
		if !ok {
			return "", fmt.Errorf("no interface strings for language %q", lang)
		}
		return T(id)
	}
	funcs := template.FuncMap{"In": in}
	sets := map[string]*langSet{}
	for _, lang := range th.langs {
		sets[lang] = newLangSet(parsed, funcs, th.byLang[lang])
	}
	return sets
}

// langSet is a language's templates, one per page kind: each is a clone of
// the parsed theme with the language's functions, made when a page of its
// kind first renders. A preview renders the open page after an edit of the
// theme or the interface strings without cloning what the other languages
// and kinds need.
type langSet struct {
	kinds map[site.Kind]*lazyTemplate
	// links caches the language's links: a link is the same on every kind
	// of page.
	links linkCache
}

// lazyTemplate is a template cloned on first use.
type lazyTemplate struct {
	once  sync.Once
	clone func() (*template.Template, error)
	t     *template.Template
	err   error
}

func newLangSet(parsed map[site.Kind]*template.Template, shared template.FuncMap, T func(string, ...any) (any, error)) *langSet {
	s := &langSet{kinds: make(map[site.Kind]*lazyTemplate, len(parsed))}
	s.links.set = s
	funcs := template.FuncMap{"T": T, "link": s.links.link}
	for name, f := range shared {
		funcs[name] = f
	}
	for k, t := range parsed {
		s.kinds[k] = &lazyTemplate{clone: func() (*template.Template, error) {
			c, err := t.Clone()
			if err != nil {
				return nil, err
			}
			return c.Funcs(funcs), nil
		}}
	}
	return s
}

// template returns the language's template of kind k, cloning it on first
// use.
func (s *langSet) template(k site.Kind) (*template.Template, error) {
	l, ok := s.kinds[k]
	if !ok {
		return nil, fmt.Errorf("no template for pages of kind %q", k)
	}
	l.once.Do(func() {
		l.t, l.err = l.clone()
		l.clone = nil
	})
	return l.t, l.err
}

// exactError returns the error of template name, executed with data for a
// page of the given language and kind, with the position of the failing
// action in the theme as written, not in its minified form: the template
// is executed again, unminified (the files as read when the theme loaded).
func (r *Renderer) exactError(lang string, kind site.Kind, page, name string, data any, err error) error {
	th := r.theme
	th.mu.Lock()
	if th.asWritten == nil {
		th.asWritten, _ = th.parse(false) // nil on failure: tried again next time
	}
	sets := th.asWritten
	th.mu.Unlock()
	if set := sets[lang]; set != nil {
		if t, err2 := set.template(kind); err2 == nil {
			if err2 := t.ExecuteTemplate(io.Discard, name, data); err2 != nil {
				err = err2
			}
		}
	}
	return themeError(r.dir, err, page)
}

// entryPoints are the templates the renderer executes itself: "base" for
// every page, with the templates of the page's kind; the others with those
// of sharedKind, for every page of the language.
var entryPoints = []string{"base", "main-nav", "link", "head-links", "banner", "footer", "alternates"}

// sharedKind is the kind whose templates render what all pages of a
// language share: the main navigation and links, each rendered once.
const sharedKind = site.KindCommitment
