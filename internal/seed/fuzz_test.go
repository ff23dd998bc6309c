package seed

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics, that its errors are a sorted
// ErrorList with positions inside the file, that the model's texts are
// clean, and that no text is lost (see checkNoTextLost).
func FuzzParse(f *testing.F) {
	f.Add(readRealSeed(f))
	f.Add([]byte(okSeed))
	for _, tc := range ruleCases {
		f.Add([]byte(seedText(tc.seed)))
	}
	f.Add([]byte(seedText(tenSections().seed)))
	for _, tc := range badCases {
		f.Add([]byte(tc.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		slow := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("Parse of %d bytes takes more than 5s", len(data))) })
		defer slow.Stop()
		ch, err := Parse("f.txt", data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v, want a non-empty ErrorList", err, err)
			}
			lines := len(splitLines(string(data)))
			for _, e := range list {
				if e.File != "f.txt" || e.Line < 1 || e.Line > max(lines, 1) {
					t.Errorf("error outside the file (%d lines): %v", lines, e)
				}
			}
		}
		if ch == nil {
			if err == nil {
				t.Fatal("no chapter and no error")
			}
		} else {
			if ch.ID == "" {
				t.Error("chapter without ID")
			}
			checkTexts(t, ch)
			ids := map[string]bool{}
			forEachID(ch, func(id, what string) {
				if ids[id] {
					t.Errorf("ID %q used twice", id)
				}
				ids[id] = true
			})
		}
		checkNoTextLost(t, "f.txt", data, ch, err)
	})
}
