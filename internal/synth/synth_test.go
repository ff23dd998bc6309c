package synth

import (
	"bytes"
	"context"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
	"github.com/belgian-programme/explainer/internal/translation"
)

// repo is the repository root: the synthesizer's tests read the real seed,
// whose layout synthetic chapters must keep, and check only what an edit
// of its words cannot change.
const repo = "../.."

// fixture is the pipeline tests' fixture site (its own seed and content):
// TestWriteTree copies its content, so that no editor's change to
// content/ can break it.
const fixture = "../pipeline/testdata/site"

func realSeed(t testing.TB) (string, []byte) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(repo, "seeds", "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no real seed: %v", err)
	}
	data, err := os.ReadFile(names[0])
	if err != nil {
		t.Fatal(err)
	}
	return names[0], data
}

func TestShuffleLine(t *testing.T) {
	tests := []struct {
		name, in   string
		head, tail []string // words that must stay first and last
	}{
		{"prose", "La Belgique, par son histoire, sa géographie et ses 3 ", []string{"La"}, []string{"ses", "3"}},
		{"page start", " ➢ Garder une représentation extérieure belge forte, cohérente, qui 47 ", []string{"➢", "Garder"}, []string{"qui", "47"}},
		{"sub-item", "o En établissant une réponse commune en cas d’ingérence 80 ", []string{"o", "En"}, []string{"d’ingérence", "80"}},
		{"glued number", "o En confortant le lien transatlantique avec le Conseil UE-81 ", []string{"o", "En"}, []string{"UE-81"}},
		{"marker", "Nous voulons :  28 ", []string{"Nous", "voulons"}, []string{":", "28"}},
		{"priorities marker", "Nos priorités :  23 ", []string{"Nos", "priorités"}, []string{":", "23"}},
		{"short", "Unies.  43 ", []string{"Unies."}, []string{"43"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := split(tc.in)
			shuffleLine(l, rand.NewPCG(1, 2))
			out := l.String()
			if len(out) != len(tc.in) || lead(out) != lead(tc.in) || !sameWords(tc.in, out) {
				t.Fatalf("layout changed: %q → %q", tc.in, out)
			}
			w := strings.Fields(out)
			if !slices.Equal(w[:len(tc.head)], tc.head) || !slices.Equal(w[len(w)-len(tc.tail):], tc.tail) {
				t.Errorf("%q → %q: expected %q first and %q last", tc.in, out, tc.head, tc.tail)
			}
		})
	}
}

func TestShuffleHeading(t *testing.T) {
	in := "1 .  U N E  D I P L O M A T I E  B E L G E  A M B I T I E U S E  27 "
	l := split(in)
	if !isHeading(l) {
		t.Fatalf("%q is not seen as a heading", in)
	}
	shuffleHeading(l, rand.NewPCG(3, 4))
	out := l.String()
	if !strings.HasPrefix(out, "1 .  ") || !strings.HasSuffix(out, "  27 ") || len(out) != len(in) {
		t.Fatalf("heading number or line number moved: %q", out)
	}
	got := strings.Split(strings.TrimSuffix(strings.TrimPrefix(out, "1 .  "), "  27 "), "  ")
	want := []string{"U N E", "D I P L O M A T I E", "B E L G E", "A M B I T I E U S E"}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("letter-spaced words: expected %q in some order, found %q", want, got)
	}
	if isHeading(split("La Belgique, par son histoire 3")) {
		t.Error("a prose line is seen as a heading")
	}
}

func lead(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " "))] }

func sameWords(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	slices.Sort(wa)
	slices.Sort(wb)
	return slices.Equal(wa, wb)
}

