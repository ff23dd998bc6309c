package site

import (
	"fmt"
	"maps"
	"slices"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/translation"
)

// each adds a thing that has one page per language, made by f.
func (b *builder) each(f func(lang content.Language) *Page) {
	t := &thing{make: f}
	t.pages = b.makePages(t)
	b.pages = append(b.pages, t.pages...)
	b.things = append(b.things, t)
}

// makePages makes a thing's page in every language, with their URLs and
// alternates.
func (b *builder) makePages(t *thing) []*Page {
	versions := make([]*Page, len(b.langs))
	for i, lang := range b.langs {
		versions[i] = t.make(lang)
	}
	b.alternate(versions)
	return versions
}

func (b *builder) homeCrumb(lang string) Link {
	return Link{Path: homePath(lang), TextID: "nav_home"}
}

func (b *builder) topicCounts(lang string) []TopicCount {
	var out []TopicCount
	for _, t := range b.in.Topics.Topics {
		l := t.Names[lang]
		tl := b.topicLabelLang(t, lang)
		link := Link{Path: b.topicPath[lang][t.ID], Text: typeset(tl, l.Name)}
		if tl != lang {
			link.Lang = tl
		}
		out = append(out, TopicCount{
			Link:        link,
			Description: typeset(tl, l.Description),
			Count:       len(b.in.Topics.ByTopic[t.ID]),
		})
	}
	return out
}

// topicLabelLang returns the language a topic's label is in, in a
// language: the source language's when the topic has no entry in it.
func (b *builder) topicLabelLang(t *content.Topic, lang string) string {
	if t.Names[lang].Fallback {
		return b.src
	}
	return lang
}

// topicLink returns the link to a topic in a language, with its name.
func (b *builder) topicLink(lang, id string) Link {
	return Link{Path: b.topicPath[lang][id], Text: b.topicNameOf(lang, id), Lang: b.topicLang[lang][id]}
}

func (b *builder) home() {
	chs := b.in.Programme.Chapters
	b.each(func(lang content.Language) *Page {
		h := &Home{Chapters: b.chapterCards(lang.Code), Topics: b.topicCounts(lang.Code), ChaptersPath: b.indexPath(lang, "chapters"),
			SectionsPath: b.indexPath(lang, "sections"), CommitmentsPath: b.indexPath(lang, "commitments"), SearchPath: b.indexPath(lang, "search")}
		deps := make([]string, 0, len(chs))
		for _, ch := range chs {
			deps = append(deps, ch.ID)
		}
		// A programme of one chapter leads straight in: its priorities and
		// sections are on the home page (see README).
		if len(chs) == 1 {
			cv, _ := b.chapterView(lang.Code, chs[0])
			cv.Intro = nil
			h.Only = cv
			for _, pr := range chs[0].Priorities {
				deps = append(deps, pr.ID)
			}
			for _, s := range chs[0].Sections {
				deps = append(deps, s.ID)
			}
		}
		p := &Page{Kind: KindHome, Lang: lang.Code, Key: Key{Kind: KindHome}, Path: homePath(lang.Code), TitleID: "site_name", DescriptionID: "site_description", Body: h, Deps: deps}
		p.Status = b.statusOf(lang.Code, deps...)
		// The language choice at "/" is the home pages' x-default, so
		// that "/" and the home pages name the same set of alternates.
		p.XDefault = b.base + "/"
		return p
	})
}

// sectionLink returns the link to a section, made once per language.
func (b *builder) sectionLink(lang string, s *programme.Section) Link {
	ul := b.unitLang(lang, s.ID)
	if ul.heading == nil {
		l := b.newSectionLink(lang, s)
		ul.heading = &l
	}
	return *ul.heading
}

func (b *builder) newSectionLink(lang string, s *programme.Section) Link {
	l := b.link(lang, s.ID)
	if l.Text == typeset(b.src, b.units[s.ID].unit.Text) || l.Text == "" {
		// No short title: the section title itself, translated if it can be.
		u := b.prose(lang, s.ID)
		l.Text = u.Prose.Text
		l.Lang = ""
		if u.Prose.Lang != lang {
			l.Lang = u.Prose.Lang
		}
	}
	return l
}

