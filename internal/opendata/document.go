package opendata

import (
	"path"
	"strconv"

	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/translation"
)

// document is the body of programme.json in one language. The field order
// is the order of the file; programme.schema.json describes each field.
type document struct {
	Chapters []chapter      `json:"chapters"`
	Topics   []topicEntry   `json:"topics"`
	Glossary []glossaryItem `json:"glossary"`
}

// The values of a text's "translation" field.
const (
	statusSource   = "source"   // the source language's own text
	statusCurrent  = "current"  // a translation of the current source text
	statusOutdated = "outdated" // a translation of an earlier source text
	statusMissing  = "missing"  // no translation: the source text instead
)

// text is a translatable text in one language: what it says, in which
// language, and whether it is the source, a translation, or the source
// shown for want of a translation.
type text struct {
	Text        string `json:"text"`
	Lang        string `json:"lang"`
	Translation string `json:"translation"`
	Items       []item `json:"items,omitempty"`
}

// item is a sub-item or list item, nested as in the programme.
type item struct {
	ID     string   `json:"id,omitempty"`
	Text   string   `json:"text"`
	Topics []string `json:"topics,omitempty"`
	Items  []item   `json:"items,omitempty"`
}

type source struct {
	File      string `json:"file"`
	FirstLine int    `json:"firstLine"`
	LastLine  int    `json:"lastLine"`
	Page      int    `json:"page"`
}

type chapter struct {
	ID         string     `json:"id"`
	Number     int        `json:"number"`
	Title      text       `json:"title"`
	URL        string     `json:"url"`
	Source     source     `json:"source"`
	Intro      []block    `json:"intro"`
	Priorities []priority `json:"priorities"`
	Sections   []section  `json:"sections"`
}

type block struct {
	ID string `json:"id"`
	text
	Before string `json:"before,omitempty"`
	Source source `json:"source"`
}

type priority struct {
	ID string `json:"id"`
	text
	SectionID string `json:"sectionId,omitempty"`
	Source    source `json:"source"`
}

type section struct {
	ID          string       `json:"id"`
	Number      int          `json:"number"`
	Title       text         `json:"title"`
	URL         string       `json:"url"`
	Source      source       `json:"source"`
	Intro       []block      `json:"intro"`
	Commitments []commitment `json:"commitments"`
	Closing     []block      `json:"closing"`
}

type commitment struct {
	ID string `json:"id"`
	// Number is the commitment's position in its section, from 1; Ref is
	// chapter.section.number.
	Number    int    `json:"number"`
	Ref       string `json:"ref"`
	Title     string `json:"title"`
	TitleLang string `json:"titleLang"`
	text
	Topics []topicRef `json:"topics"`
	URL    string     `json:"url"`
	Source source     `json:"source"`
}

type topicRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type topicEntry struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	URL         string   `json:"url"`
	Commitments []string `json:"commitments"`
}

type glossaryItem struct {
	ID         string   `json:"id"`
	Term       string   `json:"term"`
	Forms      []string `json:"forms"`
	Definition string   `json:"definition"`
	URL        string   `json:"url,omitempty"`
}

// maker builds the document of one language.
type maker struct {
	in    Input
	pages pageIndex
	lang  string
	src   string
	names map[string]string // topic ID → name in lang
}

func (m *maker) document() *document {
	d := &document{Chapters: make([]chapter, 0, len(m.in.Programme.Chapters))}
	for _, ch := range m.in.Programme.Chapters {
		d.Chapters = append(d.Chapters, m.chapter(ch))
	}
	d.Topics = m.topics()
	d.Glossary = m.glossary()
	return d
}

func (m *maker) chapter(ch *programme.Chapter) chapter {
	c := chapter{ID: ch.ID, Number: ch.Number, Title: m.text(ch.ID, ch.Title, nil), Source: src(ch.Source),
		Intro: m.blocks(ch.Intro), Priorities: make([]priority, 0, len(ch.Priorities)), Sections: make([]section, 0, len(ch.Sections))}
	if p := m.pages.get(m.lang, site.Key{Kind: site.KindChapter, ID: ch.ID}); p != nil {
		c.URL = p.Canonical
	}
	for _, pr := range ch.Priorities {
		c.Priorities = append(c.Priorities, priority{ID: pr.ID, text: m.text(pr.ID, pr.Text, nil), SectionID: pr.SectionID, Source: src(pr.Source)})
	}
	for _, s := range ch.Sections {
		c.Sections = append(c.Sections, m.section(ch, s))
	}
	return c
}

