package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/synth"
)

// edit is a change to the inputs; it returns the paths it touched.
type edit struct {
	name  string
	apply func(t *testing.T, root string) []string
	fails bool // the build fails after this edit
}

func replaceIn(file, old, new string) func(t *testing.T, root string) []string {
	return func(t *testing.T, root string) []string {
		t.Helper()
		p := filepath.Join(root, file)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s does not contain %q", file, old)
		}
		data = bytes.Replace(data, []byte(old), []byte(new), 1)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return []string{p}
	}
}

// renameSave writes data to a temporary file beside file, then renames it
// over file, as editors save.
func renameSave(file, data string) func(t *testing.T, root string) []string {
	return func(t *testing.T, root string) []string {
		t.Helper()
		p := filepath.Join(root, file)
		tmp := p + ".tmp~"
		if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, p); err != nil {
			t.Fatal(err)
		}
		return []string{tmp, p}
	}
}

func move(from, to string) func(t *testing.T, root string) []string {
	return func(t *testing.T, root string) []string {
		t.Helper()
		a, b := filepath.Join(root, from), filepath.Join(root, to)
		if err := os.Rename(a, b); err != nil {
			t.Fatal(err)
		}
		return []string{a, b}
	}
}

const nlUnit = "content/nl/units/12-publier-chaque-mois-ponctualite-chaque.md"

// writeIn writes a file of the inputs.
func writeIn(file, data string) func(t *testing.T, root string) []string {
	return func(t *testing.T, root string) []string {
		t.Helper()
		p := filepath.Join(root, file)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return []string{p}
	}
}

// removeIn removes a file of the inputs.
func removeIn(file string) func(t *testing.T, root string) []string {
	return func(t *testing.T, root string) []string {
		t.Helper()
		p := filepath.Join(root, file)
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		return []string{p}
	}
}

// all applies edits at once, as one build sees them.
func all(edits ...func(t *testing.T, root string) []string) func(t *testing.T, root string) []string {
	return func(t *testing.T, root string) []string {
		var changed []string
		for _, e := range edits {
			changed = append(changed, e(t, root)...)
		}
		return changed
	}
}

// The files of a commitment that an edit of the seed removes, then puts
// back: its unit files and its topic assignment.
const (
	gone            = "12-garantir-correspondance-entre-dernier-train"
	goneAssignment  = gone + ": [rail]\n"
	assignmentsFile = "content/topic-assignments.yaml"
)

func unitFiles(id, suffix string, undo bool) []func(t *testing.T, root string) []string {
	var out []func(t *testing.T, root string) []string
	for _, lang := range []string{"fr", "nl", "en"} {
		f := "content/" + lang + "/units/" + id + ".md"
		if undo {
			out = append(out, move(f+suffix, f))
		} else {
			out = append(out, move(f, f+suffix))
		}
	}
	return out
}

// TestIncrementalEqualsFull makes a series of edits, and after each one
// compares a Builder's incremental build with a full build: eager, and
// lazy (serve mode), whose pages are rendered when asked for.
func TestIncrementalEqualsFull(t *testing.T) {
	for _, lazy := range []bool{false, true} {
		t.Run(fmt.Sprintf("lazy=%v", lazy), func(t *testing.T) { incrementalEqualsFull(t, lazy) })
	}
}

