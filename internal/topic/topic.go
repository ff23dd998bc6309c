// Package topic indexes commitments by topic: which commitments each topic
// holds, which topics each commitment has, the commitments related to a
// commitment and the topics that often go together. Related commitments
// come from an inverted index, so the cost grows linearly with the number
// of commitments.
package topic

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
)

// Index is the topic index of a programme.
type Index struct {
	Topics []*content.Topic // in definition order
	// ByTopic lists, per topic ID, its commitments in programme order.
	ByTopic map[string][]*programme.Commitment
	// OfCommitment lists, per commitment ID, its topic IDs in definition
	// order. Topics assigned to a commitment's sub-items count for it too.
	OfCommitment map[string][]string
	// OfItem lists the topics assigned to sub-items, per sub-item ID, in the
	// order of the assignment.
	OfItem map[string][]string

	position map[string]int // commitment ID → position in the programme
	// chapter gives, per position, the positions [lo, hi) of its chapter:
	// related commitments come from the same chapter first.
	chapter []span
	order   map[string]int // topic ID → definition order
	all     []*programme.Commitment
	// groups gathers the commitments that have exactly the same topics;
	// byTopic lists, per topic ID, the groups that have it. Related works on
	// groups, so its cost depends on how many distinct topic sets there are,
	// not on how many commitments share them.
	groups  []*group
	byTopic map[string][]*group
	// missing warns about the commitments without an assignment.
	missing []diag.Warning
}

// span is a range of positions [lo, hi).
type span struct{ lo, hi int32 }

// group is the set of commitments that have exactly the same topics.
type group struct {
	topics []string // in definition order
	pos    []int    // positions in the programme, ascending
}

// MaxTopics is how many topics one commitment may have, counting the topics
// of its sub-items.
const MaxTopics = 4

