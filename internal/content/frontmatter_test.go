package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	meta "github.com/yuin/goldmark-meta"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// reference is goldmark with goldmark-meta alone, as markdown was before
// the front matter shortcut: the parser of record the shortcut must agree
// with.
var reference = goldmark.New(goldmark.WithExtensions(meta.Meta))

// TestSimpleEntry checks which front matter lines the shortcut reads, and
// that it reads them as goldmark-meta does.
func TestSimpleEntry(t *testing.T) {
	tests := []struct {
		line  string
		ok    bool
		value any
	}{
		{`title: Titel`, true, "Titel"},
		{`title: "Titel"`, true, "Titel"},
		{`title: 'Titel'`, true, "Titel"},
		{`title:`, true, nil},
		{`title: ""`, true, ""},
		{`title: ''`, true, ""},
		{`title: " padded "`, true, " padded "},
		{`slug: rdc-rwanda-burundi`, true, "rdc-rwanda-burundi"},
		{`source: "7a558a0e2aca"`, true, "7a558a0e2aca"},
		{`source: "2756749140e1"`, true, "2756749140e1"},
		{`title: Één Titel`, true, "Één Titel"},
		{`title: Porter l'attention « ici »`, true, "Porter l'attention « ici »"},
		{`title: "Porter l'attention"`, true, "Porter l'attention"},
		{`title: 'dit "zo"'`, true, `dit "zo"`},
		{`title: C# en F#`, true, "C# en F#"},
		{`title: http://example.org/a`, true, "http://example.org/a"},
		{`title: a, b [c] {d}`, true, "a, b [c] {d}"},
		{`title: Yesterday`, true, "Yesterday"},
		{`title: Nope`, true, "Nope"},
		{`title: "yes"`, true, "yes"},
		{`title: "123"`, true, "123"},
		{`title: "a: b"`, true, "a: b"},
		{`description_2: x`, true, "x"},

		// Left to goldmark-meta.
		{`title: yes`, false, nil},
		{`title: No`, false, nil},
		{`title: TRUE`, false, nil},
		{`title: off`, false, nil},
		{`title: null`, false, nil},
		{`title: ~`, false, nil},
		{`title: 123`, false, nil},
		{`title: 2756749140e1`, false, nil},
		{`title: .5`, false, nil},
		{`title: -x`, false, nil},
		{`title: +x`, false, nil},
		{`title: 2024-01-01`, false, nil},
		{`title: a: b`, false, nil},
		{`title: a:`, false, nil},
		{`title: a #b`, false, nil},
		{`title: [a, b]`, false, nil},
		{`title: {a: b}`, false, nil},
		{`title: &a x`, false, nil},
		{`title: *a`, false, nil},
		{`title: !x y`, false, nil},
		{`title: |`, false, nil},
		{`title: >`, false, nil},
		{`title: %x`, false, nil},
		{`title: @x`, false, nil},
		{"title: `x`", false, nil},
		{`title: "a\"b"`, false, nil},
		{`title: "a\tb"`, false, nil},
		{`title: 'it''s'`, false, nil},
		{`title: "unterminated`, false, nil},
		{`title: 'unterminated`, false, nil},
		{`title: "a" b`, false, nil},
		{`title: x `, false, nil},
		{`title:  x`, false, nil},
		{"title:\tx", false, nil},
		{"title: a\tb", false, nil},
		{`title:x`, false, nil},
		{`title : x`, false, nil},
		{` title: x`, false, nil},
		{`title: `, false, nil},
		{`Title: x`, false, nil},
		{`on: x`, false, nil},
		{`y: x`, false, nil},
		{`null: x`, false, nil},
		{`ti-tle: x`, false, nil},
		{`1title: x`, false, nil},
		{`<<: x`, false, nil},
		{`# comment`, false, nil},
		{`- item`, false, nil},
		{`  - item`, false, nil},
		{``, false, nil},
		{"title: a\u2028b", false, nil},
		{"title: a\u0085b", false, nil},
		{"title: a\ufeffb", false, nil},
		{"title: a\x01b", false, nil},
		{"title: a\x7fb", false, nil},
		{"title: a\xffb", false, nil},
		{"title: \"a\xffb\"", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			key, value, ok := simpleEntry(tt.line)
			if ok != tt.ok || !reflect.DeepEqual(value, tt.value) {
				t.Fatalf("simpleEntry = %q, %#v, %v; want %#v, %v", key, value, ok, tt.value, tt.ok)
			}
			if !ok {
				return
			}
			want, err := referenceFrontMatter("---\n" + tt.line + "\n---\n")
			if err != nil {
				t.Fatalf("goldmark-meta: %v", err)
			}
			if got := map[string]any{key: value}; !reflect.DeepEqual(got, want) {
				t.Errorf("shortcut %#v, goldmark-meta %#v", got, want)
			}
		})
	}
}

