package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/synth"
)

// BenchmarkBuildRealSite builds the real site in memory, every phase
// included (parse, content, topics, site model, templates, render, minify).
func BenchmarkBuildRealSite(b *testing.B) {
	opts := Options{Root: "../.."}
	for b.Loop() {
		if _, err := Build(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// benchKs are the numbers of synthetic chapters the scale benchmarks
// build: 49 commitments each, in three languages.
var benchKs = []int{1, 10, 100}

// BenchmarkBuild builds synthetic sites of K chapters (internal/synth) in
// memory. Besides ns/op it reports pages/op and ns/page: ns/page stays flat
// when the cost grows linearly with K. The tree is generated once per K,
// outside the timer.
func BenchmarkBuild(b *testing.B) {
	benchTrees(b, func(b *testing.B, root string) {
		pages := 0
		for b.Loop() {
			res, err := Build(context.Background(), Options{Root: root})
			if err != nil {
				b.Fatal(err)
			}
			pages = len(res.Site.Pages)
		}
		reportPages(b, pages)
	})
}

// BenchmarkBuildWrite is what explainer build does: BuildWrite streams
// the pages into a fresh folder and swaps it in place of the last build's.
// The folder is a temporary one, or one below $BENCH_OUT when it is set
// (say /dev/shm, to leave the disk out).
func BenchmarkBuildWrite(b *testing.B) {
	benchTrees(b, func(b *testing.B, root string) {
		dir := b.TempDir()
		if d := os.Getenv("BENCH_OUT"); d != "" {
			var err error
			if dir, err = os.MkdirTemp(d, "bench-"); err != nil {
				b.Fatal(err)
			}
			defer os.RemoveAll(dir)
		}
		out := filepath.Join(dir, "out")
		pages := 0
		for b.Loop() {
			res, err := BuildWrite(context.Background(), Options{Root: root}, out)
			if err != nil {
				b.Fatal(err)
			}
			pages = len(res.Site.Pages)
		}
		reportPages(b, pages)
	})
}

// benchTrees runs f as a sub-benchmark "K=k" for every K, on a synthetic
// tree written when that sub-benchmark first runs.
func benchTrees(b *testing.B, f func(b *testing.B, root string)) {
	dir := b.TempDir()
	for _, k := range benchKs {
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) {
			root, err := synth.TreeIn(dir, "../..", k)
			if err != nil {
				b.Fatal(err)
			}
			startCPU(b)
			f(b, root)
		})
	}
}

// reportPages reports pages/op, ns/page (wall time) and cpu-ns/page: the
// CPU time (user and system) the whole process spent during the benchmark,
// per page. On a shared machine the CPU time varies less than the wall
// time, which also counts waiting for a core.
func reportPages(b *testing.B, pages int) {
	if pages == 0 || b.N == 0 {
		return
	}
	perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(float64(pages), "pages/op")
	b.ReportMetric(perOp/float64(pages), "ns/page")
	if start, ok := cpuAtStart[b.Name()]; ok {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/float64(pages), "cpu-ns/page")
	}
}

// cpuAtStart holds the process's CPU time when each benchmark's timed part
// began (see startCPU).
var cpuAtStart = map[string]time.Duration{}

// startCPU resets b's timer and notes the process's CPU time, for
// reportPages.
func startCPU(b *testing.B) {
	b.ResetTimer()
	cpuAtStart[b.Name()] = cpuTime()
}

// cpuTime is the CPU time, user and system, the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestBuildSynthetic checks that a synthetic tree made from the fixture
// site builds like it: every commitment page in every language, no other
// warning than the fixture's.
func TestBuildSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic site")
	}
	root := filepath.Join(t.TempDir(), "k2")
	tree, err := synth.WriteTree(root, fixtureRoot, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	model := mustFixtureBuild(t)
	commitments := 0
	for _, p := range res.Site.Pages {
		if p.Kind == site.KindCommitment {
			commitments++
		}
	}
	if want := 3 * tree.Commitments; commitments != want {
		t.Errorf("expected %d commitment pages, found %d", want, commitments)
	}
	// Two chapters: the chapter-dependent pages double, the rest (home,
	// topics, about, 404...) stay.
	// Shuffled words break the multi-word glossary terms, so their French
	// forms go unused; any other warning is a defect of the synthetic tree.
	// The site's configuration warnings (no licence, no contact) come once.
	perSite := func(code string) bool { return code == diag.NoLicence || code == diag.NoContact }
	var other []string
	for _, w := range res.Warnings {
		if w.Code != "GLOSSARY_UNUSED_FORM" && !perSite(w.Code) {
			other = append(other, w.String())
		}
	}
	perChapter := 0
	for _, w := range model.Warnings {
		if !perSite(w.Code) {
			perChapter++
		}
	}
	// Each chapter keeps the fixture's missing and outdated translations.
	if want := 2 * perChapter; len(other) != want {
		t.Errorf("expected %d warnings (the fixture's, once per chapter), found %d: %v", want, len(other), other)
	}
}

// BenchmarkRender renders every page of an already built site (the real
// one and synthetic ones): the render phase alone, templates and
// everything they call, without parsing or the site model.
func BenchmarkRender(b *testing.B) {
	run := func(b *testing.B, root string) {
		builder := NewBuilder(Options{Root: root})
		res, _, err := builder.RebuildAll(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		startCPU(b)
		for b.Loop() {
			if _, err := builder.renderer.Render(context.Background(), res.Site); err != nil {
				b.Fatal(err)
			}
		}
		reportPages(b, len(res.Site.Pages))
	}
	b.Run("real", func(b *testing.B) { run(b, "../..") })
	benchTrees(b, run)
}

// BenchmarkRenderKind renders one page of each kind of the real site over
// and over: what a single page costs the render phase, by kind. The pages
// share what a render shares between pages (the navigation, rendered once),
// as a preview's pages do.
func BenchmarkRenderKind(b *testing.B) {
	builder := NewBuilder(Options{Root: "../.."})
	res, _, err := builder.RebuildAll(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range res.Site.Pages {
		name := string(p.Kind) + "/" + p.Lang
		if seen[name] || (p.Lang != "fr" && p.Lang != "en") {
			continue
		}
		seen[name] = true
		b.Run(name, func(b *testing.B) {
			page := builder.renderer.Pager(res.Site)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := page(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