// Build checks the assignments against the programme and the topic
// definitions and builds the index. A commitment has at most MaxTopics
// topics, its own and its sub-items' together. An unknown topic or ID, an
// empty or repeated topic or too many topics is an error with file and
// line in the assignments file. A commitment without any entry (a new
// chapter's) is no error: it is listed under no topic, and Check warns
// about it (MISSING_TOPIC) at the line after which its entry goes, that of
// the commitment that precedes it in the programme.
func Build(prog *programme.Programme, topics []*content.Topic, assignments []*content.Assignment) (*Index, error) {
	var errs diag.List
	ix := &Index{
		Topics:       topics,
		ByTopic:      map[string][]*programme.Commitment{},
		OfCommitment: map[string][]string{},
		OfItem:       map[string][]string{},
		position:     map[string]int{},
		order:        map[string]int{},
		byTopic:      map[string][]*group{},
	}
	for i, t := range topics {
		ix.order[t.ID] = i
	}
	owner := map[string]*programme.Commitment{} // commitment or sub-item ID → commitment
	var walk func(items []*programme.Item, c *programme.Commitment)
	walk = func(items []*programme.Item, c *programme.Commitment) {
		for _, it := range items {
			owner[it.ID] = c
			walk(it.Items, c)
		}
	}
	ix.all = prog.Commitments()
	ix.chapter = make([]span, 0, len(ix.all))
	for _, ch := range prog.Chapters {
		lo := int32(len(ix.chapter))
		hi := lo + int32(len(ch.Commitments()))
		for range hi - lo {
			ix.chapter = append(ix.chapter, span{lo, hi})
		}
	}
	for i, c := range ix.all {
		ix.position[c.ID] = i
		owner[c.ID] = c
		walk(c.Items, c)
	}
	file := assignmentsFile(topics, assignments)
	topicsFile := content.TopicsFile
	if len(topics) > 0 {
		topicsFile = topics[0].File
	}
	sets := map[string][]string{} // commitment ID → its topics and its sub-items', each once
	line := map[string]int{}      // commitment ID → line of its own entry, else of its first sub-item's
	var listed []string           // the topics of an entry so far
	for _, a := range assignments {
		file = a.File
		c, ok := owner[a.ID]
		if !ok {
			errs.Add(a.File, a.Line, "unknown commitment or sub-item ID %q; expected an ID printed by \"explainer parse\"", a.ID)
			for _, t := range a.Topics {
				if _, ok := ix.order[t]; !ok {
					errs.Add(a.File, a.Line, "unknown topic %q for %q; expected one of the IDs in %s", t, a.ID, topicsFile)
				}
			}
			continue
		}
		if _, ok := line[c.ID]; !ok || a.ID == c.ID {
			line[c.ID] = a.Line // the commitment's own entry, else its first sub-item's
		}
		if len(a.Topics) == 0 {
			errs.Add(a.File, a.Line, "%q has no topic; expected 1 to %d topic IDs such as [europe, africa]", a.ID, MaxTopics)
		}
		set := sets[c.ID]
		listed = listed[:0]
		for _, t := range a.Topics {
			if _, ok := ix.order[t]; !ok {
				errs.Add(a.File, a.Line, "unknown topic %q for %q; expected one of the IDs in %s", t, a.ID, topicsFile)
				continue
			}
			if slices.Contains(listed, t) {
				errs.Add(a.File, a.Line, "topic %q is listed twice for %q", t, a.ID)
				continue
			}
			listed = append(listed, t)
			if !slices.Contains(set, t) {
				set = append(set, t)
			}
			if a.ID != c.ID {
				ix.OfItem[a.ID] = append(ix.OfItem[a.ID], t)
			}
		}
		sets[c.ID] = set
	}
	groupOf := map[string]*group{} // topic set key → group
	last := 0                      // line of the entry of the latest commitment seen with one
	for i, c := range ix.all {
		set := sets[c.ID]
		if len(set) == 0 {
			if _, ok := line[c.ID]; ok {
				continue // its entry is already reported: empty, or unknown topics only
			}
			w := diag.Warning{Code: diag.MissingTopic, File: file, Line: last, Msg: fmt.Sprintf("commitment %q (%s) has no topic and is listed under none; add an entry \"%s: [topic, ...]\" after this line", c.ID, sourceOf(c), c.ID)}
			if last == 0 {
				w.Line = nextLine(ix.all[i+1:], line)
				w.Msg = fmt.Sprintf("commitment %q (%s) has no topic and is listed under none; add an entry \"%s: [topic, ...]\" before this line", c.ID, sourceOf(c), c.ID)
				if w.Line == 0 {
					w.Msg = fmt.Sprintf("commitment %q (%s) has no topic and is listed under none; add an entry \"%s: [topic, ...]\"", c.ID, sourceOf(c), c.ID)
				}
			}
			ix.missing = append(ix.missing, w)
			continue
		}
		if l := line[c.ID]; l > last {
			last = l
		}
		ids := slices.Clone(set)
		sort.Slice(ids, func(i, j int) bool { return ix.order[ids[i]] < ix.order[ids[j]] })
		if len(ids) > MaxTopics {
			errs.Add(file, line[c.ID], "%q has %d topics with its sub-items (%s); expected at most %d", c.ID, len(ids), strings.Join(ids, ", "), MaxTopics)
		}
		ix.OfCommitment[c.ID] = ids
		for _, t := range ids {
			ix.ByTopic[t] = append(ix.ByTopic[t], c)
		}
		key := strings.Join(ids, " ")
		g := groupOf[key]
		if g == nil {
			g = &group{topics: ids}
			groupOf[key] = g
			ix.groups = append(ix.groups, g)
			for _, t := range ids {
				ix.byTopic[t] = append(ix.byTopic[t], g)
			}
		}
		g.pos = append(g.pos, i)
	}
	return ix, errs.Err()
}

// sourceOf names where a commitment is in the seed.
func sourceOf(c *programme.Commitment) string {
	return fmt.Sprintf("%s, source line %d", c.Source.File, c.Source.FirstLine)
}

// nextLine returns the entry line of the first of cs that has one, or 0.
func nextLine(cs []*programme.Commitment, line map[string]int) int {
	for _, c := range cs {
		if l := line[c.ID]; l > 0 {
			return l
		}
	}
	return 0
}

