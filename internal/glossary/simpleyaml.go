package glossary

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// readSimpleYAML reads the glossary file the way it is written: a list of
// block mappings, one key and value a line, each value a plain scalar, a
// double-quoted scalar without escapes, a flow list of such scalars on one
// line, or a nested block mapping. It returns the document node that
// yaml.Unmarshal would give, as far as Parse reads it (the kind, value and
// line of every node and their content), and false for anything else,
// which yaml.v3 then reads. yaml.v3 takes most of a build's glossary time
// otherwise.
func readSimpleYAML(data []byte) (*yaml.Node, bool) {
	if !utf8.Valid(data) {
		return nil, false
	}
	for i := 0; i < len(data); {
		// Controls, tabs and carriage returns, the characters YAML reads
		// as line breaks and those it does not print: yaml.v3's business.
		if c := data[i]; c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return nil, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r <= 0x9f || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r >= '\ufffe' && r <= '\uffff' {
			return nil, false
		}
		i += size
	}
	y := &simpleYAML{}
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" || trimmed[0] == '#' {
			continue // blank or comment
		}
		y.lines = append(y.lines, simpleLine{no: i + 1, indent: len(line) - len(trimmed), text: strings.TrimRight(trimmed, " ")})
	}
	if len(y.lines) == 0 || y.lines[0].indent != 0 {
		return nil, false
	}
	seq := y.node(yaml.SequenceNode, "", y.lines[0].no)
	for y.pos < len(y.lines) {
		l := y.lines[y.pos]
		rest, ok := strings.CutPrefix(l.text, "- ")
		if l.indent != 0 || !ok {
			return nil, false
		}
		col := len(l.text) - len(strings.TrimLeft(rest, " "))
		m, ok := y.mapping(col, strings.TrimLeft(rest, " "))
		if !ok {
			return nil, false
		}
		seq.Content = append(seq.Content, m)
	}
	return &yaml.Node{Kind: yaml.DocumentNode, Line: seq.Line, Content: []*yaml.Node{seq}}, true
}

// simpleYAML is readSimpleYAML's state: the lines that are neither blank
// nor comments, and the next one to read.
type simpleYAML struct {
	lines []simpleLine
	pos   int
	nodes []yaml.Node // allocated a block at a time
}

// node returns a new node.
func (y *simpleYAML) node(kind yaml.Kind, value string, line int) *yaml.Node {
	if len(y.nodes) == cap(y.nodes) {
		y.nodes = make([]yaml.Node, 0, 256)
	}
	y.nodes = append(y.nodes, yaml.Node{Kind: kind, Value: value, Line: line})
	return &y.nodes[len(y.nodes)-1]
}

// simpleLine is a line without its indentation and trailing spaces.
type simpleLine struct {
	no, indent int
	text       string
}

// mapping reads a block mapping whose keys are at column col, the first of
// them in first (the rest of the current line).
func (y *simpleYAML) mapping(col int, first string) (*yaml.Node, bool) {
	m := y.node(yaml.MappingNode, "", y.lines[y.pos].no)
	text := first
	for {
		no := y.lines[y.pos].no
		key, value, ok := strings.Cut(text, ":")
		if !ok || !simpleKey(key) || value != "" && value[0] != ' ' {
			return nil, false
		}
		for i := 0; i < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return nil, false // a repeated key: yaml.v3 decides
			}
		}
		keyNode := y.node(yaml.ScalarNode, key, no)
		value = strings.TrimLeft(value, " ")
		y.pos++
		var v *yaml.Node
		if value == "" {
			// A nested block mapping, more indented, on the next lines.
			if y.pos == len(y.lines) || y.lines[y.pos].indent <= col || strings.HasPrefix(y.lines[y.pos].text, "- ") {
				return nil, false
			}
			if v, ok = y.mapping(y.lines[y.pos].indent, y.lines[y.pos].text); !ok {
				return nil, false
			}
		} else if v, ok = y.value(value, no); !ok {
			return nil, false
		}
		m.Content = append(m.Content, keyNode, v)
		if y.pos == len(y.lines) || y.lines[y.pos].indent < col {
			return m, true
		}
		if y.lines[y.pos].indent > col {
			return nil, false
		}
		text = y.lines[y.pos].text
	}
}

// maxSimpleKey is the longest key simpleKey accepts: far above the
// glossary's, far below the 1024 characters past which yaml.v3 refuses a
// key.
const maxSimpleKey = 64

// simpleKey reports whether a key is made of ASCII letters, digits, '_'
// and '-', not first, and at most maxSimpleKey long.
func simpleKey(key string) bool {
	if key == "" || key[0] == '-' || len(key) > maxSimpleKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// value reads the value after "key: ", to the end of the line.
func (y *simpleYAML) value(s string, line int) (*yaml.Node, bool) {
	switch s[0] {
	case '"':
		v, rest, ok := quoted(s)
		if !ok || rest != "" {
			return nil, false
		}
		return y.node(yaml.ScalarNode, v, line), true
	case '[':
		seq := y.node(yaml.SequenceNode, "", line)
		s = strings.TrimLeft(s[1:], " ")
		if s == "]" {
			return seq, true
		}
		for {
			var v string
			var ok bool
			if s != "" && s[0] == '"' {
				v, s, ok = quoted(s)
			} else {
				end := strings.IndexAny(s, ",]")
				if end < 0 {
					return nil, false
				}
				v, s = strings.TrimRight(s[:end], " "), s[end:]
				ok = plain(v, ",?[]{}")
			}
			if !ok {
				return nil, false
			}
			seq.Content = append(seq.Content, y.node(yaml.ScalarNode, v, line))
			s = strings.TrimLeft(s, " ")
			switch {
			case s == "]":
				return seq, true
			case strings.HasPrefix(s, ","):
				s = strings.TrimLeft(s[1:], " ")
				if s == "" || s[0] == ']' {
					return nil, false // a trailing comma
				}
			default:
				return nil, false
			}
		}
	}
	if !plain(s, "") {
		return nil, false
	}
	return y.node(yaml.ScalarNode, s, line), true
}

// quoted reads a double-quoted scalar without escapes at the start of s,
// and returns its value and what follows it, without leading spaces.
func quoted(s string) (value, rest string, ok bool) {
	end := strings.IndexByte(s[1:], '"')
	if end < 0 {
		return "", "", false
	}
	value = s[1 : 1+end]
	if strings.IndexByte(value, '\\') >= 0 {
		return "", "", false
	}
	return value, strings.TrimLeft(s[2+end:], " "), true
}

// plain reports whether s is a plain scalar readSimpleYAML takes as it is:
// not empty, not starting with an indicator or a space, without ':', '#',
// quotes or any of the characters in also.
func plain(s, also string) bool {
	if s == "" || strings.IndexByte("-?:,[]{}#&*!|>'\"%@` ", s[0]) >= 0 {
		return false
	}
	return !strings.ContainsAny(s, ":#'\""+also)
}
