// Package search writes the search index of a site, one per language, from
// the site model: the files that themes/default/search.js reads to find
// commitments as the visitor types, with no server.
//
// An index is split so that a query fetches only a few small files:
//
//   - the manifest, at the path the language's search page names
//     (site.Search.Index, "/fr/recherche/index.json"; it never changes): the
//     folder of the other files, the stop words, the chapters and topics
//     for the filters, the dictionary shards and the postings files;
//   - d-<key>.json, a dictionary shard: every term (a word in lower case,
//     accents and ligatures folded, see Fold) whose first two characters
//     are key, sorted, each with its stem group and that group's number of
//     commitments;
//   - p<n>.json, a postings file: for each stem group of a range, the
//     commitments that hold one of its words, in which fields and at which
//     word positions;
//   - c<n>.json, a chunk: what the results show of Chunk commitments in a
//     row (title, chapter, section, link, text for the snippet);
//   - topics.json: the commitments of each topic, for the topic filter.
//
// Every file but the manifest is named by the language and a hash of the
// language's index (assets/search-<lang>-<hash>-d-co.json), so it may be
// cached for ever; they sit in the assets folder, beside the stylesheet,
// whose address redirects (no other folder is made).
//
// Words are stemmed here, at build time, with the Snowball stemmer of the
// text's language; the script never stems. It prefix-matches each query
// word against the terms of its shard, takes the stem groups of the terms
// that match, and so finds every form of the word (plural, singular,
// conjugations). Acronyms and full names find each other through the
// glossary: a commitment that mentions a glossary entry is also indexed
// under all the entry's forms in the page's language.
package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/site"
	"golang.org/x/sync/errgroup"
)

// Fields a word can be found in, as bits of a posting's field mask. The
// script weighs them: a title above the text, the text above a sub-item.
const (
	FieldTitle    = 1 << iota // the short title
	FieldBody                 // the commitment's own text
	FieldSubItem              // one of its sub-items
	FieldHeading              // its chapter's or section's title
	FieldTopic                // the name of one of its topics
	FieldGlossary             // a form of a glossary entry its text mentions
)

// Chunk is the number of commitments whose result data share a file.
const Chunk = 8

// postingsTarget is the size, in bytes of JSON, past which a postings
// file is closed and the next stem group starts a new one.
const postingsTarget = 8 << 10

// maxPositions is the number of word positions kept for a stem group in
// one field set of a commitment: enough to rank close words higher.
const maxPositions = 4

// fieldGap separates the word positions of two fields or sub-items, so
// that words far apart in the text are not taken for neighbours.
const fieldGap = 8

// File is one file of the index: its path below the site root and its
// bytes.
type File struct {
	Path string
	Data []byte
}

// Input is what an index is made from.
type Input struct {
	Site *site.Site
	// Glossary, when not nil, gives the forms under which a commitment
	// that mentions an entry is also found.
	Glossary *glossary.Glossary
	// Find, when not nil, finds the Glossary's forms in texts in its
	// stead (a cache the caller keeps, as for site.Input).
	Find glossary.Finder
	// Stems, when not nil, remembers the words' stems from build to build.
	Stems *Stems
}

