package translation

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

func TestRealContentIsCurrent(t *testing.T) {
	units, c, _ := loadReal(t)
	r := Check(units, c, "content")
	for _, lang := range []string{"nl", "en"} {
		cur, old, miss := r.Counts(lang)
		if old+miss > 0 || cur != len(units)+len(c.Pages["fr"]) {
			t.Errorf("%s: %d current, %d outdated, %d missing; want all %d current", lang, cur, old, miss, len(units)+len(c.Pages["fr"]))
		}
	}
	if len(r.Orphans) > 0 {
		t.Errorf("orphans: %+v", r.Orphans)
	}
	if !r.Complete() {
		t.Error("report is not complete")
	}
}

// Changing one French commitment makes exactly its translations outdated.
func TestChangedFrenchMakesExactlyItsTranslationsOutdated(t *testing.T) {
	_, c, _ := loadReal(t)
	data, err := os.ReadFile("../../seeds/34-relations-internationales.txt")
	if err != nil {
		t.Fatal(err)
	}
	const old = "Renforcer et poursuivre le dialogue et la coopération au sein du Benelux."
	if !bytes.Contains(data, []byte(old)) {
		t.Fatal("test premise: the seed has the Benelux commitment")
	}
	edited := bytes.Replace(data, []byte(old), []byte("Renforcer et poursuivre le dialogue et la coopération au sein du Benelux et avec nos voisins."), 1)
	ch, err := seed.Parse("seeds/34.txt", edited)
	if err != nil {
		t.Fatal(err)
	}
	units := (&programme.Programme{Chapters: []*programme.Chapter{ch}}).Units()
	r := Check(units, c, "content")
	for _, lang := range []string{"nl", "en"} {
		var outdated []string
		for _, e := range r.Entries[lang] {
			if e.Status == Outdated {
				outdated = append(outdated, e.ID)
			}
		}
		if len(outdated) != 1 || outdated[0] != "34-renforcer-poursuivre-dialogue-cooperation-sein" {
			t.Errorf("%s: outdated = %v; want exactly the Benelux commitment", lang, outdated)
		}
		if r.Lookup(lang, "34-renforcer-poursuivre-dialogue-cooperation-sein") != Outdated {
			t.Errorf("%s: Lookup does not say outdated", lang)
		}
	}
}

// A translation whose unit was removed from the seed is an orphan, reported
// with the closest existing unit.
func TestRemovedUnitIsOrphanWithClosestMatch(t *testing.T) {
	_, c, _ := loadReal(t)
	data, err := os.ReadFile("../../seeds/34-relations-internationales.txt")
	if err != nil {
		t.Fatal(err)
	}
	// Reword the start of the commitment: its ID changes, so its old
	// translations no longer match any unit.
	edited := bytes.Replace(data, []byte("Renforcer et valoriser une représentation unique"), []byte("Valoriser et renforcer une représentation unique"), 1)
	ch, err := seed.Parse("seeds/34.txt", edited)
	if err != nil {
		t.Fatal(err)
	}
	units := (&programme.Programme{Chapters: []*programme.Chapter{ch}}).Units()
	r := Check(units, c, "content")
	var got []string
	for _, o := range r.Orphans {
		got = append(got, o.Lang+":"+o.ID+"→"+o.Closest)
	}
	want := "34-renforcer-valoriser-representation-unique-etats→34-valoriser-renforcer-representation-unique-etats"
	if len(r.Orphans) != 3 {
		t.Fatalf("orphans = %v; want the fr, nl and en files of the reworded commitment", got)
	}
	for _, g := range got {
		if !strings.HasSuffix(g, want) {
			t.Errorf("orphan %s; want …%s", g, want)
		}
	}
	var buf bytes.Buffer
	Print(&buf, r, false)
	if !strings.Contains(buf.String(), "closest existing unit: 34-valoriser-renforcer-representation-unique-etats") {
		t.Errorf("report does not name the closest unit:\n%s", buf.String())
	}
}
