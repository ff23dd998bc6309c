package translation

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

// The terminology tests use a small inline chapter, term base and
// translations; the real content/terms.tsv is checked by explainer status
// (make status).

const termsSeed = ` 5. Relations extérieures : un chapitre de test 1 

1 .  L A  P A I X  2 

Nous voulons :  3 

➢ Réformer le Conseil de sécurité des Nations-Unies. 4 

➢ Soutenir l’Union européenne en : 5 

o Renforçant la coopération avec l’OTAN. 6 
`

const termsBase = `# a comment
fr	nl	en
Conseil de sécurité	Veiligheidsraad	Security Council
Nations Unies	Verenigde Naties	United Nations
Union européenne	Europese Unie	European Union
OTAN	NAVO	NATO
Banque européenne pour la reconstruction et le développement	Europese Bank voor Wederopbouw en Ontwikkeling | EBWO	European Bank for Reconstruction and Development | EBRD
Cour pénale internationale	Internationaal Strafhof	International Criminal Court
`

const (
	unitUN = "5-reformer-conseil-securite-nations-unies"
	unitEU = "5-soutenir-union-europeenne"
)

// termsContent is the content folder of the tests: every translation uses
// the agreed forms.
func termsContent() fstest.MapFS {
	unit := func(text string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nsource: \"000000000000\"\n---\n" + text + "\n")}
	}
	titled := func(title, text string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\nsource: \"000000000000\"\n---\n" + text + "\n")}
	}
	return fstest.MapFS{
		"site.yaml": {Data: []byte(`base_url: https://example.org
languages:
  - {code: fr, name: Français, locale: fr_BE, paths: {commitments: engagements, sections: sections, topics: themes, glossary: glossaire}}
  - {code: nl, name: Nederlands, locale: nl_BE, paths: {commitments: engagementen, sections: onderdelen, topics: themas, glossary: woordenlijst}}
  - {code: en, name: English, locale: en_GB, paths: {commitments: commitments, sections: sections, topics: themes, glossary: glossary}}
`)},
		"nl/units/" + unitUN + ".md": titled("De Veiligheidsraad hervormen", "De Veiligheidsraad van de Verenigde Naties hervormen."),
		"nl/units/" + unitEU + ".md": unit("De Europese Unie steunen door:\n\n- De samenwerking met de NAVO te versterken."),
		"en/units/" + unitUN + ".md": titled("Reform the Security Council", "Reform the United Nations Security Council."),
		"en/units/" + unitEU + ".md": unit("Support the European Union by:\n\n- Strengthening cooperation with NATO."),
		"fr/units/" + unitUN + ".md": {Data: []byte("---\ntitle: Réformer le Conseil de sécurité\n---\n")},
		"glossary.yaml": {Data: []byte(`- id: berd
  fr:
    term: BERD
    forms: [BERD]
    definition: "La Banque européenne pour la reconstruction et le développement finance des projets."
  nl:
    term: EBWO
    forms: [EBWO]
    definition: "Deze bank financiert projecten."
  en:
    term: EBRD
    forms: [EBRD]
    definition: "The European Bank for Reconstruction and Development funds projects."
`)},
	}
}

func loadTerms(t *testing.T, fsys fstest.MapFS) ([]*programme.Unit, *content.Content, *content.Glossary, []content.Term) {
	t.Helper()
	prog, err := seed.ParseAll(context.Background(), []seed.File{{Name: "seeds/5-test.txt", Data: []byte(termsSeed)}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := content.LoadTranslations(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	g, err := content.LoadGlossary(fsys, "content", c.Languages())
	if err != nil {
		t.Fatal(err)
	}
	terms, err := content.ParseTerms("content/"+content.TermsFile, []byte(termsBase))
	if err != nil {
		t.Fatal(err)
	}
	return prog.Units(), c, g, terms
}

// CheckTerms reports a translation that lacks the agreed form of a term its
// French contains, for that unit and language only.
func TestCheckTerms(t *testing.T) {
	type problem struct{ unit, where, lang, want string }
	tests := []struct {
		name string
		file string // translation to change, under content/
		old  string
		new  string
		want []problem
	}{
		{name: "agreed forms everywhere"},
		{name: "wrong form in one language", file: "nl/units/" + unitUN + ".md", old: "Veiligheidsraad van", new: "Raad van Veiligheid van",
			want: []problem{{unitUN, "text", "nl", "Veiligheidsraad"}}},
		{name: "term of a sub-item", file: "en/units/" + unitEU + ".md", old: "with NATO", new: "with the Atlantic Alliance",
			want: []problem{{unitEU, "text", "en", "NATO"}}},
		{name: "two terms missing", file: "en/units/" + unitUN + ".md", old: "United Nations Security Council", new: "UN's council",
			want: []problem{{unitUN, "text", "en", "Security Council"}, {unitUN, "text", "en", "United Nations"}}},
		// The French says "Nations-Unies", the term base "Nations Unies".
		{name: "case, hyphens and no-break spaces do not count", file: "nl/units/" + unitUN + ".md", old: "Verenigde Naties", new: "VERENIGDE\u00a0naties",
			want: nil},
		{name: "a translation without text is not checked", file: "en/units/" + unitEU + ".md", old: "Support the European Union by:\n\n- Strengthening cooperation with NATO.", new: "",
			want: nil},
		{name: "a short title is checked against the French title", file: "nl/units/" + unitUN + ".md", old: "title: De Veiligheidsraad", new: "title: De Raad van Veiligheid",
			want: []problem{{unitUN, "title", "nl", "Veiligheidsraad"}}},
		{name: "a glossary definition is checked", file: "glossary.yaml", old: "term: EBWO", new: "term: EBRD",
			want: []problem{{"berd", "glossary", "nl", "Europese Bank voor Wederopbouw en Ontwikkeling"}}},
		{name: "any agreed form will do", file: "glossary.yaml", old: "The European Bank for Reconstruction and Development funds", new: "The EBRD funds",
			want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := termsContent()
			if tt.file != "" {
				f := fsys[tt.file]
				if !strings.Contains(string(f.Data), tt.old) {
					t.Fatalf("test premise: %s contains %q", tt.file, tt.old)
				}
				f.Data = []byte(strings.Replace(string(f.Data), tt.old, tt.new, 1))
			}
			units, c, g, terms := loadTerms(t, fsys)
			var got []problem
			for _, p := range CheckTerms(units, c, g, terms) {
				got = append(got, problem{p.UnitID, p.Where, p.Lang, p.Want})
				file := "content/" + p.Lang + "/units/" + p.UnitID + ".md"
				if p.Where == "glossary" {
					file = "content/glossary.yaml"
				}
				if p.File != file {
					t.Errorf("problem %v names the file %q, want %q", p, p.File, file)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems %v, want %v", got, tt.want)
			}
		})
	}
}
