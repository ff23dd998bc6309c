package site_test

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/site"
)

// fixtureSite is the pipeline tests' fixture site (its own seed, content
// and interface strings) with the real theme, which is code: an editor's
// change to content/ or i18n/ cannot break these tests.
var fixtureSite = sync.OnceValues(func() (*pipeline.Result, error) {
	theme, err := filepath.Abs("../../themes/default")
	if err != nil {
		return nil, err
	}
	return pipeline.Build(context.Background(), pipeline.Options{Root: "../pipeline/testdata/site", Theme: theme})
})

// testSite builds the fixture site once.
func testSite(t *testing.T) *pipeline.Result {
	t.Helper()
	res, err := fixtureSite()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// commitmentTerms returns, per language and glossary entry, the IDs of the
// commitments whose page lists the entry's definition.
func commitmentTerms(s *site.Site) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, p := range s.Pages {
		c, ok := p.Body.(*site.Commitment)
		if !ok {
			continue
		}
		if out[p.Lang] == nil {
			out[p.Lang] = map[string][]string{}
		}
		for _, tm := range c.Text.Prose.Terms {
			out[p.Lang][tm.ID] = append(out[p.Lang][tm.ID], c.ID)
		}
	}
	return out
}

// TestGlossaryPagesListCommitments checks that each glossary page lists,
// for each entry, exactly the commitments whose text marks it, and a few
// entries, in reading order, against hand-made expectations.
func TestGlossaryPagesListCommitments(t *testing.T) {
	res := testSite(t)
	pathOf := map[string]string{} // lang + commitment ID → path
	idOf := map[string]string{}   // path → commitment ID
	for _, p := range res.Site.Pages {
		if c, ok := p.Body.(*site.Commitment); ok {
			pathOf[p.Lang+" "+c.ID] = p.Path
			idOf[p.Path] = c.ID
		}
	}
	marked := commitmentTerms(res.Site)
	want := map[string][]string{ // from the fixture's seed, in reading order
		"sncb":    {"12-publier-chaque-mois-ponctualite-chaque", "12-moderniser-reseau-ferroviaire"},
		"tec":     {"12-garantir-correspondance-entre-dernier-train"},
		"de-lijn": {"12-garantir-correspondance-entre-dernier-train"},
	}
	pages := 0
	for _, p := range res.Site.Pages {
		g, ok := p.Body.(*site.Glossary)
		if !ok {
			continue
		}
		pages++
		if p.Kind != site.KindGlossary || !strings.HasPrefix(p.Path, "/"+p.Lang+"/") {
			t.Errorf("glossary page %s: kind %s", p.Path, p.Kind)
		}
		if len(g.Entries) != len(want) {
			t.Errorf("%s: %d entries, want the fixture's %d", p.Path, len(g.Entries), len(want))
		}
		for _, e := range g.Entries {
			var got []string
			for _, l := range e.Commitments {
				id, ok := idOf[l.Path]
				if !ok {
					t.Errorf("%s#%s links to %s, not a commitment", p.Path, e.ID, l.Path)
				}
				got = append(got, id)
			}
			if !reflect.DeepEqual(sorted(got), sorted(marked[p.Lang][e.ID])) {
				t.Errorf("%s#%s lists %q; the commitments that mark it are %q", p.Path, e.ID, got, marked[p.Lang][e.ID])
			}
			if w, ok := want[e.ID]; ok && !reflect.DeepEqual(got, w) {
				t.Errorf("%s#%s lists %q, want %q", p.Path, e.ID, got, w)
			}
			if e.Definition == "" || e.Term == "" {
				t.Errorf("%s#%s: no term or definition", p.Path, e.ID)
			}
		}
	}
	if pages != len(res.Site.Languages) {
		t.Errorf("%d glossary pages, want one per language", pages)
	}
}

// TestGlossaryMarks checks the marks of every text block: inside the text,
// in order, each entry once per block, each with its definition listed in
// the page's language.
func TestGlossaryMarks(t *testing.T) {
	res := testSite(t)
	total := 0
	for _, p := range res.Site.Pages {
		for _, pr := range blocks(p) {
			refs := map[string]site.Term{}
			for _, tm := range pr.Terms {
				if _, dup := refs[tm.Ref]; dup {
					t.Errorf("%s: term %s listed twice in a block", p.Path, tm.ID)
				}
				refs[tm.Ref] = tm
				if !strings.HasPrefix(tm.Path, "/"+p.Lang+"/") || !strings.HasSuffix(tm.Path, "/#"+tm.ID) {
					t.Errorf("%s: term %s links to %s", p.Path, tm.ID, tm.Path)
				}
			}
			check := func(text string, marks []site.Mark) {
				end := 0
				for _, m := range marks {
					if m.Start < end || m.End <= m.Start || m.End > len(text) {
						t.Errorf("%s: mark %+v out of order or range in %q", p.Path, m, text)
						continue
					}
					end = m.End
					if _, ok := refs[m.Ref]; !ok {
						t.Errorf("%s: mark %q has no definition in its block", p.Path, m.Ref)
					}
					delete(refs, m.Ref)
					total++
				}
			}
			check(pr.Text, pr.Marks)
			var walk func([]*site.ProseItem)
			walk = func(items []*site.ProseItem) {
				for _, it := range items {
					check(it.Text, it.Marks)
					walk(it.Items)
				}
			}
			walk(pr.Items)
			for ref := range refs {
				t.Errorf("%s: definition %s is marked nowhere in its block", p.Path, ref)
			}
		}
	}
	// SNCB twice, TEC and De Lijn once, in each of the three languages.
	if total != 12 {
		t.Errorf("%d marks on the fixture site, want 12", total)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// blocks returns the text blocks of a page that carry glossary marks.
func blocks(p *site.Page) []*site.Prose {
	var out []*site.Prose
	switch v := p.Body.(type) {
	case *site.ChapterView:
		for i := range v.Intro {
			out = append(out, &v.Intro[i].Prose)
		}
	case *site.Section:
		for i := range v.Intro {
			out = append(out, &v.Intro[i].Prose)
		}
		for i := range v.Closing {
			out = append(out, &v.Closing[i].Prose)
		}
	case *site.Commitment:
		out = append(out, &v.Text.Prose)
	}
	return out
}
