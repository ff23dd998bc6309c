package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/site"
)

// The fixture: a few commitments per language, written for the matching
// rules (accents, ligatures, apostrophes, plurals, acronyms, ranking).
// Each is "id | title | text | sub-item; sub-item".
var fixtureDocs = map[string][]string{
	"fr": {
		"c1 | Renforcer la coopération au développement | Renforcer les liens avec les pays partenaires et mettre en œuvre l’agenda 2030. | Soutenir les organisations de la société civile.",
		"c2 | Soutenir l’Union européenne | Défendre le rôle de l'Union européenne dans le monde. |",
		"c3 | Défendre le multilatéralisme | Renforcer le rôle des Nations unies et de leurs agences. |",
		"c4 | La paix dans l’est du pays | Soutenir la paix dans l’est de la RDC et le dialogue avec ses voisins. |",
		"c5 | Contrôler les armes | Interdire l’exportation d’armes vers les pays en guerre. | Renforcer le contrôle des exportations d’armes légères.",
		"c6 | Étudier à l’étranger | Étendre Erasmus aux étudiants des pays partenaires africains. |",
		"c7 | Associer les associations | Associer la société civile à la politique étrangère. |",
		"c8 | Un budget stable | La coopération entre les États membres et les régions, les communes et les provinces, sert le développement durable. |",
		"c9 | Un budget lisible | La coopération au développement doit rester lisible. |",
		"c10 | Afrique centrale | Approfondir nos relations avec les pays voisins. | avec la République démocratique du Congo ; | avec le Rwanda.",
		"c11 | Un siège à l’ONU | Soutenir la candidature belge. |",
	},
	"nl": {
		"c1 | Ontwikkelingssamenwerking versterken | De ontwikkelingssamenwerking met de partnerlanden versterken. |",
		"c2 | Multilateralisme | De rol van de Verenigde Naties versterken. |",
		"c3 | Vrede | Vrede in het oosten van de DRC steunen. |",
		"c4 | Wapens controleren | Wapenexport naar landen in oorlog verbieden en de export van wapens beperken. |",
	},
	"en": {
		"c1 | Multilateralism | Strengthen the role of the United Nations and its agencies. |",
		"c2 | Arms | Ban arms exports to countries at war. |",
		"c3 | Peace | Support peace in the east of the DRC. |",
		"c4 | Europe | Work with the European Union’s institutions. |",
		"c5 | A UN seat | Support Belgium’s candidacy. |",
	},
}

const fixtureGlossary = `
- id: un
  fr: {term: Nations unies, forms: [Organisation des Nations unies, Nations unies, ONU], definition: x}
  nl: {term: Verenigde Naties, forms: [Verenigde Naties, VN], definition: x}
  en: {term: United Nations, forms: [United Nations, UN], definition: x}
- id: drc
  fr: {term: RDC, forms: [République démocratique du Congo, RDC], definition: x}
  nl: {term: DRC, forms: [Democratische Republiek Congo, DRC], definition: x}
  en: {term: DRC, forms: [Democratic Republic of the Congo, DRC], definition: x}
- id: eu
  fr: {term: Union européenne, forms: [Union européenne, UE], definition: x}
  nl: {term: Europese Unie, forms: [Europese Unie, EU], definition: x}
  en: {term: European Union, forms: [European Union, EU], definition: x}
`

// fixtureSite builds the fixture's site model and glossary, marking the
// glossary's terms in the texts as package site does.
func fixtureSite(t testing.TB) (*site.Site, *glossary.Glossary) {
	t.Helper()
	langs := []string{"fr", "nl", "en"}
	c, err := content.ParseGlossary("glossary.yaml", []byte(fixtureGlossary), langs)
	if err != nil {
		t.Fatal(err)
	}
	g, err := glossary.New(c, langs)
	if err != nil {
		t.Fatal(err)
	}
	s := &site.Site{}
	for _, l := range langs {
		s.Languages = append(s.Languages, content.Language{Code: l})
		s.Pages = append(s.Pages, &site.Page{Kind: site.KindSearch, Lang: l, Path: "/" + l + "/search/", Body: &site.Search{Index: "/" + l + "/search/index.json"}})
		topics := &site.Topics{Topics: []site.TopicCount{{Link: site.Link{Path: "/" + l + "/themes/a/", Text: "A"}}, {Link: site.Link{Path: "/" + l + "/themes/b/", Text: "B"}}}}
		s.Pages = append(s.Pages, &site.Page{Kind: site.KindTopics, Lang: l, Body: topics})
		m := g.Matcher(l)
		for i, line := range fixtureDocs[l] {
			f := strings.Split(line, "|")
			for k := range f {
				f[k] = strings.TrimSpace(f[k])
			}
			id := f[0]
			prose := site.Prose{Lang: l, Text: f[2]}
			for _, it := range f[3:] {
				if it != "" {
					prose.Items = append(prose.Items, &site.ProseItem{Text: it})
				}
			}
			seen := map[string]bool{}
			for _, text := range append([]string{prose.Text}, itemTexts(prose.Items)...) {
				for _, mt := range m.FindAll(text) {
					if !seen[mt.Entry] {
						seen[mt.Entry] = true
						prose.Terms = append(prose.Terms, site.Term{ID: mt.Entry})
					}
				}
			}
			chapter := 1 + i/6 // two chapters in French
			c := &site.Commitment{ID: id, Text: site.Unit{Prose: prose}, ChapterNum: chapter,
				Chapter:   site.Link{Path: fmt.Sprintf("/%s/chapter-%d/", l, chapter), Text: fmt.Sprintf("Chapter %d", chapter)},
				Section:   site.Link{Path: "/" + l + "/sections/s/", Text: "Relations"},
				SourceRef: site.SourceRef{FirstLine: i + 1},
				Topics:    []site.Link{topics.Topics[i%2].Link}}
			s.Pages = append(s.Pages, &site.Page{Kind: site.KindCommitment, Lang: l, Path: "/" + l + "/commitments/" + id + "/", Title: f[1], Body: c})
		}
	}
	return s, g
}

