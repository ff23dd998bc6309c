package site

import (
	"fmt"
	"slices"
	"sort"
	"strings"

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
	// Find, when not nil, finds the Glossary's forms in texts in its
	// stead: a cache the caller keeps while the glossary is unchanged.
	Find glossary.Finder
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

	// state is what Update needs to make the site again after an edit;
	// nil once an Update took it.
	state *builder
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

	units     map[string]*unitInfo         // by unit ID
	unitList  []*unitInfo                  // in reading order
	topicPath map[string]map[string]string // lang → topic ID → path
	topicName map[string]map[string]string // lang → topic ID → name, typeset
	topicLang map[string]map[string]string // lang → topic ID → the language of its name, when not lang
	section   map[string]*programme.Section
	// chapterOfSection is the chapter of each section, by section ID.
	chapterOfSection map[string]*programme.Chapter
	terms            map[string]map[string]Term // lang → glossary entry → definition, without Ref
	unitIDs          map[string][]string        // lang → IDs of the unit files, sorted
	commitments      []*programme.Commitment    // in programme order

	// things are what the pages show, one page per language each, in the
	// order they were added; Update makes some of them again.
	things []*thing
	// fresh are the things made again by every Update: the data pages,
	// which the open data phase completes (see Data).
	fresh []int
	// glossaryPage is the index in things of the glossary pages, -1
	// without a glossary.
	glossaryPage int
	// marked lists, per language and commitment ID, the glossary entries
	// its text marks: what the glossary pages list.
	marked map[string]map[string][]string
	// found holds, per language (in langs order) and unit (in unitList
	// order), what the glossary finds in the unit's texts in that
	// language: what the warnings about unused forms are made of.
	found [][][]glossary.Match
	// byDep lists, per dependency (Page.Deps), the things whose pages
	// name it, by index in things: made by the first Update. A list may
	// name a thing that no longer depends on it.
	byDep map[string][]int
}

// thing is what one page per language shows: the home page, a chapter, a
// commitment, a page of a list... Its make function makes its page in a
// language from the builder's state at the time of the call, so that
// Update can make the pages again after an edit.
type thing struct {
	make  func(lang content.Language) *Page
	pages []*Page // as last made, in builder.langs order
}

// unitInfo is a text unit and what its pages need of it, worked out once
// for all the pages that show or link to it.
type unitInfo struct {
	unit  *programme.Unit
	index int // in builder.unitList
	// src is its text and items typeset in the source language, set on
	// first use by srcProse.
	src   *Prose
	langs []unitLang // parallel to builder.langs
}

// unitLang is a unit in one language.
type unitLang struct {
	file   *content.UnitFile // nil when there is none
	status translation.Status
	path   string // of the unit's page: a chapter, section or commitment; else ""
	// title memoises builder.title, and heading the link of a section
	// (sectionLink) or chapter (chapterLink).
	title   *titled
	heading *Link
}

// titled is a short title and the language it is in.
type titled struct {
	text, lang string
}

