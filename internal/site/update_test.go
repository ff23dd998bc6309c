package site_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/synth"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
)

// unitEdit changes the unit file of a language: f gets a copy of the file
// (nil when there is none) and returns the new one (nil removes it).
type unitEdit struct {
	name string
	lang string
	f    func(u *content.UnitFile, id string) *content.UnitFile
	// full is set when Update builds the whole site for this edit.
	full bool
}

var unitEdits = []unitEdit{
	{name: "Dutch title", lang: "nl", f: func(u *content.UnitFile, id string) *content.UnitFile {
		u.Title = "Nieuwe titel " + id
		return u
	}},
	// The text gains a glossary form: the page marks it, the glossary
	// page lists the commitment.
	{name: "Dutch text", lang: "nl", f: func(u *content.UnitFile, id string) *content.UnitFile {
		u.Text = "De NMBS en " + u.Text
		return u
	}},
	{name: "French title", lang: "fr", f: func(u *content.UnitFile, id string) *content.UnitFile {
		u.Title = "Nouveau titre " + id
		return u
	}},
	{name: "Dutch translation dropped", lang: "nl", f: func(u *content.UnitFile, id string) *content.UnitFile {
		u.Text, u.Items, u.Source = "", nil, ""
		return u
	}},
	// A file that gave a slug takes it away: a whole build.
	{name: "Dutch file removed", lang: "nl", full: true, f: func(*content.UnitFile, string) *content.UnitFile { return nil }},
	{name: "English translation, current", lang: "en", f: func(u *content.UnitFile, id string) *content.UnitFile {
		u.Text, u.Title = "A new translation of "+id+" by the SNCB.", ""
		u.Source = "" // set to the French fingerprint by the test
		return u
	}},
	{name: "English slug", lang: "en", full: true, f: func(u *content.UnitFile, id string) *content.UnitFile {
		u.Slug = "new-" + id
		return u
	}},
}

