package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/linkcheck"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/search"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
	"github.com/belgian-programme/explainer/internal/uistrings"
)

// Builder builds a site again and again, re-reading only the inputs that
// changed since its last build and re-rendering only the pages whose model
// changed. Its first build reads everything, like Build (which is a
// Builder used once). A Builder is not safe for concurrent use; the Results
// it returns are never modified afterwards and may be shared.
//
// What is cached, and what a change invalidates:
//
//   - seeds/*.txt: one parsed file each (a chapter); a change re-parses
//     that file only, then makes the programme of all of them.
//   - content/<lang>/units/*.md and content/<lang>/pages/*.md: one parsed
//     file each; a change re-parses that file only.
//   - any other content file (site.yaml, topics, glossary): the whole
//     content folder and the glossary.
//   - i18n/*.toml: the interface strings, and so the templates.
//   - the theme: the templates and stylesheet.
//   - the glossary's matches: each text is searched for glossary terms
//     once for as long as the glossary is unchanged (glossaryMemo).
//   - the search index's stems: each word is stemmed once (search.Stems).
//   - the open data and the search index: in a lazy build, each
//     language's are made when first asked for, and kept until the seeds
//     or the content change (onDemand).
//   - the site model, in a lazy build: kept while the seeds and the
//     content are unchanged (an interface-string or theme edit), see
//     lazyModel.
//   - the site model: after edits of unit files alone, or of the seeds'
//     wording (the programme keeps its shape), the last model is updated
//     (partial.go, site.Update): the pages that show the edited units are
//     made again, every other page is the last model's own *site.Page. The
//     translation status is worked out again for the edited units only,
//     the topic index is kept (made again after an edit of the seeds).
//     Any other edit makes the model anew.
//   - rendered pages: a page is rendered again when its model (site.Page)
//     differs from the last build's (a page the model kept is the same
//     pointer, not compared), or when the templates, the languages or
//     the navigation changed. In a lazy build (Options.Lazy, serve mode)
//     it is rendered when first asked for.
//   - the sitemap, robots.txt and _redirects: made again when the pages'
//     URLs, alternates or kinds, the redirects or the base URL change.
//   - the link check: when the page files, redirects and base URL are the
//     last checked build's and the pages rendered again keep their element
//     ids, only the links of those pages are checked.
//
// What is still done for the whole site on every build: the list of its
// files and the warnings; after an edit of the interface strings or the
// theme, the link check of every page.
type Builder struct {
	opts                                    Options
	root                                    string // absolute, for changed paths
	fsys                                    fs.FS
	seedsDir, contentDir, i18nDir, themeDir string

	// Inputs whose cache is stale. A phase that fails leaves its flag set,
	// so the next build retries it even when the next change is elsewhere.
	seedsDirty, contentDirty, i18nDirty, themeDirty bool
	contentFiles                                    map[string]bool // unit and page files to re-parse, relative to contentDir

	prog *programme.Programme
	// seeds holds each seed file parsed on its own, by path; seedsChanged
	// the files to parse again.
	seeds        map[string]*seed.Parsed
	seedsChanged map[string]bool
	content      *content.Content
	contentErrs  diag.List // problems of the cached content, per file
	// The glossary is read again whenever the content folder is.
	glossary      *glossary.Glossary
	glossaryFinds *glossaryMemo // what the glossary found in each text
	stems         search.Stems  // the search index's stems, kept across builds
	glossaryLangs string
	glossaryDirty bool
	strs          *uistrings.Strings
	strsLangs     string // languages strs was loaded for
	renderer      *render.Renderer
	pages         pageCache // the last render's pages
	pagesKey      string    // what every page depends on, see siteKey
	// last is what the last render made of the whole site, beside its
	// pages; nil when there is none to build on.
	last *lastSite
	// index is the last sitemap, robots.txt and _redirects, made for
	// indexedFor.
	index      []render.File
	indexedFor *indexed
	// sink, when set (BuildWrite), receives the pages as they are rendered
	// instead of the page cache.
	sink *sink
	// onDemand makes the open data and the search index of a lazy build
	// when asked for; nil when the seeds or the content changed since.
	onDemand *onDemand
	// lazyLast is the last lazy build's site model, reused while its
	// inputs stay (see lazyModel).
	lazyLast *builtModel
	// lastModel is the last site model, to update after edits of unit
	// files (see partial.go).
	lastModel *lastModel

	lastRes *Result
	lastErr error
	built   bool // a build was attempted
}

