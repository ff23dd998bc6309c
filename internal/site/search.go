package site

import "github.com/belgian-programme/explainer/internal/content"

// KindSearch is a language's search page.
const KindSearch Kind = "search"

// Search is the body of a search page. The page works without JavaScript:
// it lists the chapters and topics to browse; with it, search.js reads the
// index named by Index and shows results as the visitor types.
type Search struct {
	// Index is the URL path of the language's search manifest, in the
	// search page's folder ("/fr/recherche/index.json"); package search
	// writes it there.
	Index    string
	Chapters []Link // one per chapter, to browse and to filter
	Numbers  []int  // the chapters' numbers, parallel to Chapters
	// Topics are in the order of the topics page, which the index
	// numbers them by: the topic filter's values.
	Topics []TopicCount
}

// search adds one search page per language.
func (b *builder) search() {
	b.each(func(lang content.Language) *Page {
		l := lang.Code
		v := &Search{Index: b.indexPath(lang, "search") + "index.json", Topics: b.topicCounts(l)}
		var deps []string
		for _, ch := range b.in.Programme.Chapters {
			v.Chapters = append(v.Chapters, b.chapterLink(l, ch))
			v.Numbers = append(v.Numbers, ch.Number)
			deps = append(deps, ch.ID)
		}
		return &Page{Kind: KindSearch, Lang: l, Key: Key{Kind: KindSearch}, Path: b.indexPath(lang, "search"),
			TitleID: "search_title", DescriptionID: "search_description", Body: v, Deps: deps,
			Breadcrumbs: []Link{b.homeCrumb(l)}}
	})
}
