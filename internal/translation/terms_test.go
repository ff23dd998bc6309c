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
	return fstest.MapFS{
		"site.yaml": {Data: []byte(`base_url: https://example.org
languages:
  - {code: fr, name: Français, locale: fr_BE, paths: {commitments: engagements, sections: sections, topics: themes, glossary: glossaire}}
  - {code: nl, name: Nederlands, locale: nl_BE, paths: {commitments: engagementen, sections: onderdelen, topics: themas, glossary: woordenlijst}}
  - {code: en, name: English, locale: en_GB, paths: {commitments: commitments, sections: sections, topics: themes, glossary: glossary}}
`)},
		"nl/units/" + unitUN + ".md": unit("De Veiligheidsraad van de Verenigde Naties hervormen."),
		"nl/units/" + unitEU + ".md": unit("De Europese Unie steunen door:\n\n- De samenwerking met de NAVO te versterken."),
		"en/units/" + unitUN + ".md": unit("Reform the United Nations Security Council."),
		"en/units/" + unitEU + ".md": unit("Support the European Union by:\n\n- Strengthening cooperation with NATO."),
	}
}

func loadTerms(t *testing.T, fsys fstest.MapFS) ([]*programme.Unit, *content.Content, []content.Term) {
	t.Helper()
	prog, err := seed.ParseAll(context.Background(), []seed.File{{Name: "seeds/5-test.txt", Data: []byte(termsSeed)}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := content.LoadTranslations(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	terms, err := content.ParseTerms("content/"+content.TermsFile, []byte(termsBase))
	if err != nil {
		t.Fatal(err)
	}
	return prog.Units(), c, terms
}

// CheckTerms reports a translation that lacks the agreed form of a term its
// French contains, for that unit and language only.
func TestCheckTerms(t *testing.T) {
	type problem struct{ unit, lang, want string }
	tests := []struct {
		name string
		file string // translation to change, under content/
		old  string
		new  string
		want []problem
	}{
		{name: "agreed forms everywhere"},
		{name: "wrong form in one language", file: "nl/units/" + unitUN + ".md", old: "Veiligheidsraad", new: "Raad van Veiligheid",
			want: []problem{{unitUN, "nl", "Veiligheidsraad"}}},
		{name: "term of a sub-item", file: "en/units/" + unitEU + ".md", old: "with NATO", new: "with the Atlantic Alliance",
			want: []problem{{unitEU, "en", "NATO"}}},
		{name: "two terms missing", file: "en/units/" + unitUN + ".md", old: "United Nations Security Council", new: "UN's council",
			want: []problem{{unitUN, "en", "Security Council"}, {unitUN, "en", "United Nations"}}},
		// The French says "Nations-Unies", the term base "Nations Unies".
		{name: "case, hyphens and no-break spaces do not count", file: "nl/units/" + unitUN + ".md", old: "Verenigde Naties", new: "VERENIGDE\u00a0naties",
			want: nil},
		{name: "a translation without text is not checked", file: "en/units/" + unitEU + ".md", old: "Support the European Union by:\n\n- Strengthening cooperation with NATO.", new: "",
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
			units, c, terms := loadTerms(t, fsys)
			var got []problem
			for _, p := range CheckTerms(units, c, terms) {
				got = append(got, problem{p.UnitID, p.Lang, p.Want})
				if p.File != "content/"+p.Lang+"/units/"+p.UnitID+".md" {
					t.Errorf("problem %v names the file %q", p, p.File)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems %v, want %v", got, tt.want)
			}
		})
	}
}