// renderedPage is a page model and its rendered bytes, or in a lazy build
// (Options.Lazy) the means to render them.
type renderedPage struct {
	page *site.Page
	data []byte
	lazy *lazyPage // in a lazy build; data is then nil
}

// bytes returns the page's bytes, rendering a lazy page.
func (r renderedPage) bytes() ([]byte, error) {
	if r.lazy != nil {
		return r.lazy.get()
	}
	return r.data, nil
}

// pageCache is a site's pages and what was made of them, in the site's
// order (by output file). A site model of tens of thousands of pages is
// looked up by binary search, so that a build need not make a map of them.
type pageCache []renderedPage

// find returns the page whose output file is file.
func (c pageCache) find(file string) (renderedPage, bool) {
	i, ok := slices.BinarySearchFunc(c, file, func(r renderedPage, file string) int { return strings.Compare(r.page.File, file) })
	if !ok {
		return renderedPage{}, false
	}
	return c[i], true
}

// files returns the site's files: the pages, with the bytes each has (nil
// for a lazy page not rendered yet), and the other files, all sorted by
// path.
func (c pageCache) files(extra []render.File) []render.File {
	pages := make([]render.File, len(c))
	for i, r := range c {
		pages[i] = render.File{Path: r.page.File, Data: r.data}
	}
	return mergeFiles(pages, extra)
}

// mergeFiles returns the files of pages, sorted by path, and of extra, in
// one list sorted by path: pages may be tens of thousands, extra a few.
func mergeFiles(pages, extra []render.File) []render.File {
	extra = slices.Clone(extra)
	slices.SortFunc(extra, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) })
	out := make([]render.File, 0, len(pages)+len(extra))
	i, j := 0, 0
	for i < len(pages) && j < len(extra) {
		if extra[j].Path < pages[i].Path {
			out = append(out, extra[j])
			j++
		} else {
			out = append(out, pages[i])
			i++
		}
	}
	out = append(out, pages[i:]...)
	return append(out, extra[j:]...)
}

// Stats say what a build did.
type Stats struct {
	Pages    int           // pages of the site
	Rendered int           // pages rendered by this build
	Took     time.Duration // time of the whole build
	// Unchanged is set when no changed path was an input: nothing was done
	// and the previous outcome was returned.
	Unchanged bool
}

// String reports the build as "rebuilt 3 of 212 pages in 4ms".
func (s Stats) String() string {
	if s.Unchanged {
		return "no input changed"
	}
	return fmt.Sprintf("rebuilt %d of %d pages in %s", s.Rendered, s.Pages, roundDuration(s.Took))
}

// roundDuration keeps two or three significant digits.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond)
	default:
		return d.Round(100 * time.Microsecond)
	}
}

