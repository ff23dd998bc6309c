// Package site turns the programme, the editorial content, the translation
// status and the topic index into the pages of the site: one Page per
// language and thing, with its URL, its language alternates, breadcrumbs,
// previous and next, related commitments and translation notices, all
// computed here so that templates only display. Build makes every page;
// Update makes again, after an edit of unit files or of the seeds'
// wording, only the pages that show what was edited (see Page.Deps).
package site

import (
	"github.com/belgian-programme/explainer/internal/translation"
)

// Kind says what a page shows; it names its template.
type Kind string

// The kinds of page.
const (
	KindRoot       Kind = "root"       // the language choice at "/"
	KindHome       Kind = "home"       // a language's home page
	KindSection    Kind = "section"    // a section of a chapter
	KindCommitment Kind = "commitment" // one commitment
	KindTopics     Kind = "topics"     // the index of topics
	KindTopic      Kind = "topic"      // one topic
	KindPage       Kind = "page"       // an editorial page such as "about"
	KindNotFound   Kind = "notfound"   // a 404 page
	// KindGlossary, a language's glossary page, is in glossary.go;
	// KindData, the open data page, in data.go.
)

// Page is one HTML page of the site.
type Page struct {
	Kind Kind
	Lang string // language of the page and its interface
	// Key identifies the thing shown, the same in every language;
	// alternates share it.
	Key       Key
	Path      string // URL path, "/fr/engagements/x/"
	File      string // output file, "fr/engagements/x/index.html"
	Title     string // the page's own title, without the site name
	TitleLang string // set when Title is not in the page's language
	TitleID   string // interface string giving the title, when Title is empty
	// Part tells which page of a split list this is, "2/5", for its title;
	// empty for a page that is not split.
	Part        string
	Description string
	// DescriptionID names the interface string giving the description,
	// when Description is empty.
	DescriptionID string
	Canonical     string // absolute URL
	// Alternates are the language versions, this one included, in
	// configured order; XDefault is the absolute URL for x-default.
	Alternates  []Alternate
	XDefault    string
	Breadcrumbs []Link
	NoIndex     bool // keep out of search engines (404 pages, previews)
	// Status tells what translation the page shows: Current, or Outdated or
	// Missing when a notice is due. Source-language pages are Current.
	Status translation.Status
	// Body is the kind's view: *Home, *ChapterView, *Chapters, *Listing,
	// *Section, *Commitment, *Topics, *Topic, *Editorial, *Glossary, *Data,
	// *Root or *NotFound.
	Body any
	// Deps are the inputs the page shows, for incremental rebuilds: the
	// IDs of the units whose text, title, status or address it shows or
	// links to, the names of editorial pages, and GlossaryDep when it
	// marks glossary terms. Update makes the page again when one of these
	// units is edited.
	Deps []string
}

// Key identifies the thing a page shows: its kind and, for a kind with a
// page per thing, the thing's ID: the unit ID of a chapter, section or
// commitment, the topic ID of a topic, the name of an editorial page,
// "sections" or "commitments" for a listing; a list split into pages adds
// the page's number from the second on ("africa/2", "commitments/3"). ID is empty for a
// language's only page of its kind (home, topics, glossary, 404), and
// "root" for the pages at the site's root, which belong to no language.
type Key struct {
	Kind Kind
	ID   string
}

// String returns the key as "commitment:34-x", or the kind alone when the
// ID is empty.
func (k Key) String() string {
	if k.ID == "" {
		return string(k.Kind)
	}
	return string(k.Kind) + ":" + k.ID
}

// Alternate is a language version of a page.
type Alternate struct {
	Lang     string // "fr"
	Name     string // the language's name in itself, "Français"
	Locale   string // "fr_BE"
	URL      string // absolute
	Path     string
	Current  bool // the page itself
	Fallback bool // the version shows French for want of a translation
}

// Link is a link with its text. Lang is set when the text is not in the
// page's language (a French fallback).
type Link struct {
	Path   string
	Text   string
	Lang   string
	TextID string // interface string giving the text, when Text is empty
}

