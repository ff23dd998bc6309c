package search_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/search"
)

// BenchmarkBuild indexes a built site: SEARCH_BENCH_ROOT names its folder
// (a synthetic tree from tools/bench/gen, such as K = 100), else the
// repository itself.
func BenchmarkBuild(b *testing.B) {
	root := os.Getenv("SEARCH_BENCH_ROOT")
	if root == "" {
		root = "../.."
	}
	res, err := pipeline.Build(context.Background(), pipeline.Options{Root: root})
	if err != nil {
		b.Fatal(err)
	}
	var langs []string
	for _, l := range res.Site.Languages {
		langs = append(langs, l.Code)
	}
	c, err := content.LoadGlossary(os.DirFS(filepath.Join(root, "content")), "content", langs)
	if err != nil {
		b.Fatal(err)
	}
	gl, err := glossary.New(c, langs)
	if err != nil {
		b.Fatal(err)
	}
	in := search.Input{Site: res.Site, Glossary: gl}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := search.Build(in); err != nil {
			b.Fatal(err)
		}
	}
}
