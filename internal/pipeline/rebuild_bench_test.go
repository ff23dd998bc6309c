package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// BenchmarkRebuildEdit times a serve-mode Builder's (lazy) Rebuild after
// one edit to a synthetic site of K chapters, by kind of edit, and the
// rendering of one page after it: the build's share of edit-to-reload
// (BenchmarkEditToReload in internal/preview adds the watcher, the
// debounce and the reload event). Profile with -cpuprofile.
func BenchmarkRebuildEdit(b *testing.B) {
	benchTrees(b, func(b *testing.B, root string) {
		// A unit in the middle of the programme with a Dutch translation
		// and a French short title.
		var units []string
		nl, err := filepath.Glob(filepath.Join(root, "content/nl/units/*.md"))
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range nl {
			if data, err := os.ReadFile(filepath.Join(root, "content/fr/units", filepath.Base(p))); err == nil && bytes.Contains(data, []byte("\ntitle: ")) {
				units = append(units, filepath.Base(p))
			}
		}
		if len(units) == 0 {
			b.Fatal("no unit has a Dutch file and a French title")
		}
		sort.Strings(units)
		unit := units[len(units)/2]
		builder := NewBuilder(Options{Root: root, LiveReload: true, Lazy: true})
		res, _, err := builder.RebuildAll(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		page := res.Site.Pages[len(res.Site.Pages)/2].File
		seeds, err := filepath.Glob(filepath.Join(root, "seeds/*.txt"))
		if err != nil || len(seeds) == 0 {
			b.Fatalf("no seeds: %v", err)
		}
		sort.Strings(seeds)
		// replace makes the i-th version of a file.
		replace := func(old, new string) func(orig []byte, i int) []byte {
			return func(orig []byte, i int) []byte {
				return bytes.Replace(orig, []byte(old), fmt.Appendf(nil, new, i), 1)
			}
		}
		for _, e := range []struct {
			name, file string
			edit       func(orig []byte, i int) []byte
		}{
			{"translation", "content/nl/units/" + unit, replace("\n---\n", "\n---\nBewerking %d: ")},
			{"title", "content/fr/units/" + unit, replace("\ntitle: ", "\ntitle: Modification %d ")},
			{"i18n", "i18n/nl.toml", replace(`other = "`, `other = "%d `)},
			// A word of a commitment in the chapter in the middle, changed
			// and changed back.
			{"seed", filepath.Join("seeds", filepath.Base(seeds[len(seeds)/2])), func(orig []byte, i int) []byte {
				if i%2 == 0 {
					return orig
				}
				return bytes.Replace(orig, []byte(" les "), []byte(" des "), 1)
			}},
		} {
			b.Run(e.name, func(b *testing.B) {
				p := filepath.Join(root, e.file)
				orig, err := os.ReadFile(p)
				if err != nil {
					b.Fatal(err)
				}
				defer os.WriteFile(p, orig, 0o644)
				i := 0
				for b.Loop() {
					i++
					data := e.edit(orig, i)
					if err := os.WriteFile(p, data, 0o644); err != nil {
						b.Fatal(err)
					}
					res, _, err := builder.Rebuild(context.Background(), []string{p})
					if err != nil {
						b.Fatal(err)
					}
					if _, err := res.Page(page); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}
