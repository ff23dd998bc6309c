package site_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/synth"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
)

// inputs are a tree's parsed seeds and content, read once: what the phases
// after them (translation status, topic index, glossary, site model) take.
type inputs struct {
	prog     *programme.Programme
	content  *content.Content
	glossary []byte // the glossary file, parsed again for every build
	langs    []string
}

// readInputs parses the seeds and loads the content of the tree at root, as
// the pipeline does.
func readInputs(tb testing.TB, root string) *inputs {
	tb.Helper()
	fsys := os.DirFS(root)
	names, err := fs.Glob(fsys, "seeds/*.txt")
	if err != nil {
		tb.Fatal(err)
	}
	sort.Strings(names)
	var files []seed.File
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, seed.File{Name: name, Data: data})
	}
	prog, err := seed.ParseAll(context.Background(), files)
	if err != nil {
		tb.Fatal(err)
	}
	contentFS, err := fs.Sub(fsys, "content")
	if err != nil {
		tb.Fatal(err)
	}
	c, err := content.Load(context.Background(), contentFS, "content")
	if err != nil {
		tb.Fatal(err)
	}
	gl, err := fs.ReadFile(contentFS, content.GlossaryFile)
	if err != nil {
		tb.Fatal(err)
	}
	return &inputs{prog: prog, content: c, glossary: gl, langs: c.Languages()}
}

// build runs the phases from the translation status to the site model.
func (in *inputs) build(tb testing.TB) *site.Site {
	status := translation.Check(in.prog.Units(), in.content, "content")
	ix, err := topic.Build(in.prog, in.content.Topics, in.content.Assignments)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := site.Build(site.Input{Programme: in.prog, Content: in.content, Status: status, Topics: ix, ContentDir: "content", Glossary: in.glossaryOf(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// glossaryOf parses the glossary.
func (in *inputs) glossaryOf(tb testing.TB) *glossary.Glossary {
	tb.Helper()
	cg, err := content.ParseGlossary(path.Join("content", content.GlossaryFile), in.glossary, in.langs)
	if err != nil {
		tb.Fatal(err)
	}
	gl, err := glossary.New(cg, in.langs)
	if err != nil {
		tb.Fatal(err)
	}
	return gl
}

// benchTree returns the inputs of the real repository (k = 0) or of a
// synthetic tree of k chapters written under dir.
func benchTree(tb testing.TB, dir string, k int) *inputs {
	tb.Helper()
	if k == 0 {
		return readInputs(tb, "../..")
	}
	root, err := synth.TreeIn(dir, "../..", k)
	if err != nil {
		tb.Fatal(err)
	}
	return readInputs(tb, root)
}

// BenchmarkModel computes the translation status, the topic index, the
// glossary and the site model of the real site and of synthetic sites of K
// chapters, from seeds and content parsed once.
func BenchmarkModel(b *testing.B) {
	dir := b.TempDir()
	for _, k := range []int{0, 10, 100} {
		name := "real"
		if k > 0 {
			name = fmt.Sprintf("K=%d", k)
		}
		var in *inputs
		b.Run(name, func(b *testing.B) {
			if in == nil {
				in = benchTree(b, dir, k)
			}
			b.ReportAllocs()
			b.ResetTimer()
			pages := 0
			for b.Loop() {
				pages = len(in.build(b).Pages)
			}
			b.ReportMetric(float64(pages), "pages/op")
		})
	}
}