// TestUpdateEqualsBuild edits, one after the other, the unit files of
// every unit of a programme of three chapters in several ways, updates the
// site after each edit and checks it page by page against a site built
// from scratch: a page that shows the unit must be made again, and only
// the pages that show it are.
func TestUpdateEqualsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic site")
	}
	root := threeChapters(t)
	in := readInputs(t, root)
	units := in.prog.Units()
	ix, err := topic.Build(in.prog, in.content.Topics, in.content.Assignments)
	if err != nil {
		t.Fatal(err)
	}
	gl := in.glossaryOf(t)
	input := func(c *content.Content) site.Input {
		return site.Input{Programme: in.prog, Content: c, Status: translation.Check(units, c, "content"), Topics: ix, ContentDir: "content", Glossary: gl}
	}
	c := in.content
	prev, err := site.Build(input(c))
	if err != nil {
		t.Fatal(err)
	}
	fingerprints := map[string]string{}
	for _, u := range units {
		fingerprints[u.ID] = u.Fingerprint()
	}
	for i, u := range units {
		// Each unit gets one of the edits, in turn, and every edit has
		// every kind of unit.
		e := unitEdits[i%len(unitEdits)]
		name := fmt.Sprintf("%s of %s", e.name, u.ID)
		c = withUnit(c, e.lang, u.ID, func(f *content.UnitFile) *content.UnitFile {
			if f == nil {
				f = &content.UnitFile{File: translation.UnitFile("content", e.lang, u.ID), Lang: e.lang, ID: u.ID}
			}
			f = e.f(f, u.ID)
			if f != nil && f.Text != "" && f.Source == "" && e.lang != "fr" {
				f.Source = fingerprints[u.ID]
			}
			return f
		})
		in := input(c)
		got, err := site.Update(prev, in, []site.Change{{Lang: e.lang, ID: u.ID}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := site.Build(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sameSite(t, name, got, want)
		made := 0
		for k, p := range got.Pages {
			if p != prev.Pages[k] {
				made++
			}
		}
		if !e.full && made > len(got.Pages)/2 {
			t.Errorf("%s: %d of %d pages made again, want the few that show it", name, made, len(got.Pages))
		}
		prev = got
	}
}

// threeChapters writes a programme of three chapters made from the
// fixture, and returns its folder.
func threeChapters(t *testing.T) string {
	t.Helper()
	// The fixture, with the folder of themes that WriteTree copies.
	model := filepath.Join(t.TempDir(), "fixture")
	if err := os.CopyFS(model, os.DirFS("../pipeline/testdata/site")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(model, "themes"), 0o755); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "k3")
	if _, err := synth.WriteTree(root, model, 3, 1); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestUpdateAfterSeedEdits edits the seed of one chapter after another,
// as the pipeline parses it again (the other chapters are the same
// *programme.Chapter), and checks each updated site page by page against
// a site built from scratch. An edit of a commitment's wording updates
// the pages that show it; one that changes the programme's shape builds
// the whole site.
func TestUpdateAfterSeedEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic site")
	}
	root := threeChapters(t)
	in := readInputs(t, root)
	gl := in.glossaryOf(t)
	names, err := filepath.Glob(filepath.Join(root, "seeds", "*.txt"))
	if err != nil || len(names) != 3 {
		t.Fatalf("seeds %v: %v", names, err)
	}
	c := in.content
	input := func(prog *programme.Programme) site.Input {
		ix, err := topic.Build(prog, c.Topics, c.Assignments)
		if err != nil {
			t.Fatal(err)
		}
		return site.Input{Programme: prog, Content: c, Status: translation.Check(prog.Units(), c, "content"), Topics: ix, ContentDir: "content", Glossary: gl}
	}
	prog := in.prog
	prev, err := site.Build(input(prog))
	if err != nil {
		t.Fatal(err)
	}
	// The synthetic chapters shuffle the words of the fixture's lines but
	// keep their first word, their glyph and their line number. A word
	// added at the end of a line leaves the unit's ID as it was.
	tests := []struct {
		name     string
		chapter  int
		old, new string // a regular expression and its replacement
		full     bool   // the shape changes: a whole build
	}{
		{"a commitment's words", 1, `(➢ Publier[^\n]*?)( 13 \n)`, "$1 vite$2", false},
		{"a sub-item", 0, `(o Renouvelant[^\n]*?)( : 15 \n)`, "$1 prioritaires$2", false},
		{"a section's introduction", 2, `(\nLe [^\n]*?)( 11 \n)`, "$1 vraiment$2", false},
		{"the chapter's introduction", 1, `(reste [^\n]*?)( 6 \n)`, "$1 jamais$2", false},
		{"a commitment becomes prose", 0, `➢ (Garantir )`, "$1", true},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(names[tt.chapter])
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(tt.old)
		if !re.Match(data) {
			t.Fatalf("%s: the seed has no %s", tt.name, tt.old)
		}
		data = re.ReplaceAll(data, []byte(tt.new))
		if err := os.WriteFile(names[tt.chapter], data, 0o644); err != nil {
			t.Fatal(err)
		}
		ch, err := seed.Parse(filepath.Join("seeds", filepath.Base(names[tt.chapter])), data)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		next := &programme.Programme{Chapters: slices.Clone(prog.Chapters)}
		next.Chapters[tt.chapter] = ch
		c = withoutUnits(c, prog, next)
		in := input(next)
		got, gotErr := site.Update(prev, in, nil)
		want, wantErr := site.Build(in)
		if (gotErr != nil) != (wantErr != nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Fatalf("%s: Update's error %v, Build's %v", tt.name, gotErr, wantErr)
		}
		if gotErr != nil {
			continue
		}
		sameSite(t, tt.name, got, want)
		kept := 0
		for k, p := range got.Pages {
			if p == prev.Pages[k] {
				kept++
			}
		}
		if tt.full != (kept == 0) || !tt.full && kept < len(got.Pages)/2 {
			t.Errorf("%s: %d of %d pages kept", tt.name, kept, len(got.Pages))
		}
		prog, prev = next, got
	}
}

