package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/render"
)

// TestSearchIndexFollowsEdits: the build writes each language's search
// index and the search page names its manifest and script; an edit to a
// short title changes the index on the next Rebuild, as serve needs.
func TestSearchIndexFollowsEdits(t *testing.T) {
	root := copyInputs(t)
	b := NewBuilder(Options{Root: root})
	res, _, err := b.Rebuild(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	files := byPath(res.Files)
	for _, lang := range res.Site.Languages {
		page := string(files[lang.Code+"/search/index.html"])
		if !strings.Contains(page, `data-index="/`+lang.Code+`/search/index.json"`) || !strings.Contains(page, `<script src="/assets/search.`) {
			t.Errorf("%s: the search page does not name its index and script", lang.Code)
		}
		if _, ok := files[lang.Code+"/search/index.json"]; !ok {
			t.Errorf("%s: no search manifest", lang.Code)
		}
	}
	before := base(t, files, "fr")
	const old, new = "Publier la ponctualité de chaque ligne", "Publier la ponctualité par ligne"
	if !chunksContain(files, before, old) {
		t.Fatalf("no chunk of %s holds the title %q", before, old)
	}
	changed := replaceIn("content/fr/units/12-publier-chaque-mois-ponctualite-chaque.md", old, new)(t, root)
	res, _, err = b.Rebuild(context.Background(), changed)
	if err != nil {
		t.Fatal(err)
	}
	files = byPath(res.Files)
	after := base(t, files, "fr")
	if after == before {
		t.Errorf("the French index's folder is still %s after an edit", after)
	}
	if !chunksContain(files, after, new) || chunksContain(files, after, old) {
		t.Errorf("the French index does not show the edited title")
	}
}

func byPath(fs []render.File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range fs {
		m[f.Path] = f.Data
	}
	return m
}

// base returns the folder a language's manifest names.
func base(t *testing.T, files map[string][]byte, lang string) string {
	t.Helper()
	var m struct{ Base string }
	if err := json.Unmarshal(files[lang+"/search/index.json"], &m); err != nil || m.Base == "" {
		t.Fatalf("%s/search/index.json: %v, base %q", lang, err, m.Base)
	}
	return strings.TrimPrefix(m.Base, "/")
}

func chunksContain(files map[string][]byte, dir, text string) bool {
	for p, data := range files {
		if strings.HasPrefix(p, dir+"c") && bytes.Contains(data, []byte(text)) {
			return true
		}
	}
	return false
}