// NewBuilder returns a Builder for the inputs opts names. Nothing is read
// before the first Rebuild.
func NewBuilder(opts Options) *Builder {
	root := opts.Root
	if root == "" {
		root = "."
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	dirs := []string{opts.dir(opts.Seeds, "seeds"), opts.dir(opts.Content, "content"), opts.dir(opts.I18n, "i18n"), opts.dir(opts.Theme, "themes/default")}
	for _, d := range dirs {
		if filepath.IsAbs(d) {
			// An input outside the root: read everything from the file
			// system's root, each folder by its absolute path.
			for i, d := range dirs {
				if !filepath.IsAbs(d) {
					d = filepath.Join(abs, d)
				}
				dirs[i] = strings.TrimPrefix(filepath.ToSlash(d), "/")
			}
			root, abs = "/", "/"
			break
		}
	}
	return &Builder{
		opts:       opts,
		root:       abs,
		fsys:       os.DirFS(root),
		seedsDir:   cleanDir(dirs[0]),
		contentDir: cleanDir(dirs[1]),
		i18nDir:    cleanDir(dirs[2]),
		themeDir:   cleanDir(dirs[3]),
	}
}

func cleanDir(dir string) string { return path.Clean(filepath.ToSlash(dir)) }

// Rebuild builds the site after the given paths changed (created, written,
// removed or renamed), absolute or relative to Options.Root. Paths that are
// no input are ignored; when none is (or the list is empty), Rebuild
// returns the previous outcome with Stats.Unchanged set. The first build
// of a Builder reads everything, whatever the list.
//
// When the build fails, the error is returned (wrapped with its phase, like
// Build's) and the cache keeps what was valid: the next Rebuild retries the
// failed phase.
func (b *Builder) Rebuild(ctx context.Context, changed []string) (*Result, Stats, error) {
	start := time.Now()
	if !b.built {
		b.invalidate()
	} else if !b.classify(changed) {
		return b.lastRes, Stats{Unchanged: true, Pages: b.pageCount()}, b.lastErr
	}
	return b.run(ctx, start)
}

// RebuildAll builds the site reading every input again and rendering every
// page, as when anything may have changed (events were lost).
func (b *Builder) RebuildAll(ctx context.Context) (*Result, Stats, error) {
	start := time.Now()
	b.invalidate()
	return b.run(ctx, start)
}

// run builds from the cache and records the outcome.
func (b *Builder) run(ctx context.Context, start time.Time) (*Result, Stats, error) {
	b.built = true
	res, st, err := b.build(ctx)
	st.Took = time.Since(start)
	if err != nil {
		res = nil
	}
	b.lastRes, b.lastErr = res, err
	return res, st, err
}

func (b *Builder) pageCount() int {
	if b.lastRes == nil {
		return 0
	}
	return len(b.lastRes.Site.Pages)
}

// invalidate forgets every cached input. The theme is read again, so every
// page is rendered again.
func (b *Builder) invalidate() {
	b.seedsDirty, b.contentDirty, b.i18nDirty, b.themeDirty = true, true, true, true
	b.contentFiles, b.seeds, b.seedsChanged = nil, nil, nil
}

// classify marks the caches the changed paths make stale and reports
// whether any path was an input.
func (b *Builder) classify(changed []string) bool {
	hit := false
	for _, p := range changed {
		rel, ok := b.rel(p)
		if !ok {
			continue
		}
		if rest, ok := within(rel, b.seedsDir); ok {
			if rest == "" || matches("*.txt", rest) {
				b.seedsDirty, hit = true, true
				if rest == "" {
					b.seeds = nil // the folder itself: read every file again
				} else {
					if b.seedsChanged == nil {
						b.seedsChanged = map[string]bool{}
					}
					b.seedsChanged[path.Join(b.seedsDir, rest)] = true
				}
			}
		}
		if rest, ok := within(rel, b.contentDir); ok {
			switch b.contentKind(rest) {
			case contentFile:
				if b.contentFiles == nil {
					b.contentFiles = map[string]bool{}
				}
				b.contentFiles[rest] = true
				hit = true
			case contentOther:
				b.contentDirty, hit = true, true
			}
		}
		if rest, ok := within(rel, b.i18nDir); ok {
			if rest == "" || matches("*.toml", rest) {
				b.i18nDirty, hit = true, true
			}
		}
		if _, ok := within(rel, b.themeDir); ok {
			b.themeDirty, hit = true, true
		}
	}
	return hit
}

// rel returns p relative to the root, with slashes; false when p is outside.
func (b *Builder) rel(p string) (string, bool) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(b.root, p)
	}
	rel, err := filepath.Rel(b.root, p)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return rel, true
}

// within returns rel below dir ("" for dir itself).
func within(rel, dir string) (string, bool) {
	if dir == "." {
		return rel, true
	}
	if rel == dir {
		return "", true
	}
	if rest, ok := strings.CutPrefix(rel, dir+"/"); ok {
		return rest, true
	}
	return "", false
}

func matches(pattern, name string) bool {
	ok, _ := path.Match(pattern, name)
	return ok
}

type contentChange int

const (
	contentNone  contentChange = iota // not read by content.Load
	contentFile                       // a unit or page file: re-parse it alone
	contentOther                      // anything else: load the folder again
)