// withoutUnits returns c without the unit files and topic assignments of
// the units of prev that next lacks.
func withoutUnits(c *content.Content, prev, next *programme.Programme) *content.Content {
	ids := map[string]bool{}
	for _, u := range next.Units() {
		ids[u.ID] = true
	}
	out := *c
	for _, u := range prev.Units() {
		if ids[u.ID] {
			continue
		}
		for lang := range c.Units {
			out = *withUnit(&out, lang, u.ID, func(*content.UnitFile) *content.UnitFile { return nil })
		}
		out.Assignments = slices.DeleteFunc(slices.Clone(out.Assignments), func(a *content.Assignment) bool { return a.ID == u.ID })
	}
	return &out
}

// TestUpdateFallsBack checks that Update builds the whole site when it
// cannot update: without the state of a build, and for a unit that does
// not exist.
func TestUpdateFallsBack(t *testing.T) {
	in := readInputs(t, "../pipeline/testdata/site")
	units := in.prog.Units()
	ix, err := topic.Build(in.prog, in.content.Topics, in.content.Assignments)
	if err != nil {
		t.Fatal(err)
	}
	input := site.Input{Programme: in.prog, Content: in.content, Status: translation.Check(units, in.content, "content"), Topics: ix, ContentDir: "content", Glossary: in.glossaryOf(t)}
	first, err := site.Build(input)
	if err != nil {
		t.Fatal(err)
	}
	second, err := site.Update(first, input, nil)
	if err != nil {
		t.Fatal(err)
	}
	// first's state is second's now: a second update from first is a
	// whole build, whose pages are all new.
	third, err := site.Update(first, input, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range third.Pages {
		if p == first.Pages[i] || p == second.Pages[i] {
			t.Fatalf("%s: shared with an earlier site after a whole build", p.File)
		}
	}
	sameSite(t, "update of a used site", third, second)
	// A file for a unit that does not exist is Build's error.
	c := withUnit(in.content, "nl", "12-nowhere", func(*content.UnitFile) *content.UnitFile {
		return &content.UnitFile{File: "content/nl/units/12-nowhere.md", Lang: "nl", ID: "12-nowhere", Title: "Nergens"}
	})
	input.Content, input.Status = c, translation.Check(units, c, "content")
	if _, err := site.Update(third, input, []site.Change{{Lang: "nl", ID: "12-nowhere"}}); err == nil {
		t.Error("an unknown unit's file: no error")
	}
}

// withUnit returns a copy of c whose unit file id in lang is what f makes
// of (a copy of) the current one.
func withUnit(c *content.Content, lang, id string, f func(*content.UnitFile) *content.UnitFile) *content.Content {
	out := *c
	out.Units = maps.Clone(c.Units)
	out.Units[lang] = maps.Clone(c.Units[lang])
	var cur *content.UnitFile
	if u := c.Units[lang][id]; u != nil {
		cp := *u
		cur = &cp
	}
	if u := f(cur); u != nil {
		out.Units[lang][id] = u
	} else {
		delete(out.Units[lang], id)
	}
	return &out
}

// sameSite compares two sites page by page.
func sameSite(t *testing.T, name string, got, want *site.Site) {
	t.Helper()
	if len(got.Pages) != len(want.Pages) {
		t.Fatalf("%s: %d pages, a whole build makes %d", name, len(got.Pages), len(want.Pages))
	}
	for i, p := range got.Pages {
		if !reflect.DeepEqual(p, want.Pages[i]) {
			t.Fatalf("%s: page %s differs from a whole build's:\n got %+v\nwant %+v", name, p.File, p, want.Pages[i])
		}
	}
	if !reflect.DeepEqual(got.Warnings, want.Warnings) || !reflect.DeepEqual(got.Redirects, want.Redirects) ||
		got.BaseURL != want.BaseURL || got.NoIndex != want.NoIndex || !reflect.DeepEqual(got.Languages, want.Languages) {
		t.Errorf("%s: the site's warnings, redirects or settings differ from a whole build's", name)
	}
}
