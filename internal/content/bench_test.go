package content_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/synth"
)

// BenchmarkLoad loads the repository's content folder, then the content
// of synthetic trees of K chapters (internal/synth; a tree is written when
// its sub-benchmark first runs, outside the timer, so that
// -bench 'Load/real' writes none). Besides ns/op it reports files/op, the
// Markdown files read, ns/file, and cpu-ns/file: the processor time of the
// whole process (every goroutine, the garbage collector included) per
// file, steadier than wall time on a busy machine.
func BenchmarkLoad(b *testing.B) {
	b.Run("real", func(b *testing.B) {
		benchLoad(b, "../../content")
	})
	dir := b.TempDir()
	for _, k := range []int{10, 100} {
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) {
			root, err := synth.TreeIn(dir, "../..", k)
			if err != nil {
				b.Fatal(err)
			}
			benchLoad(b, filepath.Join(root, "content"))
		})
	}
}

func benchLoad(b *testing.B, dir string) {
	fsys := os.DirFS(dir)
	units, _ := fs.Glob(fsys, "*/units/*.md")
	pages, _ := fs.Glob(fsys, "*/pages/*.md")
	files := len(units) + len(pages)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		if _, err := content.Load(context.Background(), fsys, "content"); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime() - start
	perFile := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N) / float64(files) }
	b.ReportMetric(float64(files), "files/op")
	b.ReportMetric(perFile(b.Elapsed()), "ns/file")
	if cpu > 0 {
		b.ReportMetric(perFile(cpu), "cpu-ns/file")
	}
}
