package render

import (
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

// TestMinifiable checks which template files are minified: not those where
// the minifier, blind to what actions write, would change what pages say.
func TestMinifiable(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
	}{
		{"plain", `<p>{{.}} et {{.}}</p>`, true},
		{"entity after an action", `<p>{{.}}&amp; x</p>`, true},
		{"entity before text", `<p>Q&amp;R {{.}}</p>`, true},
		{"JSON-LD script, one action", `<script type="application/ld+json">{{.}}</script>`, true},
		{"script without actions", `<script>var  x = 1;</script><p>{{.}}</p>`, true},
		{"entity right before an action", `<p>Q&amp;{{.}}</p>`, false},
		{"numeric reference before an action", `<p>Q&#38;{{.}}</p>`, false},
		{"pre with an action", `<pre>a   {{.}}</pre>`, false},
		{"textarea with an action", `<TEXTAREA name="x">x {{.}}</TEXTAREA>`, false},
		{"script with text and an action", `<script>var s = "a    b" + {{.}};</script>`, false},
		{"style with an action", `<style>p{content:"a   b"} {{.}}</style>`, false},
	}
	for _, tt := range tests {
		if got := minifiable([]byte(tt.src)); got != tt.want {
			t.Errorf("%s: minifiable = %v, want %v", tt.name, got, tt.want)
		}
	}
	// The real theme is minified, file by file.
	files, _ := filepath.Glob("../../themes/default/templates/*.html")
	if len(files) == 0 {
		t.Fatal("no theme templates found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !minifiable(data) {
			t.Errorf("%s is no longer minified: it holds an entity right before an action, or an action in a pre, textarea, script or style element beside other text", filepath.Base(f))
		}
		// The minifier reads an apostrophe in a comment as the start of
		// a character literal, and leaves the rest of the file as written.
		for _, c := range templateComment.FindAllString(string(data), -1) {
			if strings.Contains(c, "'") {
				t.Errorf("%s: the comment %q holds an apostrophe: the rest of the file is not minified", filepath.Base(f), c)
			}
		}
	}
}

// templateComment is a comment in a template.
var templateComment = regexp.MustCompile(`(?s)\{\{-?\s*/\*.*?\*/\s*-?\}\}`)

// TestMinifiedTemplatesSayTheSame renders snippets from their minified
// source and from the source as written, with data that would show a
// wrong minification, and compares what a reader gets: the same text,
// whitespace between and within tags aside.
func TestMinifiedTemplatesSayTheSame(t *testing.T) {
	snippets := []string{
		`<p>Q&amp;{{.}}</p>`,
		`<pre>a   {{.}}</pre>`,
		`<textarea>x   {{.}}</textarea>`,
		`<ul>
  <li>{{.}}</li>
  <li>a  &amp;  b</li>
</ul>
<p title="{{.}}  x">  {{.}}  </p>`,
	}
	// norm is what a reader gets: the tags and their attributes, and the
	// text decoded, its spaces collapsed, blank text dropped.
	spaces := regexp.MustCompile(`\s+`)
	norm := func(page string) string {
		var out []string
		z := xhtml.NewTokenizer(strings.NewReader(page))
		for z.Next() != xhtml.ErrorToken {
			tok := z.Token()
			if tok.Type == xhtml.TextToken {
				if text := strings.TrimSpace(spaces.ReplaceAllString(tok.Data, " ")); text != "" {
					out = append(out, text)
				}
				continue
			}
			out = append(out, tok.String())
		}
		return strings.Join(out, "|")
	}
	th := &theme{}
	for _, src := range snippets {
		th.files = map[string][]byte{"x.html": []byte(src)}
		run := func(minified bool) string {
			text, err := th.source("x.html", minified)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := template.Must(template.New("x").Parse(text)).Execute(&b, "lt;notable  two"); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		asWritten, minified := run(false), run(true)
		if minifiable([]byte(src)) {
			if norm(minified) != norm(asWritten) {
				t.Errorf("%q: minified, the page says\n%s\nbut as written\n%s", src, minified, asWritten)
			}
		} else if minified != asWritten {
			t.Errorf("%q: should have been left as written, got\n%s", src, minified)
		}
	}
}

// TestSourceKeepsTheFile checks that minifying a template file leaves the
// file as read unchanged: errors are given the lines of the file as
// written, from it.
func TestSourceKeepsTheFile(t *testing.T) {
	const src = "{{define \"x\"}}<footer>\n  <p>{{.}}</p>\n\n  </footer>{{end}}"
	th := &theme{files: map[string][]byte{"x.html": []byte(src)}}
	if _, err := th.source("x.html", true); err != nil {
		t.Fatal(err)
	}
	if got := string(th.files["x.html"]); got != src {
		t.Errorf("the file as read became\n%q\nwant\n%q", got, src)
	}
}
