package opendata_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/opendata"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/site"
)

// fixtureDate is the date the tests give the data.
const fixtureDate = "2026-11-27"

// build builds the fixture site in testdata/site (or a copy of it in root)
// with the pipeline fixture's copy of the interface strings and the real
// theme.
func build(t *testing.T, root string) *pipeline.Result {
	t.Helper()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Build(context.Background(), pipeline.Options{
		Root:     root,
		I18n:     filepath.Join(repo, "internal", "pipeline", "testdata", "site", "i18n"),
		Theme:    filepath.Join(repo, "themes", "default"),
		DataDate: fixtureDate,
	})
	if err != nil {
		t.Fatalf("build %s: %v", root, err)
	}
	return res
}

// fixtureCopy copies the fixture site into a temporary folder and replaces
// old with new in its content/site.yaml.
func fixtureCopy(t *testing.T, old, new string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "content", "site.yaml")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("site.yaml has no %q", old)
	}
	if err := os.WriteFile(name, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func files(res *pipeline.Result) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range res.Files {
		m[f.Path] = f.Data
	}
	return m
}

// dataFolders are the fixture's data folders; English gives no paths.data
// and takes the source language's segment.
var dataFolders = map[string]string{"fr": "fr/donnees/", "nl": "nl/gegevens/", "en": "en/donnees/"}

func TestProgrammeJSONMatchesSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	schemaDoc, err := jsonschema.UnmarshalJSON(bytes.NewReader(opendata.Schema))
	if err != nil {
		t.Fatalf("programme.schema.json: %v", err)
	}
	if err := c.AddResource("programme.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	c.AssertFormat()
	schema, err := c.Compile("programme.schema.json")
	if err != nil {
		t.Fatalf("programme.schema.json is not a valid draft 2020-12 schema: %v", err)
	}
	fs := files(build(t, "testdata/site"))
	for lang, dir := range dataFolders {
		data, ok := fs[dir+site.DataJSON]
		if !ok {
			t.Errorf("%s: no %s%s", lang, dir, site.DataJSON)
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s%s is not JSON: %v", dir, site.DataJSON, err)
			continue
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s%s does not match the schema: %v", dir, site.DataJSON, err)
		}
		if !bytes.Equal(fs[dir+site.DataSchema], opendata.Schema) {
			t.Errorf("%s%s is not the schema", dir, site.DataSchema)
		}
	}
	// The schema refuses what it should: a missing field, a wrong status.
	for _, bad := range []string{
		`{"language":"fr"}`,
		strings.Replace(string(fs["fr/donnees/programme.json"]), `"translation":"source"`, `"translation":"maybe"`, 1),
		strings.Replace(string(fs["fr/donnees/programme.json"]), `"version":"`, `"version":"x`, 1),
	} {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(doc) == nil {
			t.Errorf("the schema accepts %.80s…", bad)
		}
	}
}

// programme is the part of programme.json the tests read.
type programme struct {
	Language string                      `json:"language"`
	Version  string                      `json:"version"`
	Date     string                      `json:"date"`
	Licence  *struct{ Name, URL string } `json:"licence"`
	Contact  *string                     `json:"contact"`
	Chapters []struct {
		Number   int    `json:"number"`
		URL      string `json:"url"`
		Sections []struct {
			URL         string `json:"url"`
			Commitments []struct {
				ID          string `json:"id"`
				Title       string `json:"title"`
				Text        string `json:"text"`
				Lang        string `json:"lang"`
				Translation string `json:"translation"`
				URL         string `json:"url"`
				Items       []struct {
					ID string `json:"id"`
				} `json:"items"`
			} `json:"commitments"`
		} `json:"sections"`
	} `json:"chapters"`
}

