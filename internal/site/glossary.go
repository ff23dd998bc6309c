package site

import (
	"path"
	"slices"
	"strconv"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/translation"
)

// KindGlossary is a language's glossary page.
const KindGlossary Kind = "glossary"

// GlossaryDep is the dependency name of pages that show glossary content.
const GlossaryDep = "glossary"

// Glossary is the body of a glossary page: the entries in the alphabetical
// order of the page's language.
type Glossary struct {
	Entries []GlossaryEntry
}

// GlossaryEntry is one entry of a glossary page. ID is its anchor.
type GlossaryEntry struct {
	ID         string
	Term       string
	Definition string
	Lang       string // language of Term and Definition, when not the page's
	// Commitments are the commitments whose text mentions it, or the
	// first of them when the page would hold more than ListBudget links
	// (see glossaryCap); Mentions counts them all.
	Commitments []Link
	Mentions    int
}

// glossaryCap is how many commitments each of n entries lists when they
// mention total commitments in all: every one while the page holds at most
// ListBudget links, else an equal share of them (at least 3), so that the
// page stays light at any size of programme.
func glossaryCap(n, total int) int {
	if total <= ListBudget || n == 0 {
		return total
	}
	return max(3, ListBudget/n)
}

// Mark is a glossary term marked in a text: Text[Start:End] (byte offsets)
// links to the definition whose element ID is Ref. The text itself is
// unchanged.
type Mark struct {
	Start, End int
	Ref        string
}

// Term is the definition of a term marked in a text block, listed after the
// block. Ref is the element ID its marks point to (unique on the page);
// Path links to the entry on the glossary page.
type Term struct {
	Ref        string
	ID         string
	Name       string
	Definition string
	Path       string
	// Lang is the language of Name and Definition when it is not the
	// block's (an entry without a label in the page's language).
	Lang string
}

// glossaryPath returns the path of a language's glossary page.
func (b *builder) glossaryPath(lang content.Language) string {
	seg := lang.Paths["glossary"]
	if seg == "" {
		seg = "glossary"
	}
	return "/" + lang.Code + "/" + seg + "/"
}

// glossary marks the first occurrence of each glossary term in every text
// block of the chapter, section and commitment pages, then adds one glossary
// page per language listing, for each entry, the commitments whose page
// marks it. It also warns about glossary forms found in no text.
func (b *builder) glossary() {
	if b.in.Glossary == nil {
		return
	}
	for _, lang := range b.langs {
		if lang.Paths["glossary"] == "" {
			b.errs.Add(path.Join(b.in.ContentDir, "site.yaml"), 0, "language %s has no paths.glossary; expected the glossary page's URL segment, such as glossary", lang.Code)
		}
	}
	for _, p := range b.pages {
		b.markPage(p)
	}
	b.glossaryPage = len(b.things)
	b.each(b.glossaryPageOf)
	b.found = make([][][]glossary.Match, len(b.langs))
	for li, lang := range b.langs {
		b.found[li] = make([][]glossary.Match, len(b.unitList))
		for _, inf := range b.unitList {
			b.found[li][inf.index] = b.findIn(lang.Code, inf)
		}
	}
	b.unused()
}

// finder returns what finds the glossary's forms in texts.
func (b *builder) finder() glossary.Finder {
	if b.in.Find != nil {
		return b.in.Find
	}
	return b.in.Glossary
}

// markPage marks the glossary terms in the text blocks of a chapter,
// section or commitment page, and names the glossary in its Deps when it
// marked one. For a commitment page, it records the entries marked (see
// builder.marked) and reports whether they changed.
func (b *builder) markPage(p *Page) bool {
	var units []*Unit
	switch v := p.Body.(type) {
	case *ChapterView:
		units = unitPtrs(v.Intro)
	case *Section:
		units = append(unitPtrs(v.Intro), unitPtrs(v.Closing)...)
	case *Commitment:
		units = []*Unit{&v.Text}
	default:
		return false
	}
	find, lang := b.finder(), b.langs[b.langIndex(p.Lang)]
	var entries []string // marked in a commitment's text
	marked := false
	for i, u := range units {
		ids := b.markProse(&u.Prose, lang, find, u.Prose.Lang, "g"+strconv.Itoa(i+1)+"-")
		marked = marked || len(ids) > 0
		entries = append(entries, ids...)
	}
	if marked {
		p.Deps = append(p.Deps, GlossaryDep)
	}
	c, ok := p.Body.(*Commitment)
	if !ok {
		return false
	}
	m := b.marked[p.Lang]
	was, had := m[c.ID]
	switch {
	case len(entries) > 0:
		if m == nil {
			m = map[string][]string{}
			b.marked[p.Lang] = m
		}
		m[c.ID] = entries
	case had:
		delete(m, c.ID)
	}
	return !slices.Equal(was, entries)
}

