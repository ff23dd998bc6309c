package topic

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

const file = "content/topic-assignments.yaml"

// prog builds a one-chapter programme. Each spec is a commitment ID,
// optionally followed by "/" and sub-item IDs separated by ",".
func prog(specs ...string) *programme.Programme {
	s := &programme.Section{ID: "1"}
	for i, spec := range specs {
		id, subs, _ := strings.Cut(spec, "/")
		c := &programme.Commitment{ID: id, SectionID: "1", Source: programme.Source{File: "seeds/t.txt", FirstLine: 10 + i}}
		if subs != "" {
			for _, sub := range strings.Split(subs, ",") {
				c.Items = append(c.Items, &programme.Item{ID: sub})
			}
		}
		s.Commitments = append(s.Commitments, c)
	}
	return &programme.Programme{Chapters: []*programme.Chapter{{ID: "t", Sections: []*programme.Section{s}}}}
}

func topics(ids ...string) []*content.Topic {
	var ts []*content.Topic
	for i, id := range ids {
		ts = append(ts, &content.Topic{ID: id, File: "content/topics.yaml", Line: i + 1})
	}
	return ts
}

// assigns reads "id: t1 t2" lines; the n-th line is on line n of the file.
func assigns(lines ...string) []*content.Assignment {
	var as []*content.Assignment
	for i, l := range lines {
		id, ts, _ := strings.Cut(l, ":")
		as = append(as, &content.Assignment{ID: id, Topics: strings.Fields(ts), File: file, Line: i + 1})
	}
	return as
}

func ids(cs []*programme.Commitment) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestBuildErrors(t *testing.T) {
	p := prog("a/a1,a2", "b", "c")
	ts := topics("t1", "t2", "t3", "t4", "t5")
	tests := []struct {
		name  string
		lines []string
		want  []string // "file:line: part of the message", in order
	}{
		{"valid", []string{"a: t1", "a1: t2", "b: t1", "c: t3"}, nil},
		{"unknown topic", []string{"a: t1 africa", "b: t1", "c: t1"},
			[]string{file + `:1: unknown topic "africa" for "a"`}},
		{"unknown ID", []string{"a: t1", "zz: t1", "b: t1", "c: t1"},
			[]string{file + `:2: unknown commitment or sub-item ID "zz"`}},
		{"unknown ID and topic", []string{"a: t1", "zz: t9", "b: t1", "c: t1"},
			[]string{file + `:2: unknown commitment or sub-item ID "zz"`, file + `:2: unknown topic "t9" for "zz"`}},
		{"too many topics", []string{"a: t1", "b: t1 t2 t3 t4 t5", "c: t1"},
			[]string{file + `:2: "b" has 5 topics with its sub-items (t1, t2, t3, t4, t5); expected at most 4`}},
		{"too many with sub-items", []string{"a: t1 t2 t3", "a1: t4", "a2: t5 t1", "b: t1", "c: t1"},
			[]string{file + `:1: "a" has 5 topics with its sub-items`}},
		{"too many, sub-items only", []string{"a1: t1 t2 t3", "a2: t4 t5", "b: t1", "c: t1"},
			[]string{file + `:1: "a" has 5 topics`}},
		{"empty list", []string{"a: t1", "b:", "c: t1"},
			[]string{file + `:2: "b" has no topic; expected 1 to 4 topic IDs`}},
		{"topic listed twice", []string{"a: t1 t1", "b: t1", "c: t1"},
			[]string{file + `:1: topic "t1" is listed twice for "a"`}},
		{"several errors, sorted", []string{"c: nope", "a: t1", "zz: t1"},
			[]string{file + `:1: unknown topic "nope"`, file + `:3: unknown commitment`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(p, ts, assigns(tt.lines...))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Build: %v", err)
				}
				return
			}
			var list diag.List
			if !errors.As(err, &list) {
				t.Fatalf("Build error = %v; want a diag.List", err)
			}
			if len(list) != len(tt.want) {
				t.Fatalf("Build reported %d errors, want %d:\n%v", len(list), len(tt.want), err)
			}
			for i, e := range list {
				if !strings.HasPrefix(e.Error(), tt.want[i]) {
					t.Errorf("error %d = %q; want prefix %q", i, e.Error(), tt.want[i])
				}
				if e.Line <= 0 {
					t.Errorf("error %d has no line: %q", i, e.Error())
				}
			}
		})
	}
}

