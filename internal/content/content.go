// Package content reads what editors and translators write under content/,
// and is the only package that does: the site configuration, per-language
// unit files (short titles, slugs, translations with the fingerprint of
// the French they translate), pages such as "about", topic definitions and
// assignments, the glossary and the term base. It hands the parsed data to
// packages glossary, translation and topic. It also writes the one thing
// the tools change there: a translation's source fingerprint (SetSource).
//
// Unit files and pages are Markdown with YAML front matter, read by
// goldmark and goldmark-meta; raw HTML is refused. The other YAML files are
// read with yaml.v3 through its nodes, strictly: an unknown key is an
// error. Every problem is reported as "file:line: message".
package content

import (
	"bytes"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
)

// Content is everything loaded from the content folder.
type Content struct {
	Site Site
	// Units holds, per language code and unit ID, the unit file of that
	// language (short title, slug and, outside the source language, the
	// translation).
	Units map[string]map[string]*UnitFile
	// Pages holds, per language code and page name ("about"), the page.
	Pages       map[string]map[string]*Page
	Topics      []*Topic
	Assignments []*Assignment
}

// UnitFile is content/<lang>/units/<id>.md: what one language says about one
// text unit of the programme.
type UnitFile struct {
	File    string // path, as shown to editors
	Lang    string
	ID      string // unit ID, from the file name
	Title   string // short title (commitments); optional elsewhere
	Slug    string // URL slug in this language; empty means derived from the ID
	Aliases []string
	// Source is the fingerprint of the French text the translation was made
	// from. Empty in the source language.
	Source string
	// Text and Items are the translation; empty when the file only gives a
	// title or slug.
	Text  string
	Items []*programme.Item

	// front is the file's front matter when it sets a slug, for SlugLine.
	front []byte
}

// SlugLine returns the line of "slug:" in the file, for errors; 0 without
// a slug. It reads the front matter again: only an error needs it.
func (u *UnitFile) SlugLine() int {
	if u.front == nil {
		return 0
	}
	return keyLines(u.front)["slug"]
}

// HasText reports whether the file holds a translation of the unit's text.
func (u *UnitFile) HasText() bool { return u != nil && u.Text != "" }

// Page is an editorial page such as "about": Markdown rendered to HTML.
type Page struct {
	File        string
	Lang        string
	Name        string
	Title       string
	Description string
	Slug        string
	Source      string // fingerprint of the source-language page it translates
	HTML        string // rendered body
	Plain       string // body as plain text, for fingerprints
}

// Load reads the content folder. dir is the folder's path as shown in error
// messages; fsys is rooted at it.
func Load(fsys fs.FS, dir string) (*Content, error) {
	c, errs := load(fsys, dir, true)
	return c, errs.Err()
}

// LoadTranslations reads the site configuration, unit files and pages, but
// not the topics: what the translation status needs.
func LoadTranslations(fsys fs.FS, dir string) (*Content, error) {
	c, errs := load(fsys, dir, false)
	return c, errs.Err()
}

// load reads the site configuration, then the unit files and pages and,
// with topics, the topic definitions and assignments at the same time.
// The problems come in that order: site, files, topics, assignments.
func load(fsys fs.FS, dir string, topics bool) (*Content, diag.List) {
	var errs diag.List
	c := &Content{
		Units: map[string]map[string]*UnitFile{},
		Pages: map[string]map[string]*Page{},
	}
	c.Site = loadSite(fsys, dir, &errs)
	var topicErrs diag.List
	var topicsLoaded sync.WaitGroup
	if topics {
		topicsLoaded.Go(func() {
			c.Topics = loadTopics(fsys, dir, c.Site, &topicErrs)
			c.Assignments = loadAssignments(fsys, dir, &topicErrs)
		})
	}
	// The files of every language, units then pages, are read and parsed
	// several at a time, each into its own slot; the results and problems
	// are then taken in this order.
	units := make([][]string, len(c.Site.Languages))
	pages := make([][]string, len(c.Site.Languages))
	n := 0
	for i, lang := range c.Site.Languages {
		units[i] = markdownFiles(fsys, lang.Code+"/units")
		pages[i] = markdownFiles(fsys, lang.Code+"/pages")
		n += len(units[i]) + len(pages[i])
	}
	files := make([]contentFile, 0, n)
	for i, lang := range c.Site.Languages {
		for _, name := range units[i] {
			files = append(files, contentFile{lang: lang.Code, name: name})
		}
		for _, name := range pages[i] {
			files = append(files, contentFile{lang: lang.Code, name: name, page: true})
		}
	}
	j := newJoiner(dir)
	parallel(len(files), func(i int) { files[i].parse(fsys, j) })
	for i, lang := range c.Site.Languages {
		c.Units[lang.Code] = make(map[string]*UnitFile, len(units[i]))
		c.Pages[lang.Code] = make(map[string]*Page, len(pages[i]))
	}
	for _, f := range files {
		errs = append(errs, f.errs...)
		switch {
		case f.unit != nil:
			c.Units[f.lang][f.unit.ID] = f.unit
		case f.pg != nil:
			c.Pages[f.lang][f.pg.Name] = f.pg
		}
	}
	topicsLoaded.Wait()
	errs = append(errs, topicErrs...)
	return c, errs
}

