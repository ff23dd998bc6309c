package site

import (
	"reflect"
	"slices"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/topic"
)

// Change names a unit file of a language that was created, edited or
// removed: content/<Lang>/units/<ID>.md.
type Change struct {
	Lang, ID string
}

// Update returns the site of in, made from prev: the site of the same
// inputs but for the unit files named by changed and, when in.Programme is
// not prev's, the texts of the programme (see ProgrammeChanges). The pages
// that show nothing of the units edited are prev's own (the same *Page);
// the others are made again. When the edits may change more than the
// pages that show the units (a slug or its aliases, a unit that does not
// exist, a French unit file given a text, a programme of another shape or
// with other topics), or when in differs from prev's inputs in any other
// way that Update can see (glossary, site configuration, editorial pages),
// Update returns Build(in).
//
// in.Status and in.Topics must be those of in. Update takes what prev
// keeps for it: a second Update from prev builds the whole site. prev
// itself and its pages are never modified.
func Update(prev *Site, in Input, changed []Change) (*Site, error) {
	b := prev.state
	if b == nil || !b.sameInputs(in) {
		return Build(in)
	}
	var seed []*programme.Unit // units whose text or provenance changed
	if in.Programme != b.in.Programme {
		var ok bool
		if seed, ok = ProgrammeChanges(b.in.Programme, in.Programme); !ok || !sameTopics(b.in.Topics, in.Topics) {
			return Build(in)
		}
	}
	for _, c := range changed {
		if !b.canUpdate(in, c) {
			return Build(in)
		}
	}
	prev.state = nil
	old := b.in.Programme
	b.in = in
	if in.Programme != old {
		b.reprogramme(old, seed)
		for _, u := range seed {
			changed = append(changed, Change{Lang: b.src, ID: u.ID})
		}
	}
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
// but for the programme, the topic index (see Update), the unit files and
// the translation status, as far as can be seen cheaply: the same
// glossary, configuration and editorial pages, and the same topic index
// while the programme is the same (a new programme's is compared in
// Update).
func (b *builder) sameInputs(in Input) bool {
	if in.Programme == b.in.Programme && in.Topics != b.in.Topics {
		return false
	}
	return in.Programme != nil && in.Topics != nil && in.Glossary == b.in.Glossary &&
		in.Status != nil && in.Content != nil &&
		in.ContentDir == b.in.ContentDir && in.BaseURL == b.in.BaseURL && in.NoIndex == b.in.NoIndex &&
		samePointer(in.Content.Pages, b.in.Content.Pages) &&
		reflect.DeepEqual(in.Content.Site, b.in.Content.Site)
}

// samePointer reports whether two maps are the same map.
func samePointer(a, b map[string]map[string]*content.Page) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// sameTopics reports whether two topic indexes of programmes of the same
// shape (see ProgrammeChanges) give the same topics to the same
// commitments: then the related commitments, the topic pages and their
// neighbours are the same too.
func sameTopics(a, b *topic.Index) bool {
	return a == b || slices.Equal(a.Topics, b.Topics) && reflect.DeepEqual(a.OfCommitment, b.OfCommitment)
}

// ProgrammeChanges returns the units of next whose text, items or
// provenance (seed lines, page) differ from prev's, when both programmes
// have the same shape: the same chapters, sections, commitments, blocks
// and priorities, with the same IDs and numbers, in the same order. ok is
// false when they do not. A chapter that is the same *programme.Chapter
// in both (its seed file was not parsed again) is not compared.
func ProgrammeChanges(prev, next *programme.Programme) (changed []*programme.Unit, ok bool) {
	if len(prev.Chapters) != len(next.Chapters) {
		return nil, false
	}
	for i, a := range prev.Chapters {
		c := next.Chapters[i]
		if a == c {
			continue
		}
		if !sameShape(a, c) {
			return nil, false
		}
		was, is := chapterUnits(a), chapterUnits(c)
		if len(was) != len(is) {
			return nil, false
		}
		for k, u := range is {
			w := was[k]
			if u.ID != w.ID || u.Kind != w.Kind || u.ChapterID != w.ChapterID || u.SectionID != w.SectionID {
				return nil, false
			}
			if !reflect.DeepEqual(u, w) {
				changed = append(changed, u)
			}
		}
	}
	return changed, true
}

// chapterUnits returns the units of a chapter, in reading order.
func chapterUnits(ch *programme.Chapter) []*programme.Unit {
	return (&programme.Programme{Chapters: []*programme.Chapter{ch}}).Units()
}

// sameShape reports whether two versions of a chapter have the same
// number, sections and section numbers, and closing blocks between the
// same commitments: what the units' order does not tell.
func sameShape(a, b *programme.Chapter) bool {
	if a.Number != b.Number || len(a.Sections) != len(b.Sections) {
		return false
	}
	for i, s := range a.Sections {
		t := b.Sections[i]
		if s.Number != t.Number || len(s.Closing) != len(t.Closing) {
			return false
		}
		for k, blk := range s.Closing {
			if blk.Before != t.Closing[k].Before {
				return false
			}
		}
	}
	return true
}

// reprogramme points what the builder keeps of the programme to next, a
// programme of the same shape as prev (see ProgrammeChanges), and forgets
// what it worked out from the texts of the changed units. The pages keep
// the chapters, sections and commitments of prev, whose IDs and numbers
// they read; the texts and provenance they read from the units.
func (b *builder) reprogramme(prev *programme.Programme, changed []*programme.Unit) {
	for i, ch := range b.in.Programme.Chapters {
		if ch == prev.Chapters[i] {
			continue
		}
		for _, s := range ch.Sections {
			b.section[s.ID] = s
			b.chapterOfSection[s.ID] = ch
		}
		for _, u := range chapterUnits(ch) {
			b.units[u.ID].unit = u
		}
	}
	b.commitments = b.in.Programme.Commitments()
	for _, u := range changed {
		inf := b.units[u.ID]
		inf.src = nil
		if b.in.Glossary != nil {
			b.found[b.langIndex(b.src)][inf.index] = b.findIn(b.src, inf)
		}
		for li, lang := range b.langs {
			ul := &inf.langs[li]
			ul.status = b.in.Status.Lookup(lang.Code, u.ID)
			ul.title, ul.heading = nil, nil
		}
	}
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
