package site

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
)

// Input is what the site is made of.
type Input struct {
	Programme *programme.Programme
	Content   *content.Content
	Status    *translation.Report
	Topics    *topic.Index
	// ContentDir is the content folder as shown in errors.
	ContentDir string
	// BaseURL overrides the configured base URL when not empty.
	BaseURL string
	// NoIndex marks every page noindex (deploy previews).
	NoIndex bool
	// Glossary, when not nil, marks its terms in texts and adds the
	// glossary pages.
	Glossary *glossary.Glossary
}

// Site is every page of the site, with what the sitemap and redirects need.
type Site struct {
	BaseURL   string
	Languages []content.Language
	Pages     []*Page // sorted by File
	// Redirects maps an old path (from a slug's aliases) to its page path.
	Redirects []Redirect
	NoIndex   bool
	// Warnings are problems editors should fix that do not stop the build,
	// such as glossary forms found in no text.
	Warnings []diag.Warning
}

// Redirect is a permanent redirect from a retired URL.
type Redirect struct {
	From, To string
}

// RelatedCount is how many related commitments a commitment page shows.
const RelatedCount = 5

// CoTopicCount is how many neighbouring topics a topic page shows.
const CoTopicCount = 5

type builder struct {
	in     Input
	src    string // source language
	langs  []content.Language
	base   string
	pages  []*Page
	redirs []Redirect
	errs   diag.List
	// warnings collects the site's warnings.
	warnings []diag.Warning

	units      map[string]*programme.Unit
	commitPath map[string]map[string]string // lang → commitment ID → path
	sectPath   map[string]map[string]string // lang → section ID → path
	topicPath  map[string]map[string]string // lang → topic ID → path
	section    map[string]*programme.Section
	chapterOf  map[string]*programme.Chapter // section ID → chapter
}

// Build computes every page. It fails on two pages with the same URL, a
// slug alias that collides with a page, and content for unknown units.
func Build(in Input) (*Site, error) {
	b := &builder{
		in:         in,
		src:        in.Content.Site.Source(),
		langs:      in.Content.Site.Languages,
		base:       in.Content.Site.BaseURL,
		units:      map[string]*programme.Unit{},
		commitPath: map[string]map[string]string{},
		sectPath:   map[string]map[string]string{},
		topicPath:  map[string]map[string]string{},
		section:    map[string]*programme.Section{},
		chapterOf:  map[string]*programme.Chapter{},
	}
	if in.BaseURL != "" {
		b.base = strings.TrimSuffix(in.BaseURL, "/")
	}
	for _, u := range in.Programme.Units() {
		b.units[u.ID] = u
	}
	for _, ch := range in.Programme.Chapters {
		for _, s := range ch.Sections {
			b.section[s.ID] = s
			b.chapterOf[s.ID] = ch
		}
	}
	b.checkUnitFiles()
	b.assignPaths()
	b.home()
	b.sections()
	b.commitments()
	b.topics()
	b.editorial()
	b.glossary()
	b.notFound()
	b.root()
	b.checkURLs()
	sort.Slice(b.pages, func(i, j int) bool { return b.pages[i].File < b.pages[j].File })
	sort.Slice(b.redirs, func(i, j int) bool { return b.redirs[i].From < b.redirs[j].From })
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	return &Site{BaseURL: b.base, Languages: b.langs, Pages: b.pages, Redirects: b.redirs, NoIndex: in.NoIndex, Warnings: b.warnings}, nil
}

// checkUnitFiles refuses unit files for units that do not exist (the
// translation report names the closest) and translations in the source
// language.
func (b *builder) checkUnitFiles() {
	closest := map[string]string{}
	for _, o := range b.in.Status.Orphans {
		closest[o.File] = o.Closest
	}
	for _, lang := range b.langs {
		for _, id := range b.in.Content.SortedUnitIDs(lang.Code) {
			f := b.in.Content.Units[lang.Code][id]
			if _, ok := b.units[id]; !ok {
				msg := fmt.Sprintf("no unit %q in the seeds", id)
				if c := closest[f.File]; c != "" {
					msg += fmt.Sprintf("; closest existing unit: %s", c)
				}
				b.errs.Add(f.File, 0, "%s", msg)
				continue
			}
			if lang.Code == b.src && f.Text != "" {
				b.errs.Add(f.File, 0, "the French text comes from the seed; a source-language unit file holds only title and slug")
			}
		}
	}
}

func (b *builder) unitFile(lang, id string) *content.UnitFile {
	return b.in.Content.Units[lang][id]
}

// slug returns the URL slug of a unit in a language: from its unit file,
// or the unit ID.
func (b *builder) slug(lang, id string) string {
	if f := b.unitFile(lang, id); f != nil && f.Slug != "" {
		return f.Slug
	}
	return id
}

