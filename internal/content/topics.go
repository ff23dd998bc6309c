package content

import (
	"io/fs"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Topic is a subject citizens browse by (shown as "thèmes"), defined in
// content/topics.yaml.
type Topic struct {
	ID    string
	Line  int                   // line of its definition
	Names map[string]TopicLabel // per language code
}

// TopicLabel is a topic's name, description and URL slug in one language.
type TopicLabel struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Slug        string `yaml:"slug"`
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

func loadTopics(fsys fs.FS, dir string, site Site, errs *diag.List) []*Topic {
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
		var raw map[string]yaml.Node
		if err := n.Decode(&raw); err != nil {
			errs.Add(file, n.Line, "expected a topic with id and one entry per language: %v", err)
			continue
		}
		t := &Topic{Line: n.Line, Names: map[string]TopicLabel{}}
		if id, ok := raw["id"]; ok {
			t.ID = id.Value
		}
		if !validSlug(t.ID) {
			errs.Add(file, n.Line, "topic id %q is not valid; expected lower-case letters, digits and hyphens", t.ID)
		}
		if first, dup := seen[t.ID]; dup {
			errs.Add(file, n.Line, "topic %q is already defined at line %d", t.ID, first)
		}
		seen[t.ID] = n.Line
		for key, v := range raw {
			if key == "id" {
				continue
			}
			if _, ok := site.Language(key); !ok {
				errs.Add(file, v.Line, "unknown key %q in topic %q; expected id or a language code", key, t.ID)
				continue
			}
			var l TopicLabel
			if err := v.Decode(&l); err != nil {
				errs.Add(file, v.Line, "topic %q, %s: expected name, description and slug: %v", t.ID, key, err)
				continue
			}
			t.Names[key] = l
		}
		for _, lang := range site.Languages {
			l := t.Names[lang.Code]
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
	if out, ok := simpleAssignments(file, data); ok {
		seen := map[string]int{}
		for _, a := range out {
			if first, dup := seen[a.ID]; dup {
				errs.Add(file, a.Line, "%q is already assigned at line %d", a.ID, first)
			}
			seen[a.ID] = a.Line
		}
		return out
	}
	return yamlAssignments(file, data, errs)
}

// yamlAssignments reads topic assignments with yaml.v3.
func yamlAssignments(file string, data []byte, errs *diag.List) []*Assignment {
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
		if err := v.Decode(&a.Topics); err != nil {
			errs.Add(file, k.Line, "topics of %q: expected a list of topic IDs such as [europe, africa]", a.ID)
			continue
		}
		out = append(out, a)
	}
	return out
}

// simpleAssignments reads an assignments file made only of lines
//
//	commitment-id: [topic-id, topic-id]
//
// with at least one such line, comment lines ("#" first) and empty lines,
// as yamlAssignments would, which is several times slower: YAML parsing is
// most of the cost of a large file. The IDs are lower-case ASCII letters,
// digits and hyphens, not starting with a hyphen; a topic ID starts with a
// letter and is not a word YAML reads as a boolean or null; the topics are
// separated by a comma and one space. Every character is one YAML accepts,
// tabs excepted. It reports false for any other file, which
// yamlAssignments then reads.
func simpleAssignments(file string, data []byte) ([]*Assignment, bool) {
	var out []*Assignment
	text := string(data) // IDs are parts of it
	for n := 1; text != ""; n++ {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		switch {
		case line == "":
		case line[0] == '#':
			if !simpleChars(line) {
				return nil, false
			}
		default:
			id, list, ok := strings.Cut(line, ": [")
			topics, closed := strings.CutSuffix(list, "]")
			if !ok || !closed || !simpleID(id, false) {
				return nil, false
			}
			a := &Assignment{ID: id, File: file, Line: n, Topics: make([]string, 0, strings.Count(topics, ",")+1)}
			for t := range strings.SplitSeq(topics, ", ") {
				if !simpleID(t, true) {
					return nil, false
				}
				a.Topics = append(a.Topics, t)
			}
			out = append(out, a)
		}
	}
	return out, len(out) > 0
}

// simpleID reports whether id is 1 to 200 lower-case ASCII letters, digits
// and hyphens, starting with a letter when topic is set and otherwise with
// a letter or digit, and is not a word YAML reads as a boolean or null.
func simpleID(id string, topic bool) bool {
	if len(id) == 0 || len(id) > 200 || yamlWord(id) {
		return false
	}
	if c := id[0]; !(c >= 'a' && c <= 'z' || !topic && c >= '0' && c <= '9') {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
