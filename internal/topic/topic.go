// Package topic indexes commitments by topic: which commitments each topic
// holds, which topics each commitment has, the commitments related to a
// commitment and the topics that often go together. Related commitments
// come from an inverted index, so the cost grows linearly with the number
// of commitments (times the size of the largest topic).
package topic

import (
	"fmt"
	"sort"

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
	// OfItem lists the topics assigned to sub-items, per sub-item ID.
	OfItem map[string][]string

	position map[string]int // commitment ID → position in the programme
	order    map[string]int // topic ID → definition order
	all      []*programme.Commitment
}

// MaxTopics is how many topics one commitment may have.
const MaxTopics = 4

// Build checks the assignments against the programme and the topic
// definitions and builds the index. Every commitment must have 1 to
// MaxTopics topics; an unknown topic or ID is an error with file and line.
func Build(prog *programme.Programme, topics []*content.Topic, assignments []*content.Assignment) (*Index, error) {
	var errs diag.List
	ix := &Index{
		Topics:       topics,
		ByTopic:      map[string][]*programme.Commitment{},
		OfCommitment: map[string][]string{},
		OfItem:       map[string][]string{},
		position:     map[string]int{},
		order:        map[string]int{},
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
	for i, c := range ix.all {
		ix.position[c.ID] = i
		owner[c.ID] = c
		walk(c.Items, c)
	}
	sets := map[string]map[string]bool{}
	var file string
	for _, a := range assignments {
		file = a.File
		c, ok := owner[a.ID]
		if !ok {
			errs.Add(a.File, a.Line, "unknown commitment or sub-item ID %q", a.ID)
			continue
		}
		if len(a.Topics) == 0 || len(a.Topics) > MaxTopics {
			errs.Add(a.File, a.Line, "%q has %d topics; expected 1 to %d", a.ID, len(a.Topics), MaxTopics)
		}
		set := sets[c.ID]
		if set == nil {
			set = map[string]bool{}
			sets[c.ID] = set
		}
		for _, t := range a.Topics {
			if _, ok := ix.order[t]; !ok {
				errs.Add(a.File, a.Line, "unknown topic %q for %q; expected one of the IDs in %s", t, a.ID, content.TopicsFile)
				continue
			}
			set[t] = true
			if a.ID != c.ID {
				ix.OfItem[a.ID] = append(ix.OfItem[a.ID], t)
			}
		}
	}
	for _, c := range ix.all {
		set := sets[c.ID]
		if len(set) == 0 {
			errs.Add(file, 0, "commitment %q has no topic; expected an entry \"%s: [topic, ...]\"", c.ID, c.ID)
			continue
		}
		ids := make([]string, 0, len(set))
		for t := range set {
			ids = append(ids, t)
		}
		sort.Slice(ids, func(i, j int) bool { return ix.order[ids[i]] < ix.order[ids[j]] })
		ix.OfCommitment[c.ID] = ids
		for _, t := range ids {
			ix.ByTopic[t] = append(ix.ByTopic[t], c)
		}
	}
	return ix, errs.Err()
}

// Related returns up to n commitments sharing topics with c, ranked by the
// number of shared topics, then by distance in the programme, then by
// programme order. c itself is never among them.
func (ix *Index) Related(c *programme.Commitment, n int) []*programme.Commitment {
	shared := map[int]int{} // position → shared topics
	self := ix.position[c.ID]
	for _, t := range ix.OfCommitment[c.ID] {
		for _, other := range ix.ByTopic[t] {
			if p := ix.position[other.ID]; p != self {
				shared[p]++
			}
		}
	}
	cands := make([]int, 0, len(shared))
	for p := range shared {
		cands = append(cands, p)
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if shared[a] != shared[b] {
			return shared[a] > shared[b]
		}
		da, db := abs(a-self), abs(b-self)
		if da != db {
			return da < db
		}
		return a < b
	})
	if len(cands) > n {
		cands = cands[:n]
	}
	out := make([]*programme.Commitment, len(cands))
	for i, p := range cands {
		out[i] = ix.all[p]
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

// Check reports topics with fewer than min commitments.
func (ix *Index) Check(min int) []diag.Warning {
	var ws []diag.Warning
	for _, t := range ix.Topics {
		if n := len(ix.ByTopic[t.ID]); n < min {
			ws = append(ws, diag.Warning{Code: "SMALL_TOPIC", File: content.TopicsFile, Line: t.Line, Msg: fmt.Sprintf("topic %q has %d commitments; expected at least %d", t.ID, n, min)})
		}
	}
	return ws
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
