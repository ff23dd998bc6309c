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
	g := b.in.Glossary
	if g == nil {
		return
	}
	var find glossary.Finder = g
	if b.in.Find != nil {
		find = b.in.Find
	}
	langs := map[string]content.Language{}
	for _, lang := range b.langs {
		langs[lang.Code] = lang
		if lang.Paths["glossary"] == "" {
			b.errs.Add(path.Join(b.in.ContentDir, "site.yaml"), 0, "language %s has no paths.glossary; expected the glossary page's URL segment, such as glossary", lang.Code)
		}
	}
	// mentions[lang][entry] lists the commitments that mark the entry.
	mentions := map[string]map[string][]string{}
	for _, p := range b.pages {
		var units []*Unit
		switch v := p.Body.(type) {
		case *ChapterView:
			units = unitPtrs(v.Intro)
		case *Section:
			units = append(unitPtrs(v.Intro), unitPtrs(v.Closing)...)
		case *Commitment:
			units = []*Unit{&v.Text}
		default:
			continue
		}
		marked := false
		for i, u := range units {
			ids := b.markProse(&u.Prose, langs[p.Lang], find, u.Prose.Lang, "g"+strconv.Itoa(i+1)+"-")
			marked = marked || len(ids) > 0
			if c, ok := p.Body.(*Commitment); ok {
				if mentions[p.Lang] == nil {
					mentions[p.Lang] = map[string][]string{}
				}
				for _, id := range ids {
					mentions[p.Lang][id] = append(mentions[p.Lang][id], c.ID)
				}
			}
		}
		if marked {
			p.Deps = append(p.Deps, GlossaryDep)
		}
	}
	b.each(func(lang content.Language) *Page {
		l := lang.Code
		v := &Glossary{}
		deps := []string{GlossaryDep}
		entries, total := g.Sorted(l), 0
		for _, e := range entries {
			total += len(mentions[l][e.ID])
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
			ids := mentions[l][e.ID]
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
	})
	for _, lang := range b.langs {
		texts := b.texts(lang.Code)
		found := make([][]glossary.Match, len(texts))
		for i, t := range texts {
			found[i] = find.FindAll(lang.Code, t)
		}
		b.warnings = append(b.warnings, g.UnusedIn(lang.Code, found)...)
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

// texts returns every text of a language, as shown on its pages: the
// source language's from the seeds, the others' from their translations.
func (b *builder) texts(lang string) []string {
	var out []string
	var add func(items []*programme.Item)
	add = func(items []*programme.Item) {
		for _, it := range items {
			out = append(out, typeset(lang, it.Text))
			add(it.Items)
		}
	}
	var addProse func(items []*ProseItem)
	addProse = func(items []*ProseItem) {
		for _, it := range items {
			out = append(out, it.Text)
			addProse(it.Items)
		}
	}
	li := b.langIndex(lang)
	for _, inf := range b.unitList {
		if lang == b.src {
			p := b.srcProse(inf)
			out = append(out, p.Text)
			addProse(p.Items)
			continue
		}
		if f := inf.langs[li].file; f.HasText() {
			out = append(out, typeset(lang, f.Text))
			add(f.Items)
		}
	}
	return out
}
