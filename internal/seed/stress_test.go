package seed

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestLargeSeeds checks that pathological seeds parse in linear time or
// close: many lines in one paragraph, many headings, many priorities.
func TestLargeSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	gens := map[string]func(i int) string{
		"one paragraph": func(i int) string { return "mot mot mot" },
		"one heading":   func(i int) string { return "A B C D E" },
		"no numbers":    func(i int) string { return "x" },
		"sub-items":     func(i int) string { return "o sous-point" },
		"priorities and sections": func(i int) string {
			switch {
			case i == 2:
				return "Nos priorités :"
			case i < 10000:
				return fmt.Sprintf("➔ Priorité %d", i)
			}
			return fmt.Sprintf("%d .  S E C T I O N  A", i-9999)
		},
	}
	for name, gen := range gens {
		var b strings.Builder
		b.WriteString(" 1. Titre 1\n")
		for i := 2; i < 20000; i++ {
			fmt.Fprintf(&b, "\n%s %d\n", gen(i), i)
		}
		start := time.Now()
		Parse("big.txt", []byte(b.String()))
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %v for 20 000 lines", name, d)
		}
	}
}
