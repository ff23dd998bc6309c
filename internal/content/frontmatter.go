package content

import (
	"strings"
	"unicode/utf8"

	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// frontMatterParser is goldmark-meta's block parser with a shortcut for
// the front matter our files use. It finds the front matter exactly as
// goldmark-meta does (Open and Continue are goldmark-meta's); on Close,
// front matter made only of simple "key: value" lines (see simpleEntry)
// is read directly, and anything else is left to goldmark-meta's Close,
// which parses it with yaml.v2 as before. Both give the same values; the
// shortcut spares the two YAML parses goldmark-meta makes of every file.
//
// It is registered before goldmark-meta's own block parser, which stays
// in place, with its AST transformer, for the front matter the shortcut
// leaves to it.
type frontMatterParser struct {
	parser.BlockParser
}

// simpleMetaKey holds, in a parser context, the front matter read by the
// shortcut: a map[string]any as meta.TryGet would give.
var simpleMetaKey = parser.NewContextKey()

// newFrontMatterParser returns the block parser.
func newFrontMatterParser() parser.BlockParser {
	return frontMatterParser{meta.NewParser()}
}

// Close reads simple front matter and removes its block from the
// document, as goldmark-meta does with front matter that parses; other
// front matter goes to goldmark-meta.
func (p frontMatterParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if m, ok := simpleFrontMatter(reader.Source(), node.Lines()); ok {
		pc.Set(simpleMetaKey, m)
		node.Parent().RemoveChild(node.Parent(), node)
		return
	}
	p.BlockParser.Close(node, reader, pc)
}

// frontMatter returns the front matter of a parsed document and its YAML
// error, as meta.TryGet does.
func frontMatter(pc parser.Context) (map[string]any, error) {
	if m, ok := pc.Get(simpleMetaKey).(map[string]any); ok {
		return m, nil
	}
	return meta.TryGet(pc)
}

// simpleFrontMatter reads front matter whose every line is a simple entry
// (see simpleEntry) with distinct keys. It reports false for anything
// else, which goldmark-meta then reads. The front matter is made a string
// once: keys and values are parts of it.
func simpleFrontMatter(src []byte, lines *text.Segments) (map[string]any, bool) {
	m := make(map[string]any, lines.Len())
	if lines.Len() == 0 {
		return m, true
	}
	start, end := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	for i := range lines.Len() {
		seg := lines.At(i)
		if seg.Padding != 0 || i > 0 && seg.Start != lines.At(i-1).Stop {
			return nil, false
		}
	}
	block := string(src[start:end])
	for block != "" {
		line, rest, ok := strings.Cut(block, "\n")
		if !ok {
			return nil, false
		}
		block = rest
		key, value, ok := simpleEntry(line)
		if !ok {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		m[key] = value
	}
	return m, true
}

// simpleEntry reads a front matter line that YAML (yaml.v2, as
// goldmark-meta uses it) reads as one string-keyed entry of a mapping
// whose value is a string or null, and whose value is evident:
//
//	key:
//	key: plain text
//	key: "double-quoted text without backslashes"
//	key: 'single-quoted text without single quotes'
//
// The key is a lower-case ASCII letter followed by lower-case letters,
// digits or underscores, and is not one of the words YAML reads as a
// boolean or null; one space follows the colon. Plain text does not
// start with a YAML indicator, a sign, a digit, a dot, a tilde or a
// space, does not end with a space or a colon, holds no ": " or " #", and
// is not a word YAML reads as a boolean or null. Every character is one
// YAML accepts, tabs and line separators excepted. Any other line gives
// false, and is left to goldmark-meta.
func simpleEntry(line string) (key string, value any, ok bool) {
	key, rest, ok := strings.Cut(line, ":")
	if !ok || !simpleKey(key) {
		return "", nil, false
	}
	if rest == "" {
		return key, nil, true
	}
	v, ok := strings.CutPrefix(rest, " ")
	if !ok || v == "" {
		return "", nil, false
	}
	switch v[0] {
	case '"':
		inner, ok := quoted(v, '"')
		if !ok || strings.IndexByte(inner, '\\') >= 0 {
			return "", nil, false
		}
		return key, inner, true
	case '\'':
		inner, ok := quoted(v, '\'')
		if !ok {
			return "", nil, false
		}
		return key, inner, true
	}
	if !simplePlain(v) {
		return "", nil, false
	}
	return key, v, true
}

// simpleKey reports whether a front matter key is a lower-case ASCII
// letter followed by at most 63 lower-case letters, digits or
// underscores, and is not a YAML boolean or null.
func simpleKey(k string) bool {
	if len(k) == 0 || len(k) > 64 || k[0] < 'a' || k[0] > 'z' || yamlWord(k) {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// quoted returns what lies between a quote q at the start of v and one
// at its end, if nothing else is quote q and every character is simple.
func quoted(v string, q byte) (string, bool) {
	if len(v) < 2 || v[len(v)-1] != q {
		return "", false
	}
	inner := v[1 : len(v)-1]
	if strings.IndexByte(inner, q) >= 0 || !simpleChars(inner) {
		return "", false
	}
	return inner, true
}

// simplePlain reports whether v is a plain (unquoted) YAML scalar that
// yaml.v2 reads as exactly the string v: see simpleEntry.
func simplePlain(v string) bool {
	switch v[0] {
	case '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', // indicators
		'+', '.', '~', ' ', // signs, floats, null
		'0', '1', '2', '3', '4', '5', '6', '7', '8', '9': // numbers, timestamps
		return false
	}
	last := v[len(v)-1]
	return last != ' ' && last != ':' &&
		!strings.Contains(v, ": ") && !strings.Contains(v, " #") &&
		!yamlWord(v) && simpleChars(v)
}

// yamlWord reports whether yaml.v2 reads the plain scalar w as a boolean
// or null rather than a string.
func yamlWord(w string) bool {
	switch w {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
		"null", "Null", "NULL", "~", "":
		return true
	}
	return false
}

// simpleChars reports whether s is valid UTF-8 made only of characters
// YAML accepts in a scalar on one line, less some it treats specially:
// no control characters (tab included), no line or paragraph separator
// and no byte order mark.
func simpleChars(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return false
		case r < 0xa0, r == 0x2028, r == 0x2029, r >= 0xd800 && r < 0xe000, r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}
