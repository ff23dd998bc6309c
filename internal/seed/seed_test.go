package seed

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/belgian-programme/explainer/internal/programme"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// realSeed is the chapter the project ships, copied byte for byte into
// testdata so that the golden file does not move when seeds/ does.
const (
	realSeedFile = "testdata/34-relations-internationales.txt"
	realSeedName = "seeds/34-relations-internationales.txt"
)

func readRealSeed(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(realSeedFile)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseRealSeed(t testing.TB) *programme.Chapter {
	t.Helper()
	ch, err := Parse(realSeedName, readRealSeed(t))
	if err != nil {
		t.Fatalf("real seed: %v", err)
	}
	return ch
}

// TestGolden compares the model of the real seed with the reviewed golden
// file. Run with -update to rewrite it, then read the diff.
func TestGolden(t *testing.T) {
	ch := parseRealSeed(t)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ch); err != nil {
		t.Fatal(err)
	}
	golden := "testdata/34-relations-internationales.golden.json"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/seed -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		got := strings.Split(buf.String(), "\n")
		exp := strings.Split(string(want), "\n")
		for i := range min(len(got), len(exp)) {
			if got[i] != exp[i] {
				t.Fatalf("model differs from %s at line %d:\n got: %s\nwant: %s\n(run with -update and review the diff)", golden, i+1, got[i], exp[i])
			}
		}
		t.Fatalf("model differs from %s in length: %d lines, want %d", golden, len(got), len(exp))
	}
}

// TestRealSeedCounts checks the shape the issue gives for the real seed.
func TestRealSeedCounts(t *testing.T) {
	ch := parseRealSeed(t)
	if ch.Number != 34 || ch.ID != "34" {
		t.Errorf("chapter %d (ID %q), want 34", ch.Number, ch.ID)
	}
	if want := "Relations internationales : La diplomatie belge et européenne engagée pour un monde apaisé et qui se respecte"; ch.Title != want {
		t.Errorf("title %q, want %q", ch.Title, want)
	}
	if len(ch.Intro) != 5 {
		t.Errorf("%d intro paragraphs, want 5", len(ch.Intro))
	}
	if len(ch.Priorities) != 3 {
		t.Fatalf("%d priorities, want 3", len(ch.Priorities))
	}
	if len(ch.Sections) != 3 {
		t.Fatalf("%d sections, want 3", len(ch.Sections))
	}
	wantCommitments := []int{15, 9, 25}
	total := 0
	for i, s := range ch.Sections {
		if s.Number != i+1 {
			t.Errorf("section %d has number %d", i+1, s.Number)
		}
		if s.Title != ch.Priorities[i].Text {
			t.Errorf("section %d title %q, want the priority's %q", i+1, s.Title, ch.Priorities[i].Text)
		}
		if ch.Priorities[i].SectionID != s.ID {
			t.Errorf("priority %d leads to %q, want %q", i+1, ch.Priorities[i].SectionID, s.ID)
		}
		if len(s.Commitments) != wantCommitments[i] {
			t.Errorf("section %d: %d commitments, want %d", i+1, len(s.Commitments), wantCommitments[i])
		}
		total += len(s.Commitments)
		if len(s.Closing) != 0 {
			t.Errorf("section %d: %d closing paragraphs, want none", i+1, len(s.Closing))
		}
		for _, c := range s.Commitments {
			if c.SectionID != s.ID {
				t.Errorf("commitment %s: section %q, want %q", c.ID, c.SectionID, s.ID)
			}
		}
	}
	if total != 49 || len(ch.Commitments()) != 49 {
		t.Errorf("%d commitments, want 49", total)
	}
	// Section 2: 10 sub-items, one nested under another.
	subs, nested := 0, 0
	for _, c := range ch.Sections[1].Commitments {
		for _, it := range c.Items {
			subs++
			for _, sub := range it.Items {
				subs++
				nested++
				if len(sub.Items) != 0 {
					t.Errorf("sub-item %s has children", sub.ID)
				}
			}
		}
	}
	if subs != 10 || nested != 1 {
		t.Errorf("section 2: %d sub-items, %d nested; want 10 and 1", subs, nested)
	}
	for i, s := range ch.Sections {
		if i == 1 {
			continue
		}
		for _, c := range s.Commitments {
			if len(c.Items) != 0 {
				t.Errorf("section %d: commitment %s has sub-items", i+1, c.ID)
			}
		}
	}
	// Section 3's intro: its paragraphs and the list of 6 axes.
	intro := ch.Sections[2].Intro
	if len(intro) != 5 {
		t.Fatalf("section 3: %d intro paragraphs, want 5", len(intro))
	}
	for i, b := range intro {
		want := 0
		if i == 3 {
			want = 6
		}
		if len(b.Items) != want {
			t.Errorf("section 3 intro %d: %d items, want %d", i+1, len(b.Items), want)
		}
	}
	if !strings.HasSuffix(intro[3].Text, "avec comme axes principaux :") {
		t.Errorf("section 3 list follows %q", intro[3].Text)
	}
	if len(ch.Sections[0].Intro)+len(ch.Sections[1].Intro) != 0 {
		t.Errorf("sections 1 and 2 have intro paragraphs")
	}
}

