// Package content loads what editors and translators write under content/:
// the site configuration, per-language unit files (short titles, slugs,
// translations with the fingerprint of the French they translate), pages
// such as "about", topic definitions and assignments.
//
// Content files are Markdown with YAML front matter. Raw HTML is refused.
// Every problem is reported as "file:line: message".
package content

import (
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

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
	File  string // path, as shown to editors
	Lang  string
	ID    string // unit ID, from the file name
	Title string // short title (commitments); optional elsewhere
	Slug  string // URL slug in this language; empty means derived from the ID
	// SlugLine is the line of "slug:" in the file, for errors; 0 without.
	SlugLine int
	Aliases  []string
	// Source is the fingerprint of the French text the translation was made
	// from. Empty in the source language.
	Source string
	// Text and Items are the translation; empty when the file only gives a
	// title or slug.
	Text  string
	Items []*programme.Item
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
	c, errs := load(fsys, dir)
	c.Topics = loadTopics(fsys, dir, c.Site, &errs)
	c.Assignments = loadAssignments(fsys, dir, &errs)
	return c, errs.Err()
}

// LoadTranslations reads the site configuration, unit files and pages, but
// not the topics: what the translation status needs.
func LoadTranslations(fsys fs.FS, dir string) (*Content, error) {
	c, errs := load(fsys, dir)
	return c, errs.Err()
}

func load(fsys fs.FS, dir string) (*Content, diag.List) {
	var errs diag.List
	c := &Content{
		Units: map[string]map[string]*UnitFile{},
		Pages: map[string]map[string]*Page{},
	}
	c.Site = loadSite(fsys, dir, &errs)
	for _, lang := range c.Site.Languages {
		c.Units[lang.Code] = map[string]*UnitFile{}
		c.Pages[lang.Code] = map[string]*Page{}
		files, _ := fs.Glob(fsys, lang.Code+"/units/*.md")
		for _, u := range parseUnits(fsys, dir, lang.Code, files, &errs) {
			if u != nil {
				c.Units[lang.Code][u.ID] = u
			}
		}
		pages, _ := fs.Glob(fsys, lang.Code+"/pages/*.md")
		for _, name := range pages {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				errs.Add(path.Join(dir, name), 0, "cannot read: %v", err)
				continue
			}
			p := ParsePage(path.Join(dir, name), lang.Code, data, &errs)
			c.Pages[lang.Code][p.Name] = p
		}
	}
	return c, errs
}

// parseUnits reads and parses unit files several at a time; the units come
// back in the order of names (nil for a file that cannot be read) and the
// problems are added to errs in that order too.
func parseUnits(fsys fs.FS, dir, lang string, names []string, errs *diag.List) []*UnitFile {
	units := make([]*UnitFile, len(names))
	fileErrs := make([]diag.List, len(names))
	workers := runtime.GOMAXPROCS(0)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				name := names[i]
				data, err := fs.ReadFile(fsys, name)
				if err != nil {
					fileErrs[i].Add(path.Join(dir, name), 0, "cannot read: %v", err)
					continue
				}
				units[i] = ParseUnit(path.Join(dir, name), lang, data, &fileErrs[i])
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, l := range fileErrs {
		*errs = append(*errs, l...)
	}
	return units
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
		u.SlugLine = d.metaLine("slug")
	}
	if u.Slug != "" && !validSlug(u.Slug) {
		errs.Add(file, d.metaLine("slug"), "slug %q is not valid; expected lower-case letters, digits and hyphens", u.Slug)
	}
	for _, a := range u.Aliases {
		if !validSlug(a) {
			errs.Add(file, d.metaLine("aliases"), "alias %q is not valid; expected lower-case letters, digits and hyphens", a)
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
