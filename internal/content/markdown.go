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
	"github.com/yuin/goldmark/util"

	"github.com/belgian-programme/explainer/internal/diag"
)

// markdown is configured once and shared: goldmark parsers are safe for
// concurrent use. Raw HTML is never rendered (and is refused before).
// Front matter is goldmark-meta's, with a shortcut for simple front matter
// (see frontMatterParser).
var markdown = goldmark.New(
	goldmark.WithExtensions(meta.Meta),
	goldmark.WithParserOptions(parser.WithBlockParsers(util.Prioritized(newFrontMatterParser(), -1))),
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
	m, err := frontMatter(ctx)
	switch {
	case bytes.HasPrefix(src, []byte("---\n")) && !bytes.Contains(src[3:], []byte("\n---\n")) && !bytes.HasSuffix(src, []byte("\n---")):
		errs.Add(file, 1, "front matter is not closed; expected a line \"---\" after it")
		d.badMeta = true
	case err != nil:
		errs.Add(file, yamlLine(err)+1, "front matter is not valid YAML: %s", yamlMessage(err))
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
	errs.Add(d.file, d.metaLine(key), "front matter %q should be a string, found %T", key, v)
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
		errs.Add(d.file, d.metaLine("source"), "source should be a fingerprint in quotes, such as source: \"%v\"; run explainer status --accept on this file", v)
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
		errs.Add(d.file, d.metaLine(key), "front matter %q should be a list of strings", key)
		return nil
	}
	var out []string
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			errs.Add(d.file, d.metaLine(key), "front matter %q should be a list of strings, found %v", key, x)
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
			errs.Add(d.file, d.metaLine(k), "unknown front matter key %q; expected one of %s", k, strings.Join(allowed, ", "))
		}
	}
}

// metaLine finds the line of a front matter key: the first line of the
// file that starts with the key and a colon; 1 if none does.
func (d *document) metaLine(key string) int {
	rest := d.src
	for n := 1; ; n++ {
		line, next, more := bytes.Cut(rest, []byte("\n"))
		if len(line) > len(key) && line[len(key)] == ':' && string(line[:len(key)]) == key {
			return n
		}
		if !more {
			return 1
		}
		rest = next
	}
}

// yamlLine extracts "line N" from a YAML error, 0 if absent. Front matter
// starts on the file's second line, hence the caller's +1.
func yamlLine(err error) int {
	var n int
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		fmt.Sscanf(s[i+5:], "%d", &n)
	}
	return n
}

func yamlMessage(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: ")
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "line ") {
		s = s[i+2:]
	}
	return s
}
