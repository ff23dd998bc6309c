// Package seed parses programme chapters extracted from PDF into the
// programme model.
//
// A seed is UTF-8 text. Every non-empty line ends with its source line
// number; a line starting with a space opens a new PDF page; blank lines
// separate paragraphs. The first paragraph is the chapter title
// ("34. Relations internationales : ..."), then come intro paragraphs,
// "Nos priorités :" with the priorities (➔), and sections headed in
// letter-spaced capitals ("1 .  U N E  D I P L O M A T I E"). After
// "Nous voulons :" come the commitments (➢) with their sub-items (o, •).
//
// A ➢ list after an ordinary sentence ending in ':' is a list of that
// paragraph, not commitments; bullets nest by kind (➢ above o above •).
//
// Parse never panics and never drops text: every non-blank line of the file
// either lies within the source lines of a piece of the model whose text
// holds its words, or is a marker ("Nous voulons :") that an item follows,
// or has an error at its line. Errors read "file:line: expected ..., found
// ...", with the line of the file as an editor counts it; all of them are
// reported, sorted, and one wrong line number is reported once, not on every
// following line.
package seed

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/belgian-programme/explainer/internal/programme"
)

// slugWords is how many significant words of a text make its ID.
const slugWords = 5

var titleRE = regexp.MustCompile(`^(\d+)\s*[.)]\s*(.*)$`)
var headingNumberRE = regexp.MustCompile(`^((?:\d ?)+)\s*[.)]?\s*(.*)$`)

// Parse parses one seed file. name is used in errors and provenance. It
// returns the chapter it could read even when there are errors (nil only
// when the file holds no text), and the errors as an ErrorList.
func Parse(name string, data []byte) (*programme.Chapter, error) {
	p := parseFile(name, data)
	return p.ch, p.errs.Err()
}

func parseFile(name string, data []byte) *parser {
	p := &parser{file: name, ids: map[string]int{}}
	p.parse(data)
	p.errs.Sort()
	return p
}

type state int

const (
	stateIntro       state = iota // chapter intro
	statePriorities               // after "Nos priorités :"
	stateSection                  // section intro
	stateCommitments              // after "Nous voulons :"
	stateClosing                  // prose after a section's commitments
)

// Ranks of the bullets in a list: a bullet nests under the nearest
// previous item of a lower rank.
var rank = map[rune]int{glyphPriority: 1, glyphCommitment: 1, glyphSub: 2, glyphSubSub: 3}

type parser struct {
	file      string
	errs      ErrorList
	ch        *programme.Chapter
	titleLine int // line of the file where the title starts
	ids       map[string]int
	state     state

	section    *programme.Section
	commitment *programme.Commitment
	block      *programme.Block   // last prose block, for lists it introduces
	items      *[]*programme.Item // list that bullets go to: of commitment or block
	open       []openItem         // items that a deeper bullet may nest under
	marker     *token             // "Nous voulons :" or "Nos priorités :" still waiting for its first item
	markerNext string             // what came first after marker, if not an item
}

// openItem is an item of the current list that may still get children.
type openItem struct {
	rank int
	item *programme.Item
}

func (p *parser) parse(data []byte) {
	lines := readLines(p.file, data, &p.errs)
	if len(lines) == 0 {
		p.errs.Add(p.file, 1, "expected a chapter title such as \"34. Relations internationales\", found no text")
		return
	}
	toks := tokenize(p.file, lines, &p.errs)
	p.title(toks[0])
	for _, t := range toks[1:] {
		p.token(t)
	}
	p.closeMarker("the end of the file")
	p.caseTitles(toks)
	p.linkPriorities()
}

func (p *parser) source(t *token) programme.Source {
	return programme.Source{File: filepath.ToSlash(p.file), FirstLine: t.low, LastLine: t.high, Page: t.first.page}
}

