package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/belgian-programme/explainer/internal/render"
)

// Write writes the files of an in-memory build into a fresh folder beside
// out, then swaps it in place of out; if anything fails, out is left as it
// was. It is the tests' plain reference for BuildWrite, which streams the
// pages into the folder as they are rendered.
func Write(files []render.File, out string) error {
	w, err := newWorkDir(out)
	if err != nil {
		return err
	}
	defer w.close()
	tmp := w.path
	// Folders first, each once, parents before children; then the files,
	// several at a time.
	dirs := map[string]bool{}
	for _, f := range files {
		dst, err := outputPath(tmp, f.Path)
		if err != nil {
			return err
		}
		for d := filepath.Dir(dst); d != tmp && !dirs[d]; d = filepath.Dir(d) {
			dirs[d] = true
		}
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	for _, d := range sorted {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	var g errgroup.Group
	g.SetLimit(fileWorkers)
	for _, f := range files {
		g.Go(func() error {
			dst, _ := outputPath(tmp, f.Path)
			return os.WriteFile(dst, f.Data, 0o644)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return w.swap()
}

// TestBuildWriteEqualsBuildThenWrite checks that streaming the pages to disk
// gives the same folder as building in memory then writing, lists the same
// files, and replaces a previous output.
func TestBuildWriteEqualsBuildThenWrite(t *testing.T) {
	parent := t.TempDir()
	want := filepath.Join(parent, "want")
	res, err := Build(context.Background(), Options{Root: fixtureRoot})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(res.Files, want); err != nil {
		t.Fatal(err)
	}
	got := filepath.Join(parent, "got")
	if err := os.MkdirAll(filepath.Join(got, "stale"), 0o755); err != nil {
		t.Fatal(err)
	}
	streamed, err := BuildWrite(context.Background(), Options{Root: fixtureRoot}, got)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := treeOf(t, want), treeOf(t, got); a != b {
		t.Errorf("BuildWrite's folder differs from Build then Write's")
	}
	if len(streamed.Files) != len(res.Files) {
		t.Fatalf("BuildWrite lists %d files, Build %d", len(streamed.Files), len(res.Files))
	}
	for i, f := range streamed.Files {
		if f.Path != res.Files[i].Path || f.Data != nil {
			t.Errorf("file %d: %q with %d bytes, want %q without data", i, f.Path, len(f.Data), res.Files[i].Path)
		}
	}
	if len(streamed.Warnings) != len(res.Warnings) {
		t.Errorf("BuildWrite warned %d times, Build %d", len(streamed.Warnings), len(res.Warnings))
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Errorf("expected only want/ and got/ in %s, found %d entries", parent, len(entries))
	}
}

// TestBuildWriteFailureKeepsOutput breaks the inputs in ways found before
// and after pages are written (a theme error, a broken link) and checks
// that the previous output stays as it was, with no temporary folder left.
func TestBuildWriteFailureKeepsOutput(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, root string)
	}{
		{"template error", func(t *testing.T, root string) {
			writeInput(t, root, "themes/default/templates/topics.html", `{{define "main"}}{{.Nope.Nope}}{{end}}`)
		}},
		{"broken link", func(t *testing.T, root string) {
			writeInput(t, root, "themes/default/templates/topics.html", `{{define "main"}}<a href="/nowhere/">x</a>{{end}}`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copyInputs(t)
			parent := t.TempDir()
			out := filepath.Join(parent, "build")
			if _, err := BuildWrite(context.Background(), Options{Root: root}, out); err != nil {
				t.Fatal(err)
			}
			before := treeOf(t, parent)
			tt.spoil(t, root)
			if _, err := BuildWrite(context.Background(), Options{Root: root}, out); err == nil {
				t.Fatal("the build succeeded")
			}
			if after := treeOf(t, parent); after != before {
				t.Errorf("the build failed but changed %s", parent)
			}
		})
	}
}

func writeInput(t *testing.T, root, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// addFiles leaves the slice it was given as it was: a reader made over it
// (inMemory, which searches it by path) still finds every file, even when
// the slice had room for the extra files.
func TestAddFilesKeepsItsInput(t *testing.T) {
	files := make([]render.File, 0, 10)
	files = append(files, render.File{Path: "b"}, render.File{Path: "d"}, render.File{Path: "f"})
	page := inMemory(files)
	all := addFiles(files, []render.File{{Path: "a"}, {Path: "c"}})
	if len(all) != 5 || all[0].Path != "a" || all[4].Path != "f" {
		t.Errorf("addFiles = %v, want a to f in order", all)
	}
	for _, name := range []string{"b", "d", "f"} {
		if _, err := page(name); err != nil {
			t.Errorf("after addFiles, the first files' reader does not find %s: %v", name, err)
		}
	}
}
