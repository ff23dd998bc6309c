package translation

import (
	"fmt"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
)

// needsTitle reports whether a unit has a short title in every language:
// commitments and sections do, as their pages, links and breadcrumbs name
// them by it.
func needsTitle(u *programme.Unit) bool {
	return u.Kind == programme.KindCommitment || u.Kind == programme.KindSection
}

// CheckTitles warns (MISSING_TITLE) about each commitment or section
// without a short title: in the source language, when its unit file is
// missing or gives no title; in another language, when its unit file
// exists but gives no title (a missing file is a MISSING_TRANSLATION
// already, whose fix adds the title too). Meanwhile the site cuts a
// commitment's title from its text, and names a section by its heading.
func CheckTitles(units []*programme.Unit, c *content.Content, contentDir string) []diag.Warning {
	src := c.Site.Source()
	var out []diag.Warning
	for _, lang := range c.Languages() {
		files := c.Units[lang]
		for _, u := range units {
			if !needsTitle(u) {
				continue
			}
			meanwhile := "its title is cut from its text"
			if u.Kind == programme.KindSection {
				meanwhile = "its links show its whole heading"
			}
			f := files[u.ID]
			switch {
			case f == nil && lang == src:
				out = append(out, diag.Warning{Code: diag.MissingTitle, File: UnitFile(contentDir, lang, u.ID),
					Msg: fmt.Sprintf("%s %s has no short title in %s; %s until you create this file with a line \"title: ...\" in its front matter", u.Kind, u.ID, lang, meanwhile)})
			case f != nil && f.Title == "":
				out = append(out, diag.Warning{Code: diag.MissingTitle, File: f.File, Line: 1,
					Msg: fmt.Sprintf("%s %s has no short title in %s; %s until you add \"title: ...\" to the front matter", u.Kind, u.ID, lang, meanwhile)})
			}
		}
	}
	return out
}
