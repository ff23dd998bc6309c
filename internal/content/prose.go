package content

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
)

// prose reads a unit's body: one paragraph, optionally followed by a bullet
// list whose items may hold nested lists. Anything else is an error.
func (d *document) prose(errs *diag.List) (string, []*programme.Item) {
	var text string
	var items []*programme.Item
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			if text != "" || items != nil {
				errs.Add(d.file, d.line(n), "a second paragraph; expected one paragraph, then an optional list")
				continue
			}
			text = d.inline(n, errs)
		case ast.KindList:
			if items != nil {
				errs.Add(d.file, d.line(n), "a second list; expected one paragraph, then an optional list")
				continue
			}
			items = d.list(n, errs)
		case ast.KindHTMLBlock:
			// reported by parseDocument
		default:
			errs.Add(d.file, d.line(n), "%s is not allowed in a translation; expected one paragraph, then an optional list", kindName(n))
		}
	}
	return text, items
}

func (d *document) list(list ast.Node, errs *diag.List) []*programme.Item {
	items := []*programme.Item{}
	for li := list.FirstChild(); li != nil; li = li.NextSibling() {
		it := &programme.Item{}
		for c := li.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.Kind() {
			case ast.KindParagraph, ast.KindTextBlock:
				it.Text = join(it.Text, d.inline(c, errs))
			case ast.KindList:
				it.Items = d.list(c, errs)
			default:
				errs.Add(d.file, d.line(c), "%s is not allowed in a list item", kindName(c))
			}
		}
		items = append(items, it)
	}
	return items
}

// inline returns the plain text of a paragraph; line breaks become spaces.
// Emphasis, links, code and images are refused: the site shows plain text.
func (d *document) inline(n ast.Node, errs *diag.List) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(d.src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.RawHTML:
			// reported by parseDocument
		default:
			errs.Add(d.file, d.line(n), "%s is not allowed in a translation; write plain text", kindName(c))
		}
	}
	return collapseSpace(b.String())
}

// collapseSpace returns s with its words joined by single spaces.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

func kindName(n ast.Node) string {
	switch n.Kind() {
	case ast.KindHeading:
		return "a heading"
	case ast.KindFencedCodeBlock, ast.KindCodeBlock, ast.KindCodeSpan:
		return "code"
	case ast.KindLink, ast.KindAutoLink:
		return "a link"
	case ast.KindImage:
		return "an image"
	case ast.KindEmphasis:
		return "emphasis"
	case ast.KindBlockquote:
		return "a quotation block"
	case ast.KindThematicBreak:
		return "a horizontal rule"
	}
	return strings.ToLower(n.Kind().String())
}

// ParsePage parses an editorial page: front matter title, description,
// slug and source, and a Markdown body rendered to HTML.
func ParsePage(file, lang string, data []byte, errs *diag.List) *Page {
	d := parseDocument(file, data, errs)
	d.checkKeys(errs, "title", "description", "slug", "source")
	name := strings.TrimSuffix(file[strings.LastIndex(file, "/")+1:], ".md")
	p := &Page{
		File:        file,
		Lang:        lang,
		Name:        name,
		Title:       d.str("title", errs),
		Description: d.str("description", errs),
		Slug:        d.str("slug", errs),
		Source:      d.fingerprint(errs),
	}
	if p.Title == "" {
		errs.Add(file, 1, "page has no title; expected \"title:\" in its front matter")
	}
	if p.Slug != "" && !validSlug(p.Slug) {
		errs.Add(file, d.keyLine("slug"), "slug %q is not valid; expected lower-case letters, digits and hyphens", p.Slug)
	}
	var buf bytes.Buffer
	if err := markdown.Renderer().Render(&buf, d.src, d.root); err != nil {
		errs.Add(file, 0, "cannot render: %v", err)
	}
	p.HTML = buf.String()
	var plain strings.Builder
	ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			plain.Write(t.Segment.Value(d.src))
			plain.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	p.Plain = collapseSpace(plain.String())
	return p
}
