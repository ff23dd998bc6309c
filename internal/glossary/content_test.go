package glossary_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

// notGlossary lists, per language, the words in capitals of the fixture's
// texts that are not glossary entries, and why (none so far).
var notGlossary = map[string]map[string]string{
	"fr": {},
	"nl": {},
	"en": {},
}

// TestAcronyms checks, on the pipeline tests' fixture site (its own seed,
// translations and glossary), that every word in capitals in the seed and
// in its translations is a form of a glossary entry in that language, or
// on the notGlossary list. It reads no real content: a translator's edit
// cannot break go test.
func TestAcronyms(t *testing.T) {
	root := filepath.Join("..", "pipeline", "testdata", "site")
	c, g := loadSite(t, root)
	if g == nil || len(g.Entries) < 3 {
		t.Fatalf("the glossary has fewer than 3 entries")
	}
	prog := parseSeeds(t, root)
	for _, lang := range c.Languages() {
		forms := map[string]bool{}
		for _, e := range g.Entries {
			for _, f := range e.Langs[lang].Forms {
				forms[f] = true
			}
		}
		found := map[string]bool{}
		for _, text := range texts(prog, c, lang) {
			for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				if capitals(w) {
					found[w] = true
				}
			}
		}
		var missing []string
		for w := range found {
			if !forms[w] && notGlossary[lang][w] == "" {
				missing = append(missing, w)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("%s: words in capitals neither in the glossary nor on the notGlossary list: %s", lang, strings.Join(missing, ", "))
		}
		for w := range notGlossary[lang] {
			if !found[w] {
				t.Errorf("%s: %q is on the notGlossary list but in no text; remove it", lang, w)
			}
		}
		for _, want := range map[string][]string{"fr": {"SNCB", "TEC"}, "nl": {"NMBS", "TEC"}, "en": {"SNCB", "TEC"}}[lang] {
			if !found[want] || !forms[want] {
				t.Errorf("%s: %q should be both in the texts and in the glossary", lang, want)
			}
		}
	}
}

func capitals(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

func parseSeeds(t testing.TB, root string) *programme.Programme {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(root, "seeds", "*.txt"))
	var files []seed.File
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, seed.File{Name: name, Data: data})
	}
	prog, err := seed.ParseAll(context.Background(), files)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// loadSite loads the content and glossary of the site at root.
func loadSite(t testing.TB, root string) (*content.Content, *glossary.Glossary) {
	t.Helper()
	c, err := content.LoadTranslations(os.DirFS(filepath.Join(root, "content")), "content")
	if err != nil {
		t.Fatal(err)
	}
	cg, err := content.LoadGlossary(os.DirFS(filepath.Join(root, "content")), "content", c.Languages())
	if err != nil {
		t.Fatal(err)
	}
	g, err := glossary.New(cg, c.Languages())
	if err != nil {
		t.Fatal(err)
	}
	return c, g
}

// BenchmarkFindAll searches every text of the real site, in every
// language, for the glossary's forms.
func BenchmarkFindAll(b *testing.B) {
	root := filepath.Join("..", "..")
	c, g := loadSite(b, root)
	prog := parseSeeds(b, root)
	matchers := map[string]*glossary.Matcher{}
	all := map[string][]string{}
	for _, lang := range c.Languages() {
		matchers[lang], all[lang] = g.Matcher(lang), texts(prog, c, lang)
	}
	b.ReportAllocs()
	for b.Loop() {
		for lang, m := range matchers {
			for _, t := range all[lang] {
				m.FindAll(t)
			}
		}
	}
}

// texts returns a language's texts: the seed for the source language, the
// translations for the others, with titles.
func texts(prog *programme.Programme, c *content.Content, lang string) []string {
	var out []string
	var add func(items []*programme.Item)
	add = func(items []*programme.Item) {
		for _, it := range items {
			out = append(out, it.Text)
			add(it.Items)
		}
	}
	for _, u := range prog.Units() {
		if lang == c.Site.Source() {
			out = append(out, u.Text)
			add(u.Items)
		} else if f := c.Units[lang][u.ID]; f.HasText() {
			out = append(out, f.Text)
			add(f.Items)
		}
		if f := c.Units[lang][u.ID]; f != nil {
			out = append(out, f.Title)
		}
	}
	return out
}
