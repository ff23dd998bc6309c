package programme_test

import (
	"context"
	"os"
	"testing"

	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/synth"
)

func TestOutline(t *testing.T) {
	items := []*programme.Item{
		{Text: "un", Items: []*programme.Item{{Text: "un.a", Items: []*programme.Item{{Text: "un.a.i"}}}}},
		{Text: "deux"},
	}
	want := "Tête\n- un\n  - un.a\n    - un.a.i\n- deux"
	if got := programme.Outline("Tête", items); got != want {
		t.Errorf("Outline = %q, want %q", got, want)
	}
	// The first 6 bytes of the SHA-256 of the outline, in hex.
	if got, want := programme.Fingerprint("Tête", items), "af190cd50d4b"; got != want {
		t.Errorf("Fingerprint = %q, want %q", got, want)
	}
}

// BenchmarkUnits lists the units of a synthetic programme of 100 chapters
// and fingerprints each, as translation.Check does.
func BenchmarkUnits(b *testing.B) {
	src, err := os.ReadFile("../../seeds/34-relations-internationales.txt")
	if err != nil {
		b.Fatal(err)
	}
	files, err := synth.Generate(src, 100, 1)
	if err != nil {
		b.Fatal(err)
	}
	prog, err := seed.ParseAll(context.Background(), files)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, u := range prog.Units() {
			u.Fingerprint()
		}
	}
}