func readProgramme(t *testing.T, data []byte) programme {
	t.Helper()
	var p programme
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// The CSV reads back with encoding/csv (";"), row for row the commitments
// of programme.json, and its hard cases (formulas, separators, quotes,
// line breaks) survive, defused.
func TestCommitmentsCSV(t *testing.T) {
	fs := files(build(t, "testdata/site"))
	hard := map[string]map[string]string{ // lang → id → cell that must be there
		"fr": {"12-publier-chaque-mois-ponctualite-chaque": `'=HYPERLINK("https://evil.example";"clic"), «` + "\u00a0" + `ponctualité` + "\u00a0" + `»` + "\u202f" + `; ligne par ligne`},
		"nl": {"12-offrir-abonnement-unique-valable-train": `'+1 abonnement, één prijs; "overal"`},
		"en": {"12-garantir-correspondance-entre-dernier-train": `'-5 % waiting: a connection after the last train`},
	}
	for lang, dir := range dataFolders {
		data := fs[dir+site.DataCSV]
		body, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
		if !ok {
			t.Errorf("%s: no byte order mark", lang)
		}
		r := csv.NewReader(bytes.NewReader(body))
		r.Comma = ';'
		r.FieldsPerRecord = len(opendata.CSVHeader)
		records, err := r.ReadAll()
		if err != nil || len(records) == 0 {
			t.Fatalf("%s%s: %d records, %v", dir, site.DataCSV, len(records), err)
		}
		if !slices.Equal(records[0], opendata.CSVHeader) {
			t.Errorf("%s: header %q", lang, records[0])
		}
		col := map[string]int{}
		for i, h := range opendata.CSVHeader {
			col[h] = i
		}
		p := readProgramme(t, fs[dir+site.DataJSON])
		for _, ch := range p.Chapters {
			// The chapter's own page, /<lang>/<paths.chapters>/<slug>/.
			if !strings.HasPrefix(ch.URL, "https://fixture.example/"+lang+"/chapters/") {
				t.Errorf("%s: chapter %d has the URL %q, want its page", lang, ch.Number, ch.URL)
			}
		}
		row := 1
		for _, ch := range p.Chapters {
			for _, s := range ch.Sections {
				for _, c := range s.Commitments {
					if row >= len(records) {
						t.Fatalf("%s: %d rows for more commitments", lang, len(records)-1)
					}
					rec := records[row]
					row++
					for field, want := range map[string]string{"id": c.ID, "title": opendata.Defuse(c.Title), "text": opendata.Defuse(c.Text), "url": c.URL, "translation": c.Translation, "text_lang": c.Lang} {
						if got := rec[col[field]]; got != want {
							t.Errorf("%s %s: %s %q, programme.json says %q", lang, c.ID, field, got, want)
						}
					}
					if want, ok := hard[lang][c.ID]; ok && rec[col["title"]] != want {
						t.Errorf("%s %s: title %q, want %q", lang, c.ID, rec[col["title"]], want)
					}
					for i, cell := range rec {
						if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
							t.Errorf("%s %s: %s %q would run as a formula", lang, c.ID, opendata.CSVHeader[i], cell)
						}
					}
				}
			}
		}
		if row != len(records) {
			t.Errorf("%s: %d rows for %d commitments", lang, len(records)-1, row-1)
		}
	}
	en := readProgramme(t, fs["en/donnees/programme.json"])
	for _, s := range en.Chapters[0].Sections {
		for _, c := range s.Commitments {
			switch c.ID {
			case "12-publier-chaque-mois-ponctualite-chaque":
				if !strings.HasPrefix(c.Text, `@SNCB; publish every month`) || !strings.Contains(c.Text, `"station by station"`) {
					t.Errorf("en %s: text %q", c.ID, c.Text)
				}
			case "12-former-personnel-gares-accueil-voyageurs":
				if c.Translation != "missing" || c.Lang != "fr" {
					t.Errorf("en %s: an untranslated commitment is %s in %s; want missing, in fr", c.ID, c.Translation, c.Lang)
				}
			}
		}
	}
	nl := readProgramme(t, fs["nl/gegevens/programme.json"])
	for _, s := range nl.Chapters[0].Sections {
		for _, c := range s.Commitments {
			if c.ID == "12-rendre-transports-publics-gratuits-enfants" && (c.Translation != "outdated" || c.Lang != "nl") {
				t.Errorf("nl %s: %s in %s; want outdated, in nl", c.ID, c.Translation, c.Lang)
			}
			if c.ID == "12-moderniser-reseau-ferroviaire" && (len(c.Items) == 0 || c.Items[0].ID == "") {
				t.Errorf("nl %s: sub-items %v; want the French items' ids", c.ID, c.Items)
			}
		}
	}
}

// The data page gives the sizes of the files as built, the version of the
// data and its date; every page links its language's programme.json in its
// head and the data page in its footer; the sitemap lists the data pages.
func TestDataPage(t *testing.T) {
	res := build(t, "testdata/site")
	fs := files(res)
	for _, p := range res.Site.Pages {
		if p.Kind != site.KindData {
			continue
		}
		body := p.Body.(*site.Data)
		dir := dataFolders[p.Lang]
		if p.Path != "/"+dir {
			t.Errorf("%s: data page at %s, want /%s", p.Lang, p.Path, dir)
		}
		prog := readProgramme(t, fs[dir+site.DataJSON])
		if body.Version != prog.Version || len(body.Version) != 12 {
			t.Errorf("%s: the page says version %q, programme.json %q", p.Lang, body.Version, prog.Version)
		}
		if body.Date != fixtureDate || prog.Date != fixtureDate {
			t.Errorf("%s: date %q on the page, %q in the file; want %s", p.Lang, body.Date, prog.Date, fixtureDate)
		}
		html := string(fs[p.File])
		for _, f := range body.Files {
			if n := len(fs[strings.TrimPrefix(f.Path, "/")]); n == 0 || f.Bytes != n {
				t.Errorf("%s: %s is %d bytes, the page says %d", p.Lang, f.Path, n, f.Bytes)
			}
			if !strings.Contains(html, `href="`+f.Path+`"`) || !strings.Contains(html, f.Size) {
				t.Errorf("%s: the page does not link %s or give its size %s", p.Lang, f.Path, f.Size)
			}
			// French groups digits with a narrow no-break space, as the
			// search page's count does.
			if p.Lang == "fr" && f.Bytes >= 1000 && (!strings.Contains(f.Size, "\u202f") || strings.Contains(f.Size, "\u00a0")) {
				t.Errorf("fr: size %q of %s: want digit groups split by U+202F", f.Size, f.Path)
			}
		}
		if !strings.Contains(html, `<time datetime="`+fixtureDate+`">`) {
			t.Errorf("%s: the page does not give the date", p.Lang)
		}
		if !strings.Contains(string(fs["sitemap.xml"]), "<loc>"+p.Canonical+"</loc>") {
			t.Errorf("%s: %s is not in the sitemap", p.Lang, p.Canonical)
		}
	}
	for path, data := range fs {
		if !strings.HasSuffix(path, ".html") {
			continue
		}
		lang, _, _ := strings.Cut(path, "/")
		if _, ok := dataFolders[lang]; !ok {
			lang = "fr" // the language choice and the site-wide 404 page
		}
		head, _, _ := strings.Cut(string(data), "</head>")
		if want := `<link rel="alternate" type="application/json" href="/` + dataFolders[lang] + site.DataJSON + `">`; !strings.Contains(head, want) {
			t.Errorf("%s: no %s in the head", path, want)
		}
		if !strings.Contains(string(data), `<a href="/`+dataFolders[lang]+`">`) {
			t.Errorf("%s: no link to the data page", path)
		}
	}
}

