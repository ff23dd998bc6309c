package site

import (
	"github.com/belgian-programme/explainer/internal/content"
)

// KindData is a language's open data page: what the data files hold, their
// fields, size, version and date, and the terms of reuse.
const KindData Kind = "data"

// The open data files, published in every language's data folder beside
// its data page (/fr/donnees/programme.json, …). The names are the same in
// every language, so that scripts need only change the folder.
const (
	DataJSON   = "programme.json"        // the whole programme as a tree
	DataCSV    = "commitments.csv"       // one row per commitment
	DataSchema = "programme.schema.json" // JSON Schema of programme.json
)

// DataFileNames lists the open data files in the order the data page shows
// them.
var DataFileNames = []string{DataJSON, DataCSV, DataSchema}

// Data is the body of a data page. The site model fills the reuse terms and
// the files' paths; the open data phase (package opendata, run by the
// pipeline after the site model) fills the sizes, the version and the date
// from the files it makes.
type Data struct {
	Reuse   Reuse
	Files   []DataFile // in DataFileNames order
	Version string     // a hash of the language's data, set by opendata
	Date    string     // YYYY-MM-DD, or "" when no date was given
}

// DataFile is one open data file as the data page lists it.
type DataFile struct {
	Name  string // "programme.json"
	Path  string // URL path, "/fr/donnees/programme.json"
	URL   string // absolute
	Bytes int    // size, set by opendata
	Size  string // Bytes written as the page's language groups digits, set by opendata
}

// Reuse says under which terms the open data may be reused and how to reach
// the editors, as configured in content/site.yaml: nil Licence and empty
// Contact when none is set (pages then say so; nothing is invented).
type Reuse struct {
	Licence    *content.Licence
	Contact    string // as configured: an e-mail address or a URL
	ContactURL string // link target: mailto:… or the URL
	DataPath   string // the language's data page
}

// dataPath returns the path of a language's data page.
func dataPath(lang content.Language) string {
	return "/" + lang.Code + "/" + lang.DataPath() + "/"
}

// reuse returns the reuse terms as the pages of a language show them.
func (b *builder) reuse(lang content.Language) *Reuse {
	cfg := b.in.Content.Site
	return &Reuse{Licence: cfg.Licence, Contact: cfg.Contact, ContactURL: cfg.ContactURL(), DataPath: dataPath(lang)}
}

// data adds one data page per language.
func (b *builder) data() {
	b.fresh = append(b.fresh, len(b.things))
	b.each(func(lang content.Language) *Page {
		p := &Page{Kind: KindData, Lang: lang.Code, Key: Key{Kind: KindData}, Path: dataPath(lang),
			TitleID: "data_title", DescriptionID: "data_description",
			Breadcrumbs: []Link{b.homeCrumb(lang.Code)}}
		body := &Data{Reuse: *b.reuse(lang)}
		for _, name := range DataFileNames {
			body.Files = append(body.Files, DataFile{Name: name, Path: p.Path + name, URL: b.base + p.Path + name})
		}
		p.Body = body
		return p
	})
}
