// Package opendata publishes the programme as open data, in every language
// of the site: programme.json (the whole programme as a tree, with topics
// and glossary), commitments.csv (one row per commitment) and the JSON
// Schema of programme.json, in the folder of the language's data page
// (/fr/donnees/, …). It reads the models (programme, content, translation
// status, topics, glossary, site pages) and returns files; it also
// completes each data page of the site with the files' sizes and the
// data's version and date.
//
// The output depends on its input only: the version is a hash of the data
// and the date is given by the caller (never the clock), so the same input
// gives the same bytes.
package opendata

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
)

// Schema is the JSON Schema (draft 2020-12) of programme.json, published
// beside it as programme.schema.json.
//
//go:embed programme.schema.json
var Schema []byte

// Input is what the open data is made of: the models a build computed.
type Input struct {
	Programme *programme.Programme
	Content   *content.Content
	Status    *translation.Report
	Topics    *topic.Index
	Glossary  *glossary.Glossary // nil when the site has none
	// Site gives every page's URL and short title; its data pages are
	// completed by Build.
	Site *site.Site
	// Date is the date of the data, YYYY-MM-DD, or "" when unknown.
	Date string
}

// File is one open data file: its path below the site root and its bytes.
type File struct {
	Path string
	Data []byte
}

// Build makes the data files of every language, in the order of the site's
// languages and of site.DataFileNames, and fills the sizes, version and
// date of each data page of in.Site.
func Build(in Input) ([]File, error) {
	m, err := NewMaker(in)
	if err != nil {
		return nil, err
	}
	langs := in.Site.Languages
	out := make([]*Set, len(langs))
	errs := make([]error, len(langs))
	var wg sync.WaitGroup
	for i, lang := range langs {
		wg.Go(func() {
			out[i], errs[i] = m.Language(lang.Code)
		})
	}
	wg.Wait()
	var files []File
	for i, lang := range langs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[i].Complete(m.pages.get(lang.Code, site.Key{Kind: site.KindData}).Body.(*site.Data))
		files = append(files, out[i].Files...)
	}
	return files, nil
}

// Maker makes the data files one language at a time, for a preview that
// makes only those asked for (Build makes them all). It reads its Input
// and changes nothing in it; it is safe for concurrent use.
type Maker struct {
	in    Input
	pages pageIndex
}

// NewMaker returns a Maker of in's data files.
func NewMaker(in Input) (*Maker, error) {
	if in.Site == nil || in.Programme == nil || in.Content == nil {
		return nil, fmt.Errorf("opendata: incomplete input")
	}
	return &Maker{in: in, pages: indexPages(in.Site)}, nil
}

// Set is one language's data files, in site.DataFileNames order, and the
// version and date of its data.
type Set struct {
	Files   []File
	Version string
	Date    string
	lang    string
}

// Complete fills a data page's file sizes, version and date from the set:
// the data page of the set's language.
func (s *Set) Complete(body *site.Data) {
	pr := message.NewPrinter(language.Make(s.lang))
	for i := range body.Files {
		body.Files[i].Bytes = len(s.Files[i].Data)
		body.Files[i].Size = groupDigits(s.lang, pr.Sprint(len(s.Files[i].Data)))
	}
	body.Version, body.Date = s.Version, s.Date
}

// groupDigits returns a number printed for lang with French digit groups
// separated by a narrow no-break space (U+202F), as the site's French
// typography, current CLDR data and the browsers' Intl (the search page's
// count) do; x/text's CLDR data still gives a no-break space (U+00A0).
func groupDigits(lang, n string) string {
	if lang != "fr" && !strings.HasPrefix(lang, "fr-") {
		return n
	}
	return strings.ReplaceAll(n, "\u00a0", "\u202f")
}