// markdownFiles returns the paths of the entries of dir named *.md, in
// name order, as fs.Glob(fsys, dir+"/*.md") does; none when dir cannot be
// read. Matching the names against the pattern is most of fs.Glob's cost,
// so the suffix is checked directly when dir has no pattern characters.
func markdownFiles(fsys fs.FS, dir string) []string {
	if strings.ContainsAny(dir, `*?[\`) {
		names, _ := fs.Glob(fsys, dir+"/*.md")
		return names
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var names []string
	j := newJoiner(dir)
	for _, e := range entries {
		if name := e.Name(); strings.HasSuffix(name, ".md") && !strings.Contains(name, "/") {
			names = append(names, j.join(name))
		}
	}
	return names
}

// joiner joins names to a folder as path.Join does, without path.Join's
// cleaning, which costs more than the rest of it, where it can: when the
// folder is clean and the name a valid fs path, folder+"/"+name is clean
// already.
type joiner struct {
	dir   string
	clean bool // dir is clean, not "", "." or "/"
}

func newJoiner(dir string) joiner {
	return joiner{dir, dir != "" && dir != "." && dir != "/" && path.Clean(dir) == dir}
}

// join returns path.Join(j.dir, name).
func (j joiner) join(name string) string {
	if j.clean && name != "." && fs.ValidPath(name) {
		return j.dir + "/" + name
	}
	return path.Join(j.dir, name)
}

// contentFile is a unit file or page to load, then what it holds: the
// unit or page (nil when the file cannot be read) and its problems.
type contentFile struct {
	lang, name string
	page       bool

	unit *UnitFile
	pg   *Page
	errs diag.List
}

// parse reads and parses the file; dir joins its name to the content
// folder's path as shown in messages.
func (f *contentFile) parse(fsys fs.FS, dir joiner) {
	file := dir.join(f.name)
	data, err := fs.ReadFile(fsys, f.name)
	switch {
	case err != nil:
		f.errs.Add(file, 0, "cannot read: %v", err)
	case f.page:
		f.pg = ParsePage(file, f.lang, data, &f.errs)
	default:
		f.unit = ParseUnit(file, f.lang, data, &f.errs)
	}
}

// parallel calls f(i) for every i in [0, n), on as many goroutines as
// there are processors (GOMAXPROCS), and returns when all calls have.
func parallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// ParseUnit parses one unit file. file is its path; the unit ID is the file
// name without ".md".
func ParseUnit(file, lang string, data []byte, errs *diag.List) *UnitFile {
	d := parseDocument(file, data, errs)
	d.checkKeys(errs, "title", "slug", "aliases", "source")
	u := &UnitFile{
		File:    file,
		Lang:    lang,
		ID:      strings.TrimSuffix(path.Base(file), ".md"),
		Title:   d.str("title", errs),
		Slug:    d.str("slug", errs),
		Aliases: d.strs("aliases", errs),
		Source:  d.fingerprint(errs),
	}
	if u.Slug != "" {
		u.front = bytes.Clone(frontMatter(d.src))
	}
	if u.Slug != "" && !validSlug(u.Slug) {
		errs.Add(file, d.keyLine("slug"), "slug %q is not valid; expected lower-case letters, digits and hyphens", u.Slug)
	}
	for _, a := range u.Aliases {
		if !validSlug(a) {
			errs.Add(file, d.keyLine("aliases"), "alias %q is not valid; expected lower-case letters, digits and hyphens", a)
		}
	}
	if !d.badMeta {
		u.Text, u.Items = d.prose(errs)
	}
	return u
}

// validSlug reports whether s is made of lower-case ASCII letters, digits
// and single hyphens.
func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Languages returns the configured language codes, source language first.
func (c *Content) Languages() []string {
	var out []string
	for _, l := range c.Site.Languages {
		out = append(out, l.Code)
	}
	return out
}

// SortedUnitIDs returns the unit IDs of a language in order, for reports.
func (c *Content) SortedUnitIDs(lang string) []string {
	var ids []string
	for id := range c.Units[lang] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