var (
	letterSpaced = regexp.MustCompile(`(^|\s)(\p{Lu}\s){3,}`)
	trailingNum  = regexp.MustCompile(`(^|[^0-9])([0-9]+)$`)
)

// TestRealSeedInvariants checks every text of the real seed: no source
// line number, no bullet glyph, no letter-spaced word, no doubled space,
// and provenance that stays inside the file.
func TestRealSeedInvariants(t *testing.T) {
	data := readRealSeed(t)
	ch := parseRealSeed(t)
	checkClean(t, ch)
	checkNoTextLost(t, realSeedName, data, ch, nil)
	// No line of the seed keeps its number in the text it gives.
	var errs ErrorList
	for _, ln := range readLines(realSeedName, data, &errs) {
		if m := trailingNum.FindStringSubmatch(ln.text); m != nil && m[2] == strconv.Itoa(ln.num) {
			t.Errorf("line %d keeps its number: %q", ln.num, ln.text)
		}
	}
	if len(errs) != 0 {
		t.Errorf("readLines: %v", errs)
	}
	// Pages: the lines that start with a space are 47, 94, 137 and 185.
	pageOf := map[int]int{1: 1, 46: 1, 47: 2, 93: 2, 94: 3, 136: 3, 137: 4, 184: 4, 185: 5, 192: 5}
	for _, ln := range readLines(realSeedName, data, &errs) {
		if p, ok := pageOf[ln.num]; ok && ln.page != p {
			t.Errorf("line %d on page %d, want %d", ln.num, ln.page, p)
		}
	}
}

// checkTexts checks the invariants every text of a model must meet: trimmed,
// valid UTF-8, no doubled space, no control character, sane provenance.
func checkTexts(t testing.TB, ch *programme.Chapter) {
	t.Helper()
	forEachText(ch, func(what, text string, src programme.Source) {
		if text != strings.TrimSpace(text) {
			t.Errorf("%s: text not trimmed: %q", what, text)
		}
		if !utf8.ValidString(text) {
			t.Errorf("%s: invalid UTF-8 in %q", what, text)
		}
		if strings.Contains(text, "  ") {
			t.Errorf("%s: doubled space in %q", what, text)
		}
		if strings.ContainsAny(text, "\r\n\t\f\u00a0\ufeff") {
			t.Errorf("%s: control character or no-break space in %q", what, text)
		}
		if src.FirstLine < 1 || src.LastLine < src.FirstLine || src.Page < 1 {
			t.Errorf("%s: bad source %+v", what, src)
		}
	})
}