// contentKind says what a change below the content folder invalidates. The
// patterns are content.Load's: <lang>/units/*.md and <lang>/pages/*.md for
// each configured language.
func (b *Builder) contentKind(rest string) contentChange {
	if b.content == nil || b.contentDirty {
		return contentOther
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || (parts[1] != "units" && parts[1] != "pages") {
		return contentOther
	}
	if _, ok := b.content.Site.Language(parts[0]); !ok {
		return contentOther
	}
	switch {
	case len(parts) == 2:
		return contentOther // the folder itself was created, removed or renamed
	case len(parts) == 3 && matches("*.md", parts[2]):
		return contentFile
	}
	return contentNone // editors' backups, swap files, nested folders
}

// build runs the phases in Build's order, from the cache where it is valid.
func (b *Builder) build(ctx context.Context) (*Result, Stats, error) {
	var st Stats
	if b.seedsDirty || b.contentDirty || len(b.contentFiles) > 0 {
		b.onDemand = nil // made of the site model, so of these alone
	}
	if b.seedsDirty {
		b.prog = nil
		prog, err := b.parseSeeds(ctx)
		if err != nil {
			return nil, st, &PhaseError{Phase: "parse", Err: err}
		}
		b.prog, b.seedsDirty = prog, false
	}
	if err := b.loadContent(ctx); err != nil {
		return nil, st, &PhaseError{Phase: "content", Err: err}
	}
	c := b.content
	units := b.prog.Units()
	// The interface strings and the theme need only the languages: they
	// load while the site model is worked out, and are kept after both.
	var th loadedTheme
	var g errgroup.Group
	g.Go(func() (err error) {
		defer func() {
			if v := recover(); v != nil {
				err = &PhaseError{Phase: "theme", Err: fmt.Errorf("panic while loading: %v", v)}
			}
		}()
		th, err = b.loadTheme(c.Languages())
		return err
	})
	s, status, ix, modelErr := b.lazyModel(c, units)
	loadErr := g.Wait()
	b.keepTheme(th)
	if modelErr != nil {
		return nil, st, modelErr
	}
	if loadErr != nil {
		return nil, st, loadErr
	}
	if b.opts.Lazy && b.sink == nil {
		return b.buildLazy(ctx, s, status, ix, units, c)
	}
	data, err := b.openData(s, status, ix, c)
	if err != nil {
		return nil, st, err
	}
	// The search index needs only the site model: it is built while the
	// pages render.
	var index []render.File
	var ig errgroup.Group
	ig.Go(func() (err error) {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("panic while indexing: %v", v)
			}
		}()
		files, err := search.Build(search.Input{Site: s, Glossary: b.glossary, Find: b.glossaryFinds, Stems: &b.stems})
		for _, f := range files {
			index = append(index, render.File(f))
		}
		return err
	})
	if b.sink != nil {
		// The data files are written at once: their megabytes are not
		// kept while the pages render.
		if data, err = b.sink.put(data); err != nil {
			return nil, st, &PhaseError{Phase: "open data", Err: err}
		}
		files, n, err := b.sink.render(ctx, b.renderer, s)
		ixErr := ig.Wait()
		if err != nil {
			return nil, st, &PhaseError{Phase: "render", Err: err}
		}
		if ixErr != nil {
			return nil, st, &PhaseError{Phase: "search", Err: ixErr}
		}
		if index, err = b.sink.put(index); err != nil {
			return nil, st, &PhaseError{Phase: "search", Err: err}
		}
		files = addFiles(files, append(data, index...))
		if err := checkLinks(files, s, c, b.fsys, b.sink.page, nil); err != nil {
			return nil, st, &PhaseError{Phase: "links", Err: err}
		}
		st.Pages, st.Rendered = len(s.Pages), n
		return b.result(files, s, status, ix, units, c), st, nil
	}
	files, rendered, page, err := b.render(ctx, s)
	ixErr := ig.Wait()
	if err != nil {
		return nil, st, &PhaseError{Phase: "render", Err: err}
	}
	if ixErr != nil {
		return nil, st, &PhaseError{Phase: "search", Err: ixErr}
	}
	extra := append(data, index...)
	files = addFiles(files, extra)
	page = withFiles(page, extra)
	if err := checkLinks(files, s, c, b.fsys, page, b.linkScope(rendered)); err != nil {
		b.last.linksOK = false
		return nil, st, &PhaseError{Phase: "links", Err: err}
	}
	b.last.linksOK = true
	st.Pages, st.Rendered = len(s.Pages), len(rendered)
	res := b.result(files, s, status, ix, units, c)
	res.page = page
	return res, st, nil
}

// model works out the site model from the programme and the content: the
// translation status, the topic index, the glossary and the pages.
func (b *Builder) model(c *content.Content, units []*programme.Unit) (*site.Site, *translation.Report, *topic.Index, error) {
	if s, status, ix, ok, err := b.updateModel(c, units); ok {
		return s, status, ix, err
	}
	b.lastModel = nil
	status := translation.Check(units, c, b.contentDir)
	ix, err := topic.Build(b.prog, c.Topics, c.Assignments)
	if err != nil {
		return nil, nil, nil, &PhaseError{Phase: "topics", Err: err}
	}
	if key := strings.Join(c.Languages(), ","); b.glossaryDirty || key != b.glossaryLangs {
		gl, err := loadGlossary(b.fsys, b.contentDir, c.Languages())
		if err != nil {
			return nil, nil, nil, &PhaseError{Phase: "glossary", Err: err}
		}
		b.glossary, b.glossaryLangs, b.glossaryDirty = gl, key, false
		b.glossaryFinds = &glossaryMemo{g: gl}
	}
	s, err := site.Build(b.siteInput(c, status, ix))
	if err != nil {
		return nil, nil, nil, &PhaseError{Phase: "site", Err: err}
	}
	b.keepModel(s, status, ix)
	return s, status, ix, nil
}