func incrementalEqualsFull(t *testing.T, lazy bool) {
	root := copyInputs(t)
	opts := Options{Root: root, LiveReload: true}
	b := NewBuilder(Options{Root: root, LiveReload: true, Lazy: lazy})
	if _, _, err := b.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	edits := []edit{
		{name: "translation text", apply: replaceIn(nlUnit, "Elke maand de stiptheid", "Iedere maand de stiptheid")},
		{name: "translation title", apply: replaceIn(nlUnit, "title: De stiptheid", "title: Stiptheid")},
		{name: "broken front matter", apply: replaceIn(nlUnit, "slug: stiptheid-per-lijn", "slug: [stiptheid-per-lijn"), fails: true},
		{name: "fixed front matter", apply: replaceIn(nlUnit, "slug: [stiptheid-per-lijn", "slug: stiptheid-per-lijn")},
		{name: "rename-save", apply: renameSave(nlUnit, "---\ntitle: Opnieuw bewaard\nsource: 92663a19fa79\n---\nEen nieuwe vertaling.\n")},
		{name: "removed translation", apply: move(nlUnit, nlUnit+".bak")},
		{name: "restored translation", apply: move(nlUnit+".bak", nlUnit)},
		{name: "French short title", apply: replaceIn("content/fr/units/12-publier-chaque-mois-ponctualite-chaque.md", "Publier la ponctualité de chaque ligne", "Publier la ponctualité par ligne")},
		{name: "French slug", apply: replaceIn("content/fr/units/12-publier-chaque-mois-ponctualite-chaque.md", "slug: ponctualite-par-ligne", "slug: ponctualite-ligne-par-ligne")},
		{name: "English translation added", apply: writeIn("content/en/units/12-former-personnel-gares-accueil-voyageurs.md", "---\ntitle: Train station staff\nsource: \"000000000000\"\n---\nTrain the staff of the SNCB stations.\n")},
		{name: "two translations at once", apply: all(
			replaceIn("content/en/units/12-former-personnel-gares-accueil-voyageurs.md", "Train the staff", "Train all the staff"),
			replaceIn("content/nl/units/12-former-personnel-gares-accueil-voyageurs.md", "title: Stationspersoneel opleiden in onthaal", "title: Personeel opleiden"))},
		{name: "English translation removed", apply: removeIn("content/en/units/12-former-personnel-gares-accueil-voyageurs.md")},
		{name: "file for no unit", apply: writeIn("content/nl/units/12-nergens.md", "---\ntitle: Nergens\n---\n"), fails: true},
		{name: "file for no unit removed", apply: removeIn("content/nl/units/12-nergens.md")},
		{name: "topic assignment", apply: replaceIn(assignmentsFile, "12-former-personnel-gares-accueil-voyageurs: [accessibility]", "12-former-personnel-gares-accueil-voyageurs: [accessibility, rail]")},
		{name: "seed line", apply: replaceIn(fixtureSeed, "gare par gare", "station par station")},
		{name: "commitment removed", apply: all(append(unitFiles(gone, ".bak", false),
			replaceIn(fixtureSeed, "➢ Garantir une", "Garantir une"), replaceIn(assignmentsFile, goneAssignment, ""))...)},
		{name: "translation after a seed edit", apply: replaceIn(nlUnit, "title: Opnieuw bewaard", "title: Weer bewaard")},
		{name: "commitment back", apply: all(append(unitFiles(gone, ".bak", true),
			replaceIn(fixtureSeed, "Garantir une", "➢ Garantir une"), replaceIn(assignmentsFile, "# 2.", goneAssignment+"# 2."))...)},
		{name: "page title", apply: replaceIn("content/en/pages/about.md", "title: ", "title: All ")},
		// The link check reads only the pages rendered again while the
		// other pages' targets stay: a broken link on one must still fail.
		{name: "broken link in a page", apply: replaceIn("content/en/pages/about.md", "(/en/themes/)", "(/en/thems/)"), fails: true},
		{name: "broken link fixed", apply: replaceIn("content/en/pages/about.md", "(/en/thems/)", "(/en/themes/)")},
		{name: "broken fragment in a page", apply: replaceIn("content/en/pages/about.md", "(/en/themes/)", "(/en/themes/#nowhere)"), fails: true},
		{name: "broken fragment fixed", apply: replaceIn("content/en/pages/about.md", "(/en/themes/#nowhere)", "(/en/themes/)")},
		{name: "interface string", apply: replaceIn("i18n/en.toml", `other = "The programme explained"`, `other = "The programme, explained"`)},
		{name: "template", apply: replaceIn("themes/default/templates/base.html", `<footer class="site">`, `<footer class="site" id="footer">`)},
		{name: "template error", apply: replaceIn("themes/default/templates/base.html", `{{T "footer_source"}}`, `{{T "footer_source"}`), fails: true},
		{name: "template fixed", apply: replaceIn("themes/default/templates/base.html", `{{T "footer_source"}`, `{{T "footer_source"}}`)},
		// After new templates, the link check reads the pages whose model
		// changed, the editorial pages and a page of each kind: a broken
		// link of the theme, or an id the theme no longer writes that an
		// editor's link leads to, must still fail.
		{name: "broken link in the theme", apply: replaceIn("themes/default/templates/base.html", `<footer class="site" id="footer">`, `<footer class="site" id="footer"><a href="/nowhere/">x</a>`), fails: true},
		{name: "broken link in the theme fixed", apply: replaceIn("themes/default/templates/base.html", `<a href="/nowhere/">x</a>`, ``)},
		{name: "editorial link to an id of the theme", apply: replaceIn("content/nl/pages/about.md", "(/nl/themas/)", "(/nl/themas/#footer)")},
		{name: "the id gone from the theme", apply: replaceIn("themes/default/templates/base.html", `<footer class="site" id="footer">`, `<footer class="site">`), fails: true},
		{name: "the id back", apply: replaceIn("themes/default/templates/base.html", `<footer class="site">`, `<footer class="site" id="footer">`)},
		{name: "the id gone from the strings' pages", apply: all(replaceIn("themes/default/templates/base.html", `<footer class="site" id="footer">`, `<footer class="site">`), replaceIn("i18n/en.toml", `other = "The programme, explained"`, `other = "The programme explained"`)), fails: true},
		{name: "the id back again", apply: replaceIn("themes/default/templates/base.html", `<footer class="site">`, `<footer class="site" id="footer">`)},
		{name: "editorial link restored", apply: replaceIn("content/nl/pages/about.md", "(/nl/themas/#footer)", "(/nl/themas/)")},
		{name: "topic name", apply: replaceIn("content/topics.yaml", "en: {name: Rail,", "en: {name: Railways,")},
		{name: "glossary definition", apply: replaceIn("content/glossary.yaml", "qui exploite les trains de voyageurs", "qui fait rouler les trains de voyageurs")},
		{name: "stylesheet", apply: replaceIn("themes/default/style.css", "{", "{ ")},
		{name: "seed broken", apply: breakSeed, fails: true},
		{name: "seed fixed, translation edited meanwhile", apply: func(t *testing.T, root string) []string {
			p := fixSeed(t, root)
			return append(p, replaceIn(nlUnit, "Een nieuwe vertaling.", "Een andere vertaling.")(t, root)...)
		}},
		{name: "ignored file", apply: func(t *testing.T, root string) []string {
			p := filepath.Join(root, "content/nl/units/notes.txt")
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{p, filepath.Join(root, "elsewhere.md")}
		}},
		{name: "base URL", apply: replaceIn("content/site.yaml", "base_url: https://", "base_url: http://")},
	}
	for i, e := range edits {
		changed := e.apply(t, root)
		got, st, err := b.Rebuild(context.Background(), changed)
		want, wantErr := Build(context.Background(), opts)
		if failed(t, e.name, e.fails, err, wantErr) {
			continue
		}
		t.Logf("%s: %s", e.name, st)
		sameModel(t, e.name, got.Site, want.Site, lazy)
		if lazy {
			// Every other build, no page is asked for: the next build
			// carries pages never rendered.
			if i%2 == 1 || i == len(edits)-1 {
				sameLazyFiles(t, e.name, got, want.Files)
			}
			continue
		}
		sameFiles(t, e.name, got.Files, want.Files)
	}
}