// checkClean checks what the texts of a well-formed seed must meet on top of
// checkTexts: no bullet glyph anywhere, no letter-spaced words, no source
// line number left at the end.
func checkClean(t testing.TB, ch *programme.Chapter) {
	t.Helper()
	checkTexts(t, ch)
	checkNumbersRemoved(t, ch)
	forEachText(ch, func(what, text string, src programme.Source) {
		if strings.ContainsAny(text, "➢➔•") {
			t.Errorf("%s: bullet glyph in %q", what, text)
		}
		if strings.HasPrefix(text, "o ") {
			t.Errorf("%s: leading sub-item glyph in %q", what, text)
		}
		if letterSpaced.MatchString(text) {
			t.Errorf("%s: letter-spaced words in %q", what, text)
		}
	})
}

// checkNumbersRemoved checks that no text of a model parsed without errors
// ends with one of its own source line numbers.
func checkNumbersRemoved(t testing.TB, ch *programme.Chapter) {
	t.Helper()
	forEachText(ch, func(what, text string, src programme.Source) {
		if m := trailingNum.FindStringSubmatch(text); m != nil {
			n, _ := strconv.Atoi(m[2])
			if n >= src.FirstLine && n <= src.LastLine {
				t.Errorf("%s: ends with its source line number %d: %q", what, n, text)
			}
		}
	})
}

// forEachText calls f for every text of the chapter, with its provenance.
func forEachText(ch *programme.Chapter, f func(what, text string, src programme.Source)) {
	var items func(prefix string, items []*programme.Item)
	items = func(prefix string, list []*programme.Item) {
		for _, it := range list {
			f(prefix+" item "+it.ID, it.Text, it.Source)
			items(prefix, it.Items)
		}
	}
	blocks := func(list []*programme.Block) {
		for _, b := range list {
			f("block "+b.ID, b.Text, b.Source)
			items("block "+b.ID, b.Items)
		}
	}
	f("chapter title", ch.Title, ch.Source)
	blocks(ch.Intro)
	for _, p := range ch.Priorities {
		f("priority "+p.ID, p.Text, p.Source)
	}
	for _, s := range ch.Sections {
		f("section "+s.ID, s.Title, s.Source)
		blocks(s.Intro)
		for _, c := range s.Commitments {
			f("commitment "+c.ID, c.Text, c.Source)
			items("commitment "+c.ID, c.Items)
		}
		blocks(s.Closing)
	}
}

// forEachID calls f for every ID of the chapter.
func forEachID(ch *programme.Chapter, f func(id, what string)) {
	var items func(list []*programme.Item)
	items = func(list []*programme.Item) {
		for _, it := range list {
			f(it.ID, "item "+it.Text)
			items(it.Items)
		}
	}
	blocks := func(list []*programme.Block) {
		for _, b := range list {
			f(b.ID, "block "+b.Text)
			items(b.Items)
		}
	}
	f(ch.ID, "chapter")
	blocks(ch.Intro)
	for _, p := range ch.Priorities {
		f(p.ID, "priority "+p.Text)
	}
	for _, s := range ch.Sections {
		f(s.ID, "section "+s.Title)
		blocks(s.Intro)
		for _, c := range s.Commitments {
			f(c.ID, "commitment "+c.Text)
			items(c.Items)
		}
		blocks(s.Closing)
	}
}

var idRE = regexp.MustCompile(`^[0-9]+(-[a-z0-9]+)+$`)

// TestIDs checks that every ID of the real seed is unique, readable and
// safe in URLs and file names.
func TestIDs(t *testing.T) {
	ch := parseRealSeed(t)
	seen := map[string]bool{}
	forEachID(ch, func(id, what string) {
		if id == ch.ID {
			return
		}
		if !idRE.MatchString(id) || len(id) > 80 {
			t.Errorf("ID %q of %s is not a readable lower-case slug", id, what)
		}
		if !strings.HasPrefix(id, ch.ID+"-") {
			t.Errorf("ID %q does not start with the chapter number", id)
		}
		if seen[id] {
			t.Errorf("ID %q is used twice", id)
		}
		seen[id] = true
	})
}

