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
// Parse never panics and never drops text: every source line ends up in the
// model, and every problem is reported as "file:line: message", all of them,
// sorted.
package seed

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
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
// returns the chapter it could read even when there are errors.
func Parse(name string, data []byte) (*programme.Chapter, error) {
	p := &parser{file: name, ids: map[string]int{}}
	p.parse(data)
	p.errs.Sort()
	return p.ch, p.errs.Err()
}

// ParseFiles parses the named seed files into one programme, chapters in
// chapter-number order, and reports two seeds with the same chapter number.
func ParseFiles(paths []string) (*programme.Programme, error) {
	var errs ErrorList
	prog := &programme.Programme{}
	seen := map[int]string{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			errs.Add(path, 0, "cannot read seed: %v", err)
			continue
		}
		ch, err := Parse(path, data)
		if list, ok := err.(ErrorList); ok {
			errs = append(errs, list...)
		}
		if ch == nil {
			continue
		}
		if other, dup := seen[ch.Number]; dup {
			errs.Add(path, ch.Source.FirstLine, "chapter %d is already defined in %s; expected one seed per chapter", ch.Number, other)
			continue
		}
		seen[ch.Number] = path
		prog.Chapters = append(prog.Chapters, ch)
	}
	sort.Slice(prog.Chapters, func(i, j int) bool { return prog.Chapters[i].Number < prog.Chapters[j].Number })
	errs.Sort()
	return prog, errs.Err()
}

// ParseDir parses every *.txt file of dir, in name order.
func ParseDir(dir string) (*programme.Programme, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no seed files (*.txt)", dir)
	}
	sort.Strings(paths)
	return ParseFiles(paths)
}

type state int

const (
	stateIntro       state = iota // chapter intro
	statePriorities               // after "Nos priorités :"
	stateSection                  // section intro
	stateCommitments              // after "Nous voulons :"
	stateClosing                  // prose after a section's commitments
)

type parser struct {
	file  string
	errs  ErrorList
	ch    *programme.Chapter
	ids   map[string]int
	state state

	section    *programme.Section
	commitment *programme.Commitment
	block      *programme.Block // last prose block, for lists it introduces
	item       *programme.Item  // last level-1 item
	items      *[]*programme.Item
}

func (p *parser) parse(data []byte) {
	lines := readLines(p.file, data, &p.errs)
	if len(lines) == 0 {
		p.errs.Add(p.file, 1, "empty seed; expected a chapter title such as \"34. Relations internationales\"")
		return
	}
	toks := tokenize(p.file, lines, &p.errs)
	p.title(toks[0])
	for _, t := range toks[1:] {
		p.token(t)
	}
	p.caseTitles(toks)
	p.linkPriorities()
}

func (p *parser) source(t *token) programme.Source {
	return programme.Source{File: filepath.ToSlash(p.file), FirstLine: t.first.num, LastLine: t.last.num, Page: t.first.page}
}

// id makes a unique ID in the chapter from a kind tag and a text.
func (p *parser) id(kind, text string) string {
	id := p.ch.ID + "-"
	if kind != "" {
		id += kind + "-"
	}
	slug := programme.Slug(text, slugWords)
	if slug == "" {
		slug = "x"
	}
	id += slug
	p.ids[id]++
	if n := p.ids[id]; n > 1 {
		id += "-" + strconv.Itoa(n)
	}
	return id
}

func (p *parser) title(t *token) {
	p.ch = &programme.Chapter{Source: p.source(t)}
	m := titleRE.FindStringSubmatch(t.text)
	if t.kind != tokParagraph || m == nil {
		p.errs.Add(p.file, t.first.phys, "expected a chapter title such as \"34. Relations internationales\", found %q", short(t.text))
		p.ch.ID = "0"
		p.ch.Title = t.text
		if t.kind != tokParagraph {
			p.token(t)
		}
		return
	}
	p.ch.Number, _ = strconv.Atoi(m[1])
	p.ch.ID = strconv.Itoa(p.ch.Number)
	p.ch.Title = m[2]
}