// seedBackup keeps the seed between breakSeed and fixSeed.
var seedBackup []byte

func breakSeed(t *testing.T, root string) []string {
	p := filepath.Join(root, fixtureSeed)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	seedBackup = data
	if err := os.WriteFile(p, data[:len(data)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{p}
}

func fixSeed(t *testing.T, root string) []string {
	p := filepath.Join(root, fixtureSeed)
	if err := os.WriteFile(p, seedBackup, 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{p}
}

func sameFiles(t *testing.T, name string, got, want []render.File) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, full build has %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if got[i].Path != want[i].Path {
			t.Errorf("%s: file %d is %s, full build has %s", name, i, got[i].Path, want[i].Path)
			return
		}
		if !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s: %s differs from the full build", name, got[i].Path)
		}
	}
}

// sameModel compares an incremental build's site model with a full
// build's, page by page. A lazy build's data pages are completed with
// their files' sizes only when shown (see onDemand.dataPage): with lazy,
// their models are left out, and sameLazyFiles compares what they show.
func sameModel(t *testing.T, name string, got, want *site.Site, lazy bool) {
	t.Helper()
	if len(got.Pages) != len(want.Pages) {
		t.Errorf("%s: %d pages, full build has %d", name, len(got.Pages), len(want.Pages))
		return
	}
	for i, p := range got.Pages {
		if _, data := p.Body.(*site.Data); data && lazy {
			continue
		}
		if !reflect.DeepEqual(p, want.Pages[i]) {
			t.Errorf("%s: the model of %s differs from the full build's", name, p.File)
		}
	}
	if !reflect.DeepEqual(got.Redirects, want.Redirects) || !reflect.DeepEqual(got.Warnings, want.Warnings) {
		t.Errorf("%s: the redirects or the site's warnings differ from the full build's", name)
	}
}

