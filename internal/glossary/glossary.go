// Package glossary holds the glossary of content/glossary.yaml: the
// institutions, agreements, programmes and acronyms the programme names,
// each with its headword, the forms under which it appears in each
// language's text and a short neutral definition per language.
//
// Load refuses an entry that lacks a headword, a form or a definition in one
// of the site's languages, and a form claimed by two entries. A Matcher finds
// the forms in a text, robust to French typography: any run of spaces
// (no-break ones included) and hyphens matches a space or a hyphen, ’ matches
// ', and forms in lower case match whatever the case. A form written in
// capitals only (an acronym such as "OIF" or "UE") matches only in capitals.
// Forms match whole words only.
package glossary

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/belgian-programme/explainer/internal/diag"
)

// File is the glossary's file name in the content folder.
const File = "glossary.yaml"

// UnusedFormCode is the warning code of a form that occurs in no text of its
// language.
const UnusedFormCode = "GLOSSARY_UNUSED_FORM"

// Glossary is every entry, in file order.
type Glossary struct {
	File    string // path as shown to editors
	Entries []*Entry
	langs   []string
	byID    map[string]*Entry
}

// Entry is one glossary entry.
type Entry struct {
	ID    string            // stable, also the anchor on glossary pages
	Line  int               // line of the entry in the file
	Langs map[string]*Label // per language code
}

// Label is what an entry says in one language.
type Label struct {
	Term       string   // headword, as listed on the glossary page
	Forms      []string // how the term is written in the language's texts
	Definition string   // one or two neutral, factual sentences
	Line       int      // line of the label, for messages
	FormLines  []int    // line of each form
}

// Entry returns the entry with an ID, or nil.
func (g *Glossary) Entry(id string) *Entry {
	if g == nil {
		return nil
	}
	return g.byID[id]
}

// Languages returns the language codes the glossary was loaded for.
func (g *Glossary) Languages() []string { return g.langs }

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads content/glossary.yaml from fsys (rooted at the content folder;
// dir is its path as shown in errors). langs are the site's language codes.
// A missing file is no glossary: Load returns nil and no error. Every
// problem is reported, as a diag.List, with its line.
func Load(fsys fs.FS, dir string, langs []string) (*Glossary, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, &diag.Error{File: path.Join(dir, File), Msg: fmt.Sprintf("cannot read the glossary: %v", err)}
	}
	return Parse(path.Join(dir, File), data, langs)
}