func (p *parser) token(t *token) {
	switch t.kind {
	case tokHeading:
		p.heading(t)
	case tokPriorities:
		if p.section != nil {
			p.errs.Add(p.file, t.first.phys, "\"Nos priorités :\" inside section %d; expected it before the first section", p.section.Number)
		}
		p.state = statePriorities
		p.block = nil
	case tokCommitments:
		if p.section == nil {
			p.errs.Add(p.file, t.first.phys, "\"%s\" before any section; expected a section heading such as \"1 .  T I T R E\" first", t.text)
		}
		p.state = stateCommitments
		p.block = nil
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
	if m != nil && m[1] != "" {
		num, _ = strconv.Atoi(strings.ReplaceAll(m[1], " ", ""))
		title = m[2]
	} else {
		num = len(p.ch.Sections) + 1
		p.errs.Add(p.file, t.first.phys, "section heading without a number; expected \"%d .  %s\"", num, t.text)
	}
	if want := len(p.ch.Sections) + 1; num != want {
		p.errs.Add(p.file, t.first.phys, "section %d follows section %d; expected section %d", num, want-1, want)
	}
	s := &programme.Section{Number: num, Title: title, Source: p.source(t)}
	s.ID = p.id("sec", title)
	p.ch.Sections = append(p.ch.Sections, s)
	p.section = s
	p.commitment = nil
	p.block = nil
	p.state = stateSection
}

func (p *parser) paragraph(t *token) {
	b := &programme.Block{Text: t.text, Source: p.source(t)}
	b.ID = p.id("intro", t.text)
	switch p.state {
	case stateIntro, statePriorities:
		p.ch.Intro = append(p.ch.Intro, b)
		p.state = stateIntro
	case stateSection:
		p.section.Intro = append(p.section.Intro, b)
	case stateCommitments, stateClosing:
		if p.section == nil {
			p.ch.Intro = append(p.ch.Intro, b)
		} else {
			p.section.Closing = append(p.section.Closing, b)
		}
		p.state = stateClosing
	}
	p.block = b
	p.item = nil
	p.items = &b.Items
}

func (p *parser) bullet(t *token) {
	switch t.glyph {
	case glyphPriority:
		if p.state != statePriorities {
			p.errs.Add(p.file, t.first.phys, "priority (➔) outside \"Nos priorités :\"; expected it in the chapter's list of priorities")
		}
		if p.section == nil {
			pr := &programme.Priority{Text: t.text, Source: p.source(t)}
			pr.ID = p.id("prio", t.text)
			p.ch.Priorities = append(p.ch.Priorities, pr)
			return
		}
		p.listItem(t, 1)
	case glyphCommitment:
		if p.state == stateCommitments {
			p.newCommitment(t)
			return
		}
		if p.block != nil && (strings.HasSuffix(p.block.Text, ":") || len(p.block.Items) > 0) {
			p.listItem(t, 1)
			return
		}
		if p.state == stateSection {
			// A section whose commitments come without "Nous voulons :".
			p.state = stateCommitments
			p.newCommitment(t)
			return
		}
		p.errs.Add(p.file, t.first.phys, "commitment (➢) outside a list; expected \"Nous voulons :\" in a section, or a sentence ending in ':' before it")
		p.looseItem(t)
	case glyphSub:
		p.subItem(t, 1)
	case glyphSubSub:
		p.subItem(t, 2)
	}
}

func (p *parser) newCommitment(t *token) {
	if p.section == nil {
		p.looseItem(t)
		return
	}
	c := &programme.Commitment{Text: t.text, SectionID: p.section.ID, Source: p.source(t)}
	c.ID = p.id("", t.text)
	p.section.Commitments = append(p.section.Commitments, c)
	p.commitment = c
	p.block = nil
	p.item = nil
	p.items = &c.Items
}

// looseItem keeps a bullet found where none is expected, as a paragraph of
// the chapter intro, so that no text is lost.
func (p *parser) looseItem(t *token) {
	b := &programme.Block{Text: t.text, Source: p.source(t)}
	b.ID = p.id("intro", t.text)
	p.ch.Intro = append(p.ch.Intro, b)
	p.block = b
	p.item = nil
	p.items = &b.Items
}

func (p *parser) newItem(t *token, kind string) *programme.Item {
	it := &programme.Item{Text: t.text, Source: p.source(t)}
	it.ID = p.id(kind, t.text)
	return it
}

// listItem adds a level-1 item to the list of the current block.
func (p *parser) listItem(t *token, level int) {
	if p.items == nil {
		p.errs.Add(p.file, t.first.phys, "list item %q without a sentence or commitment to attach it to", string(t.glyph))
		p.looseItem(t)
		return
	}
	it := p.newItem(t, "item")
	p.extend(t)
	*p.items = append(*p.items, it)
	p.item = it
}

// subItem adds an item of the given level (1 for o, 2 for •) under the
// current commitment or list.
func (p *parser) subItem(t *token, level int) {
	if p.items == nil {
		p.errs.Add(p.file, t.first.phys, "sub-item %q before any commitment or list; expected it under a ➢ item", string(t.glyph))
		p.looseItem(t)
		return
	}
	kind := "sub"
	if p.commitment == nil {
		kind = "item"
	}
	it := p.newItem(t, kind)
	p.extend(t)
	if level == 2 && p.item != nil {
		p.item.Items = append(p.item.Items, it)
		return
	}
	if level == 2 && p.commitment == nil && len(*p.items) > 0 {
		last := (*p.items)[len(*p.items)-1]
		last.Items = append(last.Items, it)
		return
	}
	*p.items = append(*p.items, it)
	p.item = it
}

// extend stretches the provenance of the current commitment or block, and
// of the current level-1 item, to the end of t.
func (p *parser) extend(t *token) {
	switch {
	case p.commitment != nil:
		p.commitment.Source.LastLine = t.last.num
	case p.block != nil:
		p.block.Source.LastLine = t.last.num
	}
}

// caseTitles turns section titles, recovered from capitals, into sentence
// case: a priority with the same words gives its casing; otherwise a word
// keeps the capital it has in the chapter's prose.
func (p *parser) caseTitles(toks []*token) {
	forms := wordForms(toks)
	for _, s := range p.ch.Sections {
		if pr := p.priorityFor(s.Title); pr != nil {
			s.Title = pr.Text
			continue
		}
		s.Title = sentenceCase(s.Title, forms)
	}
}

func (p *parser) priorityFor(title string) *programme.Priority {
	key := comparable(title)
	for _, pr := range p.ch.Priorities {
		if comparable(pr.Text) == key {
			return pr
		}
	}
	return nil
}

// linkPriorities points each priority to its section: the section with the
// same title, else the one sharing most words, if most words are shared.
func (p *parser) linkPriorities() {
	for _, pr := range p.ch.Priorities {
		best, bestScore := (*programme.Section)(nil), 0.5
		for _, s := range p.ch.Sections {
			if comparable(s.Title) == comparable(pr.Text) {
				best = s
				break
			}
			if sc := overlap(pr.Text, s.Title); sc > bestScore {
				best, bestScore = s, sc
			}
		}
		if best != nil {
			pr.SectionID = best.ID
		}
	}
}

func comparable(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.NewReplacer("’", "'", "-", " ").Replace(s))), " ")
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

// wordForms counts, for each word of the chapter's prose that does not start
// a sentence, how often it is written with a capital.
func wordForms(toks []*token) map[string]string {
	capital := map[string]int{}
	lower := map[string]int{}
	form := map[string]string{}
	for _, t := range toks {
		if t.kind == tokHeading {
			continue
		}
		words := strings.Fields(t.text)
		for i, w := range words {
			w = strings.Trim(w, ".,;:!?()«»\"")
			if i == 0 || w == "" {
				continue
			}
			if prev := words[i-1]; strings.HasSuffix(prev, ".") {
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			k := strings.ToLower(w)
			if unicode.IsUpper(r) {
				capital[k]++
				form[k] = w
			} else {
				lower[k]++
			}
		}
	}
	out := map[string]string{}
	for k, n := range capital {
		if n > lower[k] {
			out[k] = form[k]
		}
	}
	return out
}

// sentenceCase lower-cases an upper-case title, capitalises its first
// letter and restores the capitals words have in forms.
func sentenceCase(title string, forms map[string]string) string {
	words := strings.Fields(strings.ToLower(title))
	for i, w := range words {
		if f, ok := forms[w]; ok {
			words[i] = f
		}
	}
	s := strings.Join(words, " ")
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func short(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