func itemTexts(items []*site.ProseItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Text)
		out = append(out, itemTexts(it.Items)...)
	}
	return out
}

func buildFixture(t testing.TB) map[string][]byte {
	t.Helper()
	s, g := fixtureSite(t)
	files, err := Build(Input{Site: s, Glossary: g})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Data
	}
	return out
}

func reader(files map[string][]byte) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		if data, ok := files[p]; ok {
			return data, nil
		}
		return nil, fmt.Errorf("no file %s", p)
	}
}

// ids returns the IDs of the commitments found, best first.
func ids(t *testing.T, c *client, rs []result) []string {
	t.Helper()
	var out []string
	for _, r := range rs {
		d, _, err := c.doc(r.doc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimSuffix(d.Slug, "/"))
	}
	return out
}

func TestQueries(t *testing.T) {
	files := buildFixture(t)
	tests := []struct {
		lang, q string
		want    []string // found, in this order when order is set
		order   bool
		not     []string // not found
	}{
		// Case, accents, ligatures, apostrophes.
		{lang: "fr", q: "cooperation", want: []string{"c1", "c8", "c9"}, not: []string{"c2"}},
		{lang: "fr", q: "COOPÉRATION", want: []string{"c1", "c8", "c9"}},
		{lang: "fr", q: "oeuvre", want: []string{"c1"}},
		{lang: "fr", q: "œuvre", want: []string{"c1"}},
		{lang: "fr", q: "l'Union", want: []string{"c2"}, not: []string{"c1"}},
		{lang: "fr", q: "l’Union", want: []string{"c2"}},
		{lang: "fr", q: "etudiants", want: []string{"c6"}},
		// Prefixes, as the visitor types.
		{lang: "fr", q: "coop", want: []string{"c1", "c8", "c9"}},
		{lang: "fr", q: "multilat", want: []string{"c3"}},
		{lang: "fr", q: "eras", want: []string{"c6"}},
		{lang: "en", q: "un", want: []string{"c1", "c5"}, not: []string{"c4"}}, // two letters are a whole word, not "union"
		{lang: "en", q: "uni", want: []string{"c1", "c4", "c5"}},
		// Plural and singular, and other forms of the same stem.
		{lang: "fr", q: "arme", want: []string{"c5"}, not: []string{"c3"}},
		{lang: "fr", q: "exportations", want: []string{"c5"}},
		{lang: "fr", q: "étudiant", want: []string{"c6"}},
		{lang: "nl", q: "wapen", want: []string{"c4"}},
		{lang: "nl", q: "land", want: []string{"c4"}},
		{lang: "nl", q: "ontwikkelingssamenwerking", want: []string{"c1"}, not: []string{"c2"}},
		{lang: "en", q: "country", want: []string{"c2"}},
		{lang: "en", q: "export", want: []string{"c2"}},
		{lang: "en", q: "agency", want: []string{"c1"}},
		// Acronyms and full names, through the glossary.
		{lang: "fr", q: "ONU", want: []string{"c3", "c11"}, not: []string{"c5"}},
		{lang: "fr", q: "Nations unies", want: []string{"c3", "c11"}, not: []string{"c2"}},
		{lang: "fr", q: "RDC", want: []string{"c4", "c10"}},
		{lang: "fr", q: "République démocratique du Congo", want: []string{"c4", "c10"}, not: []string{"c6"}},
		{lang: "nl", q: "VN", want: []string{"c2"}},
		{lang: "nl", q: "Congo", want: []string{"c3"}},
		{lang: "en", q: "UN", want: []string{"c1", "c5"}, not: []string{"c2"}},
		{lang: "en", q: "United Nations", want: []string{"c1", "c5"}},
		{lang: "en", q: "Democratic Republic of the Congo", want: []string{"c3"}},
		{lang: "en", q: "l’Union", want: []string{"c4"}, not: []string{"c1"}},
		// All words must match.
		{lang: "fr", q: "coopération Erasmus", want: nil, not: []string{"c1", "c6"}},
		{lang: "fr", q: "contrôle armes légères", want: []string{"c5"}},
		// Ranking: title above text, text above sub-item, closer words first.
		{lang: "fr", q: "armes", want: []string{"c5"}, order: true},
		{lang: "fr", q: "société civile", want: []string{"c7", "c1"}, order: true},
		{lang: "fr", q: "coopération développement", want: []string{"c1", "c9", "c8"}, order: true},
		// Bad input.
		{lang: "fr", q: ""},
		{lang: "fr", q: "   "},
		{lang: "fr", q: "!!! … ’ « » ?"},
		{lang: "fr", q: "<script>alert(1)</script>"},
		{lang: "fr", q: strings.Repeat("coopération ", 90), want: []string{"c1", "c8", "c9"}},
		{lang: "fr", q: strings.Repeat("x", 1000)},
		{lang: "fr", q: "刚果 Κογκό Конго"},
		{lang: "fr", q: "a b c"},
	}
	for _, tt := range tests {
		name := tt.lang + "/" + tt.q
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			c, err := newClient(reader(files), tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := c.search(tt.q, 0, -1)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(t, c, rs)
			for i, w := range tt.want {
				k := slices.Index(got, w)
				if k < 0 {
					t.Errorf("%q: %s not found; found %v", tt.q, w, got)
				} else if tt.order && k != i {
					t.Errorf("%q: %s is result %d, want %d; found %v", tt.q, w, k+1, i+1, got)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("%q: %s found, should not be; found %v", tt.q, n, got)
				}
			}
			if tt.want == nil && len(got) > 0 {
				t.Errorf("%q: found %v, want nothing", tt.q, got)
			}
		})
	}
}