// chapterLink returns the link to a chapter, made once per language.
func (b *builder) chapterLink(lang string, ch *programme.Chapter) Link {
	ul := b.unitLang(lang, ch.ID)
	if ul.heading == nil {
		u := b.prose(lang, ch.ID)
		l := Link{Path: b.pathOf(lang, ch.ID), Text: u.Prose.Text}
		if u.Prose.Lang != lang {
			l.Lang = u.Prose.Lang
		}
		ul.heading = &l
	}
	return *ul.heading
}

func (b *builder) sections() {
	// Previous and next go on across chapters, in programme order.
	var all []*programme.Section
	for _, ch := range b.in.Programme.Chapters {
		all = append(all, ch.Sections...)
	}
	at := 0 // position of the section in all
	for _, ch := range b.in.Programme.Chapters {
		for _, s := range ch.Sections {
			i := at
			at++
			b.each(func(lang content.Language) *Page {
				l := lang.Code
				v := &Section{Number: s.Number, Chapter: b.chapterLink(l, ch), Heading: b.prose(l, s.ID)}
				deps := []string{s.ID, ch.ID}
				// The notice concerns the texts the page shows in full,
				// not the titles of the commitments it lists.
				shown := []string{s.ID}
				for _, blk := range s.Intro {
					v.Intro = append(v.Intro, b.prose(l, blk.ID))
					deps = append(deps, blk.ID)
					shown = append(shown, blk.ID)
				}
				// Prose between two runs of commitments leads the run it
				// comes before; the rest closes the section.
				leads := map[string][]Unit{}
				for _, blk := range s.Closing {
					u := b.prose(l, blk.ID)
					if blk.Before == "" {
						v.Closing = append(v.Closing, u)
					} else {
						leads[blk.Before] = append(leads[blk.Before], u)
					}
					deps = append(deps, blk.ID)
					shown = append(shown, blk.ID)
				}
				for n, c := range s.Commitments {
					if lead := leads[c.ID]; lead != nil || n == 0 {
						v.Groups = append(v.Groups, CommitmentGroup{Lead: lead, Start: n + 1})
					}
					g := &v.Groups[len(v.Groups)-1]
					g.Commitments = append(g.Commitments, b.link(l, c.ID))
					deps = append(deps, c.ID)
				}
				if i > 0 {
					prev := b.sectionLink(l, all[i-1])
					v.Prev = &prev
				}
				if i+1 < len(all) {
					next := b.sectionLink(l, all[i+1])
					v.Next = &next
				}
				if v.Prev != nil {
					deps = append(deps, all[i-1].ID)
				}
				if v.Next != nil {
					deps = append(deps, all[i+1].ID)
				}
				// The texts come from the units, which Update keeps up
				// to date after an edit of the seeds.
				desc := b.units[s.ID].unit.Text
				if len(s.Intro) > 0 {
					desc = b.units[s.Intro[0].ID].unit.Text
				}
				p := &Page{Kind: KindSection, Lang: l, Key: Key{Kind: KindSection, ID: s.ID}, Path: b.pathOf(l, s.ID), Body: v, Deps: deps}
				p.Title = v.Heading.Prose.Text
				if v.Heading.Prose.Lang != l {
					p.TitleLang = v.Heading.Prose.Lang
				}
				p.Status = b.statusOf(l, shown...)
				p.Description = describe(typeset(b.src, desc))
				if p.Status == translation.Current && l != b.src {
					p.Description = describe(v.Heading.Prose.Text)
					if len(v.Intro) > 0 {
						p.Description = describe(v.Intro[0].Prose.Text)
					}
				}
				p.Breadcrumbs = []Link{b.homeCrumb(l), v.Chapter}
				return p
			})
		}
	}
}