// Two builds of the same input give the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := files(build(t, "testdata/site")), files(build(t, "testdata/site"))
	for _, dir := range dataFolders {
		for _, name := range site.DataFileNames {
			if !bytes.Equal(a[dir+name], b[dir+name]) {
				t.Errorf("%s%s differs between two builds", dir, name)
			}
		}
	}
}

// The licence and the contact come from content/site.yaml only: unset, the
// pages say so and the build warns; set, they are shown and published.
func TestReuseTerms(t *testing.T) {
	const licence = "licence: {name: \"CC BY 4.0\", url: \"https://creativecommons.org/licenses/by/4.0/\"}\ncontact: redaction@fixture.example\n"
	tests := []struct {
		name       string
		root       string
		warnings   []string
		inData     []string // in the English data page
		inAbout    []string // in the English about page
		notInAbout []string
	}{
		{
			name:       "none",
			root:       "testdata/site",
			warnings:   []string{diag.NoLicence, diag.NoContact},
			inData:     []string{"No terms of reuse have been set yet", "No contact address for the editors has been given yet"},
			inAbout:    []string{"No contact address for the editors has been given yet", `<a href="/en/donnees/">Open data</a>`},
			notInAbout: []string{"mailto:"},
		},
		{
			name:    "both",
			root:    fixtureCopy(t, "languages:", licence+"languages:"),
			inData:  []string{`<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>`, `<a href="mailto:redaction@fixture.example">redaction@fixture.example</a>`},
			inAbout: []string{`<a href="mailto:redaction@fixture.example">redaction@fixture.example</a>`, `CC BY 4.0`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := build(t, tt.root)
			var codes []string
			for _, w := range res.Warnings {
				if w.Code == diag.NoLicence || w.Code == diag.NoContact {
					codes = append(codes, w.Code)
					if !strings.HasSuffix(w.File, "content/site.yaml") {
						t.Errorf("%s names %q, want content/site.yaml", w.Code, w.File)
					}
				}
			}
			if !slices.Equal(codes, tt.warnings) {
				t.Errorf("warnings %v, want %v", codes, tt.warnings)
			}
			fs := files(res)
			data, about := string(fs["en/donnees/index.html"]), string(fs["en/about/index.html"])
			for _, s := range tt.inData {
				if !strings.Contains(data, s) {
					t.Errorf("the data page lacks %q", s)
				}
			}
			for _, s := range tt.inAbout {
				if !strings.Contains(about, s) {
					t.Errorf("the about page lacks %q", s)
				}
			}
			for _, s := range tt.notInAbout {
				if strings.Contains(about, s) {
					t.Errorf("the about page has %q", s)
				}
			}
			p := readProgramme(t, fs["en/donnees/programme.json"])
			if (p.Licence != nil) != (tt.warnings == nil) || (p.Contact != nil) != (tt.warnings == nil) {
				t.Errorf("programme.json: licence %v, contact %v", p.Licence, p.Contact)
			}
		})
	}
}

// A licence without its URL, or a contact that is neither an address nor a
// URL, is an error in content/site.yaml: nothing is guessed.
func TestBadReuseConfig(t *testing.T) {
	for _, bad := range []string{
		"licence: {name: \"CC BY 4.0\"}\n",
		"licence: {url: \"https://creativecommons.org/licenses/by/4.0/\"}\n",
		"contact: the editors\n",
		"contact: javascript:alert(1)\n",
	} {
		root := fixtureCopy(t, "languages:", bad+"languages:")
		repo, _ := filepath.Abs("../..")
		_, err := pipeline.Build(context.Background(), pipeline.Options{Root: root, I18n: filepath.Join(repo, "internal", "pipeline", "testdata", "site", "i18n"), Theme: filepath.Join(repo, "themes", "default")})
		if err == nil || !strings.Contains(err.Error(), "site.yaml") {
			t.Errorf("%q: error %v; want one naming site.yaml", bad, err)
		}
	}
}