// Parse parses the glossary file's data; file is its path for messages.
func Parse(file string, data []byte, langs []string) (*Glossary, error) {
	var errs diag.List
	g := &Glossary{File: file, langs: langs, byID: map[string]*Entry{}}
	root, ok := readSimpleYAML(data)
	if !ok {
		root = &yaml.Node{}
		if err := yaml.Unmarshal(data, root); err != nil {
			errs.Add(file, yamlLine(err), "not valid YAML: %s", yamlMsg(err))
			return nil, errs.Err()
		}
	}
	if root.Kind == 0 {
		return g, nil // empty file
	}
	doc := root.Content[0]
	if doc.Kind != yaml.SequenceNode {
		errs.Add(file, doc.Line, "expected a list of glossary entries, each with id and one entry per language (%s)", strings.Join(langs, ", "))
		return nil, errs.Err()
	}
	known := map[string]bool{}
	for _, l := range langs {
		known[l] = true
	}
	// form owner per language: normalised form → entry ID and line
	type owner struct {
		id   string
		line int
	}
	forms := map[string]map[string]owner{}
	for _, l := range langs {
		forms[l] = map[string]owner{}
	}
	for _, n := range doc.Content {
		if n.Kind != yaml.MappingNode {
			errs.Add(file, n.Line, "expected a glossary entry with id and one entry per language, found %s", kindName(n))
			continue
		}
		e := &Entry{Line: n.Line, Langs: map[string]*Label{}}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch {
			case k.Value == "id":
				e.ID = v.Value
			case known[k.Value]:
				e.Langs[k.Value] = parseLabel(file, k.Value, v, &errs)
			default:
				errs.Add(file, k.Line, "unknown key %q in a glossary entry; expected id or a language code (%s)", k.Value, strings.Join(langs, ", "))
			}
		}
		if !idPattern.MatchString(e.ID) {
			errs.Add(file, n.Line, "glossary id %q is not valid; expected lower-case letters, digits and hyphens", e.ID)
		} else if first, dup := g.byID[e.ID]; dup {
			errs.Add(file, n.Line, "glossary entry %q is already defined at line %d", e.ID, first.Line)
			continue
		}
		for _, l := range langs {
			lb := e.Langs[l]
			if lb == nil {
				errs.Add(file, n.Line, "glossary entry %q has no %s entry; expected term, forms and definition", e.ID, l)
				continue
			}
			if strings.TrimSpace(lb.Term) == "" {
				errs.Add(file, lb.Line, "glossary entry %q has no %s term; expected the headword", e.ID, l)
			}
			if strings.TrimSpace(lb.Definition) == "" {
				errs.Add(file, lb.Line, "glossary entry %q has no %s definition; expected one or two sentences", e.ID, l)
			}
			if len(lb.Forms) == 0 {
				errs.Add(file, lb.Line, "glossary entry %q has no %s forms; expected how the term is written in the %s texts", e.ID, l, l)
			}
			for j, f := range lb.Forms {
				key := string(normalise(f, !isAcronym(f)))
				if strings.TrimSpace(key) == "" {
					errs.Add(file, lb.FormLines[j], "glossary entry %q has an empty %s form", e.ID, l)
					continue
				}
				if o, dup := forms[l][key]; dup {
					errs.Add(file, lb.FormLines[j], "the %s form %q of %q is already a form of %q (line %d); a form belongs to one entry", l, f, e.ID, o.id, o.line)
					continue
				}
				forms[l][key] = owner{e.ID, lb.FormLines[j]}
			}
		}
		g.Entries = append(g.Entries, e)
		if e.ID != "" {
			g.byID[e.ID] = e
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return g, nil
}

func parseLabel(file, lang string, v *yaml.Node, errs *diag.List) *Label {
	lb := &Label{Line: v.Line}
	if v.Kind != yaml.MappingNode {
		errs.Add(file, v.Line, "%s: expected term, forms and definition, found %s", lang, kindName(v))
		return lb
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		switch k.Value {
		case "term":
			lb.Term = strings.TrimSpace(val.Value)
		case "definition":
			lb.Definition = strings.Join(strings.Fields(val.Value), " ")
		case "forms":
			if val.Kind != yaml.SequenceNode {
				errs.Add(file, val.Line, "%s forms: expected a list such as [Organisation internationale de la Francophonie, OIF], found %s", lang, kindName(val))
				continue
			}
			for _, f := range val.Content {
				lb.Forms = append(lb.Forms, strings.TrimSpace(f.Value))
				lb.FormLines = append(lb.FormLines, f.Line)
			}
		default:
			errs.Add(file, k.Line, "unknown key %q in the %s entry; expected term, forms or definition", k.Value, lang)
		}
	}
	return lb
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

func yamlLine(err error) int {
	m := yamlLineRe.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n := 0
	fmt.Sscan(m[1], &n)
	return n
}

func yamlMsg(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// Sorted returns the entries in the alphabetical order of their headwords
// in a language, by that language's collation (accents and case are
// secondary: "État" sorts with "Etat", before "Europe").
func (g *Glossary) Sorted(lang string) []*Entry {
	out := make([]*Entry, len(g.Entries))
	copy(out, g.Entries)
	c := collate.New(language.Make(lang))
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Langs[lang].Term, out[j].Langs[lang].Term
		if r := c.CompareString(a, b); r != 0 {
			return r < 0
		}
		return out[i].ID < out[j].ID
	})
	return out
}
