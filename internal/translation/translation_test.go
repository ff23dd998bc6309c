package translation

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

// The real translations are checked by explainer status --strict (make
// status); these tests use the inline chapter of terms_test.go.

// parseTermsSeed parses the test chapter, with one edit applied.
func parseTermsSeed(t *testing.T, old, new string) []*programme.Unit {
	t.Helper()
	if !strings.Contains(termsSeed, old) {
		t.Fatalf("test premise: the seed has %q", old)
	}
	ch, err := seed.Parse("seeds/5-test.txt", []byte(strings.Replace(termsSeed, old, new, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return (&programme.Programme{Chapters: []*programme.Chapter{ch}}).Units()
}

// currentContent is a content folder where every unit has a French title
// file and current Dutch and English translations.
func currentContent(t *testing.T, units []*programme.Unit) *content.Content {
	t.Helper()
	fsys := termsContent()
	for _, u := range units {
		fsys["fr/units/"+u.ID+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: Titre\n---\n")}
		for _, lang := range []string{"nl", "en"} {
			fsys[lang+"/units/"+u.ID+".md"] = &fstest.MapFile{Data: []byte("---\nsource: \"" + u.Fingerprint() + "\"\n---\nTranslation of " + u.ID + ".\n")}
		}
	}
	c, err := content.LoadTranslations(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAllCurrent(t *testing.T) {
	units := parseTermsSeed(t, "", "")
	r := Check(units, currentContent(t, units), "content")
	for _, lang := range []string{"nl", "en"} {
		cur, old, miss := r.Counts(lang)
		if old+miss > 0 || cur != len(units) {
			t.Errorf("%s: %d current, %d outdated, %d missing; want all %d current", lang, cur, old, miss, len(units))
		}
	}
	if len(r.Orphans) > 0 || !r.Complete() {
		t.Errorf("orphans %+v, complete %v; want none and complete", r.Orphans, r.Complete())
	}
}

// Changing one French commitment makes exactly its translations outdated.
func TestChangedFrenchMakesExactlyItsTranslationsOutdated(t *testing.T) {
	c := currentContent(t, parseTermsSeed(t, "", ""))
	units := parseTermsSeed(t, "des Nations-Unies.", "des Nations-Unies et l’élargir.")
	r := Check(units, c, "content")
	for _, lang := range []string{"nl", "en"} {
		var outdated []string
		for _, e := range r.Entries[lang] {
			if e.Status == Outdated {
				outdated = append(outdated, e.ID)
			}
		}
		if len(outdated) != 1 || outdated[0] != unitUN {
			t.Errorf("%s: outdated = %v; want exactly %s", lang, outdated, unitUN)
		}
		if r.Lookup(lang, unitUN) != Outdated {
			t.Errorf("%s: Lookup does not say outdated", lang)
		}
	}
	if r.Complete() {
		t.Error("the report is complete with outdated translations")
	}
}

// A translation whose unit was removed from the seed is an orphan, reported
// with the closest existing unit.
func TestRemovedUnitIsOrphanWithClosestMatch(t *testing.T) {
	c := currentContent(t, parseTermsSeed(t, "", ""))
	// Reword the start of the commitment: its ID changes, so its old
	// translations no longer match any unit.
	units := parseTermsSeed(t, "Réformer le Conseil de sécurité", "Réformer en profondeur le Conseil de sécurité")
	r := Check(units, c, "content")
	var got []string
	for _, o := range r.Orphans {
		got = append(got, o.Lang+":"+o.ID+"→"+o.Closest)
	}
	const reworded = "5-reformer-profondeur-conseil-securite-nations"
	want := unitUN + "→" + reworded
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
	if !strings.Contains(buf.String(), "closest existing unit: "+reworded) {
		t.Errorf("report does not name the closest unit:\n%s", buf.String())
	}
}

// Update works out again the entries of the unit files it is told about,
// as Check would, and leaves the report it starts from as it was.
func TestUpdateEqualsCheck(t *testing.T) {
	units := parseTermsSeed(t, "", "")
	c := currentContent(t, units)
	r := Check(units, c, "content")
	first, before := r, Check(units, c, "content")
	fp := ""
	for _, u := range units {
		if u.ID == unitUN {
			fp = u.Fingerprint()
		}
	}
	file := func(lang, id, source string) *content.UnitFile {
		return &content.UnitFile{File: UnitFile("content", lang, id), Lang: lang, ID: id, Source: source, Text: "Edited."}
	}
	tests := []struct {
		name string
		lang string
		id   string
		f    *content.UnitFile // nil removes the file
		nil  bool              // Update leaves it to Check
	}{
		{"outdated", "nl", unitUN, file("nl", unitUN, "0123456789ab"), false},
		{"removed", "en", unitUN, nil, false},
		{"current again", "nl", unitUN, file("nl", unitUN, fp), false},
		{"French title", "fr", unitUN, &content.UnitFile{File: UnitFile("content", "fr", unitUN), Lang: "fr", ID: unitUN, Title: "Titre"}, false},
		{"an orphan", "nl", "5-nowhere", file("nl", "5-nowhere", ""), true},
		{"an unknown language", "de", unitUN, file("de", unitUN, ""), true},
	}
	for _, tt := range tests {
		next := *c
		next.Units = map[string]map[string]*content.UnitFile{}
		for lang, files := range c.Units {
			next.Units[lang] = map[string]*content.UnitFile{}
			for id, f := range files {
				next.Units[lang][id] = f
			}
		}
		if next.Units[tt.lang] == nil {
			next.Units[tt.lang] = map[string]*content.UnitFile{}
		}
		if tt.f == nil {
			delete(next.Units[tt.lang], tt.id)
		} else {
			next.Units[tt.lang][tt.id] = tt.f
		}
		got := r.Update(units, &next, "content", map[string][]string{tt.lang: {tt.id}})
		if (got == nil) != tt.nil {
			t.Fatalf("%s: Update returned %v; want nil %v", tt.name, got, tt.nil)
		}
		if got == nil {
			continue
		}
		want := Check(units, &next, "content")
		if !reflect.DeepEqual(got.Entries, want.Entries) || !reflect.DeepEqual(got.Orphans, want.Orphans) {
			t.Errorf("%s: Update's entries differ from Check's", tt.name)
		}
		for _, lang := range []string{"fr", "nl", "en"} {
			for _, u := range units {
				if got.Lookup(lang, u.ID) != want.Lookup(lang, u.ID) {
					t.Errorf("%s: %s %s: Lookup says %v, Check %v", tt.name, lang, u.ID, got.Lookup(lang, u.ID), want.Lookup(lang, u.ID))
				}
			}
		}
		c, r = &next, got
	}
	if !reflect.DeepEqual(first.Entries, before.Entries) || first.Lookup("nl", unitUN) != Current || first.Lookup("en", unitUN) != Current {
		t.Error("Update changed the report it started from")
	}
	// The French of a unit changes: its translations are outdated.
	edited := parseTermsSeed(t, "des Nations-Unies.", "des Nations-Unies et l’élargir.")
	got := r.Update(edited, c, "content", map[string][]string{"fr": {unitUN}})
	want := Check(edited, c, "content")
	if got == nil || !reflect.DeepEqual(got.Entries, want.Entries) || got.Lookup("nl", unitUN) != want.Lookup("nl", unitUN) {
		t.Errorf("after an edit of the French: Update's entries differ from Check's")
	}
	// A programme of another shape is Check's.
	if r.Update(edited[1:], c, "content", nil) != nil {
		t.Error("Update of a programme of another shape: not nil")
	}
}