func (b *builder) assignPaths() {
	for _, lang := range b.langs {
		cp, sp, tp := map[string]string{}, map[string]string{}, map[string]string{}
		for _, ch := range b.in.Programme.Chapters {
			for _, s := range ch.Sections {
				sp[s.ID] = b.listingPath(lang, "sections", b.slug(lang.Code, s.ID))
				for _, c := range s.Commitments {
					cp[c.ID] = b.listingPath(lang, "commitments", b.slug(lang.Code, c.ID))
				}
			}
		}
		for _, t := range b.in.Topics.Topics {
			tp[t.ID] = b.listingPath(lang, "topics", t.Names[lang.Code].Slug)
		}
		b.commitPath[lang.Code], b.sectPath[lang.Code], b.topicPath[lang.Code] = cp, sp, tp
		// Aliases of renamed slugs redirect to the current URL, and so does
		// the ID-based URL a page had before its unit file gave it a slug
		// (an untranslated page that gets its translation).
		for _, id := range b.in.Content.SortedUnitIDs(lang.Code) {
			f := b.unitFile(lang.Code, id)
			kind := "commitments"
			to := cp[id]
			if p, ok := sp[id]; ok {
				kind, to = "sections", p
			}
			if to == "" {
				continue
			}
			old := f.Aliases
			if f.Slug != "" && f.Slug != id {
				old = append([]string{id}, old...)
			}
			for _, a := range old {
				b.redirs = append(b.redirs, Redirect{From: b.listingPath(lang, kind, a), To: to})
			}
		}
	}
}

func (b *builder) listingPath(lang content.Language, kind, slug string) string {
	return "/" + lang.Code + "/" + lang.Paths[kind] + "/" + slug + "/"
}

func homePath(lang string) string { return "/" + lang + "/" }

// fileOf maps a URL path to its output file.
func fileOf(p string) string {
	if strings.HasSuffix(p, "/") {
		return strings.TrimPrefix(p+"index.html", "/")
	}
	return strings.TrimPrefix(p, "/")
}

// add registers a page in every language: pagesByLang holds the page of
// each language, in configured order. It fills URLs and alternates.
func (b *builder) add(versions []*Page) {
	alts := make([]Alternate, len(versions))
	for i, p := range versions {
		lang := b.langs[i]
		p.File = fileOf(p.Path)
		p.Canonical = b.base + p.Path
		p.NoIndex = p.NoIndex || b.in.NoIndex
		alts[i] = Alternate{Lang: lang.Code, Name: lang.Name, Locale: lang.Locale, URL: p.Canonical, Path: p.Path, Fallback: p.Status == translation.Missing}
	}
	for i, p := range versions {
		p.Alternates = make([]Alternate, len(alts))
		copy(p.Alternates, alts)
		p.Alternates[i].Current = true
		p.XDefault = alts[0].URL
		b.pages = append(b.pages, p)
	}
}

// prose returns a unit's text as shown in a language, and its status.
func (b *builder) prose(lang, id string) Unit {
	u := b.units[id]
	srcProse := typesetProse(Prose{Lang: b.src, Text: u.Text, Items: proseItems(u.Items)})
	if lang == b.src {
		return Unit{ID: id, Prose: srcProse, Status: translation.Current}
	}
	st := b.in.Status.Lookup(lang, id)
	f := b.unitFile(lang, id)
	if st == translation.Missing || !f.HasText() {
		srcProse.Fallback = true
		return Unit{ID: id, Prose: srcProse, Status: translation.Missing}
	}
	out := Unit{ID: id, Prose: typesetProse(Prose{Lang: lang, Text: f.Text, Items: proseItems(f.Items)}), Status: st}
	if st == translation.Outdated {
		out.Original = &srcProse
	}
	return out
}

func proseItems(items []*programme.Item) []*ProseItem {
	if len(items) == 0 {
		return nil
	}
	out := make([]*ProseItem, len(items))
	for i, it := range items {
		out[i] = &ProseItem{Text: it.Text, Items: proseItems(it.Items)}
	}
	return out
}

// title returns the short title of a commitment or section in a language,
// and the language it is in: the unit file's title, else the source
// language's, else the full text cut to a readable length.
func (b *builder) title(lang, id string) (string, string) {
	text, tl := b.rawTitle(lang, id)
	return typeset(tl, text), tl
}

func (b *builder) rawTitle(lang, id string) (string, string) {
	if b.in.Status.Lookup(lang, id) != translation.Missing {
		if f := b.unitFile(lang, id); f != nil && f.Title != "" {
			return f.Title, lang
		}
		if lang != b.src {
			if f := b.unitFile(lang, id); f.HasText() {
				return cut(f.Text, 80), lang
			}
		}
	}
	if f := b.unitFile(b.src, id); f != nil && f.Title != "" {
		return f.Title, b.src
	}
	return cut(b.units[id].Text, 80), b.src
}

func (b *builder) link(lang, id, p string) Link {
	text, tl := b.title(lang, id)
	l := Link{Path: p, Text: text}
	if tl != lang {
		l.Lang = tl
	}
	return l
}

// cut shortens s to at most n characters at a word boundary, with "…".
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndex(string(r), " "); i > 0 {
		return strings.TrimRight(string(r)[:i], " ,;:") + "…"
	}
	return string(r) + "…"
}

// describe makes a meta description from a text: at most 155 characters.
func describe(s string) string { return cut(s, 155) }

func (b *builder) statusOf(lang string, ids ...string) translation.Status {
	worst := translation.Current
	if lang == b.src {
		return worst
	}
	for _, id := range ids {
		if st := b.in.Status.Lookup(lang, id); st < worst {
			worst = st
		}
	}
	return worst
}