// TestMissingTopic: a commitment without any entry (a new chapter's) is
// no error but a MISSING_TOPIC warning at the line after (or before) which
// its entry goes, and it is listed under no topic.
func TestMissingTopic(t *testing.T) {
	p := prog("a/a1,a2", "b", "c")
	ts := topics("t1", "t2", "t3")
	file := "content/topic-assignments.yaml"
	tests := []struct {
		name  string
		lines []string
		want  []string // "file:line: CODE: part of the message", in order
	}{
		{"commitment without topic", []string{"a: t1", "c: t1"},
			[]string{file + `:1: MISSING_TOPIC: commitment "b" (seeds/t.txt, source line 11) has no topic and is listed under none; add an entry "b: [topic, ...]" after this line`}},
		{"first commitment without topic", []string{"b: t1", "c: t1"},
			[]string{file + `:1: MISSING_TOPIC: commitment "a" (seeds/t.txt, source line 10) has no topic and is listed under none; add an entry "a: [topic, ...]" before this line`}},
		{"no assignment at all", nil,
			[]string{file + `: MISSING_TOPIC: commitment "a"`, file + `: MISSING_TOPIC: commitment "b"`, file + `: MISSING_TOPIC: commitment "c"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Build(p, ts, assigns(tt.lines...))
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			var got []string
			for _, w := range ix.Check(0) {
				got = append(got, w.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Check = %q; want %d warnings", got, len(tt.want))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("warning %d = %q; want prefix %q", i, got[i], tt.want[i])
				}
			}
			for _, id := range []string{"a", "b", "c"} {
				listed := false
				for _, cs := range ix.ByTopic {
					for _, c := range cs {
						listed = listed || c.ID == id
					}
				}
				if unassigned := strings.Contains(strings.Join(got, "\n"), `commitment "`+id+`"`); listed == unassigned {
					t.Errorf("%s: listed under a topic: %v, warned: %v", id, listed, unassigned)
				}
			}
		})
	}
}

func TestBuild(t *testing.T) {
	p := prog("a/a1,a2", "b", "c")
	ix, err := Build(p, topics("t1", "t2", "t3"), assigns("a: t3", "a1: t2 t1", "b: t1", "c: t3"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ix.OfCommitment["a"], []string{"t1", "t2", "t3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("OfCommitment[a] = %v; want %v (definition order, sub-items included)", got, want)
	}
	if got, want := ix.OfItem, map[string][]string{"a1": {"t2", "t1"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("OfItem = %v; want %v", got, want)
	}
	for topic, want := range map[string][]string{"t1": {"a", "b"}, "t2": {"a"}, "t3": {"a", "c"}} {
		if got := ids(ix.ByTopic[topic]); !reflect.DeepEqual(got, want) {
			t.Errorf("ByTopic[%s] = %v; want %v", topic, got, want)
		}
	}
	ws := ix.Check(2)
	if len(ws) != 1 || ws[0].Code != "SMALL_TOPIC" || ws[0].File != "content/topics.yaml" || !strings.Contains(ws[0].Msg, `"t2"`) {
		t.Errorf("Check(2) = %v; want one SMALL_TOPIC warning for t2", ws)
	}
}

func TestRelated(t *testing.T) {
	// Positions:     0    1    2    3    4    5    6    7
	p := prog("a", "b", "c", "d", "e", "f", "g", "h")
	ix, err := Build(p, topics("x", "y", "z", "w"), assigns(
		"a: x y",
		"b: x",
		"c: w",
		"d: x y", // the commitment under test in most cases
		"e: y",
		"f: x y",
		"g: y z",
		"h: z",
	))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*programme.Commitment{}
	for _, c := range p.Commitments() {
		byID[c.ID] = c
	}
	tests := []struct {
		id   string
		n    int
		want []string
	}{
		// f and a share two topics (f is nearer); then e, b and g share
		// one, nearest first.
		{"d", 5, []string{"f", "a", "e", "b", "g"}},
		{"d", 2, []string{"f", "a"}},
		{"d", 10, []string{"f", "a", "e", "b", "g"}},
		{"d", 0, nil},
		// Equal shared count and distance: the earlier one first.
		{"e", 2, []string{"d", "f"}},
		{"c", 5, nil}, // w is c's alone
		{"h", 5, []string{"g"}},
		{"a", 3, []string{"d", "f", "b"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.id, tt.n), func(t *testing.T) {
			got := ids(ix.Related(byID[tt.id], tt.n))
			if tt.want == nil {
				tt.want = []string{}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Related(%s, %d) = %v; want %v", tt.id, tt.n, got, tt.want)
			}
		})
	}
	if got := ix.Related(&programme.Commitment{ID: "unknown"}, 5); len(got) != 0 {
		t.Errorf("Related(unknown) = %v; want none", ids(got))
	}
}

// naiveRelated ranks every other commitment by the specification, for
// comparison with Related.
func naiveRelated(ix *Index, c *programme.Commitment, n int) []*programme.Commitment {
	mine := map[string]bool{}
	for _, t := range ix.OfCommitment[c.ID] {
		mine[t] = true
	}
	self := ix.position[c.ID]
	own := ix.chapter[self]
	type cand struct{ pos, shared int }
	var cs []cand
	for i, o := range ix.all {
		k := 0
		for _, t := range ix.OfCommitment[o.ID] {
			if mine[t] {
				k++
			}
		}
		if i != self && k > 0 {
			cs = append(cs, cand{i, k})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		ina := a.pos >= int(own.lo) && a.pos < int(own.hi)
		inb := b.pos >= int(own.lo) && b.pos < int(own.hi)
		if ina != inb {
			return ina
		}
		if a.shared != b.shared {
			return a.shared > b.shared
		}
		if da, db := abs(a.pos-self), abs(b.pos-self); da != db {
			return da < db
		}
		return a.pos < b.pos
	})
	out := []*programme.Commitment{}
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, ix.all[cs[i].pos])
	}
	return out
}

// split cuts a one-chapter programme into chapters of random sizes, in the
// same order.
func split(p *programme.Programme, r *rand.Rand) *programme.Programme {
	all := p.Commitments()
	out := &programme.Programme{}
	for len(all) > 0 {
		n := min(len(all), 1+r.Intn(12))
		id := fmt.Sprint(len(out.Chapters) + 1)
		s := &programme.Section{ID: id + "-1", Commitments: all[:n]}
		out.Chapters = append(out.Chapters, &programme.Chapter{ID: id, Sections: []*programme.Section{s}})
		all = all[n:]
	}
	return out
}

// TestRelatedSameChapterFirst: a commitment of another chapter sharing
// more topics comes after one of the same chapter sharing fewer.
func TestRelatedSameChapterFirst(t *testing.T) {
	one := &programme.Section{ID: "1-1", Commitments: []*programme.Commitment{{ID: "a"}, {ID: "b"}}}
	two := &programme.Section{ID: "2-1", Commitments: []*programme.Commitment{{ID: "c"}, {ID: "d"}}}
	p := &programme.Programme{Chapters: []*programme.Chapter{
		{ID: "1", Sections: []*programme.Section{one}},
		{ID: "2", Sections: []*programme.Section{two}},
	}}
	ix, err := Build(p, topics("x", "y"), assigns("a: x y", "b: x", "c: x y", "d: y"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		c    *programme.Commitment
		want []string
	}{
		{one.Commitments[1], []string{"a", "c"}},
		{two.Commitments[0], []string{"d", "a", "b"}},
		{one.Commitments[0], []string{"b", "c", "d"}},
	}
	for _, tt := range tests {
		if got := ids(ix.Related(tt.c, 5)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Related(%s) = %v; want %v", tt.c.ID, got, tt.want)
		}
	}
}

func TestRelatedMatchesSpecification(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	names := []string{"t0", "t1", "t2", "t3", "t4", "t5"}
	for round := 0; round < 30; round++ {
		var specs, lines []string
		for i := 0; i < 1+r.Intn(60); i++ {
			id := fmt.Sprintf("c%d", i)
			specs = append(specs, id)
			k := 1 + r.Intn(MaxTopics)
			perm := r.Perm(len(names))[:k]
			var ts []string
			for _, j := range perm {
				ts = append(ts, names[j])
			}
			lines = append(lines, id+": "+strings.Join(ts, " "))
		}
		p := prog(specs...)
		if round%2 == 1 {
			p = split(p, r)
		}
		ix, err := Build(p, topics(names...), assigns(lines...))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ix.all {
			for _, n := range []int{1, 5, 100} {
				got, want := ids(ix.Related(c, n)), ids(naiveRelated(ix, c, n))
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d: Related(%s, %d) = %v; want %v", round, c.ID, n, got, want)
				}
			}
		}
	}
}

func TestCoTopics(t *testing.T) {
	p := prog("a", "b", "c", "d")
	ix, err := Build(p, topics("x", "y", "z", "w"), assigns("a: x y", "b: x y z", "c: x z", "d: w"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		n    int
		want []Shared
	}{
		{"x", 5, []Shared{{"y", 2}, {"z", 2}}}, // equal counts: definition order
		{"x", 1, []Shared{{"y", 2}}},
		{"y", 5, []Shared{{"x", 2}, {"z", 1}}},
		{"z", 5, []Shared{{"x", 2}, {"y", 1}}},
		{"w", 5, []Shared{}},
	}
	for _, tt := range tests {
		if got := ix.CoTopics(tt.id, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CoTopics(%s, %d) = %v; want %v", tt.id, tt.n, got, tt.want)
		}
	}
}

// TestIndexConsistent checks, on a programme with sub-items assigned
// topics of their own, that every commitment has 1 to MaxTopics topics,
// that every topic lists exactly the commitments assigned to it, own or
// through a sub-item, in programme order, and that Related follows its
// specification. The real topics and assignments are editorial: the build
// checks them (an unknown topic or ID, a commitment without topic are
// errors, a small topic a warning), not go test.
func TestIndexConsistent(t *testing.T) {
	p := prog("a/a1,a2", "b", "c/c1", "d", "e", "f/f1")
	as := assigns("a: x", "a1: y", "a2: y z", "b: x y", "c1: w", "c: x", "d: z", "e: y w", "f1: x z w")
	ix, err := Build(p, topics("x", "y", "z", "w"), as)
	if err != nil {
		t.Fatalf("Build:\n%v", err)
	}
	all := p.Commitments()
	for _, cm := range all {
		if n := len(ix.OfCommitment[cm.ID]); n < 1 || n > MaxTopics {
			t.Errorf("%s has %d topics; want 1 to %d", cm.ID, n, MaxTopics)
		}
	}

	// Every topic page lists exactly the commitments assigned to it, own or
	// through a sub-item, in programme order.
	owner := map[string]string{}
	var walk func(items []*programme.Item, id string)
	walk = func(items []*programme.Item, id string) {
		for _, it := range items {
			owner[it.ID] = id
			walk(it.Items, id)
		}
	}
	for _, cm := range all {
		owner[cm.ID] = cm.ID
		walk(cm.Items, cm.ID)
	}
	has := map[string]map[string]bool{}
	for _, a := range as {
		for _, tp := range a.Topics {
			if has[tp] == nil {
				has[tp] = map[string]bool{}
			}
			has[tp][owner[a.ID]] = true
		}
	}
	for _, tp := range ix.Topics {
		want := []string{}
		for _, cm := range all {
			if has[tp.ID][cm.ID] {
				want = append(want, cm.ID)
			}
		}
		if got := ids(ix.ByTopic[tp.ID]); !reflect.DeepEqual(got, want) {
			t.Errorf("topic %s lists %v; want %v", tp.ID, got, want)
		}
	}

	for topic, want := range map[string][]string{"x": {"a", "b", "c", "f"}, "y": {"a", "b", "e"}, "z": {"a", "d", "f"}, "w": {"c", "e", "f"}} {
		if got := ids(ix.ByTopic[topic]); !reflect.DeepEqual(got, want) {
			t.Errorf("topic %s holds %v, want %v", topic, got, want)
		}
	}

	for _, cm := range all {
		rel := ix.Related(cm, 5)
		if len(rel) > 5 {
			t.Errorf("%s: %d related; want at most 5", cm.ID, len(rel))
		}
		for _, r := range rel {
			if r == cm {
				t.Errorf("%s is related to itself", cm.ID)
			}
		}
		if got, want := ids(rel), ids(naiveRelated(ix, cm, 5)); !reflect.DeepEqual(got, want) {
			t.Errorf("Related(%s) = %v; want %v", cm.ID, got, want)
		}
	}
}

// replicate returns a programme made of k copies of p's chapters, with new
// IDs, and the assignments copied to match.
func replicate(p *programme.Programme, as []*content.Assignment, k int) (*programme.Programme, []*content.Assignment) {
	out := &programme.Programme{}
	var outAs []*content.Assignment
	var cloneItems func(items []*programme.Item, prefix string) []*programme.Item
	cloneItems = func(items []*programme.Item, prefix string) []*programme.Item {
		var cs []*programme.Item
		for _, it := range items {
			cp := *it
			cp.ID = prefix + it.ID
			cp.Items = cloneItems(it.Items, prefix)
			cs = append(cs, &cp)
		}
		return cs
	}
	for i := 0; i < k; i++ {
		prefix := fmt.Sprintf("x%d-", i)
		for _, ch := range p.Chapters {
			cch := *ch
			cch.ID = prefix + ch.ID
			cch.Sections = nil
			for _, s := range ch.Sections {
				cs := *s
				cs.ID = prefix + s.ID
				cs.Commitments = nil
				for _, c := range s.Commitments {
					cc := *c
					cc.ID = prefix + c.ID
					cc.SectionID = cs.ID
					cc.Items = cloneItems(c.Items, prefix)
					cs.Commitments = append(cs.Commitments, &cc)
				}
				cch.Sections = append(cch.Sections, &cs)
			}
			out.Chapters = append(out.Chapters, &cch)
		}
		for _, a := range as {
			ca := *a
			ca.ID = prefix + a.ID
			outAs = append(outAs, &ca)
		}
	}
	return out, outAs
}

// loadReal parses the seed and loads the real topics and assignments, for
// the benchmarks only: they measure, they do not assert, so an editor's
// change to content/ cannot break go test. Errors in content files other
// than the topic files are logged, not fatal.
func loadReal(t testing.TB) (*programme.Programme, *content.Content) {
	t.Helper()
	p := parseSeeds(t, "../../seeds")
	c, err := content.Load(context.Background(), os.DirFS("../../content"), "content")
	var list diag.List
	if err != nil && !errors.As(err, &list) {
		t.Fatalf("load content: %v", err)
	}
	for _, e := range list {
		switch path.Base(e.File) {
		case content.TopicsFile, content.AssignmentsFile:
			t.Errorf("load content: %v", e)
		default:
			t.Logf("load content (not a topic file, ignored here): %v", e)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return p, c
}

var sizes = []int{1, 10, 100}

func BenchmarkBuild(b *testing.B) {
	p, c := loadReal(b)
	for _, k := range sizes {
		rp, ras := replicate(p, c.Assignments, k)
		n := len(rp.Commitments())
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Build(rp, c.Topics, ras); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/commitment")
		})
	}
}

// BenchmarkRelated computes the 5 related commitments of every commitment,
// as a site build does.
func BenchmarkRelated(b *testing.B) {
	p, c := loadReal(b)
	for _, k := range sizes {
		rp, ras := replicate(p, c.Assignments, k)
		ix, err := Build(rp, c.Topics, ras)
		if err != nil {
			b.Fatal(err)
		}
		all := rp.Commitments()
		b.Run(fmt.Sprintf("x%d", k), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, cm := range all {
					ix.Related(cm, 5)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(all)), "ns/commitment")
		})
	}
}

// parseSeeds parses the seed files of dir (seed parses bytes only).
func parseSeeds(t testing.TB, dir string) *programme.Programme {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var files []seed.File
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, seed.File{Name: name, Data: data})
	}
	prog, err := seed.ParseAll(context.Background(), files)
	if err != nil {
		t.Fatalf("parse seeds: %v", err)
	}
	return prog
}