// id makes a unique ID in the chapter from a kind tag and a text.
func (p *parser) id(kind, text string) string {
	slug := programme.Slug(text, slugWords)
	if slug == "" {
		slug = "x"
	}
	id := p.ch.ID + "-" + slug
	if kind != "" {
		id = p.ch.ID + "-" + kind + "-" + slug
	}
	// A repeated slug gets "-2", "-3"... skipping any ID already given
	// (a text may itself end in "-2").
	p.ids[id]++
	if p.ids[id] == 1 {
		return id
	}
	for n := p.ids[id]; ; n++ {
		alt := id + "-" + strconv.Itoa(n)
		if p.ids[alt] == 0 {
			p.ids[id] = n
			p.ids[alt] = 1
			return alt
		}
	}
}

func (p *parser) title(t *token) {
	p.ch = &programme.Chapter{Source: p.source(t)}
	p.titleLine = t.first.phys
	m := titleRE.FindStringSubmatch(t.text)
	if t.kind != tokParagraph || m == nil {
		p.errs.Add(p.file, t.first.phys, "expected a chapter title such as \"34. Relations internationales\", found %q", short(t.text))
		p.ch.ID = "0"
		if t.kind != tokParagraph {
			p.token(t)
			return
		}
		p.ch.Title = t.text
		return
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		p.errs.Add(p.file, t.first.phys, "expected a chapter number, found %q", m[1])
	}
	p.ch.Number = n
	p.ch.ID = strconv.Itoa(n)
	p.ch.Title = m[2]
}

// closeMarker reports a marker that no item followed; found says what came
// instead.
func (p *parser) closeMarker(found string) {
	if p.marker == nil {
		return
	}
	what := "commitments (➢)"
	if p.marker.kind == tokPriorities {
		what = "priorities (➔)"
	}
	if p.markerNext != "" {
		found = p.markerNext
	}
	p.errs.Add(p.file, p.marker.first.phys, "expected %s after %q, found %s", what, p.marker.text, found)
	p.marker = nil
	p.markerNext = ""
}

// resetList forgets the current list, so that a bullet cannot attach to a
// list that an unrelated token closed.
func (p *parser) resetList() {
	p.commitment = nil
	p.block = nil
	p.items = nil
	p.open = nil
}

func (p *parser) token(t *token) {
	switch t.kind {
	case tokHeading:
		p.closeMarker("a section heading")
		p.heading(t)
	case tokPriorities:
		p.closeMarker(fmt.Sprintf("%q", t.text))
		if p.section != nil {
			p.errs.Add(p.file, t.first.phys, "expected \"Nos priorités :\" before the first section, found it in section %d", p.section.Number)
		}
		p.state = statePriorities
		p.marker, p.markerNext = t, ""
		p.resetList()
	case tokCommitments:
		p.closeMarker(fmt.Sprintf("%q", t.text))
		if p.section == nil {
			p.errs.Add(p.file, t.first.phys, "expected a section heading such as \"1 .  T I T R E\" before %q, found none", t.text)
		}
		p.state = stateCommitments
		p.marker, p.markerNext = t, ""
		p.resetList()
	case tokBullet:
		p.bullet(t)
	default:
		p.paragraph(t)
	}
}

func (p *parser) heading(t *token) {
	text := unspace(t.text)
	m := headingNumberRE.FindStringSubmatch(text)
	num := 0
	title := text
	want := len(p.ch.Sections) + 1
	if m != nil && m[1] != "" {
		num, _ = strconv.Atoi(strings.ReplaceAll(m[1], " ", ""))
		title = m[2]
		if num != want {
			p.errs.Add(p.file, t.first.phys, "expected section %d, found section %s", want, strings.ReplaceAll(m[1], " ", ""))
		}
	} else {
		num = want
		p.errs.Add(p.file, t.first.phys, "expected a numbered section heading such as \"%d .  T I T R E\", found %q", want, short(t.text))
	}
	s := &programme.Section{Number: num, Title: title, Source: p.source(t)}
	s.ID = p.id("sec", title)
	p.ch.Sections = append(p.ch.Sections, s)
	p.section = s
	p.resetList()
	p.state = stateSection
}

