package site_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
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
