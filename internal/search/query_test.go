package search

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// This file reads an index as themes/default/search.js does, step for
// step, so that the tests can ask it the queries a visitor types: it is the
// script's reference. Keep the two in step.

// Field weights, as in search.js.
var fieldWeights = []struct {
	bit    int
	weight float64
}{{FieldTitle, 12}, {FieldBody, 6}, {FieldGlossary, 5}, {FieldTopic, 4}, {FieldSubItem, 3}, {FieldHeading, 2}}

// maxGroups is the number of stem groups a query word is expanded to, as
// in search.js.
const maxGroups = 12

// minPrefix is the length from which a query word matches longer words,
// as in search.js.
const minPrefix = 3

// maxWords and maxWordLen bound a query, as in search.js.
const (
	maxWords   = 8
	maxWordLen = 40
)

// client reads one language's index from its files, by path.
type client struct {
	read    func(path string) ([]byte, error) // path below the site root
	m       manifest
	fetched []string
}

func newClient(read func(string) ([]byte, error), lang string) (*client, error) {
	c := &client{read: read}
	if err := c.get(lang+"/search/index.json", &c.m); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *client) get(path string, v any) error {
	data, err := c.read(strings.TrimPrefix(path, "/"))
	if err != nil {
		return err
	}
	if !slices.Contains(c.fetched, path) {
		c.fetched = append(c.fetched, path)
	}
	return json.Unmarshal(data, v)
}

// queryWords splits and folds a query as search.js does.
func (c *client) queryWords(q string) []string {
	if utf8.RuneCountInString(q) > 1000 {
		q = string([]rune(q)[:1000])
	}
	var out []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !isWordRune(r) }) {
		w = Fold(strings.ToLower(w))
		if r := []rune(w); len(r) > maxWordLen {
			w = string(r[:maxWordLen])
		}
		if utf8.RuneCountInString(w) < 2 || slices.Contains(c.m.Stop, w) || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
		if len(out) == maxWords {
			break
		}
	}
	return out
}

// hit is a commitment found for a query word.
type hit struct {
	mask int
	pos  []int
}

// result is a commitment found for a query, with its score.
type result struct {
	doc   int
	score float64
}

// search returns the commitments found for q, best first, with the
// filters search.js offers (chapter number or 0, topic index or -1).
func (c *client) search(q string, chapter, topic int) ([]result, error) {
	ws := c.queryWords(q)
	if len(ws) == 0 {
		return nil, nil
	}
	var perWord []map[int]hit
	for _, w := range ws {
		hits, err := c.word(w)
		if err != nil {
			return nil, err
		}
		perWord = append(perWord, hits)
	}
	lo, hi := 0, c.m.Docs
	if chapter != 0 {
		lo, hi = -1, -1
		for i, ch := range c.m.Chapters {
			if ch.Number == chapter {
				lo, hi = ch.First, c.m.Docs
				if i+1 < len(c.m.Chapters) {
					hi = c.m.Chapters[i+1].First
				}
			}
		}
	}
	var inTopic map[int]bool
	if topic >= 0 {
		var lists [][]int
		if err := c.get(c.m.Base+"topics.json", &lists); err != nil {
			return nil, err
		}
		inTopic = map[int]bool{}
		d := 0
		for _, delta := range lists[topic] {
			d += delta
			inTopic[d] = true
		}
	}
	var out []result
	for d, h0 := range perWord[0] {
		if d < lo || d >= hi || (inTopic != nil && !inTopic[d]) {
			continue
		}
		score := weight(h0.mask)
		all := true
		for i := 1; i < len(perWord); i++ {
			h, ok := perWord[i][d]
			if !ok {
				all = false
				break
			}
			score += weight(h.mask) + proximity(perWord[i-1][d].pos, h.pos)
		}
		if all {
			// In thousandths, as search.js sorts them.
			out = append(out, result{doc: d, score: math.Round(score * 1000)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].doc < out[j].doc
	})
	return out, nil
}

func weight(mask int) float64 {
	for _, f := range fieldWeights {
		if mask&f.bit != 0 {
			return f.weight
		}
	}
	return 0
}

// proximity is the bonus of two words the closer they are.
func proximity(a, b []int) float64 {
	best := 1 << 30
	for _, p := range a {
		for _, q := range b {
			best = min(best, abs(p-q))
		}
	}
	if best >= 1<<30 {
		return 0
	}
	return 8 / float64(max(1, best))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// word returns the commitments holding a word of the query: the stem
// groups of the terms it begins, the exact term's first, at most
// maxGroups of them, the most frequent first.
func (c *client) word(w string) (map[int]hit, error) {
	key := shardKey(w)
	if !slices.Contains(c.m.Shards, key) {
		return map[int]hit{}, nil
	}
	var sh shard
	if err := c.get(c.m.Base+"d-"+key+".json", &sh); err != nil {
		return nil, err
	}
	type cand struct{ group, count int }
	var exact []int
	var cands []cand
	// A word of two letters ("UN", "EU") is taken whole; from three on,
	// as the start of longer words.
	prefix := utf8.RuneCountInString(w) >= minPrefix
	i := sort.SearchStrings(sh.Terms, w)
	for ; i < len(sh.Terms) && (sh.Terms[i] == w || prefix && strings.HasPrefix(sh.Terms[i], w)); i++ {
		if sh.Terms[i] == w {
			exact = append(exact, sh.Groups[i])
		}
		cands = append(cands, cand{sh.Groups[i], sh.Counts[i]})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].count > cands[j].count })
	groups := exact
	for _, cd := range cands {
		if len(groups) == maxGroups {
			break
		}
		if !slices.Contains(groups, cd.group) {
			groups = append(groups, cd.group)
		}
	}
	hits := map[int]hit{}
	for _, g := range groups {
		f := sort.SearchInts(c.m.Files, g+1) - 1
		var file [][]int
		if err := c.get(fmt.Sprintf("%sp%d.json", c.m.Base, f), &file); err != nil {
			return nil, err
		}
		enc := file[g-c.m.Files[f]]
		d := 0
		for k := 0; k < len(enc); {
			d += enc[k]
			mask, n := enc[k+1]>>3, enc[k+1]&7
			k += 2
			h := hits[d]
			h.mask |= mask
			p := 0
			for range n {
				p += enc[k]
				h.pos = append(h.pos, p)
				k++
			}
			hits[d] = h
		}
	}
	return hits, nil
}

// doc returns the result data of a commitment.
func (c *client) doc(d int) (chunkDoc, []string, error) {
	var ch chunk
	if err := c.get(fmt.Sprintf("%sc%d.json", c.m.Base, d/c.m.Chunk), &ch); err != nil {
		return chunkDoc{}, nil, err
	}
	cd := ch.Docs[d%c.m.Chunk]
	return cd, ch.Sections[cd.Section], nil
}