// sameLazyFiles compares a lazy build's files, made through Result.Page,
// with a full build's: every file of the full build is served the same,
// and Files lists them all but the search index's, made on request (see
// Options.Lazy).
func sameLazyFiles(t *testing.T, name string, got *Result, want []render.File) {
	t.Helper()
	var listed []string
	for _, f := range want {
		if !strings.HasPrefix(f.Path, "assets/search-") && !strings.HasSuffix(f.Path, "/search/index.json") {
			listed = append(listed, f.Path)
		}
	}
	paths := make([]string, len(got.Files))
	for i, f := range got.Files {
		paths[i] = f.Path
		if f.Data != nil {
			if data, err := got.Page(f.Path); err != nil || !bytes.Equal(data, f.Data) {
				t.Errorf("%s: Files holds other bytes for %s than Page (%v)", name, f.Path, err)
			}
		}
	}
	if !slices.Equal(paths, listed) {
		t.Errorf("%s: Files lists %d files, want the full build's %d less its search index", name, len(paths), len(listed))
	}
	files := make([]render.File, len(want))
	for i, f := range want {
		data, err := got.Page(f.Path)
		if err != nil {
			t.Fatalf("%s: %s: %v", name, f.Path, err)
		}
		files[i] = render.File{Path: f.Path, Data: data}
	}
	sameFiles(t, name, files, want)
}

