package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/render"
)

// The incomplete overlay (testdata/incomplete, see its README): a new
// chapter with nothing but its seed, and German with nothing but its entry
// in content/site.yaml.
const (
	newSeed      = "seeds/13-climat.txt"
	newChapterID = "13-isoler-dix-ans-toutes-habitations"
	newSectionID = "13-sec-logements-mieux-isoles"
	germanEntry  = "  - code: de\n    name: Deutsch\n    locale: de_BE\n"
)

// addIncomplete lays the incomplete overlay over the inputs at root and
// returns the paths it changed.
func addIncomplete(t *testing.T, root string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/incomplete", newSeed))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, newSeed), data, 0o644); err != nil {
		t.Fatal(err)
	}
	siteYAML := filepath.Join(root, "content", "site.yaml")
	cfg, err := os.ReadFile(siteYAML)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(siteYAML, append(cfg, germanEntry...), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{filepath.Join(root, newSeed), siteYAML}
}

// TestIncompleteContentBuilds: a new chapter without titles, translations
// or topics, and a new language without URL segments, interface strings,
// content, topic or glossary entries, build, in a full build and in the
// preview's incremental one. What is missing falls back visibly (marked
// lang="fr", with the notice), each gap is a warning with its code naming
// the file to edit, and Status, as explainer status --strict, reports the
// same gaps and refuses the site.
func TestIncompleteContentBuilds(t *testing.T) {
	root := copyInputs(t)
	// The preview: a Builder that built the complete fixture sees the new
	// files arrive.
	b := NewBuilder(Options{Root: root})
	if _, _, err := b.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	changed := addIncomplete(t, root)
	preview, _, err := b.Rebuild(context.Background(), changed)
	if err != nil {
		t.Fatalf("preview rebuild: %v", err)
	}
	res, err := Build(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if !slices.EqualFunc(preview.Files, res.Files, func(a, b render.File) bool { return a.Path == b.Path && string(a.Data) == string(b.Data) }) {
		t.Error("the preview's incremental build differs from a full build")
	}
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Data)
	}
	page := func(path string) string {
		t.Helper()
		html, ok := files[path]
		if !ok {
			t.Fatalf("no page %s", path)
		}
		return html
	}

	// German pages exist, at the French URL segments and slugs.
	de := page("de/engagements/" + goldenID + "/index.html")
	for _, want := range []string{
		`<html lang="de"`,
		`<div class="fallback" lang="fr">`, // the text, French
		`<p class="notice" role="note"><span lang="fr">Ce texte n’est pas`,     // the notice, French interface
		`<a class="skip" href="#main"><span lang="fr">Aller au contenu</span>`, // interface strings
		`<title>Moderniser le réseau ferroviaire – Le programme expliqué</title>`,
		`<h1 lang="fr">`,
		`<a href="/de/themes/rail/" lang="fr">Rail</a>`, // a topic without German entry
	} {
		if !strings.Contains(de, want) {
			t.Errorf("German commitment page: no %q", want)
		}
	}
	topicPage := page("de/themes/rail/index.html")
	for _, want := range []string{`<p class="notice" role="note">`, `<h1 lang="fr">Rail</h1>`, `<p class="lead"><span lang="fr">Le réseau ferroviaire`} {
		if !strings.Contains(topicPage, want) {
			t.Errorf("German topic page: no %q", want)
		}
	}
	if topics := page("de/themes/index.html"); !strings.Contains(topics, `<p><span lang="fr">Le réseau ferroviaire`) {
		t.Error("German topics index: the French description is not marked")
	}
	// The search page's theme filter marks a theme shown in French.
	if search := page("de/search/index.html"); !strings.Contains(search, `lang="fr">Rail</option>`) {
		t.Error("German search page: the French theme name in the filter is not marked")
	}
	gl := page("de/glossaire/index.html")
	// The notice says that some entries are in French, and each such entry
	// says so (in French here: German has no interface strings).
	for _, want := range []string{`<p class="notice" role="note"><span lang="fr">Certaines entrées`, `<dfn lang="fr">`, `<dd><p class="meta"><span lang="fr">Pas encore traduit`} {
		if !strings.Contains(gl, want) {
			t.Errorf("German glossary: no %q", want)
		}
	}
	for _, p := range []string{"de/index.html", "de/sections/" + newSectionID + "/index.html", "de/a-propos/index.html", "de/404.html"} {
		page(p)
	}
	// The complete languages show no German gap: the Dutch page of a
	// topic is as before.
	if nl := page("nl/themas/spoor/index.html"); strings.Contains(nl, `<span lang="fr">`) || strings.Contains(nl, `<h1 lang=`) || strings.Contains(nl, `class="notice"`) {
		t.Error("the Dutch topic page is marked as a fallback")
	}

	// The new chapter: a title cut from its text, and no topics.
	fr := page("fr/engagements/" + newChapterID + "/index.html")
	if !strings.Contains(fr, "<h1>Isoler en dix ans toutes les habitations mises en location par les sociétés de…</h1>") {
		t.Error("the new commitment's title is not cut from its text")
	}
	if strings.Contains(fr, "<dt>Thèmes</dt>") {
		t.Error("a commitment without topic lists topics")
	}

	// Every gap is a warning with its code, naming the file to edit.
	type gap struct{ code, file, text string }
	for _, g := range []gap{
		{diag.MissingTopic, "content/topic-assignments.yaml", `"` + newChapterID + `: [topic, ...]"`},
		{diag.MissingTitle, "content/fr/units/" + newChapterID + ".md", "title: ..."},
		{diag.MissingTitle, "content/fr/units/" + newSectionID + ".md", "title: ..."},
		{diag.MissingTopicTranslation, "content/topics.yaml", `topic "rail" has no de entry`},
		{diag.MissingGlossaryTranslation, "content/glossary.yaml", `glossary entry "sncb" has no de entry`},
		{diag.MissingPaths, "content/site.yaml", `language "de" has no paths.commitments`},
		{diag.MissingUIStrings, "i18n/de.toml", "no interface strings for de"},
		{diag.MissingTranslation, "content/de/units/" + goldenID + ".md", "has no de translation"},
		{diag.MissingTranslation, "content/nl/units/" + newChapterID + ".md", "has no nl translation"},
		{diag.MissingTranslation, "content/de/pages/about.md", "has no de translation"},
	} {
		found := false
		for _, w := range res.Warnings {
			found = found || w.Code == g.code && w.File == g.file && strings.Contains(w.Msg, g.text)
		}
		if !found {
			t.Errorf("no warning %s: %s: …%s…", g.code, g.file, g.text)
		}
	}
	for _, w := range res.Warnings {
		if w.Code == diag.GlossaryUnusedForm || w.Code == diag.SmallTopic {
			t.Errorf("a fallback caused %s", w)
		}
	}

	// explainer status --strict: the same gaps, and not complete.
	st, err := Status(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if st.Complete() {
		t.Error("Status says the incomplete site is complete")
	}
	if got, want := fmt.Sprint(st.Warnings), fmt.Sprint(res.Warnings); got != want {
		t.Errorf("Status warnings differ from the build's:\n%s\nbuild:\n%s", got, want)
	}
}