// Related returns up to n commitments sharing topics with c: those of c's
// own chapter first, then those of other chapters, each ranked by the
// number of shared topics, then by distance in the programme, then by
// programme order. c itself is never among them; a commitment outside the
// index has none.
//
// The cost does not grow with the size of the topics: commitments with the
// same topics form one group, and within a group the nearest ones are found
// by binary search. It is about G·log N + n·G for G distinct topic sets
// sharing a topic with c, so relating every commitment of a programme costs
// time linear in its size (up to the logarithm).
func (ix *Index) Related(c *programme.Commitment, n int) []*programme.Commitment {
	self, ok := ix.position[c.ID]
	if !ok || n <= 0 {
		return nil
	}
	mine := ix.OfCommitment[c.ID]
	type cand struct {
		g           *group
		shared      int
		left, right int // next indexes in g.pos on each side of self
	}
	cands := make([]cand, 0, 16)
	for j, t := range mine {
		for _, g := range ix.byTopic[t] {
			// g is met once per shared topic; count it at the first.
			k, first := 0, -1
			for _, u := range g.topics {
				for i, v := range mine {
					if u == v {
						k++
						if first < 0 || i < first {
							first = i
						}
					}
				}
			}
			if first != j {
				continue
			}
			i := sort.SearchInts(g.pos, self)
			r := i
			if r < len(g.pos) && g.pos[r] == self {
				r++
			}
			cands = append(cands, cand{g: g, shared: k, left: i - 1, right: r})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.shared - a.shared })
	var out []*programme.Commitment
	if len(cands) > 0 {
		out = make([]*programme.Commitment, 0, min(n, 16))
	}
	// First the commitments of c's own chapter, then the others: the first
	// pass leaves each group's cursors at the chapter's bounds, where the
	// second goes on.
	own := ix.chapter[self]
	for _, bounds := range []span{own, {0, int32(len(ix.all))}} {
		inside := func(p int) bool { return p >= int(bounds.lo) && p < int(bounds.hi) }
		for lo := 0; lo < len(cands) && len(out) < n; {
			hi := lo
			for hi < len(cands) && cands[hi].shared == cands[lo].shared {
				hi++
			}
			for len(out) < n {
				// The nearest commitment not yet taken among the groups of
				// this level; on equal distance, the earlier one.
				best, bestPos, bestLeft := -1, 0, false
				better := func(p int) bool {
					if !inside(p) {
						return false
					}
					if best < 0 {
						return true
					}
					if d, bd := abs(p-self), abs(bestPos-self); d != bd {
						return d < bd
					}
					return p < bestPos
				}
				for ci := lo; ci < hi; ci++ {
					cd := &cands[ci]
					if cd.left >= 0 {
						if p := cd.g.pos[cd.left]; better(p) {
							best, bestPos, bestLeft = ci, p, true
						}
					}
					if cd.right < len(cd.g.pos) {
						if p := cd.g.pos[cd.right]; better(p) {
							best, bestPos, bestLeft = ci, p, false
						}
					}
				}
				if best < 0 {
					break
				}
				if bestLeft {
					cands[best].left--
				} else {
					cands[best].right++
				}
				out = append(out, ix.all[bestPos])
			}
			lo = hi
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// CoTopics returns up to n other topics that share commitments with topic
// id, most shared first, then in definition order, with the count shared.
func (ix *Index) CoTopics(id string, n int) []Shared {
	counts := map[string]int{}
	for _, c := range ix.ByTopic[id] {
		for _, t := range ix.OfCommitment[c.ID] {
			if t != id {
				counts[t]++
			}
		}
	}
	out := make([]Shared, 0, len(counts))
	for t, k := range counts {
		out = append(out, Shared{Topic: t, Count: k})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return ix.order[out[i].Topic] < ix.order[out[j].Topic]
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// Shared is a topic and the number of commitments it shares with another.
type Shared struct {
	Topic string
	Count int
}

// Check reports the commitments without topic (MISSING_TOPIC), then the
// topics with fewer than min commitments (SMALL_TOPIC).
func (ix *Index) Check(min int) []diag.Warning {
	ws := append([]diag.Warning(nil), ix.missing...)
	for _, t := range ix.Topics {
		if n := len(ix.ByTopic[t.ID]); n < min {
			ws = append(ws, diag.Warning{Code: diag.SmallTopic, File: t.File, Line: t.Line, Msg: fmt.Sprintf("topic %q has %d commitments; expected at least %d", t.ID, n, min)})
		}
	}
	return ws
}

// assignmentsFile returns the path of the assignments file, as editors see
// it: the assignments' own, or, without any, the file of that name beside
// the topic definitions.
func assignmentsFile(topics []*content.Topic, assignments []*content.Assignment) string {
	if len(assignments) > 0 {
		return assignments[0].File
	}
	if len(topics) > 0 {
		return path.Join(path.Dir(topics[0].File), content.AssignmentsFile)
	}
	return content.AssignmentsFile
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
