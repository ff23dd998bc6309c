package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/render"
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