func (p *parser) paragraph(t *token) {
	if p.marker != nil && p.markerNext == "" {
		p.markerNext = fmt.Sprintf("%q", short(t.text))
	}
	if p.marker != nil && p.marker.kind == tokPriorities {
		p.closeMarker("")
	}
	b := &programme.Block{Text: t.text, Source: p.source(t)}
	b.ID = p.id("intro", t.text)
	switch p.state {
	case stateIntro, statePriorities:
		p.ch.Intro = append(p.ch.Intro, b)
		p.state = stateIntro
	case stateSection:
		p.section.Intro = append(p.section.Intro, b)
	case stateCommitments, stateClosing:
		switch {
		case p.section == nil:
			p.ch.Intro = append(p.ch.Intro, b)
		case len(p.section.Commitments) == 0:
			p.section.Intro = append(p.section.Intro, b)
		default:
			p.section.Closing = append(p.section.Closing, b)
		}
		if p.marker == nil {
			// Prose after the commitments. A paragraph between
			// "Nous voulons :" and its first commitment leaves the
			// list open.
			p.state = stateClosing
		}
	}
	p.resetList()
	p.block = b
	p.items = &b.Items
}

func (p *parser) bullet(t *token) {
	if t.text == "" {
		p.errs.Add(p.file, t.first.phys, "expected text after the bullet %q, found none", string(t.glyph))
	}
	listOpen := p.block != nil && (strings.HasSuffix(p.block.Text, ":") || len(p.block.Items) > 0)
	switch t.glyph {
	case glyphPriority:
		switch {
		case p.state == statePriorities && p.section == nil:
			p.marker = nil
			pr := &programme.Priority{Text: t.text, Source: p.source(t)}
			pr.ID = p.id("prio", t.text)
			p.ch.Priorities = append(p.ch.Priorities, pr)
			p.resetList()
		case listOpen:
			p.listItem(t)
		default:
			p.errs.Add(p.file, t.first.phys, "expected a priority (➔) after \"Nos priorités :\", found one outside that list")
			p.looseItem(t)
		}
	case glyphCommitment:
		switch {
		case p.state == stateCommitments:
			p.newCommitment(t)
		case listOpen:
			p.listItem(t)
		case p.section != nil && (p.state == stateSection || p.state == stateClosing):
			// Commitments without "Nous voulons :", or going on after
			// a paragraph.
			p.state = stateCommitments
			p.newCommitment(t)
		default:
			p.errs.Add(p.file, t.first.phys, "expected a commitment (➢) after \"Nous voulons :\" in a section, or an item after a sentence ending in ':', found %q", short(t.text))
			p.looseItem(t)
		}
	default:
		if p.items == nil {
			p.errs.Add(p.file, t.first.phys, "expected a sub-item %q under a commitment (➢) or a list, found it %s", string(t.glyph), p.where())
			p.looseItem(t)
			return
		}
		p.listItem(t)
	}
}

// where describes what precedes a misplaced bullet.
func (p *parser) where() string {
	switch {
	case p.marker != nil:
		return fmt.Sprintf("right after %q", p.marker.text)
	case p.state == statePriorities:
		return "under a priority"
	case p.section == nil:
		return "before any section"
	}
	return "after a section heading"
}

// stretch extends a source to cover the lines of t.
func stretch(s *programme.Source, t *token) {
	s.FirstLine = min(s.FirstLine, t.low)
	s.LastLine = max(s.LastLine, t.high)
}

