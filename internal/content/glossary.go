package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/belgian-programme/explainer/internal/diag"
)

// GlossaryFile is the glossary's file name in the content folder.
const GlossaryFile = "glossary.yaml"

// Glossary is content/glossary.yaml as written: its entries in file order.
// Package glossary checks them and finds their forms in texts.
type Glossary struct {
	File    string // path, as shown to editors
	Entries []*GlossaryEntry
}

// GlossaryEntry is one entry of the glossary file.
type GlossaryEntry struct {
	ID     string
	Line   int                       // line of the entry
	Labels map[string]*GlossaryLabel // per language code
}

// GlossaryLabel is what an entry says in one language.
type GlossaryLabel struct {
	Term       string   // headword
	Forms      []string // how the term is written in the language's texts
	Definition string   // its words joined by single spaces
	Line       int      // line of the label
	FormLines  []int    // line of each form
}

// LoadGlossary reads content/glossary.yaml from fsys, rooted at the content
// folder (dir is its path as shown in errors). langs are the site's
// language codes, the only keys an entry has besides its id. A missing
// file is no glossary: nil and no error.
func LoadGlossary(fsys fs.FS, dir string, langs []string) (*Glossary, error) {
	file := path.Join(dir, GlossaryFile)
	data, err := fs.ReadFile(fsys, GlossaryFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, &diag.Error{File: file, Msg: fmt.Sprintf("cannot read the glossary: %v", err)}
	}
	return ParseGlossary(file, data, langs)
}

// ParseGlossary reads the glossary file's data strictly: a list of
// entries, each with an id and one label per language in langs, each
// label with a term, forms and a definition. Any other key is an error.
// An empty file is an empty glossary.
func ParseGlossary(file string, data []byte, langs []string) (*Glossary, error) {
	var errs diag.List
	g := &Glossary{File: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 gives the position only in its message: the whole file
		// is named.
		errs.Add(file, 0, "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, errs.Err()
	}
	if len(doc.Content) == 0 {
		return g, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.SequenceNode {
		errs.Add(file, root.Line, "expected a list of glossary entries, each with id and one entry per language (%s)", strings.Join(langs, ", "))
		return nil, errs.Err()
	}
	known := map[string]bool{}
	for _, l := range langs {
		known[l] = true
	}
	for _, n := range root.Content {
		if n.Kind != yaml.MappingNode {
			errs.Add(file, n.Line, "expected a glossary entry with id and one entry per language, found %s", describe(n))
			continue
		}
		e := &GlossaryEntry{Line: n.Line, Labels: map[string]*GlossaryLabel{}}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch {
			case k.Value == "id":
				e.ID = v.Value
			case known[k.Value]:
				e.Labels[k.Value] = glossaryLabel(file, k.Value, v, &errs)
			default:
				errs.Add(file, k.Line, "unknown key %q in a glossary entry; expected id or a language code (%s)", k.Value, strings.Join(langs, ", "))
			}
		}
		g.Entries = append(g.Entries, e)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return g, nil
}

func glossaryLabel(file, lang string, v *yaml.Node, errs *diag.List) *GlossaryLabel {
	lb := &GlossaryLabel{Line: v.Line}
	if v.Kind != yaml.MappingNode {
		errs.Add(file, v.Line, "%s: expected term, forms and definition, found %s", lang, describe(v))
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
				errs.Add(file, val.Line, "%s forms: expected a list such as [Organisation internationale de la Francophonie, OIF], found %s", lang, describe(val))
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

// describe names a YAML node's kind for messages.
func describe(n *yaml.Node) string {
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
