package linkcheck

import "github.com/belgian-programme/explainer/internal/site"

// eachLink calls yield with every link of page p that the theme writes
// from the model: its canonical and x-default URLs, its alternates (URL
// and path), its breadcrumbs, the links of its body, and in the texts shown
// in full (as prose, not as a title) the glossary marks, to the definitions
// listed after the text, and the definitions' links to the glossary page.
func eachLink(p *site.Page, yield func(href string)) {
	yieldURL := func(u string) {
		if u != "" {
			yield(u)
		}
	}
	yieldURL(p.Canonical)
	yieldURL(p.XDefault)
	for _, a := range p.Alternates {
		yieldURL(a.URL)
		yield(a.Path)
	}
	links := func(ls []site.Link) {
		for _, l := range ls {
			yield(l.Path)
		}
	}
	link := func(l *site.Link) {
		if l != nil {
			yield(l.Path)
		}
	}
	prose := func(u *site.Unit) { eachProseLink(u, yield) }
	chapter := func(ch *site.ChapterView) {
		for i := range ch.Intro {
			prose(&ch.Intro[i])
		}
		for _, pr := range ch.Priorities {
			link(pr.Section)
		}
		links(ch.Sections)
		link(ch.Prev)
		link(ch.Next)
	}
	cards := func(cs []site.ChapterCard) {
		for _, c := range cs {
			yield(c.Link.Path)
		}
	}
	groups := func(gs []site.Group, pg *site.Pager) {
		for _, g := range gs {
			yield(g.Chapter.Path)
			for _, sg := range g.Subs {
				link(sg.Heading)
				links(sg.Links)
			}
		}
		if pg != nil {
			link(pg.Prev)
			link(pg.Next)
			for _, l := range pg.Pages {
				yield(l.Path)
			}
		}
	}
	links(p.Breadcrumbs)
	switch b := p.Body.(type) {
	case *site.Home:
		cards(b.Chapters)
		yield(b.ChaptersPath)
		yield(b.SectionsPath)
		yield(b.CommitmentsPath)
		if b.Only != nil {
			chapter(b.Only)
		}
		for _, t := range b.Topics {
			yield(t.Link.Path)
		}
	case *site.ChapterView:
		chapter(b)
	case *site.Chapters:
		cards(b.Chapters)
	case *site.Listing:
		groups(b.Groups, b.Pager)
	case *site.Section:
		yield(b.Chapter.Path)
		for i := range b.Intro {
			prose(&b.Intro[i])
		}
		for _, g := range b.Groups {
			for i := range g.Lead {
				prose(&g.Lead[i])
			}
			links(g.Commitments)
		}
		for i := range b.Closing {
			prose(&b.Closing[i])
		}
		link(b.Prev)
		link(b.Next)
	case *site.Commitment:
		prose(&b.Text)
		yield(b.Chapter.Path)
		yield(b.Section.Path)
		links(b.Topics)
		links(b.Related)
		link(b.Prev)
		link(b.Next)
	case *site.Topics:
		for _, t := range b.Topics {
			yield(t.Link.Path)
		}
	case *site.Topic:
		groups(b.Groups, b.Pager)
		for _, t := range b.CoTopics {
			yield(t.Link.Path)
		}
	case *site.Glossary:
		for _, e := range b.Entries {
			links(e.Commitments)
		}
	case *site.Search:
		links(b.Chapters)
		for _, t := range b.Topics {
			yield(t.Link.Path)
		}
	case *site.Root:
		for _, a := range b.Choices {
			yieldURL(a.URL)
			yield(a.Path)
		}
	case *site.NotFound:
		yield(b.Home)
	}
}

// eachProseLink calls yield with the links of a unit's texts: its marks and
// its definitions' links, and those of its original text when it has one.
func eachProseLink(u *site.Unit, yield func(href string)) {
	for _, pr := range []*site.Prose{&u.Prose, u.Original} {
		if pr == nil {
			continue
		}
		for _, m := range pr.Marks {
			yield("#" + m.Ref)
		}
		var items func([]*site.ProseItem)
		items = func(its []*site.ProseItem) {
			for _, it := range its {
				for _, m := range it.Marks {
					yield("#" + m.Ref)
				}
				items(it.Items)
			}
		}
		items(pr.Items)
		for _, t := range pr.Terms {
			yield(t.Path)
		}
	}
}

// modelIDs returns the ids of page p's elements that the model knows: the
// glossary page's entries, the definitions listed after each text shown in
// full, and the ids of an editorial page's HTML.
func modelIDs(p *site.Page) map[string]bool {
	ids := map[string]bool{}
	terms := func(u *site.Unit) {
		for _, pr := range []*site.Prose{&u.Prose, u.Original} {
			if pr != nil {
				for _, t := range pr.Terms {
					ids[t.Ref] = true
				}
			}
		}
	}
	units := func(us []site.Unit) {
		for i := range us {
			terms(&us[i])
		}
	}
	switch b := p.Body.(type) {
	case *site.ChapterView:
		units(b.Intro)
	case *site.Section:
		units(b.Intro)
		for _, g := range b.Groups {
			units(g.Lead)
		}
		units(b.Closing)
	case *site.Commitment:
		terms(&b.Text)
	case *site.Glossary:
		for _, e := range b.Entries {
			ids[e.ID] = true
		}
	case *site.Editorial:
		ids, _ = scan(b.HTML)
	}
	return ids
}