// Prose is a translatable text: a paragraph and its nested items, in Lang
// (the page's language, or the source language as a fallback).
type Prose struct {
	Lang     string
	Text     string
	Items    []*ProseItem
	Fallback bool // shown in the source language for want of a translation
	// Marks are the glossary terms marked in Text; Terms lists the
	// definitions of every term marked in the block, in TermsLang when it
	// is not Lang (a fallback shows the page language's definitions).
	Marks     []Mark
	Terms     []Term
	TermsLang string
}

// ProseItem is a list item of a Prose, with its nested items.
type ProseItem struct {
	Text  string
	Items []*ProseItem
	Marks []Mark // glossary terms marked in Text
}

// Unit is a text unit as shown on a page: its prose, its translation status
// and, when outdated, the current French text too.
type Unit struct {
	ID       string
	Prose    Prose
	Status   translation.Status
	Original *Prose // the current source text, when the translation is outdated
}

// Home is the body of a language's home page: the programme at a glance.
type Home struct {
	Chapters []ChapterCard
	// The lists of chapters, sections and commitments.
	ChaptersPath, SectionsPath, CommitmentsPath string
	// SearchPath is the search page, whose form the home page shows.
	SearchPath string
	Topics     []TopicCount
	// Only is the programme's chapter when it has just one, shown on the
	// home page without its introduction.
	Only *ChapterView
}

// ChapterView is the body of a chapter page.
type ChapterView struct {
	Number     int
	Title      Unit
	Intro      []Unit
	Priorities []PriorityView
	Sections   []Link
	Counts     []int // commitments per section, parallel to Sections
	Prev, Next *Link // chapters, in programme order
}

// PriorityView is a priority and the section it leads to.
type PriorityView struct {
	Unit    Unit
	Section *Link
}

// Section is the body of a section page.
type Section struct {
	Number  int
	Chapter Link
	Heading Unit
	Intro   []Unit
	// Groups are the section's commitments in runs: one run, unless prose
	// stands between two of them in the programme.
	Groups     []CommitmentGroup
	Closing    []Unit // prose after the last commitment
	Prev, Next *Link
}

// CommitmentGroup is a run of a section's commitments with the prose that
// comes before it (none for the first run). Start is the number of its
// first commitment in the section.
type CommitmentGroup struct {
	Lead        []Unit
	Start       int
	Commitments []Link
}

// Commitment is the body of a commitment page.
type Commitment struct {
	ID         string
	Number     int // position in its section, from 1
	Of         int // commitments in the section
	Text       Unit
	Chapter    Link
	ChapterNum int
	Section    Link
	Topics     []Link
	Related    []Link
	Prev, Next *Link
	SourceRef  SourceRef
	// SourceURL is the French version's URL, for translationOfWork.
	SourceURL string
}

// SourceRef locates a commitment in the seed.
type SourceRef struct {
	Chapter, FirstLine, LastLine, Page int
}

// TopicCount is a topic with its number of commitments.
type TopicCount struct {
	Link        Link
	Description string
	Count       int
}

// Topics is the body of the topics index.
type Topics struct {
	Topics []TopicCount
}

// Topic is the body of a topic page.
type Topic struct {
	Name        string
	Description string
	Count       int
	// Groups are the commitments of this page by chapter and section;
	// Pager leads to the others when the topic's list is split.
	Groups   []Group
	Pager    *Pager
	CoTopics []TopicCount // Count is the number of shared commitments
}

// Editorial is the body of an editorial page.
type Editorial struct {
	HTML string // trusted: rendered from Markdown without raw HTML
	Lang string // language of the HTML
	// Reuse is set on the about page: the open data's reuse terms and the
	// editors' contact, shown after the editorial text.
	Reuse *Reuse
}

// Root is the body of the language choice page.
type Root struct {
	Choices []Alternate
}

// NotFound is the body of a 404 page.
type NotFound struct {
	Home string
}
