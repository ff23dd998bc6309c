package seed

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/programme"
)

// seedText numbers the non-blank lines of s 1, 2, 3... as the seeds do.
// A "^" at the start of a line becomes the space that opens a PDF page; a
// "~" at the end glues the number to the text ("UE-~" gives "UE-81").
func seedText(s string) string {
	s = strings.TrimPrefix(s, "\n")
	var b strings.Builder
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) == "" {
			b.WriteString("\n")
			continue
		}
		n++
		if strings.HasPrefix(l, "^") {
			l = " " + l[1:]
		}
		if strings.HasSuffix(l, "~") {
			fmt.Fprintf(&b, "%s%d\n", l[:len(l)-1], n)
		} else {
			fmt.Fprintf(&b, "%s %d\n", l, n)
		}
	}
	return b.String()
}

// errorLines returns the lines of the file that errors point to. err must
// be nil or an ErrorList.
func errorLines(t testing.TB, err error) map[int]bool {
	t.Helper()
	lines := map[int]bool{}
	if err == nil {
		return lines
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, want ErrorList: %v", err, err)
	}
	for i, e := range list {
		lines[e.Line] = true
		if i > 0 && (list[i-1].File > e.File || (list[i-1].File == e.File && list[i-1].Line > e.Line)) {
			t.Errorf("errors not sorted: %v before %v", list[i-1], e)
		}
	}
	return lines
}

// span is a piece of the model: its text, folded, and the source lines it
// comes from.
type span struct {
	first, last int
	text        string
	numbered    bool // a chapter or section: its number is stored as an int
}

// spans lists every text of the chapter with its source lines. The chapter
// and section numbers are part of their titles, as in the seed.
func spans(ch *programme.Chapter) []span {
	var out []span
	forEachText(ch, func(what, text string, src programme.Source) {
		out = append(out, span{first: src.FirstLine, last: src.LastLine, text: fold(text)})
	})
	out[0].text = fold(strconv.Itoa(ch.Number) + " " + ch.Title)
	out[0].numbered = true
	i := 0
	forEachText(ch, func(what, text string, src programme.Source) {
		if strings.HasPrefix(what, "section ") {
			for _, s := range ch.Sections {
				if what == "section "+s.ID {
					out[i].text = fold(strconv.Itoa(s.Number) + " " + s.Title)
					out[i].numbered = true
				}
			}
		}
		i++
	})
	return out
}

// checkNoTextLost is the precise form of "no text is lost": every
// non-blank line of the input either has an error at its line of the file,
// or is a marker ("Nous voulons :", "Nos priorités :") that an item
// follows, or lies within the source lines of a piece of the model whose
// text contains the line's letters and digits (compared without case,
// accents, spaces or punctuation, so that headings and casing count; the
// number of a chapter or section may lose its leading zeros).
func checkNoTextLost(t testing.TB, name string, data []byte, ch *programme.Chapter, err error) {
	t.Helper()
	bad := errorLines(t, err)
	var scratch ErrorList
	lines := readLines(name, data, &scratch)
	if ch == nil {
		for _, ln := range lines {
			if !bad[ln.phys] {
				t.Errorf("no chapter, and line %d (%q) has no error", ln.phys, ln.text)
			}
		}
		return
	}
	// Index the spans by the source numbers of the lines they cover.
	var nums []int
	for _, ln := range lines {
		nums = append(nums, ln.num)
	}
	slices.Sort(nums)
	nums = slices.Compact(nums)
	covering := map[int][]span{}
	for _, s := range spans(ch) {
		i, _ := slices.BinarySearch(nums, s.first)
		for ; i < len(nums) && nums[i] <= s.last; i++ {
			covering[nums[i]] = append(covering[nums[i]], s)
		}
	}
	for _, ln := range lines {
		if bad[ln.phys] {
			continue
		}
		if _, ok := markerKind(ln.text); ok {
			continue
		}
		text := ln.text
		if _, rest, ok := bulletOf(text); ok {
			text = rest
		}
		want := fold(text)
		found := false
		for _, s := range covering[ln.num] {
			if strings.Contains(s.text, want) ||
				s.numbered && strings.Contains(s.text, strings.TrimLeft(want, "0123456789")) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("line %d of the file (source line %d, %q) is neither in the model nor in an error", ln.phys, ln.num, ln.text)
		}
	}
}
