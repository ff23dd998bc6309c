package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/site"
)

// TestLazyMakesOnRequest: a lazy build makes neither the open data nor the
// search index until a file of theirs is asked for, and then only the
// asking language's; an interface-string edit keeps what was made, and the
// site model; a content edit makes them again on request.
func TestLazyMakesOnRequest(t *testing.T) {
	root := copyInputs(t)
	b := NewBuilder(Options{Root: root, LiveReload: true, Lazy: true})
	res, _, err := b.RebuildAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	made := func(what, lang string) bool {
		if what == "data" {
			return b.onDemand.data[lang].val != nil
		}
		return b.onDemand.index[lang].val != nil
	}
	var dataFile, manifest string
	for _, p := range res.Site.Pages {
		if p.Lang != "fr" {
			continue
		}
		switch body := p.Body.(type) {
		case *site.Data:
			dataFile = strings.TrimPrefix(body.Files[0].Path, "/")
		case *site.Search:
			manifest = strings.TrimPrefix(body.Index, "/")
		}
	}
	if dataFile == "" || manifest == "" {
		t.Fatal("test premise: no French data file or search manifest")
	}
	for _, lang := range []string{"fr", "nl", "en"} {
		if made("data", lang) || made("search", lang) {
			t.Errorf("%s: open data or search index made before any request", lang)
		}
	}
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "assets/search-") || f.Path == manifest {
			t.Errorf("Files lists %s, a file of the search index", f.Path)
		}
	}

	if data, err := res.Page(dataFile); err != nil || !strings.Contains(string(data), `"language":"fr"`) {
		t.Fatalf("%s: %v, %.40q", dataFile, err, data)
	}
	data, err := res.Page(manifest)
	if err != nil {
		t.Fatalf("%s: %v", manifest, err)
	}
	var m struct{ Base string }
	if err := json.Unmarshal(data, &m); err != nil || m.Base == "" {
		t.Fatalf("%s: %v, base %q", manifest, err, m.Base)
	}
	chunk := strings.TrimPrefix(m.Base, "/") + "c0.json"
	if _, err := res.Page(chunk); err != nil {
		t.Errorf("%s: %v", chunk, err)
	}
	if _, err := res.Page(strings.TrimPrefix(m.Base, "/") + "c99999.json"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a search file that is not: %v, want fs.ErrNotExist", err)
	}
	if !made("data", "fr") || !made("search", "fr") {
		t.Error("the French open data or search index is not made after its request")
	}
	if made("data", "nl") || made("search", "nl") {
		t.Error("the Dutch open data or search index is made after a French request")
	}

	model := res.Site
	res, _, err = b.Rebuild(context.Background(), replaceIn("i18n/en.toml", `other = "The programme explained"`, `other = "The programme, explained"`)(t, root))
	if err != nil {
		t.Fatal(err)
	}
	if !made("data", "fr") || !made("search", "fr") {
		t.Error("an interface-string edit drops the open data and search index made")
	}
	if res.Site != model {
		t.Error("an interface-string edit makes the site model again")
	}
	if again, err := res.Page(manifest); err != nil || string(again) != string(data) {
		t.Errorf("the manifest after an interface-string edit: %v", err)
	}

	if res, _, err = b.Rebuild(context.Background(), replaceIn(nlUnit, "Elke maand de stiptheid", "Iedere maand de stiptheid")(t, root)); err != nil {
		t.Fatal(err)
	}
	if res.Site == model {
		t.Error("a content edit keeps the site model")
	}
	if made("data", "fr") || made("search", "fr") {
		t.Error("a content edit keeps the open data or search index made before it")
	}
}

// A panic while making a file on request is its error, on every request.
func TestMadePanic(t *testing.T) {
	var m made[[]byte]
	for range 2 {
		data, err := m.get(func() ([]byte, error) { panic("boom") })
		if data != nil || err == nil || !strings.Contains(err.Error(), "boom") {
			t.Errorf("got %q, %v; want the panic as error", data, err)
		}
	}
}

// After a theme edit a lazy build checks only the theme's links (the site
// model's passed the last check): a broken link in a template still fails
// the build, and its fix passes.
func TestLazyThemeLinks(t *testing.T) {
	root := copyInputs(t)
	b := NewBuilder(Options{Root: root, LiveReload: true, Lazy: true})
	if _, _, err := b.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	const footer, broken = `<footer class="site">`, `<footer class="site"><a href="/nowhere/">x</a>`
	_, _, err := b.Rebuild(context.Background(), replaceIn("themes/default/templates/base.html", footer, broken)(t, root))
	var pe *PhaseError
	if !errors.As(err, &pe) || pe.Phase != "links" || !strings.Contains(err.Error(), "/nowhere/") {
		t.Fatalf("a template's broken link: %v, want a links error naming it", err)
	}
	if _, _, err := b.Rebuild(context.Background(), replaceIn("themes/default/templates/base.html", broken, footer)(t, root)); err != nil {
		t.Fatalf("fixed: %v", err)
	}
	// The fixed build's links passed: the next theme edit checks the
	// theme's links only, not every page's.
	if _, _, err := b.Rebuild(context.Background(), replaceIn("themes/default/templates/base.html", footer, footer+" ")(t, root)); err != nil {
		t.Fatal(err)
	}
	if b.last == nil || !b.last.scoped || len(b.last.only) >= len(b.last.pages) {
		t.Error("after a theme edit whose site passed its link check, the next one checks every page's links")
	}
}