// TestChapterLayout checks every line of a synthetic chapter against the
// real one: same words, same length, same leading space and line number.
func TestChapterLayout(t *testing.T) {
	_, src := realSeed(t)
	out, err := Chapter(src, 101, 1)
	if err != nil {
		t.Fatal(err)
	}
	a, b := strings.Split(string(src), "\n"), strings.Split(string(out), "\n")
	if len(a) != len(b) {
		t.Fatalf("expected %d lines, found %d", len(a), len(b))
	}
	changed := 0
	for i := range a {
		if i == 0 {
			if !strings.HasPrefix(b[0], " 101. ") {
				t.Errorf("line 1: expected the chapter number 101, found %q", b[0])
			}
			continue
		}
		if lead(a[i]) != lead(b[i]) || len(a[i]) != len(b[i]) || !sameWords(a[i], b[i]) {
			t.Errorf("line %d: layout changed: %q → %q", i+1, a[i], b[i])
		}
		fa, fb := strings.Fields(a[i]), strings.Fields(b[i])
		if len(fa) > 0 && fa[len(fa)-1] != fb[len(fb)-1] {
			t.Errorf("line %d: line number moved: %q → %q", i+1, a[i], b[i])
		}
		if a[i] != b[i] {
			changed++
		}
	}
	if changed < len(a)/2 {
		t.Errorf("only %d of %d lines were shuffled", changed, len(a))
	}
}

