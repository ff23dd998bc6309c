package linkcheck_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/belgian-programme/explainer/internal/linkcheck"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/synth"
)

// fixtureSite is the pipeline tests' fixture site (its own seed, content
// and interface strings) with the real theme, which is code: an editor's
// change to content/ or i18n/ cannot break these tests.
var fixtureSite = sync.OnceValues(func() (*pipeline.Result, error) {
	theme, err := filepath.Abs("../../themes/default")
	if err != nil {
		return nil, err
	}
	return pipeline.Build(context.Background(), pipeline.Options{Root: "../pipeline/testdata/site", Theme: theme})
})

// TestEveryModelLink checks, on the fixture site, that the links the check
// reads from a page are every link its model holds: each site.Link,
// Alternate and Term path, each glossary mark, and the page's canonical,
// x-default and 404 home links, found by walking the model with reflect.
// A model field added later and not checked fails it.
func TestEveryModelLink(t *testing.T) {
	res, err := fixtureSite()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Site.Pages {
		var got []string
		linkcheck.EachLink(p, func(href string) { got = append(got, href) })
		want := modelLinks(reflect.ValueOf(p))
		sort.Strings(got)
		sort.Strings(want)
		if !reflect.DeepEqual(dedup(got), dedup(want)) {
			t.Errorf("%s: the check reads\n%q\nthe model holds\n%q", p.File, dedup(got), dedup(want))
		}
	}
}

// modelLinks returns the links held anywhere in a model value.
func modelLinks(v reflect.Value) []string {
	var out []string
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			out = modelLinks(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			out = append(out, modelLinks(v.Index(i))...)
		}
	case reflect.Struct:
		switch x := v.Interface().(type) {
		case site.Link:
			return []string{x.Path}
		case site.Alternate:
			return nonEmpty(x.URL, x.Path)
		case site.Term:
			return []string{x.Path}
		case site.Mark:
			return []string{"#" + x.Ref}
		case site.Page:
			out = nonEmpty(x.Canonical, x.XDefault)
		case site.NotFound:
			return []string{x.Home}
		case site.Home:
			out = nonEmpty(x.ChaptersPath, x.SectionsPath, x.CommitmentsPath)
		case site.Commitment:
			// SourceURL is written in the JSON-LD, not as a link.
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = append(out, modelLinks(v.Field(i))...)
			}
		}
	}
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func dedup(ss []string) []string {
	var out []string
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}

// BenchmarkCheckLinks checks the links of the real site and of a synthetic
// site of 10 chapters, built once.
func BenchmarkCheckLinks(b *testing.B) {
	dir := b.TempDir()
	for _, k := range []int{0, 10} {
		name, root := "real", "../.."
		if k > 0 {
			name = fmt.Sprintf("K=%d", k)
		}
		var res *pipeline.Result
		b.Run(name, func(b *testing.B) {
			if res == nil {
				var err error
				if k > 0 {
					if root, err = synth.TreeIn(dir, "../..", k); err != nil {
						b.Fatal(err)
					}
				}
				if res, err = pipeline.Build(context.Background(), pipeline.Options{Root: root}); err != nil {
					b.Fatal(err)
				}
			}
			in := input(res, os.DirFS(root))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := linkcheck.Check(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// input is the link check's input for a site built in memory.
func input(res *pipeline.Result, fsys fs.FS) linkcheck.Input {
	data := map[string][]byte{}
	var files []string
	for _, f := range res.Files {
		files = append(files, f.Path)
		data[f.Path] = f.Data
	}
	return linkcheck.Input{
		Site:  res.Site,
		Files: files,
		Page: func(file string) ([]byte, error) {
			d, ok := data[file]
			if !ok {
				return nil, fs.ErrNotExist
			}
			return d, nil
		},
		Content: res.Content,
		FS:      fsys,
	}
}