func (m *maker) section(ch *programme.Chapter, s *programme.Section) section {
	out := section{ID: s.ID, Number: s.Number, Title: m.text(s.ID, s.Title, nil), Source: src(s.Source),
		Intro: m.blocks(s.Intro), Commitments: make([]commitment, 0, len(s.Commitments)), Closing: m.blocks(s.Closing)}
	if p := m.pages.get(m.lang, site.Key{Kind: site.KindSection, ID: s.ID}); p != nil {
		out.URL = p.Canonical
	}
	for i, c := range s.Commitments {
		cm := commitment{ID: c.ID, Number: i + 1, Ref: strconv.Itoa(ch.Number) + "." + strconv.Itoa(s.Number) + "." + strconv.Itoa(i+1),
			text: m.text(c.ID, c.Text, c.Items), Source: src(c.Source), Topics: []topicRef{}}
		if p := m.pages.get(m.lang, site.Key{Kind: site.KindCommitment, ID: c.ID}); p != nil {
			cm.URL, cm.Title, cm.TitleLang = p.Canonical, p.Title, p.TitleLang
		}
		if cm.TitleLang == "" {
			cm.TitleLang = m.lang
		}
		for _, t := range m.in.Topics.OfCommitment[c.ID] {
			cm.Topics = append(cm.Topics, topicRef{ID: t, Name: m.topicName(t)})
		}
		out.Commitments = append(out.Commitments, cm)
	}
	return out
}

func (m *maker) blocks(bs []*programme.Block) []block {
	out := make([]block, 0, len(bs))
	for _, b := range bs {
		out = append(out, block{ID: b.ID, text: m.text(b.ID, b.Text, b.Items), Before: b.Before, Source: src(b.Source)})
	}
	return out
}

// text returns a unit's text in the maker's language: the source text in
// the source language; else the translation, current or outdated, or the
// source text when there is none (as the site shows it).
func (m *maker) text(id, srcText string, srcItems []*programme.Item) text {
	if m.lang != m.src {
		st := m.in.Status.Lookup(m.lang, id)
		if f := m.in.Content.Units[m.lang][id]; st != translation.Missing && f.HasText() {
			t := text{Text: f.Text, Lang: m.lang, Translation: statusCurrent, Items: m.items(f.Items, srcItems)}
			if st == translation.Outdated {
				t.Translation = statusOutdated
			}
			return t
		}
		return text{Text: srcText, Lang: m.src, Translation: statusMissing, Items: m.items(srcItems, srcItems)}
	}
	return text{Text: srcText, Lang: m.src, Translation: statusSource, Items: m.items(srcItems, srcItems)}
}

// items converts items, giving each the ID (and sub-item topics) of the
// source item at the same place, when there is one: a translation mirrors
// the source's list.
func (m *maker) items(items, srcItems []*programme.Item) []item {
	if len(items) == 0 {
		return nil
	}
	out := make([]item, len(items))
	for i, it := range items {
		var srcIt *programme.Item
		if i < len(srcItems) {
			srcIt = srcItems[i]
		}
		var below []*programme.Item
		if srcIt != nil {
			below = srcIt.Items
			out[i].ID = srcIt.ID
			out[i].Topics = m.in.Topics.OfItem[srcIt.ID]
		}
		out[i].Text = it.Text
		out[i].Items = m.items(it.Items, below)
	}
	return out
}

func (m *maker) topicName(id string) string {
	if m.names == nil {
		m.names = make(map[string]string, len(m.in.Topics.Topics))
		for _, t := range m.in.Topics.Topics {
			m.names[t.ID] = t.Names[m.lang].Name
		}
	}
	if n, ok := m.names[id]; ok {
		return n
	}
	return id
}

func (m *maker) topics() []topicEntry {
	out := make([]topicEntry, 0, len(m.in.Topics.Topics))
	for _, t := range m.in.Topics.Topics {
		e := topicEntry{ID: t.ID, Name: t.Names[m.lang].Name, Description: t.Names[m.lang].Description, Commitments: []string{}}
		if p := m.pages.get(m.lang, site.Key{Kind: site.KindTopic, ID: t.ID}); p != nil {
			e.URL = p.Canonical
		}
		for _, c := range m.in.Topics.ByTopic[t.ID] {
			e.Commitments = append(e.Commitments, c.ID)
		}
		out = append(out, e)
	}
	return out
}

func (m *maker) glossary() []glossaryItem {
	out := []glossaryItem{}
	g := m.in.Glossary
	if g == nil {
		return out
	}
	page := m.pages.get(m.lang, site.Key{Kind: site.KindGlossary})
	for _, e := range g.Entries {
		l := e.Langs[m.lang]
		if l == nil {
			continue
		}
		gi := glossaryItem{ID: e.ID, Term: l.Term, Forms: l.Forms, Definition: l.Definition}
		if gi.Forms == nil {
			gi.Forms = []string{}
		}
		if page != nil {
			gi.URL = page.Canonical + "#" + e.ID
		}
		out = append(out, gi)
	}
	return out
}

// src is a provenance as published: the seed file's name without its
// folder, which depends on where the build ran.
func src(s programme.Source) source {
	return source{File: path.Base(s.File), FirstLine: s.FirstLine, LastLine: s.LastLine, Page: s.Page}
}