// commitmentIDs maps each commitment's text to its ID, sub-items included.
func commitmentIDs(ch *programme.Chapter) map[string]string {
	ids := map[string]string{}
	var items func(list []*programme.Item)
	items = func(list []*programme.Item) {
		for _, it := range list {
			ids[it.Text] = it.ID
			items(it.Items)
		}
	}
	for _, c := range ch.Commitments() {
		ids[c.Text] = c.ID
		items(c.Items)
	}
	return ids
}

// editSeed applies an edit to the real seed, given as a list of lines
// without numbers, and numbers the lines again.
func editSeed(t *testing.T, edit func(lines []string) []string) []byte {
	t.Helper()
	var errs ErrorList
	data := readRealSeed(t)
	var lines []string
	for _, ln := range readLines(realSeedName, data, &errs) {
		s := ln.text
		if ln.pageStart {
			s = "^" + s
		}
		if ln.afterGap && len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, s)
	}
	return []byte(seedText(strings.Join(edit(lines), "\n")))
}

func indexOf(t *testing.T, lines []string, prefix string) int {
	t.Helper()
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimPrefix(l, "^"), prefix) {
			return i
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return -1
}

// TestIDsAreStable checks that inserting, removing or reordering
// commitments leaves the IDs of the others unchanged.
func TestIDsAreStable(t *testing.T) {
	before := commitmentIDs(parseRealSeed(t))
	edits := map[string]func(t *testing.T, lines []string) []string{
		"insert at the start of each section": func(t *testing.T, lines []string) []string {
			var out []string
			for i, l := range lines {
				out = append(out, l)
				if l == "Nous voulons :" {
					out = append(out, "", fmt.Sprintf("➢ Établir une nouvelle priorité numéro %d pour la diplomatie belge.", i), "")
				}
			}
			return out
		},
		"insert a commitment that shares its first words": func(t *testing.T, lines []string) []string {
			i := indexOf(t, lines, "➢ Renforcer et poursuivre le dialogue")
			return append(lines[:i:i], append([]string{"➢ Renforcer et poursuivre les échanges avec le Luxembourg.", ""}, lines[i:]...)...)
		},
		"remove the first commitment of section 1": func(t *testing.T, lines []string) []string {
			i := indexOf(t, lines, "➢ Établir, en début de chaque législature")
			return append(lines[:i:i], lines[i+3:]...)
		},
		"swap two commitments and move a sub-item": func(t *testing.T, lines []string) []string {
			a := indexOf(t, lines, "➢ Redonner à la politique")
			b := indexOf(t, lines, "➢ Remettre en place")
			lines[a], lines[b] = lines[b], lines[a]
			o := indexOf(t, lines, "o En établissant une réponse")
			p := indexOf(t, lines, "o En répondant aux menaces")
			lines[o], lines[p] = lines[p], lines[o]
			lines[o+1], lines[p+1] = lines[p+1], lines[o+1]
			return lines
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			data := editSeed(t, func(lines []string) []string { return edit(t, lines) })
			ch, err := Parse(realSeedName, data)
			if err != nil {
				t.Fatal(err)
			}
			after := commitmentIDs(ch)
			kept := 0
			for text, id := range before {
				if got, ok := after[text]; ok {
					kept++
					if got != id {
						t.Errorf("ID of %q changed from %s to %s", short(text), id, got)
					}
				}
			}
			if kept < len(before)-3 {
				t.Errorf("only %d of %d texts kept by the edit", kept, len(before))
			}
		})
	}
}

// TestEditSeedRoundTrip checks the helper of TestIDsAreStable: with no edit
// it gives the same model as the real seed.
func TestEditSeedRoundTrip(t *testing.T) {
	data := editSeed(t, func(lines []string) []string { return lines })
	ch, err := Parse(realSeedName, data)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(ch)
	b, _ := json.Marshal(parseRealSeed(t))
	if !bytes.Equal(a, b) {
		t.Error("renumbered seed gives another model")
	}
}

func BenchmarkParse(b *testing.B) {
	data := readRealSeed(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(realSeedName, data); err != nil {
			b.Fatal(err)
		}
	}
}
