package site

import (
	"strconv"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/translation"
)

// The kinds of page that show the programme's structure.
const (
	KindChapter  Kind = "chapter"  // a chapter: its intro, priorities and sections
	KindChapters Kind = "chapters" // the list of chapters
	KindListing  Kind = "listing"  // the sections or the commitments of the programme, by chapter
)

// ListBudget is how many links a page of a long list holds at most:
// listings and topic pages are split into pages of whole chapters (a
// chapter longer than that is split too), so that no page grows with the
// size of the programme.
const ListBudget = 150

// ChapterCard is a chapter at a glance: its number, the link to its page
// and how many commitments it holds.
type ChapterCard struct {
	Number int
	Link   Link
	Count  int
}

// Chapters is the body of the list of chapters.
type Chapters struct {
	Chapters []ChapterCard
}

// Group is a chapter's part of a long list: the chapter, then its
// sub-groups (one per section for commitments, a single one for sections).
type Group struct {
	Number  int
	Chapter Link
	Subs    []SubGroup
}

// SubGroup is a run of links under an optional heading (a section).
// Start is the number in its list of the first link, from 1.
type SubGroup struct {
	Heading *Link
	Start   int
	Links   []Link
}

// Listing is the body of a page listing the sections or the commitments
// of the programme, grouped by chapter, one page at a time.
type Listing struct {
	// What is "sections" or "commitments"; Total counts them all.
	What   string
	Total  int
	Groups []Group
	Pager  *Pager // nil when the list fits on one page
}

// Pager leads through the pages of a split list. Pages are the pages
// around the current one, the first and the last, in order; a gap between
// two of them is shown as an ellipsis.
type Pager struct {
	Number, Of int
	Prev, Next *Link
	Pages      []PagerLink
}

// PagerLink is one page of a split list, named by the chapters it holds.
type PagerLink struct {
	Link
	Number      int
	First, Last int // chapter numbers
	Current     bool
	Gap         bool // pages are left out before this one
}

// item is an entry of a long list: a section, or a commitment and its
// section. Its link is made with the page that shows it (see groups).
type item struct {
	chapter *programme.Chapter
	section *programme.Section
	num     int    // its number in its section (or chapter, for a section)
	id      string // of the section or commitment
}

// itemDeps returns the units a page of a list shows: its items, their
// chapters and, when sectioned, their sections.
func itemDeps(items []item, sectioned bool) []string {
	deps := make([]string, 0, len(items)+8)
	for _, it := range items {
		deps = append(deps, it.id)
	}
	for i, it := range items {
		if i == 0 || items[i-1].chapter != it.chapter {
			deps = append(deps, it.chapter.ID)
		}
		if sectioned && (i == 0 || items[i-1].section != it.section) {
			deps = append(deps, it.section.ID)
		}
	}
	return deps
}

// paginate cuts items into pages of at most ListBudget links, chapter
// and section headings counted, starting a page at a chapter boundary
// when the page is already more than half full.
func paginate(items []item, sectioned bool) [][]item {
	var pages [][]item
	start, links := 0, 0
	for i, it := range items {
		newChapter := i == 0 || items[i-1].chapter != it.chapter
		cost := 1
		if newChapter {
			cost++
		}
		if sectioned && (newChapter || items[i-1].section != it.section) {
			cost++
		}
		full := links+cost > ListBudget
		if i > start && (full || newChapter && links > ListBudget/2 && links+cost+chapterLen(items[i:]) > ListBudget) {
			pages = append(pages, items[start:i])
			start, links = i, 0
			cost = 2
			if sectioned {
				cost++
			}
		}
		links += cost
	}
	if start < len(items) || len(pages) == 0 {
		pages = append(pages, items[start:])
	}
	return pages
}

// chapterLen is how many items of the chapter of items[0] lead items.
func chapterLen(items []item) int {
	n := 0
	for n < len(items) && items[n].chapter == items[0].chapter {
		n++
	}
	return n
}

// groups arranges a page's items by chapter, then by section when
// sectioned; start numbers the first item within its section (or chapter).
// The items of a list that is not sectioned are sections, the others
// commitments.
func (b *builder) groups(lang string, items []item, sectioned bool) []Group {
	var out []Group
	for i, it := range items {
		if i == 0 || items[i-1].chapter != it.chapter {
			out = append(out, Group{Number: it.chapter.Number, Chapter: b.chapterLink(lang, it.chapter)})
		}
		g := &out[len(out)-1]
		if len(g.Subs) == 0 || sectioned && items[i-1].section != it.section {
			sg := SubGroup{Start: it.num}
			if sectioned {
				h := b.sectionLink(lang, it.section)
				sg.Heading = &h
			}
			g.Subs = append(g.Subs, sg)
		}
		sg := &g.Subs[len(g.Subs)-1]
		if sectioned {
			sg.Links = append(sg.Links, b.link(lang, it.id))
		} else {
			sg.Links = append(sg.Links, b.sectionLink(lang, it.section))
		}
	}
	return out
}

// pagePath is the path of page n of a list whose first page is at base.
func pagePath(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + strconv.Itoa(n) + "/"
}

