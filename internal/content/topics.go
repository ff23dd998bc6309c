package content

import (
	"fmt"
	"io/fs"
	"path"

	"gopkg.in/yaml.v3"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Topic is a subject citizens browse by (shown as "thèmes"), defined in
// content/topics.yaml.
type Topic struct {
	ID    string
	File  string                // path of the topics file, as shown to editors
	Line  int                   // line of its definition
	Names map[string]TopicLabel // per language code
}

// TopicLabel is a topic's name, description and URL slug in one language.
type TopicLabel struct {
	Name        string
	Description string
	Slug        string
	// Fallback is set when the topic has no entry in the language: the
	// label is the source language's.
	Fallback bool
}

// Assignment gives the topics of one commitment or sub-item, from
// content/topic-assignments.yaml.
type Assignment struct {
	ID     string
	Topics []string
	File   string
	Line   int
}

// TopicsFile and AssignmentsFile are where topics are defined and assigned.
const (
	TopicsFile      = "topics.yaml"
	AssignmentsFile = "topic-assignments.yaml"
)

// loadTopics reads the topic definitions. A topic without an entry in a
// language other than the source language takes the source language's
// entry, with a MISSING_TOPIC_TRANSLATION warning in ws; an incomplete
// entry, or a missing one in the source language, is an error.
func loadTopics(fsys fs.FS, dir string, site Site, errs *diag.List, ws *[]diag.Warning) []*Topic {
	file := path.Join(dir, TopicsFile)
	data, err := fs.ReadFile(fsys, TopicsFile)
	if err != nil {
		errs.Add(file, 0, "cannot read topic definitions: %v", err)
		return nil
	}
	root, ok := parseYAML(file, data, errs)
	if !ok {
		return nil
	}
	if root.Kind != yaml.SequenceNode {
		errs.Add(file, root.Line, "expected a list of topics, each with id and one entry per language")
		return nil
	}
	var topics []*Topic
	seen := map[string]int{}
	for _, n := range root.Content {
		if n.Kind != yaml.MappingNode {
			errs.Add(file, n.Line, "expected a topic with id and one entry per language")
			continue
		}
		t := &Topic{File: file, Line: n.Line, Names: map[string]TopicLabel{}}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := n.Content[i], n.Content[i+1]; k.Value == "id" {
				t.ID = v.Value
			}
		}
		if !validSlug(t.ID) {
			errs.Add(file, n.Line, "topic id %q is not valid; expected lower-case letters, digits and hyphens", t.ID)
		}
		if first, dup := seen[t.ID]; dup {
			errs.Add(file, n.Line, "topic %q is already defined at line %d", t.ID, first)
		}
		seen[t.ID] = n.Line
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "id" {
				continue
			}
			if _, ok := site.Language(k.Value); !ok {
				errs.Add(file, k.Line, "unknown key %q in topic %q; expected id or a language code", k.Value, t.ID)
				continue
			}
			t.Names[k.Value] = topicLabel(file, t.ID, k.Value, v, errs)
		}
		for i, lang := range site.Languages {
			l, ok := t.Names[lang.Code]
			if !ok && i > 0 {
				src := site.Languages[0].Code
				l = t.Names[src]
				l.Fallback = true
				t.Names[lang.Code] = l
				*ws = append(*ws, diag.Warning{Code: diag.MissingTopicTranslation, File: file, Line: n.Line,
					Msg: fmt.Sprintf("topic %q has no %s entry; it shows its %s name and description until you add \"%s: {name: ..., description: ..., slug: ...}\"", t.ID, lang.Code, src, lang.Code)})
				continue
			}
			if l.Name == "" || l.Description == "" || !validSlug(l.Slug) {
				errs.Add(file, n.Line, "topic %q has no complete %s entry; expected name, description and slug", t.ID, lang.Code)
			}
		}
		topics = append(topics, t)
	}
	return topics
}

func loadAssignments(fsys fs.FS, dir string, errs *diag.List) []*Assignment {
	file := path.Join(dir, AssignmentsFile)
	data, err := fs.ReadFile(fsys, AssignmentsFile)
	if err != nil {
		errs.Add(file, 0, "cannot read topic assignments: %v", err)
		return nil
	}
	root, ok := parseYAML(file, data, errs)
	if !ok {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		errs.Add(file, root.Line, "expected a mapping from commitment ID to a list of topic IDs")
		return nil
	}
	var out []*Assignment
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		a := &Assignment{ID: k.Value, File: file, Line: k.Line}
		if first, dup := seen[a.ID]; dup {
			errs.Add(file, k.Line, "%q is already assigned at line %d", a.ID, first)
		}
		seen[a.ID] = k.Line
		if !scalars(v) {
			errs.Add(file, k.Line, "topics of %q: expected a list of topic IDs such as [europe, africa]", a.ID)
			continue
		}
		for _, t := range v.Content {
			a.Topics = append(a.Topics, t.Value)
		}
		out = append(out, a)
	}
	return out
}

// topicLabel reads a topic's entry in one language: a mapping of name,
// description and slug to text. Any other key is an error.
func topicLabel(file, id, lang string, v *yaml.Node, errs *diag.List) TopicLabel {
	var l TopicLabel
	if v.Kind != yaml.MappingNode {
		errs.Add(file, v.Line, "topic %q, %s: expected name, description and slug", id, lang)
		return l
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		var field *string
		switch k.Value {
		case "name":
			field = &l.Name
		case "description":
			field = &l.Description
		case "slug":
			field = &l.Slug
		default:
			errs.Add(file, k.Line, "unknown key %q in topic %q, %s; expected name, description or slug", k.Value, id, lang)
			continue
		}
		if val.Kind != yaml.ScalarNode {
			errs.Add(file, val.Line, "topic %q, %s: %s should be text", id, lang, k.Value)
			continue
		}
		*field = val.Value
	}
	return l
}

// scalars reports whether n is a list of single values.
func scalars(n *yaml.Node) bool {
	if n.Kind != yaml.SequenceNode {
		return false
	}
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}
