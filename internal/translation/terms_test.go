package translation

import (
	"os"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

func loadReal(t *testing.T) ([]*programme.Unit, *content.Content, []content.Term) {
	t.Helper()
	prog, err := seed.ParseDir("../../seeds")
	if err != nil {
		t.Fatal(err)
	}
	c, err := content.LoadTranslations(os.DirFS("../../content"), "content")
	if err != nil {
		t.Fatal(err)
	}
	terms, err := content.LoadTerms(os.DirFS("../../content"), "content")
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
