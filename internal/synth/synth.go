// Package synth writes synthetic programme chapters, and the content that
// goes with them, from the real seeds, so that the build can be measured at
// scale.
//
// A synthetic chapter is a real seed with another chapter number and the
// words of every line shuffled. The layout is kept exactly: every line keeps
// its source line number (glued ones such as "UE-81" too), its leading
// space (page start), its bullet glyph, its first and its last word (the
// words the parser's paragraph rules look at), its spacing, and a
// letter-spaced heading line shuffles its letter-spaced words as whole
// words. Markers ("Nos priorités :", "Nous voulons :") have no inner words
// and stay as they are. So a synthetic chapter has the same sections,
// commitments and sub-items as its real seed, under new IDs (an ID comes
// from the first significant words of a text).
//
// Chapters are numbered FirstChapter, FirstChapter+1, ...; the real
// chapters are not part of a synthetic tree. The same random seed and
// chapter number always give the same chapter, whatever the number of
// chapters, so a tree of 10 chapters is the start of a tree of 100.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/belgian-programme/explainer/internal/seed"
)

// FirstChapter is the number of the first synthetic chapter. Real chapters
// are numbered below 100, so synthetic IDs never meet real ones.
const FirstChapter = 101

// Generate returns k synthetic seed files made from the real seed src:
// chapters FirstChapter to FirstChapter+k-1, named "<number>-synth.txt".
// rngSeed chooses the shuffles.
func Generate(src []byte, k int, rngSeed uint64) ([]seed.File, error) {
	var files []seed.File
	for i := range k {
		n := FirstChapter + i
		data, err := Chapter(src, n, rngSeed)
		if err != nil {
			return nil, err
		}
		files = append(files, seed.File{Name: FileName(n), Data: data})
	}
	return files, nil
}

// FileName is the name of the seed file of synthetic chapter n.
func FileName(n int) string { return strconv.Itoa(n) + "-synth.txt" }

// Chapter returns the real seed src as chapter number, its words shuffled
// within each line. The shuffle depends only on rngSeed and number. It
// fails when the first line with text does not start with a chapter
// number ("34.").
func Chapter(src []byte, number int, rngSeed uint64) ([]byte, error) {
	rng := rand.NewPCG(rngSeed, uint64(number))
	lines := strings.Split(string(src), "\n")
	titled := false
	for i, ln := range lines {
		cr := strings.HasSuffix(ln, "\r")
		ln = strings.TrimSuffix(ln, "\r")
		if strings.TrimSpace(ln) == "" {
			continue
		}
		l := split(ln)
		if !titled {
			titled = true
			if err := renumber(l, number); err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
		}
		if isHeading(l) {
			shuffleHeading(l, rng)
		} else {
			shuffleLine(l, rng)
		}
		ln = l.String()
		if cr {
			ln += "\r"
		}
		lines[i] = ln
	}
	if !titled {
		return nil, fmt.Errorf("line 1: expected a chapter title such as \"34. Relations internationales\", found no text")
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// line is a seed line cut into words and the runs of spaces around them:
// seps[i] precedes words[i], and seps[len(words)] ends the line.
type line struct {
	words []string
	seps  []string
}

func split(s string) *line {
	l := &line{}
	i := 0
	for {
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += size
		}
		l.seps = append(l.seps, s[i:j])
		if j == len(s) {
			return l
		}
		k := j
		for k < len(s) {
			r, size := utf8.DecodeRuneInString(s[k:])
			if unicode.IsSpace(r) {
				break
			}
			k += size
		}
		l.words = append(l.words, s[j:k])
		i = k
	}
}

// String joins the line back.
func (l *line) String() string {
	var b strings.Builder
	for i, w := range l.words {
		b.WriteString(l.seps[i])
		b.WriteString(w)
	}
	b.WriteString(l.seps[len(l.words)])
	return b.String()
}

// renumber replaces the chapter number that starts the title line.
func renumber(l *line, number int) error {
	if len(l.words) == 0 {
		return fmt.Errorf("expected a chapter title such as \"34. Relations internationales\", found no text")
	}
	w := l.words[0]
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 {
		return fmt.Errorf("expected a chapter title such as \"34. Relations internationales\", found %q", w)
	}
	l.words[0] = strconv.Itoa(number) + w[i:]
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isGlyph(s string) bool {
	switch s {
	case "➔", "➢", "o", "•":
		return true
	}
	return false
}

// shuffleLine shuffles the words of a prose or bullet line, except its first
// word (and the word after a bullet glyph), its last word and the source
// line number.
func shuffleLine(l *line, rng *rand.PCG) {
	n := len(l.words)
	lo, hi := 1, n-1 // shuffle words[lo:hi]
	if n > 0 && isGlyph(l.words[0]) {
		lo = 2
	}
	if n > 0 && isDigits(l.words[n-1]) {
		hi = n - 2
	}
	var free []int
	for i := lo; i < hi; i++ {
		free = append(free, i)
	}
	permute(l.words, free, rng)
}

// isHeading reports whether a line is written in letter-spaced capitals
// (besides its number and source line number): every word is one
// character, at least four are letters and every letter is upper-case.
func isHeading(l *line) bool {
	letters := 0
	for _, w := range l.words {
		if isDigits(w) {
			continue
		}
		r, size := utf8.DecodeRuneInString(w)
		if size != len(w) {
			return false
		}
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 4
}

// shuffleHeading shuffles the letter-spaced words of a heading line as whole
// words: a word is a run of single letters one space apart, and words are
// two or more spaces apart. Runs with a digit or a sign (the section
// number, the source line number) stay in place.
func shuffleHeading(l *line, rng *rand.PCG) {
	type group struct{ from, to int } // words[from:to]
	var groups []group
	for i := range l.words {
		if i == 0 || len(l.seps[i]) >= 2 {
			groups = append(groups, group{i, i + 1})
		} else {
			groups[len(groups)-1].to = i + 1
		}
	}
	var free []int
	var texts []string
	for gi, g := range groups {
		letters := true
		for _, w := range l.words[g.from:g.to] {
			r, _ := utf8.DecodeRuneInString(w)
			letters = letters && unicode.IsLetter(r)
		}
		if letters {
			free = append(free, gi)
		}
		texts = append(texts, strings.Join(l.words[g.from:g.to], " "))
	}
	permute(texts, free, rng)
	var b strings.Builder
	for gi, g := range groups {
		b.WriteString(l.seps[g.from])
		b.WriteString(texts[gi])
	}
	b.WriteString(l.seps[len(l.words)])
	*l = *split(b.String())
}

// permute shuffles the elements of s at the indexes in free among
// themselves (Fisher-Yates on the raw PCG output, so that the result does
// not depend on math/rand's helpers).
func permute(s []string, free []int, rng *rand.PCG) {
	for i := len(free) - 1; i > 0; i-- {
		j := int(rng.Uint64() % uint64(i+1))
		s[free[i]], s[free[j]] = s[free[j]], s[free[i]]
	}
}
