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
	"context"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

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
	// Warnings are the gaps of site.yaml and the topics that a fallback
	// fills (MISSING_PATHS, MISSING_TOPIC_TRANSLATION): the build goes on.
	Warnings []diag.Warning
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
// messages; fsys is rooted at it. The files are read several at a time; a
// cancelled ctx, or a panic while reading a file, is returned as a plain
// error, the content's problems as a diag.List.
func Load(ctx context.Context, fsys fs.FS, dir string) (*Content, error) {
	c, errs, err := load(ctx, fsys, dir, true)
	if err != nil {
		return nil, err
	}
	return c, errs.Err()
}

// LoadTranslations reads the site configuration, unit files and pages, but
// not the topics: what the translation status needs.
func LoadTranslations(fsys fs.FS, dir string) (*Content, error) {
	c, errs, err := load(context.Background(), fsys, dir, false)
	if err != nil {
		return nil, err
	}
	return c, errs.Err()
}

// load reads the site configuration, then the unit files and pages and,
// with topics, the topic definitions and assignments, several at a time,
// each task into its own slot. The problems come in that order: site,
// files, topics, assignments.
func load(ctx context.Context, fsys fs.FS, dir string, topics bool) (*Content, diag.List, error) {
	var errs diag.List
	c := &Content{
		Units: map[string]map[string]*UnitFile{},
		Pages: map[string]map[string]*Page{},
	}
	c.Site = loadSite(fsys, dir, &errs, &c.Warnings)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	// task runs f on the group, returning a panic in f as an error.
	task := func(name string, f func()) {
		g.Go(func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					err = fmt.Errorf("%s: panic while loading: %v", name, v)
				}
			}()
			if err := ctx.Err(); err != nil {
				return err
			}
			f()
			return nil
		})
	}
	var topicErrs diag.List
	var topicWarnings []diag.Warning
	if topics {
		task(path.Join(dir, "topics"), func() {
			c.Topics = loadTopics(fsys, dir, c.Site, &topicErrs, &topicWarnings)
			c.Assignments = loadAssignments(fsys, dir, &topicErrs)
		})
	}
	// The files of every language, units then pages; the results and
	// problems are taken in this order.
	var files []*contentFile
	for _, lang := range c.Site.Languages {
		units, _ := fs.Glob(fsys, lang.Code+"/units/*.md")
		pages, _ := fs.Glob(fsys, lang.Code+"/pages/*.md")
		c.Units[lang.Code] = make(map[string]*UnitFile, len(units))
		c.Pages[lang.Code] = make(map[string]*Page, len(pages))
		for _, name := range units {
			files = append(files, &contentFile{lang: lang.Code, name: name})
		}
		for _, name := range pages {
			files = append(files, &contentFile{lang: lang.Code, name: name, page: true})
		}
	}
	for _, f := range files {
		task(path.Join(dir, f.name), func() { f.parse(fsys, dir) })
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
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
	errs = append(errs, topicErrs...)
	c.Warnings = append(c.Warnings, topicWarnings...)
	return c, errs, nil
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

// parse reads and parses the file; dir is the content folder's path as
// shown in messages.
func (f *contentFile) parse(fsys fs.FS, dir string) {
	file := path.Join(dir, f.name)
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