func TestRebuildRendersFewPages(t *testing.T) {
	root := copyInputs(t)
	b := NewBuilder(Options{Root: root})
	if _, _, err := b.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(t *testing.T, root string) []string
		max  int // pages rendered at most
	}{
		{"translation text", replaceIn(nlUnit, "Elke maand de stiptheid", "Iedere maand de stiptheid"), 2},
		{"translation title", replaceIn(nlUnit, "title: De stiptheid", "title: Stiptheid"), 20},
		{"untouched input", func(t *testing.T, root string) []string { return []string{filepath.Join(root, "README.md")} }, 0},
		{"empty list", func(*testing.T, string) []string { return []string{} }, 0},
		// An edit nobody reports is not seen, whether the list is nil or empty...
		{"nil list", func(t *testing.T, root string) []string {
			replaceIn(nlUnit, "station per station", "halte per halte")(t, root)
			return nil
		}, 0},
	}
	for _, tt := range tests {
		_, st, err := b.Rebuild(context.Background(), tt.edit(t, root))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if st.Rendered > tt.max || (tt.max > 0 && st.Rendered == 0) {
			t.Errorf("%s: rendered %d pages, want 1 to %d", tt.name, st.Rendered, tt.max)
		}
		if tt.max == 0 && !st.Unchanged {
			t.Errorf("%s: want Unchanged", tt.name)
		}
		if !strings.Contains(st.String(), "of") && !st.Unchanged {
			t.Errorf("%s: stats %q", tt.name, st)
		}
	}
	// ...until RebuildAll reads everything again.
	res, st, err := b.RebuildAll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, f := range res.Files {
		seen = seen || bytes.Contains(f.Data, []byte("halte per halte"))
	}
	if st.Unchanged || !seen {
		t.Errorf("RebuildAll after an unreported edit: %s; the edit shown: %v", st, seen)
	}
}

// TestSeedEditsPerChapter edits the seeds of a programme of two chapters
// one at a time: each edit parses one file again, and every build equals a
// full build.
func TestSeedEditsPerChapter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic site")
	}
	root := filepath.Join(t.TempDir(), "k2")
	if _, err := synth.WriteTree(root, fixtureRoot, 2, 1); err != nil {
		t.Fatal(err)
	}
	seeds, err := filepath.Glob(filepath.Join(root, "seeds", "*.txt"))
	if err != nil || len(seeds) != 2 {
		t.Fatalf("seeds %v: %v", seeds, err)
	}
	opts := Options{Root: root}
	b := NewBuilder(opts)
	if _, _, err := b.RebuildAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	orig := map[string][]byte{}
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		orig[p] = data
	}
	edits := []struct {
		name, file string
		data       func(orig []byte) []byte
		fails      bool
	}{
		{"first chapter", seeds[0], func(o []byte) []byte { return bytes.Replace(o, []byte(" les "), []byte(" des "), 1) }, false},
		{"second chapter", seeds[1], func(o []byte) []byte { return bytes.Replace(o, []byte(" les "), []byte(" des "), 1) }, false},
		{"second chapter broken", seeds[1], func(o []byte) []byte { return o[:len(o)/3] }, true},
		{"first chapter edited meanwhile", seeds[0], func(o []byte) []byte { return bytes.Replace(o, []byte(" la "), []byte(" une "), 1) }, true},
		{"second chapter fixed", seeds[1], func(o []byte) []byte { return o }, false},
	}
	for _, e := range edits {
		data := e.data(orig[e.file])
		if was, err := os.ReadFile(e.file); err != nil || bytes.Equal(was, data) {
			t.Fatalf("%s: the edit changes nothing (%v)", e.name, err)
		}
		if err := os.WriteFile(e.file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, _, err := b.Rebuild(context.Background(), []string{e.file})
		want, wantErr := Build(context.Background(), opts)
		if failed(t, e.name, e.fails, err, wantErr) {
			continue
		}
		sameFiles(t, e.name, got.Files, want.Files)
	}
	if len(b.seeds) != 2 {
		t.Errorf("%d seed files cached, want 2", len(b.seeds))
	}
}

// failed checks that an incremental build and the full build of the same
// inputs both fail, with the same error, when a failure is wanted, and
// both succeed otherwise. It reports whether they failed.
func failed(t *testing.T, name string, want bool, err, fullErr error) bool {
	t.Helper()
	if (err != nil) != want || (fullErr != nil) != want {
		t.Fatalf("%s: incremental error %v, full build error %v; want failure %v", name, err, fullErr, want)
	}
	if err != nil && err.Error() != fullErr.Error() {
		t.Errorf("%s: incremental error\n%v\nfull build error\n%v", name, err, fullErr)
	}
	return err != nil
}