// pageID is the key ID of page n (from 0) of the list of id: id itself for
// the first page, "id/2" for the second.
func pageID(id string, n int) string {
	if n == 0 {
		return id
	}
	return id + "/" + strconv.Itoa(n+1)
}

// part names page n (from 0) of a list split into of pages for its
// title, "2/5"; empty for the first page, which is the list's own address.
func part(n, of int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n+1) + "/" + strconv.Itoa(of)
}

// pager returns the pager of page n (from 1) of pages, nil for a single
// page.
func pager(base string, pages [][]item, n int) *Pager {
	if len(pages) < 2 {
		return nil
	}
	p := &Pager{Number: n, Of: len(pages)}
	link := func(k int) Link { return Link{Path: pagePath(base, k)} }
	if n > 1 {
		l := link(n - 1)
		p.Prev = &l
	}
	if n < len(pages) {
		l := link(n + 1)
		p.Next = &l
	}
	last := 0
	for k := 1; k <= len(pages); k++ {
		if k != 1 && k != len(pages) && (k < n-2 || k > n+2) {
			continue
		}
		items := pages[k-1]
		p.Pages = append(p.Pages, PagerLink{Link: link(k), Number: k, Current: k == n, Gap: k > last+1,
			First: items[0].chapter.Number, Last: items[len(items)-1].chapter.Number})
		last = k
	}
	return p
}

// chapterPages adds a page per chapter and the list of chapters, in each
// language.
func (b *builder) chapterPages() {
	chs := b.in.Programme.Chapters
	for i, ch := range chs {
		b.each(func(lang content.Language) *Page {
			l := lang.Code
			v, deps := b.chapterView(l, ch)
			if i > 0 {
				prev := b.chapterLink(l, chs[i-1])
				v.Prev = &prev
			}
			if i+1 < len(chs) {
				next := b.chapterLink(l, chs[i+1])
				v.Next = &next
			}
			if i > 0 {
				deps = append(deps, chs[i-1].ID)
			}
			if i+1 < len(chs) {
				deps = append(deps, chs[i+1].ID)
			}
			p := &Page{Kind: KindChapter, Lang: l, Key: Key{Kind: KindChapter, ID: ch.ID}, Path: b.pathOf(l, ch.ID), Body: v, Deps: deps}
			p.Title = v.Title.Prose.Text
			if v.Title.Prose.Lang != l {
				p.TitleLang = v.Title.Prose.Lang
			}
			shown := []string{ch.ID}
			for _, blk := range ch.Intro {
				shown = append(shown, blk.ID)
			}
			for _, pr := range ch.Priorities {
				shown = append(shown, pr.ID)
			}
			p.Status = b.statusOf(l, shown...)
			p.Description = describe(p.Title)
			if len(v.Intro) > 0 && (l == b.src || !v.Intro[0].Prose.Fallback) {
				p.Description = describe(v.Intro[0].Prose.Text)
			}
			p.Breadcrumbs = []Link{b.homeCrumb(l), b.chaptersCrumb(lang)}
			return p
		})
	}
	b.each(func(lang content.Language) *Page {
		v := &Chapters{Chapters: b.chapterCards(lang.Code)}
		deps := make([]string, len(chs))
		for i, ch := range chs {
			deps[i] = ch.ID
		}
		return &Page{Kind: KindChapters, Lang: lang.Code, Key: Key{Kind: KindChapters}, Path: b.indexPath(lang, "chapters"),
			TitleID: "chapters_title", DescriptionID: "chapters_description", Body: v, Deps: deps,
			Breadcrumbs: []Link{b.homeCrumb(lang.Code)}}
	})
}

// indexPath is the path of a language's list of a kind ("chapters",
// "sections", "commitments", "topics").
func (b *builder) indexPath(lang content.Language, kind string) string {
	return "/" + lang.Code + "/" + lang.Paths[kind] + "/"
}

func (b *builder) chaptersCrumb(lang content.Language) Link {
	return Link{Path: b.indexPath(lang, "chapters"), TextID: "chapters_title"}
}

// chapterCards returns every chapter at a glance, in a language.
func (b *builder) chapterCards(lang string) []ChapterCard {
	out := make([]ChapterCard, len(b.in.Programme.Chapters))
	for i, ch := range b.in.Programme.Chapters {
		n := 0
		for _, s := range ch.Sections {
			n += len(s.Commitments)
		}
		out[i] = ChapterCard{Number: ch.Number, Link: b.chapterLink(lang, ch), Count: n}
	}
	return out
}

// chapterView returns what a chapter page shows, and the units it shows.
func (b *builder) chapterView(lang string, ch *programme.Chapter) (*ChapterView, []string) {
	cv := &ChapterView{Number: ch.Number, Title: b.prose(lang, ch.ID)}
	deps := []string{ch.ID}
	for _, blk := range ch.Intro {
		cv.Intro = append(cv.Intro, b.prose(lang, blk.ID))
		deps = append(deps, blk.ID)
	}
	for _, pr := range ch.Priorities {
		pv := PriorityView{Unit: b.prose(lang, pr.ID)}
		if pr.SectionID != "" {
			l := Link{Path: b.pathOf(lang, pr.SectionID)}
			pv.Section = &l
		}
		cv.Priorities = append(cv.Priorities, pv)
		deps = append(deps, pr.ID)
	}
	for _, s := range ch.Sections {
		cv.Sections = append(cv.Sections, b.sectionLink(lang, s))
		cv.Counts = append(cv.Counts, len(s.Commitments))
		deps = append(deps, s.ID)
	}
	return cv, deps
}