func (p *parser) newCommitment(t *token) {
	p.marker = nil
	if p.section == nil {
		p.errs.Add(p.file, t.first.phys, "expected a section heading such as \"1 .  T I T R E\" before the first commitment, found %q", short(t.text))
		p.looseItem(t)
		return
	}
	c := &programme.Commitment{Text: t.text, SectionID: p.section.ID, Source: p.source(t)}
	c.ID = p.id("", t.text)
	p.section.Commitments = append(p.section.Commitments, c)
	// Prose between two groups of commitments stays where it was: it goes
	// before this commitment.
	for _, b := range p.section.Closing {
		if b.Before == "" {
			b.Before = c.ID
		}
	}
	p.resetList()
	p.commitment = c
	p.items = &c.Items
}

// looseItem keeps a bullet found where none is expected, as a paragraph of
// the chapter intro (or of the current section), so that no text is lost.
func (p *parser) looseItem(t *token) {
	b := &programme.Block{Text: t.text, Source: p.source(t)}
	b.ID = p.id("intro", t.text)
	if p.section != nil {
		if len(p.section.Commitments) == 0 {
			p.section.Intro = append(p.section.Intro, b)
		} else {
			p.section.Closing = append(p.section.Closing, b)
		}
	} else {
		p.ch.Intro = append(p.ch.Intro, b)
	}
	p.resetList()
	p.block = b
	p.items = &b.Items
}

// listItem adds a bulleted item to the current list: under the nearest
// open item of a lower rank, else at the top of the list.
func (p *parser) listItem(t *token) {
	r := rank[t.glyph]
	for len(p.open) > 0 && p.open[len(p.open)-1].rank >= r {
		p.open = p.open[:len(p.open)-1]
	}
	kind := "sub"
	if p.commitment == nil {
		kind = "item"
	}
	it := &programme.Item{Text: t.text, Source: p.source(t)}
	it.ID = p.id(kind, t.text)
	if len(p.open) == 0 {
		*p.items = append(*p.items, it)
	} else {
		parent := p.open[len(p.open)-1].item
		parent.Items = append(parent.Items, it)
	}
	for _, o := range p.open {
		stretch(&o.item.Source, t)
	}
	switch {
	case p.commitment != nil:
		stretch(&p.commitment.Source, t)
	case p.block != nil:
		stretch(&p.block.Source, t)
	}
	p.open = append(p.open, openItem{r, it})
}

// caseTitles turns section titles, recovered from capitals, into sentence
// case: a priority with the same words gives its casing; otherwise a word
// keeps the capital (and the accents) it has in the chapter's prose.
func (p *parser) caseTitles(toks []*token) {
	byKey := p.prioritiesByKey()
	var rest []*programme.Section // sections no priority gives a casing to
	for _, s := range p.ch.Sections {
		if pr := byKey[fold(s.Title)]; pr != nil {
			s.Title = strings.TrimRight(pr.Text, " .;")
			continue
		}
		rest = append(rest, s)
	}
	if len(rest) == 0 {
		return
	}
	// sentenceCase looks up the lower-cased letter runs of the titles.
	need := map[string]bool{}
	for _, s := range rest {
		for _, w := range splitRuns(strings.ToLower(s.Title)) {
			need[w] = true
		}
	}
	forms := wordForms(toks, need)
	for _, s := range rest {
		s.Title = sentenceCase(s.Title, forms)
	}
}

// prioritiesByKey maps the letters and digits of each priority, without
// case, accents, spaces or punctuation, to the first priority that has them.
func (p *parser) prioritiesByKey() map[string]*programme.Priority {
	m := map[string]*programme.Priority{}
	for _, pr := range p.ch.Priorities {
		if k := fold(pr.Text); k != "" && m[k] == nil {
			m[k] = pr
		}
	}
	return m
}

// maxFuzzyLinks bounds the pairs of priorities and sections compared word
// by word, so that a pathological seed stays fast.
const maxFuzzyLinks = 10000