func TestFilters(t *testing.T) {
	files := buildFixture(t)
	c, err := newClient(reader(files), "fr")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q              string
		chapter, topic int
		want           []string
	}{
		{"coopération", 0, -1, []string{"c1", "c8", "c9"}},
		{"coopération", 1, -1, []string{"c1"}},
		{"coopération", 2, -1, []string{"c8", "c9"}},
		{"coopération", 7, -1, nil},
		{"coopération", 0, 0, []string{"c1", "c9"}},
		{"coopération", 0, 1, []string{"c8"}},
		{"coopération", 2, 0, []string{"c9"}},
	}
	for _, tt := range tests {
		rs, err := c.search(tt.q, tt.chapter, tt.topic)
		if err != nil {
			t.Fatal(err)
		}
		got := ids(t, c, rs)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q chapter %d topic %d: found %v, want %v", tt.q, tt.chapter, tt.topic, got, tt.want)
		}
	}
}

// TestResultData checks what a result shows: title, chapter and section,
// link, text.
func TestResultData(t *testing.T) {
	files := buildFixture(t)
	c, err := newClient(reader(files), "fr")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.search("Erasmus", 0, -1)
	if err != nil || len(rs) != 1 {
		t.Fatalf("Erasmus: %v, %v", rs, err)
	}
	d, sec, err := c.doc(rs[0].doc)
	if err != nil {
		t.Fatal(err)
	}
	ch := c.m.Chapters[d.Chapter]
	got := []string{d.Title, c.m.Prefix + d.Slug, ch.Title, ch.Path, sec[0], sec[1], d.Text}
	want := []string{"Étudier à l’étranger", "/fr/commitments/c6/", "Chapter 1", "/fr/chapter-1/", "Relations", "/fr/sections/s/", "Étendre Erasmus aux étudiants des pays partenaires africains."}
	if !slices.Equal(got, want) {
		t.Errorf("result data:\n got %q\nwant %q", got, want)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"coopération": "cooperation", "COOPÉRATION": "cooperation", "Œuvre": "oeuvre", "œuvre": "oeuvre",
		"Ærø": "aerø", "Straße": "strasse", "België": "belgie", "Κογκό": "κογκο", "plain": "plain",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"l’Union européenne": {"l", "Union", "européenne"},
		"l'Union":            {"l", "Union"},
		"co-operation, 2030": {"co", "operation", "2030"},
		"« Gare pour tous »": {"Gare", "pour", "tous"},
		"!!!":                nil,
	} {
		var got []string
		words(in, func(w string) { got = append(got, w) })
		if !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDeterministic builds the index twice: the same bytes, the same
// folder name.
func TestDeterministic(t *testing.T) {
	a, b := buildFixture(t), buildFixture(t)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p, data := range a {
		if string(b[p]) != string(data) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestNoSearchPage: a language without a search page gets no index.
func TestNoSearchPage(t *testing.T) {
	s, g := fixtureSite(t)
	s.Pages = slices.DeleteFunc(s.Pages, func(p *site.Page) bool { return p.Kind == site.KindSearch && p.Lang == "nl" })
	files, err := Build(Input{Site: s, Glossary: g})
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(files, func(f File) bool { return strings.Contains(f.Path, "-nl-") || strings.HasPrefix(f.Path, "nl/") }) {
		t.Error("files for nl, which has no search page")
	}
	if !slices.ContainsFunc(files, func(f File) bool { return f.Path == "fr/search/index.json" }) {
		t.Error("no manifest for fr")
	}
}