// listings adds the lists of every section and every commitment, grouped
// by chapter and split into pages of whole chapters: the pages at
// /<lang>/<sections>/ and /<lang>/<commitments>/, so that cutting the
// address of a section or commitment leads somewhere.
func (b *builder) listings() {
	ns, nc := 0, 0
	for _, ch := range b.in.Programme.Chapters {
		ns += len(ch.Sections)
		for _, s := range ch.Sections {
			nc += len(s.Commitments)
		}
	}
	sections := make([]item, 0, ns)
	commitments := make([]item, 0, nc)
	for _, ch := range b.in.Programme.Chapters {
		for _, s := range ch.Sections {
			sections = append(sections, item{chapter: ch, section: s, num: s.Number, id: s.ID})
			for i, c := range s.Commitments {
				commitments = append(commitments, item{chapter: ch, section: s, num: i + 1, id: c.ID})
			}
		}
	}
	b.listing(listKind{What: "sections", TitleID: "sections_index_title", DescriptionID: "sections_index_description"}, ns, false, sections)
	b.listing(listKind{What: "commitments", TitleID: "commitments_index_title", DescriptionID: "commitments_index_description"}, nc, true, commitments)
}

// listKind names a list: the kind of its items ("sections",
// "commitments") and the interface strings of its title and description.
type listKind struct {
	What, TitleID, DescriptionID string
}

// listing adds the pages of one list in every language. The cut into
// pages is the same in every language.
func (b *builder) listing(k listKind, total int, sectioned bool, items []item) {
	pages := paginate(items, sectioned)
	for n := range pages {
		b.each(func(lang content.Language) *Page {
			l := lang.Code
			base := b.indexPath(lang, k.What)
			v := &Listing{What: k.What, Total: total, Groups: b.groups(l, pages[n], sectioned), Pager: pager(base, pages, n+1)}
			deps := itemDeps(pages[n], sectioned)
			p := &Page{Kind: KindListing, Lang: l, Key: Key{Kind: KindListing, ID: pageID(k.What, n)}, Path: pagePath(base, n+1), Part: part(n, len(pages)),
				TitleID: k.TitleID, DescriptionID: k.DescriptionID, Body: v, Deps: deps,
				Breadcrumbs: []Link{b.homeCrumb(l)}}
			if n > 0 {
				p.Breadcrumbs = append(p.Breadcrumbs, Link{Path: base, TextID: k.TitleID})
			}
			return p
		})
	}
}

// topicPages adds the pages of a topic in every language: its commitments
// grouped by chapter and section, split into pages of whole chapters.
func (b *builder) topicPages(t *content.Topic) {
	cs := b.in.Topics.ByTopic[t.ID]
	items := make([]item, len(cs))
	for k, c := range cs {
		items[k] = item{chapter: b.chapterOfSection[c.SectionID], section: b.section[c.SectionID], id: c.ID}
	}
	pages := paginate(items, true)
	var cotopics []topicShare
	for _, sh := range b.in.Topics.CoTopics(t.ID, CoTopicCount) {
		cotopics = append(cotopics, topicShare{sh.Topic, sh.Count})
	}
	for n := range pages {
		b.each(func(lang content.Language) *Page {
			l := lang.Code
			name, tl := t.Names[l], b.topicLabelLang(t, l)
			base := b.topicPath[l][t.ID]
			v := &Topic{Name: typeset(tl, name.Name), Description: typeset(tl, name.Description), Count: len(cs),
				Groups: b.groups(l, pages[n], true), Pager: pager(base, pages, n+1)}
			deps := itemDeps(pages[n], true)
			for _, sh := range cotopics {
				v.CoTopics = append(v.CoTopics, TopicCount{Link: b.topicLink(l, sh.topic), Count: sh.count})
			}
			topicsIndex := Link{Path: b.indexPath(lang, "topics"), TextID: "topics_title"}
			p := &Page{Kind: KindTopic, Lang: l, Key: Key{Kind: KindTopic, ID: pageID(t.ID, n)}, Path: pagePath(base, n+1), Part: part(n, len(pages)),
				Title: v.Name, Description: describe(v.Description), Body: v, Deps: deps,
				Breadcrumbs: []Link{b.homeCrumb(l), topicsIndex}, Status: translation.Current}
			if tl != l {
				// No entry in the page's language: the source language's
				// name and description, with the notice.
				p.TitleLang, p.Status = tl, translation.Missing
			}
			if n > 0 {
				p.Breadcrumbs = append(p.Breadcrumbs, Link{Path: base, Text: v.Name, Lang: p.TitleLang})
			}
			return p
		})
	}
}

// topicShare is a neighbouring topic and the commitments it shares.
type topicShare struct {
	topic string
	count int
}