// parseSeeds makes the programme of every *.txt file of the seeds folder,
// in name order, parsing again only the files that changed since they were
// last parsed (a new Builder parses them all).
func (b *Builder) parseSeeds(ctx context.Context) (*programme.Programme, error) {
	names, err := fs.Glob(b.fsys, path.Join(b.seedsDir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no seed files (*.txt)", b.seedsDir)
	}
	sort.Strings(names)
	parsed := make([]*seed.Parsed, len(names))
	var todo []seed.File
	var at []int // index in names of each file of todo
	for i, name := range names {
		if p, ok := b.seeds[name]; ok && !b.seedsChanged[name] {
			parsed[i] = p
			continue
		}
		data, err := fs.ReadFile(b.fsys, name)
		if err != nil {
			return nil, err
		}
		todo = append(todo, seed.File{Name: name, Data: data})
		at = append(at, i)
	}
	fresh, err := seed.ParseFiles(ctx, todo)
	if err != nil {
		return nil, err
	}
	for k, i := range at {
		parsed[i] = fresh[k]
	}
	b.seeds = make(map[string]*seed.Parsed, len(names))
	for i, name := range names {
		b.seeds[name] = parsed[i]
	}
	b.seedsChanged = nil
	return seed.Combine(parsed)
}

// loadedTheme is the interface strings and the renderer made with them,
// for the languages in langs (joined by commas).
type loadedTheme struct {
	strs     *uistrings.Strings
	langs    string
	renderer *render.Renderer
}

// loadTheme returns the interface strings and the parsed theme for the
// languages: the Builder's own where they are still valid, else loaded
// again. It only reads the Builder, so it may run while model does; build
// keeps what it returns (see keepTheme). With an error, what did load is
// returned too: the strings when only the theme failed.
func (b *Builder) loadTheme(langs []string) (loadedTheme, error) {
	t := loadedTheme{strs: b.strs, langs: b.strsLangs, renderer: b.renderer}
	if key := strings.Join(langs, ","); b.i18nDirty || t.strs == nil || key != t.langs {
		t = loadedTheme{langs: key}
		i18nFS, err := fs.Sub(b.fsys, b.i18nDir)
		if err != nil {
			return loadedTheme{}, &PhaseError{Phase: "i18n", Err: err}
		}
		if t.strs, err = uistrings.Load(i18nFS, b.i18nDir, langs); err != nil {
			return loadedTheme{}, &PhaseError{Phase: "i18n", Err: err}
		}
	}
	if !b.themeDirty && t.renderer == nil && b.renderer != nil {
		// New interface strings, the same theme.
		t.renderer = b.renderer.WithStrings(t.strs, langs)
	}
	if b.themeDirty || t.renderer == nil {
		t.renderer = nil
		themeFS, err := fs.Sub(b.fsys, b.themeDir)
		if err != nil {
			return t, &PhaseError{Phase: "theme", Err: err}
		}
		if t.renderer, err = render.New(themeFS, b.themeDir, t.strs, langs, render.Options{LiveReload: b.opts.LiveReload, Workers: b.opts.Workers}); err != nil {
			return t, &PhaseError{Phase: "theme", Err: err}
		}
	}
	return t, nil
}

// keepTheme makes what loadTheme returned the Builder's: a part that
// loaded is no longer dirty, and new templates mean every page renders
// again. A part that failed is nil, to be loaded by the next build.
func (b *Builder) keepTheme(t loadedTheme) {
	if t.strs != nil {
		b.i18nDirty = false
	}
	if t.renderer != nil {
		if t.renderer != b.renderer {
			b.pages = nil // new templates: render every page
		}
		b.themeDirty = false
	}
	b.strs, b.strsLangs, b.renderer = t.strs, t.langs, t.renderer
}

// result assembles a build's Result and its warnings.
func (b *Builder) result(files []render.File, s *site.Site, status *translation.Report, ix *topic.Index, units []*programme.Unit, c *content.Content) *Result {
	res := &Result{Files: files, Site: s, Status: status, Units: units, Content: c}
	res.Warnings = collectWarnings(b.contentDir, units, c, status, ix, b.glossary, b.strs, s)
	return res
}

// loadContent brings the cached content up to date: the whole folder when
// needed, else the changed unit and page files alone. It fails while any
// content file has a problem.
func (b *Builder) loadContent(ctx context.Context) error {
	if b.contentDirty || b.content == nil {
		b.content = nil
		contentFS, err := fs.Sub(b.fsys, b.contentDir)
		if err != nil {
			return err
		}
		c, err := content.Load(ctx, contentFS, b.contentDir)
		var list diag.List
		if err != nil && !errors.As(err, &list) {
			return err
		}
		b.content, b.contentErrs, b.contentDirty, b.contentFiles = c, list, false, nil
		b.glossaryDirty = true // content/glossary.yaml is read on its own
		b.lastModel = nil
	}
	if len(b.contentFiles) > 0 {
		names := make([]string, 0, len(b.contentFiles))
		for name := range b.contentFiles {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			b.reparse(name)
			b.unitEdited(name)
		}
		b.contentFiles = nil
	}
	if len(b.contentErrs) > 0 {
		return append(diag.List(nil), b.contentErrs...).Err()
	}
	return nil
}

// reparse reads one unit or page file (name relative to the content
// folder, "nl/units/x.md") into a copy of the cached content, as
// content.Load would have: a missing file is dropped, an unreadable one is
// an error.
func (b *Builder) reparse(name string) {
	parts := strings.Split(name, "/")
	lang, kind := parts[0], parts[1]
	file := path.Join(b.contentDir, name)
	var errs diag.List
	for _, e := range b.contentErrs {
		if e.File != file {
			errs = append(errs, e)
		}
	}
	data, err := fs.ReadFile(b.fsys, path.Join(b.contentDir, name))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.Add(file, 0, "cannot read: %v", err)
	}
	c := *b.content
	id := strings.TrimSuffix(parts[2], ".md")
	if kind == "units" {
		c.Units = maps.Clone(c.Units)
		c.Units[lang] = maps.Clone(c.Units[lang])
		delete(c.Units[lang], id)
		if err == nil {
			u := content.ParseUnit(file, lang, data, &errs)
			c.Units[lang][u.ID] = u
		}
	} else {
		c.Pages = maps.Clone(c.Pages)
		c.Pages[lang] = maps.Clone(c.Pages[lang])
		delete(c.Pages[lang], id)
		if err == nil {
			p := content.ParsePage(file, lang, data, &errs)
			c.Pages[lang][p.Name] = p
		}
	}
	b.content, b.contentErrs = &c, errs
}

