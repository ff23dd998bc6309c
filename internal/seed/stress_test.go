package seed

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/programme"
)

// largeSeeds are pathological seeds of n lines: one long paragraph, one
// long heading, no line numbers, thousands of sub-items, thousands of
// priorities and sections.
func largeSeeds(n int) map[string]string {
	gens := map[string]func(i int) string{
		"one paragraph": func(i int) string { return "mot mot mot" },
		"one heading":   func(i int) string { return "A B C D E" },
		"no numbers":    func(i int) string { return "x" },
		"sub-items":     func(i int) string { return "o sous-point" },
		"priorities and sections": func(i int) string {
			switch {
			case i == 2:
				return "Nos priorités :"
			case i < n/2:
				return fmt.Sprintf("➔ Priorité %d", i)
			}
			return fmt.Sprintf("%d .  S E C T I O N  A", i-n/2+1)
		},
	}
	seeds := map[string]string{}
	for name, gen := range gens {
		var b strings.Builder
		b.WriteString(" 1. Titre 1\n")
		for i := 2; i < n; i++ {
			fmt.Fprintf(&b, "\n%s %d\n", gen(i), i)
		}
		seeds[name] = b.String()
	}
	return seeds
}

// TestLargeSeeds checks that pathological seeds of 20,000 lines parse
// without a crash, with the chapter's title, and with memory growing
// linearly: four times the lines may take at most six times the bytes
// allocated for 5,000 (a quadratic parser takes sixteen). Allocated bytes,
// unlike time, do not depend on how busy the machine is;
// BenchmarkLargeSeeds gives the time.
func TestLargeSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	allocated := func(src string) (*programme.Chapter, uint64) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ch, _ := Parse("big.txt", []byte(src))
		runtime.ReadMemStats(&after)
		return ch, after.TotalAlloc - before.TotalAlloc
	}
	small := largeSeeds(5000)
	for name, src := range largeSeeds(20000) {
		ch, big := allocated(src)
		if ch == nil || ch.Title == "" {
			t.Errorf("%s: expected a chapter with its title, got %+v", name, ch)
		}
		_, base := allocated(small[name])
		if big > 6*base {
			t.Errorf("%s: %d bytes allocated for 20,000 lines, %d for 5,000: more than linear", name, big, base)
		}
	}
}

// BenchmarkLargeSeeds parses the pathological seeds at 5,000 and 20,000
// lines: ns/line staying flat shows the parser linear in the seed's length.
func BenchmarkLargeSeeds(b *testing.B) {
	for _, n := range []int{5000, 20000} {
		for name, src := range largeSeeds(n) {
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				for b.Loop() {
					Parse("big.txt", []byte(src))
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
			})
		}
	}
}
