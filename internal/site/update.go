package site

import (
	"reflect"
	"slices"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
)

// Change names a unit file of a language that was created, edited or
// removed: content/<Lang>/units/<ID>.md.
type Change struct {
	Lang, ID string
}

// Update returns the site of in, made from prev: the site of the same
// inputs but for the unit files named by changed. The pages that show
// nothing of those units are prev's own (the same *Page); the others are
// made again. When the edits may change more than the pages that show the
// units (a slug or its aliases, a unit that does not exist, a French unit
// file given a text), or when in differs from prev's inputs in any other
// way that Update can see (programme, topic index, glossary, site
// configuration, editorial pages), Update returns Build(in).
//
// in.Status must be the translation status of in. Update takes what prev
// keeps for it: a second Update from prev builds the whole site. prev
// itself and its pages are never modified.
func Update(prev *Site, in Input, changed []Change) (*Site, error) {
	b := prev.state
	if b == nil || !b.sameInputs(in) {
		return Build(in)
	}
	for _, c := range changed {
		if !b.canUpdate(in, c) {
			return Build(in)
		}
	}
	prev.state = nil
	b.in = in
	b.refresh(changed)
	if b.byDep == nil {
		b.indexDeps()
	}
	todo := map[int]bool{}
	for _, c := range changed {
		for _, t := range b.byDep[c.ID] {
			todo[t] = true
		}
	}
	for _, t := range b.fresh {
		todo[t] = true
	}
	order := make([]int, 0, len(todo))
	for t := range todo {
		if t != b.glossaryPage {
			order = append(order, t)
		}
	}
	slices.Sort(order)
	marksChanged := false
	pages := slices.Clone(prev.Pages)
	for _, t := range order {
		changed, ok := b.remake(t, pages)
		if !ok {
			return Build(in)
		}
		marksChanged = marksChanged || changed
	}
	if b.glossaryPage >= 0 && (todo[b.glossaryPage] || marksChanged) {
		if _, ok := b.remake(b.glossaryPage, pages); !ok {
			return Build(in)
		}
	}
	if b.in.Glossary != nil {
		for _, c := range changed {
			if li := b.langIndex(c.Lang); c.Lang != b.src {
				inf := b.units[c.ID]
				b.found[li][inf.index] = b.findIn(c.Lang, inf)
			}
		}
		b.unused()
	}
	return &Site{BaseURL: b.base, Languages: b.langs, Pages: pages, Redirects: prev.Redirects, NoIndex: in.NoIndex, Warnings: b.warnings, state: b}, nil
}

// sameInputs reports whether in has the inputs the site was built from,
// but for its unit files and translation status, as far as can be seen
// cheaply: the same programme, topic index and glossary, configuration
// and editorial pages.
func (b *builder) sameInputs(in Input) bool {
	return in.Programme == b.in.Programme && in.Topics == b.in.Topics && in.Glossary == b.in.Glossary &&
		in.Status != nil && in.Content != nil &&
		in.ContentDir == b.in.ContentDir && in.BaseURL == b.in.BaseURL && in.NoIndex == b.in.NoIndex &&
		samePointer(in.Content.Pages, b.in.Content.Pages) &&
		reflect.DeepEqual(in.Content.Site, b.in.Content.Site)
}

// samePointer reports whether two maps are the same map.
func samePointer(a, b map[string]map[string]*content.Page) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// canUpdate reports whether the pages that show unit c.ID are all that an
// edit of its file in c.Lang changes: the unit exists, its slug and
// aliases stay, and a source-language file holds no text (an error that
// Build reports).
func (b *builder) canUpdate(in Input, c Change) bool {
	inf := b.units[c.ID]
	if inf == nil || !slices.ContainsFunc(b.langs, func(l content.Language) bool { return l.Code == c.Lang }) {
		return false
	}
	was, is := inf.langs[b.langIndex(c.Lang)].file, in.Content.Units[c.Lang][c.ID]
	if c.Lang == b.src && is != nil && is.Text != "" {
		return false
	}
	var wasSlug, isSlug string
	var wasAliases, isAliases []string
	if was != nil {
		wasSlug, wasAliases = was.Slug, was.Aliases
	}
	if is != nil {
		isSlug, isAliases = is.Slug, is.Aliases
	}
	return wasSlug == isSlug && slices.Equal(wasAliases, isAliases)
}

// refresh brings what the builder keeps of the changed units up to date:
// their files and statuses, and forgets their titles and headings. A
// title in the source language is every language's fallback.
func (b *builder) refresh(changed []Change) {
	for _, c := range changed {
		inf := b.units[c.ID]
		li := b.langIndex(c.Lang)
		ul := &inf.langs[li]
		ul.file = b.in.Content.Units[c.Lang][c.ID]
		ul.status = b.in.Status.Lookup(c.Lang, c.ID)
		delete(b.unitIDs, c.Lang)
		for i := range inf.langs {
			if i == li || c.Lang == b.src {
				inf.langs[i].title, inf.langs[i].heading = nil, nil
			}
		}
	}
}

// indexDeps makes byDep from the pages' Deps.
func (b *builder) indexDeps() {
	b.byDep = map[string][]int{}
	for t, th := range b.things {
		for _, p := range th.pages {
			for _, d := range p.Deps {
				if l := b.byDep[d]; len(l) == 0 || l[len(l)-1] != t {
					b.byDep[d] = append(l, t)
				}
			}
		}
	}
}

// remake makes the pages of thing t again, marks their glossary terms and
// puts them in pages (sorted by File, where their files already are). It
// reports whether the glossary entries a commitment marks changed, and
// false when a page has a file that pages lacks: its URL changed, which
// Update does not handle.
func (b *builder) remake(t int, pages []*Page) (marksChanged, ok bool) {
	th := b.things[t]
	th.pages = b.makePages(th)
	for _, p := range th.pages {
		if b.in.Glossary != nil && b.markPage(p) {
			marksChanged = true
		}
		i, found := slices.BinarySearchFunc(pages, p.File, func(q *Page, file string) int { return strings.Compare(q.File, file) })
		if !found {
			return false, false
		}
		pages[i] = p
		for _, d := range p.Deps {
			if !slices.Contains(b.byDep[d], t) {
				b.byDep[d] = append(b.byDep[d], t)
			}
		}
	}
	return marksChanged, true
}
