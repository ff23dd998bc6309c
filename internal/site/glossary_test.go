package site_test

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/site"
)

var (
	realOnce sync.Once
	realRes  *pipeline.Result
	realErr  error
)

// realSite builds the repository's site once.
func realSite(t *testing.T) *pipeline.Result {
	t.Helper()
	realOnce.Do(func() { realRes, realErr = pipeline.Build(context.Background(), pipeline.Options{Root: "../.."}) })
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realRes
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
	res := realSite(t)
	pathOf := map[string]string{} // lang + commitment ID → path
	idOf := map[string]string{}   // path → commitment ID
	for _, p := range res.Site.Pages {
		if c, ok := p.Body.(*site.Commitment); ok {
			pathOf[p.Lang+" "+c.ID] = p.Path
			idOf[p.Path] = c.ID
		}
	}
	marked := commitmentTerms(res.Site)
	want := map[string][]string{
		"oif":              {"34-renforcer-participation-federation-wallonie-bruxelles", "34-accroitre-assurer-participation-active-belgique"},
		"ceta":             {"34-approfondir-liens-autres-democraties-monde"},
		"benelux":          {"34-renforcer-poursuivre-dialogue-cooperation-sein", "34-porter-valeurs-etroite-cooperation-benelux"},
		"team-europe":      {"34-renforcer-liens-domaine-partenaires-europeens"},
		"echr-court":       {"34-garantir-respect-convention-europeenne-droits", "34-faire-defense-droits-humains-priorite"},
		"agenda-2063":      {"34-etablir-veritable-partenariat-politique-economique"},
		"erasmus":          {"34-favoriser-cooperation-scientifique-technologique-pays"},
		"3d-approach":      {"34-considerer-cooperation-comme-instrument-politique"},
		"security-council": {"34-reviser-fonctionnement-conseil-securite-afin"},
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
		if len(g.Entries) < 20 {
			t.Errorf("%s: %d entries", p.Path, len(g.Entries))
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
	res := realSite(t)
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
	if total < 100 {
		t.Errorf("only %d marks on the whole site", total)
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
	case *site.Home:
		for _, ch := range v.Chapters {
			for i := range ch.Intro {
				out = append(out, &ch.Intro[i].Prose)
			}
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

// TestGlossaryNoUnusedForms checks that every form of the real glossary
// occurs in its language's texts.
func TestGlossaryNoUnusedForms(t *testing.T) {
	for _, w := range realSite(t).Warnings {
		if w.Code == glossary.UnusedFormCode {
			t.Error(w)
		}
	}
}