// render renders the pages whose model changed, reuses the others, and
// returns every file of the site, sorted, with the pages rendered and a
// function returning a file's bytes.
func (b *Builder) render(ctx context.Context, s *site.Site) ([]render.File, []*site.Page, func(string) ([]byte, error), error) {
	old, key := b.lastPages(s)
	next, todo, at := b.changedPages(old, s.Pages)
	if len(todo) == len(s.Pages) {
		// Everything: Render is the reference.
		b.pages, b.last = nil, nil
		files, err := b.renderer.Render(ctx, s)
		if err != nil {
			return nil, nil, nil, err
		}
		// files and pages are both sorted by path.
		k := 0
		for i, p := range s.Pages {
			for k < len(files) && files[k].Path < p.File {
				k++
			}
			if k < len(files) && files[k].Path == p.File {
				next[i].data = files[k].Data
			}
		}
		b.pages, b.pagesKey, b.last = next, key, newLastSite(s)
		return files, todo, inMemory(files), nil
	}
	data, err := b.renderer.Pages(ctx, s, todo)
	if err != nil {
		return nil, nil, nil, err
	}
	for k, i := range at {
		next[i].data = data[k]
	}
	prev := b.last
	extra, err := b.siteFiles(s)
	if err != nil {
		return nil, nil, nil, err
	}
	files := next.files(extra)
	b.last = newLastSite(s)
	// The link check may check the new pages alone when the rest of the
	// site was checked with the same targets (see linkScope).
	if prev != nil && prev.linksOK && prev.sameTargets(b.last) && sameIDs(old, next, at) {
		b.last.scoped, b.last.only = true, todo
	}
	b.pages, b.pagesKey = next, key
	return files, todo, inMemory(files), nil
}