// TestGenerateParses checks that synthetic chapters parse without errors
// into the shape of the real chapter, under new IDs.
func TestGenerateParses(t *testing.T) {
	name, src := realSeed(t)
	model, err := seed.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(src, 3, 7)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := seed.ParseAll(context.Background(), files)
	if err != nil {
		t.Fatalf("synthetic seeds do not parse:\n%v", err)
	}
	if len(prog.Chapters) != 3 {
		t.Fatalf("expected 3 chapters, found %d", len(prog.Chapters))
	}
	modelUnits := (&programme.Programme{Chapters: []*programme.Chapter{model}}).Units()
	realIDs := map[string]bool{}
	for _, u := range modelUnits {
		realIDs[strings.TrimPrefix(u.ID, model.ID)] = true
	}
	for i, ch := range prog.Chapters {
		if ch.Number != FirstChapter+i {
			t.Errorf("chapter %d: expected number %d", ch.Number, FirstChapter+i)
		}
		if n := len(ch.Commitments()); n != len(model.Commitments()) {
			t.Errorf("chapter %d: expected %d commitments like the real chapter, found %d", ch.Number, len(model.Commitments()), n)
		}
		if len(ch.Sections) != len(model.Sections) || len(ch.Priorities) != len(model.Priorities) {
			t.Errorf("chapter %d: expected %d sections and %d priorities, found %d and %d", ch.Number, len(model.Sections), len(model.Priorities), len(ch.Sections), len(ch.Priorities))
		}
		for j := range min(len(ch.Sections), len(model.Sections)) {
			if a, b := len(ch.Sections[j].Commitments), len(model.Sections[j].Commitments); a != b {
				t.Errorf("chapter %d section %d: expected %d commitments, found %d", ch.Number, j+1, b, a)
			}
		}
		units := (&programme.Programme{Chapters: []*programme.Chapter{ch}}).Units()
		if err := sameShape(modelUnits, units); err != nil {
			t.Errorf("chapter %d: %v", ch.Number, err)
		}
		same := 0
		for _, c := range ch.Commitments() {
			if realIDs[strings.TrimPrefix(c.ID, ch.ID)] {
				same++
			}
		}
		if same > len(ch.Commitments())/4 {
			t.Errorf("chapter %d: %d commitments keep their real ID; expected new IDs", ch.Number, same)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	_, src := realSeed(t)
	a, err := Generate(src, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(src, 3, 1)
	c, _ := Generate(src, 5, 1)
	d, _ := Generate(src, 3, 2)
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s: two runs differ", a[i].Name)
		}
		if !bytes.Equal(a[i].Data, c[i].Data) {
			t.Errorf("%s: differs between k=3 and k=5", a[i].Name)
		}
		if bytes.Equal(a[i].Data, d[i].Data) {
			t.Errorf("%s: the random seed changes nothing", a[i].Name)
		}
	}
	if bytes.Equal(a[0].Data[20:], a[1].Data[20:]) {
		t.Error("two chapters are shuffled alike")
	}
}

func TestChapterBadSeed(t *testing.T) {
	for _, in := range []string{"", "\n\n", "Relations internationales 1\n"} {
		if _, err := Chapter([]byte(in), 101, 1); err == nil {
			t.Errorf("%q: expected an error for a seed without a chapter number", in)
		}
	}
}

// TestWriteTree checks the content of a synthetic tree made from the
// fixture site: every commitment has topics, and each translation keeps
// its state: the fixture's outdated Dutch and missing English translations
// stay so in every synthetic chapter, every other one is current.
func TestWriteTree(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"seeds", "content", "i18n", "themes"} {
		src := filepath.Join(fixture, dir)
		if dir == "themes" {
			src = filepath.Join(repo, dir)
		}
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	dst := t.TempDir()
	tree, err := WriteTree(dst, root, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tree.Chapters != 2 || tree.Commitments != 12 {
		t.Errorf("expected 2 chapters and 12 commitments, found %+v", tree)
	}
	prog, err := pipeline.Parse(context.Background(), pipeline.Options{Root: dst})
	if err != nil {
		t.Fatal(err)
	}
	c, err := content.Load(context.Background(), os.DirFS(filepath.Join(dst, "content")), "content")
	if err != nil {
		t.Fatalf("synthetic content does not load:\n%v", err)
	}
	assigned := map[string]bool{}
	for _, a := range c.Assignments {
		assigned[a.ID] = true
	}
	for _, cm := range prog.Commitments() {
		if !assigned[cm.ID] {
			t.Errorf("%s: no topics", cm.ID)
		}
	}
	r := translation.Check(prog.Units(), c, "content")
	got := map[string]int{}
	for lang, entries := range r.Entries {
		for _, e := range entries {
			if e.Status != translation.Current {
				got[lang+" "+e.Status.String()]++
			}
		}
	}
	if want := map[string]int{"nl outdated": 2, "en missing": 2}; !maps.Equal(got, want) {
		t.Errorf("translations not current: %v, want %v (the fixture's, once per chapter)", got, want)
	}
	if len(r.Orphans) > 0 {
		t.Errorf("orphan unit files: %v", r.Orphans)
	}
	if _, err := WriteTree(dst, root, 1, 1); err == nil {
		t.Error("expected an error when the folder is not empty")
	}
}

func TestRewriteFrontMatter(t *testing.T) {
	in := "---\ntitle: \"T\"\nslug: a-b\naliases:\n  - old-a\nsource: 0123456789ab\n---\nslug: in the body\n"
	want := "---\ntitle: \"T\"\nslug: a-b-101\nsource: \"ffffffffffff\"\n---\nslug: in the body\n"
	if got := string(rewriteFrontMatter([]byte(in), 101, "ffffffffffff")); got != want {
		t.Errorf("expected\n%s\nfound\n%s", want, got)
	}
	keep := "---\nsource: 0123456789ab\n---\nText\n"
	if got := string(rewriteFrontMatter([]byte(keep), 101, "")); got != keep {
		t.Errorf("an outdated translation changed:\n%s", got)
	}
}

// TestNumericFingerprint: a fingerprint made of digits and one "e" reads
// as a YAML number unless quoted; the synthetic unit file keeps it a string.
func TestNumericFingerprint(t *testing.T) {
	in := "---\ntitle: T\nsource: 0123456789ab\n---\nText\n"
	for _, fp := range []string{"2756749140e1", "054831025448"} {
		data := rewriteFrontMatter([]byte(in), 101, fp)
		var errs diag.List
		u := content.ParseUnit("content/en/units/101-x.md", "en", data, &errs)
		if err := errs.Err(); err != nil {
			t.Fatal(err)
		}
		if u.Source != fp {
			t.Errorf("expected source %q, found %q", fp, u.Source)
		}
	}
}