// linkPriorities points each priority to its section: the section with the
// same words, else the one sharing most words, if most words are shared.
func (p *parser) linkPriorities() {
	byKey := map[string]*programme.Section{}
	for _, s := range p.ch.Sections {
		if k := fold(s.Title); byKey[k] == nil {
			byKey[k] = s
		}
	}
	fuzzy := len(p.ch.Priorities)*len(p.ch.Sections) <= maxFuzzyLinks
	for _, pr := range p.ch.Priorities {
		best := byKey[fold(pr.Text)]
		if best == nil && fuzzy {
			bestScore := 0.5
			for _, s := range p.ch.Sections {
				if sc := overlap(pr.Text, s.Title); sc > bestScore {
					best, bestScore = s, sc
				}
			}
		}
		if best != nil {
			pr.SectionID = best.ID
		}
	}
}

func overlap(a, b string) float64 {
	wa, wb := programme.SlugWords(a), programme.SlugWords(b)
	set := map[string]bool{}
	for _, w := range wa {
		set[w] = true
	}
	common := 0
	for _, w := range wb {
		if set[w] {
			common++
			delete(set, w)
		}
	}
	n := max(len(wa), len(wb))
	if n == 0 {
		return 0
	}
	return float64(common) / float64(n)
}

// wordForms maps each word of the chapter's prose, lower-cased, to the
// form it is most often written in where it does not start a sentence
// ("union" → "Union", "belgique" → "Belgique"). A word is a run of letters,
// so "l’Union" gives "union". The same word without accents maps to the
// same form, so that a heading written "COHERENTE" reads "cohérente".
// Only the words in need are mapped.
//
// Each occurrence of a form counts once for the lower-cased word and once
// for the word folded (fold): twice when the two are the same. The most
// counted form wins, the first in byte order on a tie.
func wordForms(toks []*token, need map[string]bool) map[string]string {
	counts := map[string]int{} // occurrences of each form
	for _, t := range toks {
		if t.kind == tokHeading {
			continue
		}
		eachLetterRun(t.text, func(w string, sentenceStart bool) {
			if !sentenceStart {
				counts[w]++
			}
		})
	}
	type choice struct {
		form string
		n    int
	}
	best := map[string]choice{}
	vote := func(key, form string, n int) {
		if !need[key] {
			return
		}
		b, ok := best[key]
		if !ok || n > b.n || (n == b.n && form < b.form) {
			best[key] = choice{form, n}
		}
	}
	for form, n := range counts {
		k := strings.ToLower(form)
		f := fold(k)
		if f == k {
			vote(k, form, 2*n)
			continue
		}
		vote(k, form, n)
		vote(f, form, n)
	}
	out := make(map[string]string, len(best))
	for k, b := range best {
		out[k] = b.form
	}
	return out
}

// eachLetterRun calls f with each run of letters of s, and whether the run
// follows the end of a sentence (or starts s).
func eachLetterRun(s string, f func(run string, sentenceStart bool)) {
	start := -1
	sentence := true
	for i, r := range s {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(s[start:i], sentence)
			start = -1
			sentence = false
		}
		switch r {
		case '.', '!', '?', '➢', '➔', '•':
			sentence = true
		}
	}
	if start >= 0 {
		f(s[start:], sentence)
	}
}

// fold lower-cases s and removes its accents.
func fold(s string) string {
	return programme.Fold(s)
}

// sentenceCase lower-cases an upper-case title, restores the form its words
// have in forms and capitalises its first letter.
func sentenceCase(title string, forms map[string]string) string {
	lower := strings.ToLower(title)
	var b strings.Builder
	b.Grow(len(lower))
	for _, w := range splitRuns(lower) {
		r, _ := utf8.DecodeRuneInString(w)
		if f, ok := forms[w]; ok && unicode.IsLetter(r) {
			b.WriteString(f)
			continue
		}
		b.WriteString(w)
	}
	s := b.String()
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// splitRuns cuts s into runs of letters and runs of other characters.
func splitRuns(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if i > start {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			if unicode.IsLetter(prev) != unicode.IsLetter(r) {
				out = append(out, s[start:i])
				start = i
			}
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