// TestFrontMatterShortcut checks whole documents: the shortcut must be
// taken where expected, and give what goldmark-meta gives.
func TestFrontMatterShortcut(t *testing.T) {
	tests := []struct {
		name, src string
		short     bool
	}{
		{"unit", "---\ntitle: Titel\nslug: titel\nsource: \"abc\"\n---\nTekst.\n", true},
		{"empty", "---\n---\nTekst.\n", true},
		{"no body", "---\ntitle: T\n---\n", true},
		{"closed at end of file", "---\ntitle: T\n---", true},
		{"unclosed", "---\ntitle: T\n", true},
		{"no front matter", "Tekst.\n", false},
		{"duplicate key", "---\ntitle: A\ntitle: B\n---\n", false},
		{"blank line", "---\ntitle: T\n\n---\n", false},
		{"block list", "---\naliases:\n  - a\n---\n", false},
		{"unclosed with body", "---\ntitle: T\n\nTekst.\n", false},
		{"last line without newline", "---\ntitle: T", false},
		{"longer separators", "-----\ntitle: T\n-----\nTekst.\n", true},
		{"broken", "---\ntitle: [T\n---\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc := parser.NewContext()
			markdown.Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(pc))
			if _, short := pc.Get(simpleMetaKey).(map[string]any); short != tt.short {
				t.Errorf("shortcut taken: %v, want %v", short, tt.short)
			}
			compareWithReference(t, []byte(tt.src))
		})
	}
}

// FuzzFrontMatter parses documents with markdown and with goldmark and
// goldmark-meta alone: the front matter, its error and the document tree
// must be the same.
func FuzzFrontMatter(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*/*.md")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"---\ntitle: yes\n---\n", "---\ntitle: \"a\\\"b\"\n---\nx\n", "---\ntitle: 'a'\nslug:\n---\n", "---\n---\n",
		"---\ntitle: T\n\nTekst.\n", "---\ntitle: a: b\n---\n", "---\naliases: [a, b]\n---\n- a\n- b\n",
		"----\ntitle: x #c\n----\n<b>x</b>\n", " ---\ntitle: x\n---\n", "---\ntitle: x\n  y\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		compareWithReference(t, src)
	})
}

// compareWithReference parses src with markdown and with reference and
// fails when the front matter, its error or the tree differ.
func compareWithReference(t *testing.T, src []byte) {
	t.Helper()
	pc := parser.NewContext()
	root := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	got, gotErr := frontMatter(pc)
	refPC := parser.NewContext()
	refRoot := reference.Parser().Parse(text.NewReader(src), parser.WithContext(refPC))
	want, wantErr := meta.TryGet(refPC)
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Fatalf("error %v, goldmark-meta %v", gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("front matter %#v, goldmark-meta %#v", got, want)
	}
	if g, w := dumpTree(root, src), dumpTree(refRoot, src); g != w {
		t.Fatalf("tree:\n%s\ngoldmark-meta's:\n%s", g, w)
	}
}

// referenceFrontMatter returns goldmark-meta's reading of src's front
// matter.
func referenceFrontMatter(src string) (map[string]any, error) {
	pc := parser.NewContext()
	reference.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return meta.TryGet(pc)
}

// dumpTree writes a document tree with the kinds, lines and text segments
// of its nodes.
func dumpTree(root ast.Node, src []byte) string {
	var b bytes.Buffer
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "(%s", n.Kind())
		if n.Type() == ast.TypeBlock {
			for i := range n.Lines().Len() {
				seg := n.Lines().At(i)
				fmt.Fprintf(&b, " %q", seg.Value(src))
			}
		}
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %q soft=%v hard=%v", n.Segment.Value(src), n.SoftLineBreak(), n.HardLineBreak())
		case *ast.String:
			fmt.Fprintf(&b, " %q", n.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