// Build computes every page. It fails on two pages with the same URL, a
// slug alias that collides with a page, and content for unknown units.
func Build(in Input) (*Site, error) {
	b := &builder{
		in:               in,
		src:              in.Content.Site.Source(),
		langs:            in.Content.Site.Languages,
		base:             in.Content.Site.BaseURL,
		units:            map[string]*unitInfo{},
		topicPath:        map[string]map[string]string{},
		topicName:        map[string]map[string]string{},
		topicLang:        map[string]map[string]string{},
		section:          map[string]*programme.Section{},
		chapterOfSection: map[string]*programme.Chapter{},
		terms:            map[string]map[string]Term{},
		unitIDs:          map[string][]string{},
		marked:           map[string]map[string][]string{},
		glossaryPage:     -1,
	}
	if in.BaseURL != "" {
		b.base = strings.TrimSuffix(in.BaseURL, "/")
	}
	for _, u := range in.Programme.Units() {
		inf := &unitInfo{unit: u, index: len(b.unitList), langs: make([]unitLang, len(b.langs))}
		b.unitList = append(b.unitList, inf)
		b.units[u.ID] = inf
	}
	for li, lang := range b.langs {
		files := in.Content.Units[lang.Code]
		for _, inf := range b.unitList {
			ul := &inf.langs[li]
			ul.file = files[inf.unit.ID]
			ul.status = in.Status.Lookup(lang.Code, inf.unit.ID)
		}
		names, fallbacks := map[string]string{}, map[string]string{}
		for _, t := range in.Topics.Topics {
			if _, dup := names[t.ID]; !dup {
				tl := b.topicLabelLang(t, lang.Code)
				names[t.ID] = typeset(tl, t.Names[lang.Code].Name)
				if tl != lang.Code {
					fallbacks[t.ID] = tl
				}
			}
		}
		b.topicName[lang.Code], b.topicLang[lang.Code] = names, fallbacks
	}
	for _, ch := range in.Programme.Chapters {
		for _, s := range ch.Sections {
			b.section[s.ID] = s
			b.chapterOfSection[s.ID] = ch
		}
	}
	b.commitments = in.Programme.Commitments()
	b.checkUnitFiles()
	b.assignPaths()
	b.home()
	b.chapterPages()
	b.listings()
	b.sections()
	b.commitmentPages()
	b.topics()
	b.editorial()
	b.glossary()
	b.data()
	b.search()
	b.notFound()
	b.root()
	b.checkURLs()
	// Files are unique when paths are (checkURLs): any sort gives one order.
	slices.SortFunc(b.pages, func(p, q *Page) int { return strings.Compare(p.File, q.File) })
	sort.Slice(b.redirs, func(i, j int) bool { return b.redirs[i].From < b.redirs[j].From })
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	return &Site{BaseURL: b.base, Languages: b.langs, Pages: b.pages, Redirects: b.redirs, NoIndex: in.NoIndex, Warnings: b.warnings, state: b}, nil
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
		for _, id := range b.sortedUnitIDs(lang.Code) {
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

// sortedUnitIDs returns the IDs of a language's unit files in order.
func (b *builder) sortedUnitIDs(lang string) []string {
	ids, ok := b.unitIDs[lang]
	if !ok {
		ids = b.in.Content.SortedUnitIDs(lang)
		b.unitIDs[lang] = ids
	}
	return ids
}

func (b *builder) unitFile(lang, id string) *content.UnitFile {
	return b.in.Content.Units[lang][id]
}

// assignPaths gives every section, commitment and topic its path in each
// language, and adds the redirects of their former paths.
func (b *builder) assignPaths() {
	for li, lang := range b.langs {
		setPath := func(id, kind string) {
			ul := &b.units[id].langs[li]
			slug := id
			if ul.file != nil && ul.file.Slug != "" {
				slug = ul.file.Slug
			}
			ul.path = b.listingPath(lang, kind, slug)
		}
		for _, ch := range b.in.Programme.Chapters {
			setPath(ch.ID, "chapters")
			for _, s := range ch.Sections {
				setPath(s.ID, "sections")
				for _, c := range s.Commitments {
					setPath(c.ID, "commitments")
				}
			}
		}
		tp := map[string]string{}
		for _, t := range b.in.Topics.Topics {
			tp[t.ID] = b.listingPath(lang, "topics", t.Names[lang.Code].Slug)
		}
		b.topicPath[lang.Code] = tp
		// Aliases of renamed slugs redirect to the current URL, and so does
		// the ID-based URL a page had before its unit file gave it a slug
		// (an untranslated page that gets its translation).
		for _, id := range b.sortedUnitIDs(lang.Code) {
			f := b.unitFile(lang.Code, id)
			inf := b.units[id]
			if inf == nil || inf.langs[li].path == "" {
				continue
			}
			kind, to := "commitments", inf.langs[li].path
			switch inf.unit.Kind {
			case programme.KindSection:
				kind = "sections"
			case programme.KindChapter:
				kind = "chapters"
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

// alternate fills the URLs and alternates of a thing's pages: versions
// holds the page of each language, in configured order. The x-default is
// the source language's page unless a page set its own.
func (b *builder) alternate(versions []*Page) {
	alts := make([]Alternate, len(versions))
	for i, p := range versions {
		lang := b.langs[i]
		p.File = fileOf(p.Path)
		p.Canonical = b.base + p.Path
		p.NoIndex = p.NoIndex || b.in.NoIndex
		alts[i] = Alternate{Lang: lang.Code, Name: lang.Name, Locale: lang.Locale, URL: p.Canonical, Path: p.Path, Fallback: p.Status == translation.Missing}
	}
	for i, p := range versions {
		p.Alternates = slices.Clone(alts)
		p.Alternates[i].Current = true
		if p.XDefault == "" {
			p.XDefault = alts[0].URL
		}
	}
}

// langIndex returns the index of a language in b.langs.
func (b *builder) langIndex(lang string) int {
	for i, l := range b.langs {
		if l.Code == lang {
			return i
		}
	}
	panic("site: unknown language " + lang)
}

// unitLang returns what a unit is in a language.
func (b *builder) unitLang(lang, id string) *unitLang {
	return &b.units[id].langs[b.langIndex(lang)]
}

// prose returns a unit's text as shown in a language, and its status.
func (b *builder) prose(lang, id string) Unit {
	inf := b.units[id]
	if lang == b.src {
		return Unit{ID: id, Prose: b.srcProse(inf), Status: translation.Current}
	}
	ul := &inf.langs[b.langIndex(lang)]
	st, f := ul.status, ul.file
	if st == translation.Missing || !f.HasText() {
		p := b.srcProse(inf)
		p.Fallback = true
		return Unit{ID: id, Prose: p, Status: translation.Missing}
	}
	out := Unit{ID: id, Prose: Prose{Lang: lang, Text: typeset(lang, f.Text), Items: proseItems(lang, f.Items)}, Status: st}
	if st == translation.Outdated {
		p := b.srcProse(inf)
		out.Original = &p
	}
	return out
}

// srcProse returns a unit's text in the source language, typeset. Its
// items are the caller's own: marking the glossary sets their Marks.
func (b *builder) srcProse(inf *unitInfo) Prose {
	if inf.src == nil {
		inf.src = &Prose{Lang: b.src, Text: typeset(b.src, inf.unit.Text), Items: proseItems(b.src, inf.unit.Items)}
	}
	p := *inf.src
	p.Items = copyItems(p.Items)
	return p
}

// proseItems returns items typeset in a language.
func proseItems(lang string, items []*programme.Item) []*ProseItem {
	if len(items) == 0 {
		return nil
	}
	out := make([]*ProseItem, len(items))
	for i, it := range items {
		out[i] = &ProseItem{Text: typeset(lang, it.Text), Items: proseItems(lang, it.Items)}
	}
	return out
}

// copyItems returns a copy of items, nested items included.
func copyItems(items []*ProseItem) []*ProseItem {
	if items == nil {
		return nil
	}
	out := make([]*ProseItem, len(items))
	for i, it := range items {
		out[i] = &ProseItem{Text: it.Text, Items: copyItems(it.Items)}
	}
	return out
}

// title returns the short title of a commitment or section in a language,
// and the language it is in: the unit file's title, else the source
// language's, else the full text cut to a readable length.
func (b *builder) title(lang, id string) (string, string) {
	inf := b.units[id]
	return b.titleOf(lang, inf, &inf.langs[b.langIndex(lang)])
}

// titleOf is title for the unit inf, which is ul in lang.
func (b *builder) titleOf(lang string, inf *unitInfo, ul *unitLang) (string, string) {
	if ul.title == nil {
		text, tl := b.rawTitle(lang, inf, ul)
		ul.title = &titled{typeset(tl, text), tl}
	}
	return ul.title.text, ul.title.lang
}

func (b *builder) rawTitle(lang string, inf *unitInfo, ul *unitLang) (string, string) {
	if ul.status != translation.Missing {
		if f := ul.file; f != nil && f.Title != "" {
			return f.Title, lang
		}
		if lang != b.src {
			if f := ul.file; f.HasText() {
				return derivedTitle(f.Text), lang
			}
		}
	}
	if f := inf.langs[b.langIndex(b.src)].file; f != nil && f.Title != "" {
		return f.Title, b.src
	}
	return derivedTitle(inf.unit.Text), b.src
}

// pathOf returns the path of a section or commitment in a language.
func (b *builder) pathOf(lang, id string) string {
	if inf := b.units[id]; inf != nil {
		return inf.langs[b.langIndex(lang)].path
	}
	return ""
}

// link returns the link to a section or commitment in a language, with its
// short title.
func (b *builder) link(lang, id string) Link {
	inf := b.units[id]
	ul := &inf.langs[b.langIndex(lang)]
	text, tl := b.titleOf(lang, inf, ul)
	l := Link{Path: ul.path, Text: text}
	if tl != lang {
		l.Lang = tl
	}
	return l
}

// describe makes a meta description from a text: at most 155 characters.
func describe(s string) string { return cut(s, 155) }

func (b *builder) statusOf(lang string, ids ...string) translation.Status {
	worst := translation.Current
	if lang == b.src {
		return worst
	}
	li := b.langIndex(lang)
	for _, id := range ids {
		if st := b.units[id].langs[li].status; st < worst {
			worst = st
		}
	}
	return worst
}
