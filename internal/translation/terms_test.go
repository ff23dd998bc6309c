package translation

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

func loadReal(t *testing.T) ([]*programme.Unit, *content.Content, []Term) {
	t.Helper()
	prog := parseSeeds(t, "../../seeds")
	c, err := content.LoadTranslations(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("../../content", TermsFile))
	if err != nil {
		t.Fatal(err)
	}
	terms, err := ParseTerms("content/"+TermsFile, data)
	if err != nil {
		t.Fatal(err)
	}
	return prog.Units(), c, terms
}

// The real translations use the agreed form of every term their French
// contains.
func TestTermsInRealTranslations(t *testing.T) {
	units, c, terms := loadReal(t)
	if len(terms) < 40 {
		t.Fatalf("term base has %d rows; expected at least the 40 official ones", len(terms))
	}
	for _, p := range CheckTerms(units, c, terms) {
		t.Error(p)
	}
	// The check is not vacuous: most terms occur in the chapter.
	used := 0
	for _, term := range terms {
		for _, u := range units {
			if strings.Contains(normalizeTerm(programme.Outline(u.Text, u.Items)), normalizeTerm(term.Forms["fr"])) {
				used++
				break
			}
		}
	}
	if used < 30 {
		t.Errorf("only %d terms occur in the French text; matching is broken", used)
	}
}

// Planting a wrong term in one translation is caught, for that unit and
// language only.
func TestTermsCatchPlantedWrongTerm(t *testing.T) {
	units, c, terms := loadReal(t)
	const id = "34-reviser-fonctionnement-conseil-securite-afin"
	f := c.Units["nl"][id]
	if f == nil || !strings.Contains(f.Text, "Veiligheidsraad") {
		t.Fatalf("test premise: nl translation of %s mentions the Veiligheidsraad", id)
	}
	planted := *f
	planted.Text = strings.ReplaceAll(f.Text, "Veiligheidsraad", "Raad van Veiligheid")
	c.Units["nl"][id] = &planted
	got := CheckTerms(units, c, terms)
	if len(got) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(got), got)
	}
	if got[0].UnitID != id || got[0].Lang != "nl" || got[0].Want != "Veiligheidsraad" {
		t.Errorf("got %+v", got[0])
	}
}

func TestParseTermsErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"fr\tnl\ten\nUnion européenne\tEuropese Unie\n", "t.tsv:2: 2 columns; expected 3 (fr, nl, en), separated by tabs"},
		{"fr\tnl\ten\nOCDE\t\tOECD\n", "t.tsv:2: empty nl form"},
		{"# only comments\n", "t.tsv:1: empty term base"},
	} {
		_, err := ParseTerms("t.tsv", []byte(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("ParseTerms(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

// parseSeeds parses the seed files of dir (seed parses bytes only).
func parseSeeds(t testing.TB, dir string) *programme.Programme {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var files []seed.File
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, seed.File{Name: name, Data: data})
	}
	prog, err := seed.ParseAll(files)
	if err != nil {
		t.Fatalf("parse seeds: %v", err)
	}
	return prog
}