// siteFiles returns the files other than pages (render.SiteFiles): the
// theme's, and the sitemap, robots.txt and _redirects, made again only
// when what they list changed (see indexed).
func (b *Builder) siteFiles(s *site.Site) ([]render.File, error) {
	if b.index == nil || !b.indexedFor.same(s) {
		index, err := render.IndexFiles(s)
		if err != nil {
			return nil, err
		}
		b.index, b.indexedFor = index, newIndexed(s)
	}
	return append(b.renderer.ThemeFiles(), b.index...), nil
}

// indexed is what render.IndexFiles reads of a site: the base URL,
// NoIndex, the redirects and each page's kind, URLs and alternates.
type indexed struct {
	base      string
	noIndex   bool
	redirects []site.Redirect
	pages     []indexedPage
	src       []*site.Page // the pages they are of: the same page lists the same
}

type indexedPage struct {
	kind                site.Kind
	canonical, xDefault string
	alternates          []site.Alternate
}

func newIndexed(s *site.Site) *indexed {
	ix := &indexed{base: s.BaseURL, noIndex: s.NoIndex, redirects: s.Redirects, pages: make([]indexedPage, len(s.Pages)), src: s.Pages}
	for i, p := range s.Pages {
		ix.pages[i] = indexedPage{p.Kind, p.Canonical, p.XDefault, p.Alternates}
	}
	return ix
}

// same reports whether s lists what ix does.
func (ix *indexed) same(s *site.Site) bool {
	if ix == nil || ix.base != s.BaseURL || ix.noIndex != s.NoIndex || len(ix.pages) != len(s.Pages) || !slices.Equal(ix.redirects, s.Redirects) {
		return false
	}
	for i, p := range s.Pages {
		if p == ix.src[i] {
			continue
		}
		o := &ix.pages[i]
		if o.kind != p.Kind || o.canonical != p.Canonical || o.xDefault != p.XDefault || !slices.Equal(o.alternates, p.Alternates) {
			return false
		}
	}
	return true
}

// lastPages returns the last build's pages that s may reuse, none when the
// languages or the navigation every page shows changed (siteKey), and s's
// key.
func (b *Builder) lastPages(s *site.Site) (pageCache, string) {
	key := siteKey(s)
	if key != b.pagesKey {
		return nil, key
	}
	return b.pages, key
}

// changedPages returns the next page cache, holding the pages of old whose
// model did not change, and the pages to render, with their indexes in
// pages (and next). A page the site model kept from the last build
// (site.Update) is the same *site.Page and so unchanged; the others are
// compared with the last build's page of the same file, on every core when
// they are many: after a whole build they are tens of thousands.
func (b *Builder) changedPages(old pageCache, pages []*site.Page) (next pageCache, todo []*site.Page, at []int) {
	next = make(pageCache, len(pages))
	for i, p := range pages {
		next[i].page = p
	}
	if len(old) == 0 {
		at = make([]int, len(pages))
		for i := range at {
			at[i] = i
		}
		return next, pages, at
	}
	// Both lists are sorted by file: walk them side by side.
	same := make([]bool, len(pages))
	var differ [][2]int // pages of next and old with the same file, to compare
	j := 0
	for i, p := range pages {
		if j < len(old) && old[j].page == p {
			same[i] = true
			next[i] = old[j]
			j++
			continue
		}
		for j < len(old) && old[j].page.File < p.File {
			j++
		}
		if j < len(old) && old[j].page.File == p.File {
			differ = append(differ, [2]int{i, j})
			j++
		}
	}
	workers := 1
	if len(differ) > 256 {
		workers = runtime.GOMAXPROCS(0)
	}
	var g errgroup.Group
	for w := range workers {
		g.Go(func() error {
			for k := w; k < len(differ); k += workers {
				i, j := differ[k][0], differ[k][1]
				if reflect.DeepEqual(old[j].page, pages[i]) {
					same[i] = true
					next[i] = renderedPage{page: pages[i], data: old[j].data, lazy: old[j].lazy}
				}
			}
			return nil
		})
	}
	g.Wait()
	for i, p := range pages {
		if !same[i] {
			todo = append(todo, p)
			at = append(at, i)
		}
	}
	return next, todo, at
}

// lastSite is what the link check needs of the last render's site: its
// page files, redirects and base URL, and whether its links passed.
type lastSite struct {
	pages     []*site.Page // sorted by file
	redirects []site.Redirect
	base      string
	linksOK   bool
	// scoped is set when the check need read only the links of the pages
	// in only: the other pages passed the last check, with the same
	// targets.
	scoped bool
	only   []*site.Page
}

func newLastSite(s *site.Site) *lastSite {
	return &lastSite{pages: s.Pages, redirects: s.Redirects, base: s.BaseURL}
}