// Language makes one language's files. The language's data page is read
// (the files' paths and the schema's URL), not completed: see
// Set.Complete.
func (mk *Maker) Language(lang string) (*Set, error) {
	in := mk.in
	dataPage := mk.pages.get(lang, site.Key{Kind: site.KindData})
	if dataPage == nil {
		return nil, fmt.Errorf("opendata: no data page in %s", lang)
	}
	body, ok := dataPage.Body.(*site.Data)
	if !ok || len(body.Files) != len(site.DataFileNames) {
		return nil, fmt.Errorf("opendata: the %s data page has no file list", lang)
	}
	m := &maker{in: in, pages: mk.pages, lang: lang, src: in.Content.Site.Source()}
	doc := m.document()
	hint := sizeHint(in.Programme)
	data, version, err := encodeJSON(doc, header{
		Schema:         body.Files[2].URL,
		Language:       lang,
		SourceLanguage: m.src,
		Date:           in.Date,
		URL:            in.Site.BaseURL + "/" + lang + "/",
		DataPage:       dataPage.Canonical,
		Licence:        in.Content.Site.Licence,
		Contact:        in.Content.Site.Contact,
	}, hint)
	if err != nil {
		return nil, fmt.Errorf("opendata: %s: %w", body.Files[0].Path, err)
	}
	csvData, err := encodeCSV(doc, hint*3/4)
	if err != nil {
		return nil, fmt.Errorf("opendata: %s: %w", body.Files[1].Path, err)
	}
	files := []File{
		{Path: strings.TrimPrefix(body.Files[0].Path, "/"), Data: data},
		{Path: strings.TrimPrefix(body.Files[1].Path, "/"), Data: csvData},
		{Path: strings.TrimPrefix(body.Files[2].Path, "/"), Data: Schema},
	}
	return &Set{Files: files, Version: version, Date: in.Date, lang: lang}, nil
}

// header is what programme.json says before the programme itself.
type header struct {
	Schema         string
	Language       string
	SourceLanguage string
	Date           string
	URL            string
	DataPage       string
	Licence        *content.Licence
	Contact        string
}

// encodeJSON writes programme.json: the header's fields, then the body's.
// The version is a hash of the body (the programme, topics and glossary),
// so it changes exactly when the data does: it is written as a placeholder
// of its length, then filled in once the body is encoded after it. The
// output is compact, UTF-8, without escaping of <, > and &, and ends with a
// newline.
func encodeJSON(body *document, h header, sizeHint int) ([]byte, string, error) {
	var lic any // JSON null when no licence is configured
	if h.Licence != nil {
		lic = licence{Name: h.Licence.Name, URL: h.Licence.URL}
	}
	var contact any
	if h.Contact != "" {
		contact = h.Contact
	}
	const placeholder = "000000000000" // as long as a version
	fields := []struct {
		key string
		val any
	}{
		{"$schema", h.Schema},
		{"language", h.Language},
		{"sourceLanguage", h.SourceLanguage},
		{"version", placeholder},
		{"date", h.Date},
		{"url", h.URL},
		{"dataPage", h.DataPage},
		{"licence", lic},
		{"contact", contact},
	}
	out := bytes.NewBuffer(make([]byte, 0, sizeHint))
	e := json.NewEncoder(out)
	e.SetEscapeHTML(false)
	out.WriteByte('{')
	at := -1 // offset of the version
	for _, f := range fields {
		if f.key == "date" && h.Date == "" {
			continue
		}
		fmt.Fprintf(out, "%q:", f.key)
		if f.key == "version" {
			at = out.Len() + 1
		}
		if err := e.Encode(f.val); err != nil {
			return nil, "", err
		}
		out.Truncate(out.Len() - 1) // Encode's newline
		out.WriteByte(',')
	}
	start := out.Len()
	if err := e.Encode(body); err != nil { // {"chapters":…}\n
		return nil, "", err
	}
	data := out.Bytes()
	sum := sha256.Sum256(data[start:])
	version := hex.EncodeToString(sum[:len(placeholder)/2])
	copy(data[at:], version)
	// The body's opening brace goes: its fields follow the header's.
	copy(data[start:], data[start+1:])
	return data[:len(data)-1], version, nil
}

// licence is the reuse terms as programme.json gives them.
type licence struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// sizeHint estimates the size of programme.json, so that its buffer is
// allocated once: about 1,100 bytes per commitment in the real programme.
func sizeHint(p *programme.Programme) int {
	n := 0
	for _, ch := range p.Chapters {
		for _, s := range ch.Sections {
			n += len(s.Commitments)
		}
	}
	return 4096 + 1200*n
}

// pageIndex finds a page by language and key.
type pageIndex map[pageKey]*site.Page

type pageKey struct {
	lang string
	key  site.Key
}

func indexPages(s *site.Site) pageIndex {
	ix := make(pageIndex, len(s.Pages))
	for _, p := range s.Pages {
		ix[pageKey{p.Lang, p.Key}] = p
	}
	return ix
}

func (ix pageIndex) get(lang string, key site.Key) *site.Page { return ix[pageKey{lang, key}] }
