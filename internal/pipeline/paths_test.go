package pipeline

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// Input folders given as absolute paths, from any working root, build the
// same site as the repository's relative folders.
func TestAbsoluteInputFolders(t *testing.T) {
	want := mustFixtureBuild(t)
	abs, err := filepath.Abs(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Build(context.Background(), Options{
		Root:    t.TempDir(),
		Seeds:   filepath.Join(abs, "seeds"),
		Content: filepath.Join(abs, "content"),
		I18n:    filepath.Join(abs, "i18n"),
		Theme:   filepath.Join(abs, "themes", "default"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != len(want.Files) {
		t.Fatalf("%d files; want %d", len(got.Files), len(want.Files))
	}
	for i, f := range got.Files {
		if f.Path != want.Files[i].Path || !bytes.Equal(f.Data, want.Files[i].Data) {
			t.Fatalf("%s differs from the build with relative folders", f.Path)
		}
	}
}
