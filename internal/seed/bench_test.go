package seed_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/synth"
)

// BenchmarkParseAll parses the real seed and synthetic programmes of K
// chapters (internal/synth, as the build benchmarks use) with ParseAll.
func BenchmarkParseAll(b *testing.B) {
	src, err := os.ReadFile("../../seeds/34-relations-internationales.txt")
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name  string
		files func() ([]seed.File, error)
	}{
		{"real", func() ([]seed.File, error) {
			return []seed.File{{Name: "seeds/34-relations-internationales.txt", Data: src}}, nil
		}},
	}
	for _, k := range []int{10, 100} {
		cases = append(cases, struct {
			name  string
			files func() ([]seed.File, error)
		}{fmt.Sprintf("K=%d", k), func() ([]seed.File, error) { return synth.Generate(src, k, 1) }})
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			files, err := tc.files()
			if err != nil {
				b.Fatal(err)
			}
			size := 0
			for _, f := range files {
				size += len(f.Data)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := seed.ParseAll(context.Background(), files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