// glossaryPageOf makes the glossary page of a language: each entry with
// the commitments that mark it, in programme order.
func (b *builder) glossaryPageOf(lang content.Language) *Page {
	l := lang.Code
	mentions := map[string][]string{} // entry → commitment IDs
	if m := b.marked[l]; len(m) > 0 {
		for _, c := range b.commitments {
			for _, id := range m[c.ID] {
				mentions[id] = append(mentions[id], c.ID)
			}
		}
	}
	v := &Glossary{}
	deps := []string{GlossaryDep}
	entries, total := b.in.Glossary.Sorted(l), 0
	for _, e := range entries {
		total += len(mentions[e.ID])
	}
	most := glossaryCap(len(entries), total)
	status := translation.Current
	for _, e := range entries {
		lb := e.Langs[l]
		tl := l
		if lb.Fallback {
			tl, status = b.src, translation.Missing
		}
		ge := GlossaryEntry{ID: e.ID, Term: typeset(tl, lb.Term), Definition: typeset(tl, lb.Definition)}
		if tl != l {
			ge.Lang = tl
		}
		ids := mentions[e.ID]
		ge.Mentions = len(ids)
		for _, id := range ids[:min(len(ids), most)] {
			ge.Commitments = append(ge.Commitments, b.link(l, id))
			deps = append(deps, id)
		}
		v.Entries = append(v.Entries, ge)
	}
	return &Page{Kind: KindGlossary, Lang: l, Key: Key{Kind: KindGlossary}, Path: b.glossaryPath(lang),
		TitleID: "glossary_title", DescriptionID: "glossary_description", Body: v, Deps: deps,
		Breadcrumbs: []Link{b.homeCrumb(l)}, Status: status}
}

// unused sets the site's warnings: the glossary forms found in no text of
// their language.
func (b *builder) unused() {
	b.warnings = nil
	for li, lang := range b.langs {
		b.warnings = append(b.warnings, b.in.Glossary.UnusedIn(lang.Code, b.found[li])...)
	}
}

func unitPtrs(us []Unit) []*Unit {
	out := make([]*Unit, len(us))
	for i := range us {
		out[i] = &us[i]
	}
	return out
}

// markProse marks the first occurrence of each glossary entry in a text
// block (its paragraph, then its items in reading order) and lists their
// definitions in the page's language. prefix makes the definitions'
// element IDs unique on the page. It returns the IDs of the entries marked.
func (b *builder) markProse(p *Prose, page content.Language, find glossary.Finder, lang, prefix string) []string {
	var ids []string // the entries marked so far
	mark := func(text string) []Mark {
		var marks []Mark
		for _, mt := range find.FindAll(lang, text) {
			if slices.Contains(ids, mt.Entry) {
				continue
			}
			ids = append(ids, mt.Entry)
			ref := prefix + mt.Entry
			marks = append(marks, Mark{Start: mt.Start, End: mt.End, Ref: ref})
			tm := b.term(page, mt.Entry)
			tm.Ref = ref
			p.Terms = append(p.Terms, tm)
		}
		return marks
	}
	p.Marks = mark(p.Text)
	var walk func(items []*ProseItem)
	walk = func(items []*ProseItem) {
		for _, it := range items {
			it.Marks = mark(it.Text)
			walk(it.Items)
		}
	}
	walk(p.Items)
	if len(p.Terms) > 0 && p.Lang != page.Code {
		p.TermsLang = page.Code
	}
	block := p.TermsLang // the language of the definitions' list
	if block == "" {
		block = p.Lang
	}
	for i := range p.Terms {
		// A definition in the list's language needs no mark.
		if p.Terms[i].Lang == block {
			p.Terms[i].Lang = ""
		}
	}
	return ids
}

// term returns the definition of a glossary entry in a page's language,
// without its Ref.
func (b *builder) term(page content.Language, entry string) Term {
	terms := b.terms[page.Code]
	if terms == nil {
		terms = map[string]Term{}
		b.terms[page.Code] = terms
	}
	tm, ok := terms[entry]
	if !ok {
		lb := b.in.Glossary.Entry(entry).Langs[page.Code]
		tl := page.Code
		if lb.Fallback {
			tl = b.src
		}
		tm = Term{ID: entry, Name: typeset(tl, lb.Term), Definition: typeset(tl, lb.Definition), Path: b.glossaryPath(page) + "#" + entry, Lang: tl}
		terms[entry] = tm
	}
	return tm
}

// findIn returns what the glossary finds in a unit's texts in a language,
// as its pages show them: the source language's from the seeds, the
// others' from their translations.
func (b *builder) findIn(lang string, inf *unitInfo) []glossary.Match {
	find := b.finder()
	var out []glossary.Match
	var add func(items []*programme.Item)
	add = func(items []*programme.Item) {
		for _, it := range items {
			out = append(out, find.FindAll(lang, typeset(lang, it.Text))...)
			add(it.Items)
		}
	}
	var addProse func(items []*ProseItem)
	addProse = func(items []*ProseItem) {
		for _, it := range items {
			out = append(out, find.FindAll(lang, it.Text)...)
			addProse(it.Items)
		}
	}
	if lang == b.src {
		p := b.srcProse(inf)
		if len(p.Items) == 0 {
			return find.FindAll(lang, p.Text) // shared, not modified
		}
		out = append(out, find.FindAll(lang, p.Text)...)
		addProse(p.Items)
	} else if f := inf.langs[b.langIndex(lang)].file; f.HasText() {
		if len(f.Items) == 0 {
			return find.FindAll(lang, typeset(lang, f.Text))
		}
		out = append(out, find.FindAll(lang, typeset(lang, f.Text))...)
		add(f.Items)
	}
	return out
}