// sameTargets reports whether n has the same page files, redirects and
// base URL as l: a link that led somewhere on l's site leads there on n's.
func (l *lastSite) sameTargets(n *lastSite) bool {
	if l.base != n.base || len(l.pages) != len(n.pages) || !slices.Equal(l.redirects, n.redirects) {
		return false
	}
	for i, p := range l.pages {
		if q := n.pages[i]; q != p && q.File != p.File {
			return false
		}
	}
	return true
}

// sameIDs reports whether every page rendered again (next[i] for i in at)
// has the same element ids as before: a link with a fragment to it, from a
// page not rendered again, still leads where it did. A lazy page that was
// never rendered had only its model's ids read by the last check (reading
// its HTML renders it): its model's ids are compared, and neither version
// is rendered for it.
func sameIDs(old, next pageCache, at []int) bool {
	for _, i := range at {
		p := next[i].page
		o, ok := old.find(p.File)
		if !ok {
			return false
		}
		if o.lazy != nil {
			if _, done := o.lazy.rendered(); !done {
				if !maps.Equal(linkcheck.PageIDs(o.page, nil), linkcheck.PageIDs(p, nil)) {
					return false
				}
				continue
			}
		}
		was, err := o.bytes()
		if err != nil {
			return false
		}
		is, err := next[i].bytes()
		if err != nil || !maps.Equal(linkcheck.PageIDs(o.page, was), linkcheck.PageIDs(p, is)) {
			return false
		}
	}
	return true
}

// linkScope returns the pages the link check must read after render: nil
// for every page.
func (b *Builder) linkScope([]*site.Page) []*site.Page {
	if b.last == nil || !b.last.scoped {
		return nil
	}
	return append([]*site.Page{}, b.last.only...) // not nil, even when empty
}

// themeScope returns the pages whose links the check must read when every
// page is rendered again (new templates, interface strings or navigation)
// but the site's targets are the last checked site's, prev: the pages
// whose model changed, the editorial pages (their Markdown may link to an
// id the theme writes), and a page of each kind, whose rendered HTML the
// check reads for the links the theme writes itself. The links the theme
// writes from an unchanged model lead where they led: to pages and
// redirects that are the same, and with a fragment to an id the model
// gives (a glossary entry, a definition).
func themeScope(prev, pages []*site.Page) []*site.Page {
	only := []*site.Page{}
	kinds := map[site.Kind]bool{}
	for i, p := range pages {
		if p != prev[i] || !kinds[p.Kind] || p.Kind == site.KindPage {
			only = append(only, p)
			kinds[p.Kind] = true
		}
	}
	return only
}

// siteKey sums up what every page's rendering depends on besides its own
// model: the languages and each language's navigation (the chapters and topics indexes
// and the editorial pages, listed in every header).
func siteKey(s *site.Site) string {
	var k strings.Builder
	fmt.Fprintf(&k, "%v\n", s.Languages)
	for _, p := range s.Pages {
		if p.Kind == site.KindChapters || p.Kind == site.KindTopics || p.Kind == site.KindPage || p.Kind == site.KindGlossary || p.Kind == site.KindSearch {
			fmt.Fprintf(&k, "%s %s %s %q %s\n", p.Kind, p.Lang, p.Path, p.Title, p.TitleLang)
		}
	}
	return k.String()
}

// Inputs returns the input folders, absolute: the seeds, the content, the
// interface strings and the theme. A change below them may change the site.
func (b *Builder) Inputs() []string {
	var out []string
	for _, dir := range []string{b.seedsDir, b.contentDir, b.i18nDir, b.themeDir} {
		out = append(out, filepath.Join(b.root, filepath.FromSlash(dir)))
	}
	return out
}

// glossaryMemo remembers what a glossary found in each text. A Builder
// keeps one for as long as its glossary is unchanged, so a preview that
// builds again after every edit searches each unchanged text once, not
// once per build. It is safe for concurrent use.
type glossaryMemo struct {
	g     *glossary.Glossary
	found sync.Map // memoKey → []glossary.Match
}

type memoKey struct{ lang, text string }

// FindAll returns what the glossary finds in a text of a language; the
// slice is shared with later calls: do not modify it.
func (m *glossaryMemo) FindAll(lang, text string) []glossary.Match {
	k := memoKey{lang, text}
	if v, ok := m.found.Load(k); ok {
		return v.([]glossary.Match)
	}
	out := m.g.FindAll(lang, text)
	m.found.Store(k, out)
	return out
}