// Build returns the files of the index of every language that has a search
// page, sorted by path. Languages are indexed in parallel.
func Build(in Input) ([]File, error) {
	langs := in.Site.Languages
	out := make([][]File, len(langs))
	var g errgroup.Group
	for i, lang := range langs {
		g.Go(func() (err error) {
			out[i], err = BuildLanguage(in, lang.Code)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var files []File
	for _, f := range out {
		files = append(files, f...)
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

// BuildLanguage returns the files of one language's index (none when the
// language has no search page or no commitment), for a preview that makes
// the index of a language when it is first asked for.
func BuildLanguage(in Input, lang string) (files []File, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("search index %s: panic: %v", lang, v)
		}
	}()
	if files, err = buildLang(in, lang); err != nil {
		return nil, fmt.Errorf("search index %s: %w", lang, err)
	}
	return files, nil
}

// FilePrefix is how the path of every file of a language's index starts,
// but its manifest's (which the search page names).
func FilePrefix(lang string) string { return "assets/search-" + lang + "-" }

// doc is a commitment as the index sees it.
type doc struct {
	page *site.Page
	c    *site.Commitment
}

// posting is where a stem group occurs in one commitment.
type posting struct {
	doc  int32
	mask uint8
	n    uint8
	pos  [maxPositions]uint16
}

// group is a stem group: the stem and where its words occur.
type group struct {
	stem     string
	lang     string // of the stemmer that made it
	postings []posting
	id       int
}

// indexer builds one language's index.
type indexer struct {
	lang     string
	gloss    *glossary.Glossary
	stop     map[string]bool
	stemmers map[string]*stemmer  // by the language of a text
	words    map[string]wordInfo  // by the word as written in a text, and its language
	shared   map[textKey][]*group // the words of texts many commitments share
	stems    *Stems
	find     glossary.Finder   // the glossary's forms in a text
	terms    map[string]*group // by folded term
	groups   map[string]*group // by stem
	doc      int32             // the commitment being indexed
	pos      int               // the next word position in it
	topicOf  map[string]int    // topic path → number
	topics   []manifestTopic   // in the order of the topics page
	topicDoc [][]int32         // per topic, its commitments
}

// wordInfo is what a word of a text is in the index: its stem group, or
// nil for a stop word.
type wordInfo struct {
	group *group
}

func buildLang(in Input, lang string) ([]File, error) {
	ix := &indexer{
		lang: lang, gloss: in.Glossary, find: in.Find, stems: in.Stems,
		stop:     map[string]bool{},
		stemmers: map[string]*stemmer{},
		words:    map[string]wordInfo{},
		shared:   map[textKey][]*group{},
		terms:    map[string]*group{},
		groups:   map[string]*group{},
		topicOf:  map[string]int{},
	}
	if ix.find == nil && ix.gloss != nil {
		ix.find = ix.gloss
	}
	for _, w := range stopWords[lang] {
		ix.stop[w] = true
	}
	var docs []doc
	manifestPath := ""
	for _, p := range in.Site.Pages {
		if p.Lang != lang {
			continue
		}
		switch v := p.Body.(type) {
		case *site.Search:
			manifestPath = strings.TrimPrefix(v.Index, "/")
		case *site.Commitment:
			docs = append(docs, doc{page: p, c: v})
		case *site.Topics:
			for _, t := range v.Topics {
				ix.topicOf[t.Link.Path] = len(ix.topics)
				ix.topics = append(ix.topics, manifestTopic{Name: t.Link.Text, Path: t.Link.Path})
			}
		}
	}
	if len(docs) == 0 || manifestPath == "" {
		return nil, nil
	}
	// Reading order: chapter by chapter, each in the order of its lines.
	slices.SortStableFunc(docs, func(a, b doc) int {
		return cmp.Or(cmp.Compare(a.c.ChapterNum, b.c.ChapterNum), cmp.Compare(a.c.SourceRef.FirstLine, b.c.SourceRef.FirstLine))
	})
	ix.topicDoc = make([][]int32, len(ix.topics))
	for i, d := range docs {
		ix.doc, ix.pos = int32(i), 0
		ix.add(d)
	}
	ix.inflect()
	return ix.files(docs, manifestPath)
}

// add indexes one commitment.
func (ix *indexer) add(d doc) {
	p, c := d.page, d.c
	titleLang := cmp.Or(p.TitleLang, ix.lang)
	textLang := cmp.Or(c.Text.Prose.Lang, ix.lang)
	ix.field(p.Title, titleLang, FieldTitle)
	ix.field(c.Text.Prose.Text, textLang, FieldBody)
	var items func([]*site.ProseItem)
	items = func(its []*site.ProseItem) {
		for _, it := range its {
			ix.field(it.Text, textLang, FieldSubItem)
			items(it.Items)
		}
	}
	items(c.Text.Prose.Items)
	ix.sharedField(c.Section.Text, cmp.Or(c.Section.Lang, ix.lang), FieldHeading)
	ix.sharedField(c.Chapter.Text, cmp.Or(c.Chapter.Lang, ix.lang), FieldHeading)
	for _, t := range c.Topics {
		ix.sharedField(t.Text, ix.lang, FieldTopic)
		if n, ok := ix.topicOf[t.Path]; ok {
			ix.topicDoc[n] = append(ix.topicDoc[n], ix.doc)
		}
	}
	if ix.gloss == nil {
		return
	}
	// The entries the text mentions (package site marked them), and those
	// the title does.
	var entries []string
	for _, t := range c.Text.Prose.Terms {
		entries = append(entries, t.ID)
	}
	for _, mt := range ix.find.FindAll(titleLang, p.Title) {
		if !slices.Contains(entries, mt.Entry) {
			entries = append(entries, mt.Entry)
		}
	}
	for _, id := range entries {
		e := ix.gloss.Entry(id)
		if e == nil || e.Langs[ix.lang] == nil {
			continue
		}
		for _, form := range e.Langs[ix.lang].Forms {
			ix.sharedField(form, ix.lang, FieldGlossary)
		}
	}
}

// field indexes the words of one field of the current commitment, in the
// language of its text.
func (ix *indexer) field(text, lang string, f uint8) {
	words(text, func(w string) {
		if g := ix.word(w, lang).group; g != nil {
			ix.post(g, f, ix.pos)
		}
		ix.pos++
	})
	ix.pos += fieldGap
}

// sharedField is field for a text that many commitments share (a chapter
// or section title, a topic name, a glossary form): its words are looked
// up once.
func (ix *indexer) sharedField(text, lang string, f uint8) {
	key := textKey{text, lang}
	toks, ok := ix.shared[key]
	if !ok {
		toks = []*group{}
		words(text, func(w string) { toks = append(toks, ix.word(w, lang).group) })
		ix.shared[key] = toks
	}
	for _, g := range toks {
		if g != nil {
			ix.post(g, f, ix.pos)
		}
		ix.pos++
	}
	ix.pos += fieldGap
}

// textKey is a text in a language.
type textKey struct{ text, lang string }

// word returns what a word is in the index, worked out once per word.
func (ix *indexer) word(w, lang string) wordInfo {
	key := w
	if lang != ix.lang {
		key = lang + ":" + w
	}
	if info, ok := ix.words[key]; ok {
		return info
	}
	lower := strings.ToLower(w)
	term := Fold(lower)
	var info wordInfo
	if utf8.RuneCountInString(term) > 1 && !ix.stop[term] {
		g := ix.terms[term]
		if g == nil {
			st := ix.stemmers[lang]
			if st == nil {
				st = newStemmer(lang, ix.stems)
				ix.stemmers[lang] = st
			}
			stem := st.Stem(lower)
			g = ix.groups[stem]
			if g == nil {
				g = &group{stem: stem, lang: lang}
				ix.groups[stem] = g
			}
			ix.terms[term] = g
		}
		info = wordInfo{group: g}
	}
	ix.words[strings.Clone(key)] = info
	return info
}

// inflect adds, for each stem group, the forms of its stem that the texts
// do not hold but the stemmer takes back to it (see endings).
func (ix *indexer) inflect() {
	stems := make([]string, 0, len(ix.groups))
	for stem := range ix.groups {
		stems = append(stems, stem)
	}
	slices.Sort(stems) // a form two stems could claim goes to the first
	for _, stem := range stems {
		g := ix.groups[stem]
		st := ix.stemmers[g.lang]
		for _, form := range inflections(g.lang, stem) {
			term := Fold(form)
			if _, ok := ix.terms[term]; ok || ix.stop[term] {
				continue
			}
			if st.Stem(form) == stem {
				ix.terms[term] = g
			}
		}
	}
}

// post records that group g occurs in field f of the current commitment, at
// word position pos.
func (ix *indexer) post(g *group, f uint8, pos int) {
	n := len(g.postings)
	if n == 0 || g.postings[n-1].doc != ix.doc {
		g.postings = append(g.postings, posting{doc: ix.doc})
		n++
	}
	p := &g.postings[n-1]
	p.mask |= f
	if int(p.n) < maxPositions {
		p.pos[p.n] = uint16(min(pos, 1<<16-1))
		p.n++
	}
}

// manifest is a language's manifest.
type manifest struct {
	// Base is what the paths of the index's other files start with
	// ("/assets/search-fr-<hash>-"): "d-co.json" is at Base+"d-co.json".
	Base string `json:"base"`
	// Docs is the number of commitments, Chunk the number per chunk file.
	Docs  int `json:"docs"`
	Chunk int `json:"chunk"`
	// Prefix is the path every commitment's path starts with.
	Prefix string `json:"prefix"`
	// Stop lists the stop words, left out of the index.
	Stop []string `json:"stop"`
	// Shards are the keys of the dictionary shards, sorted.
	Shards []string `json:"shards"`
	// Files gives the first stem group of each postings file.
	Files    []int             `json:"files"`
	Chapters []manifestChapter `json:"chapters"`
	Topics   []manifestTopic   `json:"topics"`
	// Aliases are the glossary's entries, each as its forms in the
	// language, folded, their words joined by a space: the script
	// highlights an entry's forms in a snippet when the query names one
	// of them.
	Aliases [][]string `json:"aliases"`
}

// aliases returns the manifest's Aliases.
func (ix *indexer) aliases() [][]string {
	out := [][]string{}
	if ix.gloss == nil {
		return out
	}
	for _, e := range ix.gloss.Entries {
		lb := e.Langs[ix.lang]
		if lb == nil || len(lb.Forms) < 2 {
			continue
		}
		var forms []string
		for _, f := range lb.Forms {
			var ws []string
			words(f, func(w string) { ws = append(ws, Fold(strings.ToLower(w))) })
			forms = append(forms, strings.Join(ws, " "))
		}
		out = append(out, forms)
	}
	return out
}

// manifestChapter is a chapter, for the chapter filter: its commitments
// are First up to the next chapter's First.
type manifestChapter struct {
	Number int    `json:"n"`
	Title  string `json:"t"`
	Lang   string `json:"l,omitempty"` // when Title is not in the page's language
	Path   string `json:"p"`
	First  int    `json:"f"`
}

// manifestTopic is a topic, for the topic filter.
type manifestTopic struct {
	Name string `json:"t"`
	Path string `json:"p"`
}

// shard is a dictionary shard: Terms sorted, each with its stem group in
// Groups and the group's number of commitments in Counts.
type shard struct {
	Terms  []string `json:"t"`
	Groups []int    `json:"g"`
	Counts []int    `json:"n"`
}

// chunk is the result data of Chunk commitments in a row.
type chunk struct {
	// Sections are the sections of its commitments: title, path, and
	// the title's language when not the page's.
	Sections [][]string `json:"s"`
	Docs     []chunkDoc `json:"d"`
}

// chunkDoc is what a result shows of a commitment.
type chunkDoc struct {
	Title     string   `json:"t"`
	TitleLang string   `json:"tl,omitempty"`
	Slug      string   `json:"u"` // its path, less the manifest's Prefix
	Chapter   int      `json:"c"` // its chapter's index in the manifest
	Section   int      `json:"s"` // its section's index in the chunk
	Text      string   `json:"x"`
	TextLang  string   `json:"xl,omitempty"`
	Items     []string `json:"i,omitempty"` // sub-items, nested ones flattened
}

// files returns the index's files.
func (ix *indexer) files(docs []doc, manifestPath string) ([]File, error) {
	var out []File
	add := func(name string, v any) error {
		data, err := marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, File{Path: name, Data: data})
		return nil
	}
	m := manifest{Docs: len(docs), Chunk: Chunk, Stop: stopWords[ix.lang], Topics: ix.topics}
	if m.Stop == nil {
		m.Stop = []string{}
	}
	if m.Topics == nil {
		m.Topics = []manifestTopic{}
	}
	m.Prefix = commonDir(docs)
	m.Aliases = ix.aliases()
	for i, d := range docs {
		if n := len(m.Chapters); n == 0 || m.Chapters[n-1].Number != d.c.ChapterNum {
			m.Chapters = append(m.Chapters, manifestChapter{Number: d.c.ChapterNum, Title: d.c.Chapter.Text, Lang: d.c.Chapter.Lang, Path: d.c.Chapter.Path, First: i})
		}
	}
	// Stem groups in the order of their stems, so that the groups of one
	// prefix share few postings files.
	groups := make([]*group, 0, len(ix.groups))
	for _, g := range ix.groups {
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b *group) int { return strings.Compare(a.stem, b.stem) })
	// A postings file is a JSON array of arrays of numbers, written here
	// with strconv: encoding/json would spend its reflection on millions
	// of ints.
	var file []byte
	flush := func() {
		if len(file) > 0 {
			file = append(file, ']')
			out = append(out, File{Path: fmt.Sprintf("p%d.json", len(m.Files)-1), Data: file})
			file = nil
		}
	}
	for i, g := range groups {
		g.id = i
		if len(file) > postingsTarget {
			flush()
		}
		if len(file) == 0 {
			m.Files = append(m.Files, i)
			file = make([]byte, 0, postingsTarget+postingsTarget/2)
			file = append(file, '[')
		} else {
			file = append(file, ',')
		}
		file = appendPostings(file, g.postings)
	}
	flush()
	// Dictionary shards.
	terms := make([]string, 0, len(ix.terms))
	for t := range ix.terms {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	for start := 0; start < len(terms); {
		key := shardKey(terms[start])
		end := start
		var sh shard
		for ; end < len(terms) && shardKey(terms[end]) == key; end++ {
			g := ix.terms[terms[end]]
			sh.Terms = append(sh.Terms, terms[end])
			sh.Groups = append(sh.Groups, g.id)
			sh.Counts = append(sh.Counts, len(g.postings))
		}
		m.Shards = append(m.Shards, key)
		if err := add("d-"+key+".json", sh); err != nil {
			return nil, err
		}
		start = end
	}
	// Result data.
	for start := 0; start < len(docs); start += Chunk {
		var ch chunk
		sections := map[string]int{}
		chapter := 0
		for i := start; i < min(start+Chunk, len(docs)); i++ {
			d := docs[i]
			for chapter+1 < len(m.Chapters) && m.Chapters[chapter+1].First <= i {
				chapter++
			}
			s, ok := sections[d.c.Section.Path]
			if !ok {
				s = len(ch.Sections)
				sections[d.c.Section.Path] = s
				sec := []string{d.c.Section.Text, d.c.Section.Path}
				if d.c.Section.Lang != "" {
					sec = append(sec, d.c.Section.Lang)
				}
				ch.Sections = append(ch.Sections, sec)
			}
			cd := chunkDoc{Title: d.page.Title, TitleLang: d.page.TitleLang, Slug: strings.TrimPrefix(d.page.Path, m.Prefix), Chapter: chapter, Section: s, Text: d.c.Text.Prose.Text}
			if l := d.c.Text.Prose.Lang; l != ix.lang {
				cd.TextLang = l
			}
			var items func([]*site.ProseItem)
			items = func(its []*site.ProseItem) {
				for _, it := range its {
					cd.Items = append(cd.Items, it.Text)
					items(it.Items)
				}
			}
			items(d.c.Text.Prose.Items)
			ch.Docs = append(ch.Docs, cd)
		}
		if err := add(fmt.Sprintf("c%d.json", start/Chunk), ch); err != nil {
			return nil, err
		}
	}
	// The topics' commitments, each list as differences.
	topicDocs := make([][]int32, len(ix.topicDoc))
	for i, ds := range ix.topicDoc {
		topicDocs[i] = make([]int32, len(ds))
		prev := int32(0)
		for k, d := range ds {
			topicDocs[i][k] = d - prev
			prev = d
		}
	}
	if err := add("topics.json", topicDocs); err != nil {
		return nil, err
	}
	// The names start with a hash of everything in them.
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	h := sha256.New()
	for _, f := range out {
		fmt.Fprintf(h, "%s %d\n", f.Path, len(f.Data))
		h.Write(f.Data)
	}
	dir := FilePrefix(ix.lang) + hex.EncodeToString(h.Sum(nil)[:5]) + "-"
	for i := range out {
		out[i].Path = dir + out[i].Path
	}
	m.Base = "/" + dir
	data, err := marshal(m)
	if err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	return append(out, File{Path: manifestPath, Data: data}), nil
}

// appendPostings appends a stem group's postings as a JSON array of
// numbers: for each commitment, the difference from the previous one's
// number, then the field mask times 8 plus the number of positions, then
// the positions, each as the difference from the previous.
func appendPostings(dst []byte, ps []posting) []byte {
	dst = append(dst, '[')
	prev := int32(0)
	for i, p := range ps {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, int64(p.doc-prev), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(p.mask)<<3|int64(p.n), 10)
		prev = p.doc
		last := 0
		for _, q := range p.pos[:p.n] {
			dst = append(dst, ',')
			dst = strconv.AppendInt(dst, int64(int(q)-last), 10)
			last = int(q)
		}
	}
	return append(dst, ']')
}

// shardKey returns the key of the dictionary shard a term belongs to: its
// first two characters when they are letters a to z or digits, else "_"
// for what is left (other scripts).
func shardKey(term string) string {
	var b [2]byte
	n := 0
	for i := 0; i < len(term) && n < 2; i++ {
		c := term[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			if n == 0 {
				return "_"
			}
			break
		}
		b[n] = c
		n++
	}
	return string(b[:n])
}

// commonDir returns the longest folder path that every commitment's path
// starts with ("/fr/engagements/").
func commonDir(docs []doc) string {
	prefix := docs[0].page.Path
	for _, d := range docs[1:] {
		for !strings.HasPrefix(d.page.Path, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	return prefix[:strings.LastIndexByte(prefix, '/')+1]
}

// marshal encodes v as JSON without escaping <, > and & (the script reads
// the data as text).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