func (b *builder) commitmentPages() {
	// Previous and next go on across sections and chapters, in programme
	// order.
	all := b.commitments
	at := 0 // position of the commitment in all
	for _, ch := range b.in.Programme.Chapters {
		for _, s := range ch.Sections {
			for i, c := range s.Commitments {
				pos := at
				at++
				topics := b.in.Topics.OfCommitment[c.ID]
				related := b.in.Topics.Related(c, RelatedCount)
				key, sourceURL := Key{Kind: KindCommitment, ID: c.ID}, b.base+b.pathOf(b.src, c.ID)
				b.each(func(lang content.Language) *Page {
					l := lang.Code
					v := &Commitment{
						ID: c.ID, Number: i + 1, Of: len(s.Commitments),
						Text:       b.prose(l, c.ID),
						Chapter:    b.chapterLink(l, ch),
						ChapterNum: ch.Number,
						Section:    b.sectionLink(l, s),
						SourceRef:  sourceRef(ch.Number, b.units[c.ID].unit.Source),
						SourceURL:  sourceURL,
					}
					// Room for the related commitments, previous, next and
					// the glossary.
					deps := make([]string, 3, 3+len(related)+3)
					deps[0], deps[1], deps[2] = c.ID, s.ID, ch.ID
					if len(topics) > 0 {
						v.Topics = make([]Link, len(topics))
						for k, t := range topics {
							v.Topics[k] = b.topicLink(l, t)
						}
					}
					if len(related) > 0 {
						v.Related = make([]Link, len(related))
						for k, r := range related {
							v.Related[k] = b.link(l, r.ID)
							deps = append(deps, r.ID)
						}
					}
					if pos > 0 {
						prev := b.link(l, all[pos-1].ID)
						v.Prev = &prev
						deps = append(deps, all[pos-1].ID)
					}
					if pos+1 < len(all) {
						next := b.link(l, all[pos+1].ID)
						v.Next = &next
						deps = append(deps, all[pos+1].ID)
					}
					p := &Page{Kind: KindCommitment, Lang: l, Key: key, Path: b.pathOf(l, c.ID), Body: v, Deps: deps}
					p.Title, p.TitleLang = b.title(l, c.ID)
					if p.TitleLang == l {
						p.TitleLang = ""
					}
					p.Status = v.Text.Status
					p.Description = describe(v.Text.Prose.Text)
					p.Breadcrumbs = []Link{b.homeCrumb(l), v.Chapter, v.Section}
					return p
				})
			}
		}
	}
}

// sourceRef locates a unit of a chapter in the seed.
func sourceRef(chapter int, src programme.Source) SourceRef {
	return SourceRef{Chapter: chapter, FirstLine: src.FirstLine, LastLine: src.LastLine, Page: src.Page}
}

// topicNameOf returns the name of a topic in a language, typeset; the ID
// of an unknown topic.
func (b *builder) topicNameOf(lang, id string) string {
	if name, ok := b.topicName[lang][id]; ok {
		return name
	}
	return id
}

func (b *builder) topics() {
	b.each(func(lang content.Language) *Page {
		return &Page{Kind: KindTopics, Lang: lang.Code, Key: Key{Kind: KindTopics}, Path: b.indexPath(lang, "topics"),
			TitleID: "topics_title", DescriptionID: "topics_description",
			Body: &Topics{Topics: b.topicCounts(lang.Code)}, Breadcrumbs: []Link{b.homeCrumb(lang.Code)}}
	})
	for _, t := range b.in.Topics.Topics {
		b.topicPages(t)
	}
}

