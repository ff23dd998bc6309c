package content

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"

	"github.com/belgian-programme/explainer/internal/diag"
)

// markdown is configured once and shared: goldmark parsers are safe for
// concurrent use. Raw HTML is never rendered (and is refused before).
// Front matter is goldmark-meta's.
var markdown = goldmark.New(
	goldmark.WithExtensions(meta.Meta),
	goldmark.WithRendererOptions(html.WithXHTML()),
)

// document is a parsed Markdown file: its front matter and body.
type document struct {
	file string
	src  []byte
	meta map[string]any
	root ast.Node
	// badMeta is set when the front matter is broken: the body is then
	// not checked, so that one mistake gives one error.
	badMeta bool
	// keys gives the line of each front matter key; read on first need
	// (see keyLine).
	keys map[string]int
}

// parseDocument parses front matter and body, reporting YAML errors and raw
// HTML with their lines.
func parseDocument(file string, src []byte, errs *diag.List) *document {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	d := &document{file: file, src: src}
	ctx := parser.NewContext()
	d.root = markdown.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	m, err := meta.TryGet(ctx)
	switch {
	case bytes.HasPrefix(src, []byte("---\n")) && !bytes.Contains(src[3:], []byte("\n---\n")) && !bytes.HasSuffix(src, []byte("\n---")):
		errs.Add(file, 1, "front matter is not closed; expected a line \"---\" after it")
		d.badMeta = true
	case err != nil:
		// The error is reported at the front matter's first line, with
		// yaml.v3's message: given the file from its first line, it counts
		// the file's lines, where goldmark-meta's yaml.v2 counts from the
		// front matter.
		if _, err3 := d.frontMatterNode(); err3 != nil {
			err = err3
		}
		errs.Add(file, 2, "front matter is not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		d.badMeta = true
	}
	d.meta = m
	if d.meta == nil {
		d.meta = map[string]any{}
	}
	// Raw HTML, a block or inline, starts with "<": without one there is
	// none to look for.
	if bytes.IndexByte(src, '<') >= 0 {
		ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n.Kind() {
			case ast.KindHTMLBlock, ast.KindRawHTML:
				errs.Add(file, d.line(n), "raw HTML is not allowed in content; write plain Markdown")
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
	}
	return d
}

// line returns the 1-based line of a node, or of its first descendant that
// has a position.
func (d *document) line(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		var off = -1
		if t, ok := n.(*ast.Text); ok {
			off = t.Segment.Start
		} else if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			off = n.Lines().At(0).Start
		} else if r, ok := n.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
			off = r.Segments.At(0).Start
		}
		if off >= 0 {
			return 1 + bytes.Count(d.src[:min(off, len(d.src))], []byte("\n"))
		}
	}
	return 1
}

// str returns a string field of the front matter.
func (d *document) str(key string, errs *diag.List) string {
	v, ok := d.meta[key]
	if !ok || v == nil {
		return ""
	}
	switch s := v.(type) {
	case string:
		return strings.TrimSpace(s)
	case int, float64, bool:
		return strings.TrimSpace(fmt.Sprint(s))
	}
	errs.Add(d.file, d.keyLine(key), "front matter %q should be a string, found %T", key, v)
	return ""
}

// fingerprint returns the "source" field, which must be a quoted string:
// YAML reads an unquoted fingerprint such as 2756749140e1 as a number.
func (d *document) fingerprint(errs *diag.List) string {
	v, ok := d.meta["source"]
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		errs.Add(d.file, d.keyLine("source"), "source should be a fingerprint in quotes, such as source: \"%v\"; run explainer status --accept on this file", v)
		return ""
	}
	return strings.TrimSpace(s)
}

// strs returns a list-of-strings field of the front matter.
func (d *document) strs(key string, errs *diag.List) []string {
	v, ok := d.meta[key]
	if !ok || v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		if s, ok := v.(string); ok {
			return []string{s}
		}
		errs.Add(d.file, d.keyLine(key), "front matter %q should be a list of strings", key)
		return nil
	}
	var out []string
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			errs.Add(d.file, d.keyLine(key), "front matter %q should be a list of strings, found %v", key, x)
			continue
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out
}

// checkKeys refuses front matter keys other than the allowed ones, so that
// a typo does not silently lose a field.
func (d *document) checkKeys(errs *diag.List, allowed ...string) {
	for k := range d.meta {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		if !ok {
			errs.Add(d.file, d.keyLine(k), "unknown front matter key %q; expected one of %s", k, strings.Join(allowed, ", "))
		}
	}
}

// frontMatter returns the front matter of src, from its opening "---"
// line to the line before the closing one, as goldmark-meta finds it; nil
// when src has none.
func frontMatter(src []byte) []byte {
	first, rest, ok := bytes.Cut(src, []byte("\n"))
	if !ok || !isSeparator(first) {
		return nil
	}
	end := len(first) + 1
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		if isSeparator(line) && len(bytes.TrimSpace(line)) > 0 {
			return src[:end]
		}
		end += len(line) + 1
		rest = next
	}
	return nil
}

// isSeparator reports whether a line is a front matter separator, as
// goldmark-meta sees one: only hyphens, around spaces.
func isSeparator(line []byte) bool {
	return len(bytes.Trim(bytes.TrimSpace(line), "-")) == 0
}

// frontMatterNode parses the front matter with yaml.v3, from the file's
// first line so that the nodes' lines are the file's; nil without front
// matter.
func (d *document) frontMatterNode() (*yaml.Node, error) {
	return parseFrontMatter(frontMatter(d.src))
}

// parseFrontMatter parses front matter, as frontMatter returns it, with
// yaml.v3; nil when empty.
func parseFrontMatter(fm []byte) (*yaml.Node, error) {
	if fm == nil {
		return nil, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// keyLine returns the line of a front matter key; 1, the front matter's
// first line, when the key cannot be found.
func (d *document) keyLine(key string) int {
	if d.keys == nil {
		d.keys = keyLines(frontMatter(d.src))
	}
	if line, ok := d.keys[key]; ok {
		return line
	}
	return 1
}

// keyLines returns the line of each key of front matter, as frontMatter
// returns it; the first when a key is repeated.
func keyLines(fm []byte) map[string]int {
	lines := map[string]int{}
	if n, _ := parseFrontMatter(fm); n != nil && n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if _, dup := lines[n.Content[i].Value]; !dup {
				lines[n.Content[i].Value] = n.Content[i].Line
			}
		}
	}
	return lines
}
