package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/diag"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no seeds", nil, "parse: seeds: no seed files (*.txt)"},
		{"bad seed", map[string]string{"seeds/a.txt": ""}, `parse: seeds/a.txt:1: expected a chapter title such as "34. Relations internationales", found no text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if err := os.MkdirAll(filepath.Join(root, "seeds"), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, data := range tt.files {
				if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Parse(context.Background(), Options{Root: root})
			var pe *PhaseError
			if err == nil || err.Error() != tt.want || !errors.As(err, &pe) || pe.Phase != "parse" {
				t.Errorf("Parse: %v\nwant the parse phase's error %s", err, tt.want)
			}
		})
	}
}

// ParseFiles reports an unreadable file beside the others' problems.
func TestParseFiles(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(bad, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ParseFiles(context.Background(), []string{bad, bad + ".missing"})
	var list diag.List
	if !errors.As(err, &list) || len(list) != 2 ||
		!strings.HasPrefix(list[0].Error(), bad+":1: expected a chapter title") ||
		!strings.HasPrefix(list[1].Error(), bad+".missing: expected a readable seed file") {
		t.Errorf("ParseFiles: %v", err)
	}
}

func TestStatus(t *testing.T) {
	st, err := Status(context.Background(), Options{Root: "testdata/site"})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Report.Entries) == 0 || len(st.Terms) == 0 {
		t.Errorf("Status = %+v; want translation entries and terms", st)
	}
	// The same warnings as a build of the same inputs.
	if res := mustFixtureBuild(t); !reflect.DeepEqual(st.Warnings, res.Warnings) {
		t.Errorf("Status warnings:\n%v\nbuild warnings:\n%v", st.Warnings, res.Warnings)
	}
	if st.Complete() {
		t.Error("Status says complete; the fixture has missing and outdated translations")
	}
	// Without the term base, the terms phase fails and names the file.
	root := t.TempDir()
	for _, dir := range []string{"seeds", "content", "i18n"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join("testdata/site", dir))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(root, "content", "terms.tsv")); err != nil {
		t.Fatal(err)
	}
	if _, err := Status(context.Background(), Options{Root: root}); err == nil || !strings.HasPrefix(err.Error(), "terms: content/terms.tsv: cannot read the term base: ") {
		t.Errorf("Status without terms.tsv: %v", err)
	}
}