func (b *builder) editorial() {
	srcPages := b.in.Content.Pages[b.src]
	for _, name := range sortedKeys(srcPages) {
		b.each(func(lang content.Language) *Page {
			l := lang.Code
			pg := b.in.Content.Pages[l][name]
			p := &Page{Kind: KindPage, Lang: l, Key: Key{Kind: KindPage, ID: name}, Status: b.in.Status.Lookup(l, name), Deps: []string{name}, Breadcrumbs: []Link{b.homeCrumb(l)}}
			if pg == nil {
				pg = srcPages[name]
				p.TitleLang = b.src
			}
			slug := pg.Slug
			if slug == "" {
				slug = name
			}
			if own := b.in.Content.Pages[l][name]; own != nil && own.Slug != "" {
				slug = own.Slug
			}
			p.Path = "/" + l + "/" + slug + "/"
			p.Title = typeset(pg.Lang, pg.Title)
			p.Description = describe(typeset(pg.Lang, pg.Description))
			body := &Editorial{HTML: typeset(pg.Lang, pg.HTML), Lang: pg.Lang}
			if name == "about" {
				body.Reuse = b.reuse(lang)
			}
			p.Body = body
			return p
		})
	}
}

func sortedKeys(m map[string]*content.Page) []string {
	return slices.Sorted(maps.Keys(m))
}

func (b *builder) notFound() {
	b.each(func(lang content.Language) *Page {
		return &Page{Kind: KindNotFound, Lang: lang.Code, Key: Key{Kind: KindNotFound}, Path: "/" + lang.Code + "/404.html",
			TitleID: "notfound_title", DescriptionID: "notfound_description", NoIndex: true,
			Body: &NotFound{Home: homePath(lang.Code)}}
	})
}

// root adds the language choice page at "/" and the site-wide 404 page.
// They are not language versions of anything: their alternates are the
// home pages.
func (b *builder) root() {
	choices := make([]Alternate, len(b.langs))
	for i, lang := range b.langs {
		choices[i] = Alternate{Lang: lang.Code, Name: lang.Name, Locale: lang.Locale, URL: b.base + homePath(lang.Code), Path: homePath(lang.Code)}
	}
	for _, p := range []*Page{
		{Kind: KindRoot, Path: "/", TitleID: "site_name", DescriptionID: "site_description"},
		{Kind: KindNotFound, Path: "/404.html", TitleID: "notfound_title", DescriptionID: "notfound_description", NoIndex: true},
	} {
		p.Lang = b.src
		p.Key = Key{Kind: p.Kind, ID: "root"}
		p.File = fileOf(p.Path)
		p.Canonical = b.base + p.Path
		p.NoIndex = p.NoIndex || b.in.NoIndex
		p.Alternates = choices
		p.XDefault = b.base + "/"
		p.Body = &Root{Choices: choices}
		b.pages = append(b.pages, p)
	}
}

// checkURLs fails on two pages with the same URL, and on redirects that
// would shadow a page.
func (b *builder) checkURLs() {
	seen := map[string]*Page{}
	for _, p := range b.pages {
		if other, dup := seen[p.Path]; dup {
			file, line := b.slugSource(p)
			first, firstLine := b.slugSource(other)
			if file == "" {
				file, line, first, firstLine = first, firstLine, "", 0
			}
			if file == "" {
				file = b.in.ContentDir
			}
			also := ""
			if first != "" {
				also = " (" + first + ")"
				if firstLine > 0 {
					also = fmt.Sprintf(" (%s:%d)", first, firstLine)
				}
			}
			b.errs.Add(file, line, "two pages have the URL %s: %s and %s%s; give one of them another slug", p.Path, p.Key, other.Key, also)
			continue
		}
		seen[p.Path] = p
	}
	for _, r := range b.redirs {
		if p, ok := seen[r.From]; ok {
			b.errs.Add(b.in.ContentDir, 0, "the alias %s redirects to %s but is the URL of %s; remove the alias", r.From, r.To, p.Key)
		}
	}
}

// slugSource returns the content file, and the line, that sets a page's
// slug, or "" when the slug is not set by a file.
func (b *builder) slugSource(p *Page) (string, int) {
	switch p.Key.Kind {
	case KindCommitment, KindSection, KindChapter:
		if f := b.unitFile(p.Lang, p.Key.ID); f != nil && f.Slug != "" {
			return f.File, f.SlugLine()
		}
	case KindPage:
		if pg := b.in.Content.Pages[p.Lang][p.Key.ID]; pg != nil && pg.Slug != "" {
			return pg.File, 0
		}
	}
	return "", 0
}
