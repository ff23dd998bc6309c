package render

import (
	"html"
	"html/template"
	"strings"

	"github.com/belgian-programme/explainer/internal/site"
)

// Marked returns a text as HTML, each glossary mark a link to the term's
// definition listed after the text block: the link's text is the text's own
// words, and aria-describedby gives screen readers the definition. Every
// piece of text is escaped; once the tags are removed and the entities
// decoded, the result is the text unchanged. Marks out of order or out of
// range are ignored.
func Marked(text string, marks []site.Mark) template.HTML {
	if len(marks) == 0 {
		return template.HTML(html.EscapeString(text))
	}
	var b strings.Builder
	pos := 0
	for _, m := range marks {
		if m.Start < pos || m.End <= m.Start || m.End > len(text) {
			continue
		}
		ref := html.EscapeString(m.Ref)
		b.WriteString(html.EscapeString(text[pos:m.Start]))
		b.WriteString(`<a class="term" href="#` + ref + `" aria-describedby="` + ref + `">`)
		b.WriteString(html.EscapeString(text[m.Start:m.End]))
		b.WriteString("</a>")
		pos = m.End
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return template.HTML(b.String())
}
