package translation

import (
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
)

// TestCheckTitles: a commitment or section without a short title warns
// MISSING_TITLE in the source language whether or not its file exists, in
// another language only when its file exists (a missing file is a
// MISSING_TRANSLATION); other units need no title.
func TestCheckTitles(t *testing.T) {
	units := []*programme.Unit{
		{ID: "c1", Kind: programme.KindCommitment},
		{ID: "c2", Kind: programme.KindCommitment},
		{ID: "s1", Kind: programme.KindSection},
		{ID: "i1", Kind: programme.KindIntro},
	}
	file := func(lang, id, title string) *content.UnitFile {
		return &content.UnitFile{File: UnitFile("content", lang, id), Lang: lang, ID: id, Title: title}
	}
	c := &content.Content{
		Site: content.Site{Languages: []content.Language{{Code: "fr"}, {Code: "nl"}}},
		Units: map[string]map[string]*content.UnitFile{
			"fr": {"c1": file("fr", "c1", "Titre"), "s1": file("fr", "s1", "")},
			"nl": {"c1": file("nl", "c1", ""), "i1": file("nl", "i1", "")},
		},
	}
	var got []string
	for _, w := range CheckTitles(units, c, "content") {
		got = append(got, w.String())
	}
	want := []string{
		`content/fr/units/c2.md: MISSING_TITLE: commitment c2 has no short title in fr; its title is cut from its text until you create this file with a line "title: ..." in its front matter`,
		`content/fr/units/s1.md:1: MISSING_TITLE: section s1 has no short title in fr; its links show its whole heading until you add "title: ..." to the front matter`,
		`content/nl/units/c1.md:1: MISSING_TITLE: commitment c1 has no short title in nl; its title is cut from its text until you add "title: ..." to the front matter`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CheckTitles:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
