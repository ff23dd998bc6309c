package render

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"text/template/parse"
)

// TestConstantsInlined checks that folding T and inlining constants leave
// every page as html/template alone writes it, in every context, with the
// characters escaping is about, and that they do remove the actions they
// can.
func TestConstantsInlined(t *testing.T) {
	const theme = `{{define "base"}}<title>{{T "tricky"}}</title>` +
		`<p title="{{T "tricky"}}">{{T "tricky"}} {{T "plain"}}</p>` +
		`<a href="{{T "url"}}">{{T "plain"}}</a>` +
		`<script>var s = {{T "tricky"}};</script>` +
		`{{if .}}<p>{{T "plain" .}}</p>{{end}}{{end}}`
	messages := map[string]string{
		"tricky": "Tom & \"Jerry\" <b>'s</b> a+b \x00 é",
		"plain":  "Accueil",
		"url":    "javascript:alert(1)",
	}
	T := func(id string, args ...any) (string, error) {
		m, ok := messages[id]
		if !ok {
			return "", fmt.Errorf("no message %q", id)
		}
		return m, nil
	}
	parseSet := func(optimise bool) *template.Template {
		set := template.Must(template.New("theme").Funcs(template.FuncMap{"T": T}).Parse(theme))
		if optimise {
			foldT(set, T)
			if err := escape(set, "base"); err != nil {
				t.Fatal(err)
			}
			inlineConstants(set)
		}
		return set
	}
	run := func(set *template.Template) string {
		var b strings.Builder
		if err := set.ExecuteTemplate(&b, "base", true); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	plain, optimised := parseSet(false), parseSet(true)
	want := run(plain)
	if got := run(optimised); got != want {
		t.Errorf("inlined constants change the page:\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(want, "#ZgotmplZ") {
		t.Errorf("the javascript: URL was not filtered: %s", want)
	}

	// What is left: the title (RCDATA), the URL, the script and T with an
	// argument; the text and attribute constants became text.
	var actions []string
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			actions = append(actions, n.String())
		case *parse.IfNode:
			walk(n.List)
		}
	}
	walk(optimised.Lookup("base").Tree.Root)
	if len(actions) != 4 {
		t.Errorf("expected 4 actions left (title, URL, script, T with an argument), found %d: %v", len(actions), actions)
	}
}

// TestConstantsMissingMessage checks that a message T cannot give is not
// folded: the page fails where it is used, as without folding.
func TestConstantsMissingMessage(t *testing.T) {
	T := func(id string, args ...any) (string, error) { return "", fmt.Errorf("no message %q", id) }
	set := template.Must(template.New("theme").Funcs(template.FuncMap{"T": T}).Parse(`{{define "base"}}<p>{{T "gone"}}</p>{{end}}`))
	foldT(set, T)
	if err := escape(set, "base"); err != nil {
		t.Fatal(err)
	}
	inlineConstants(set)
	err := set.ExecuteTemplate(&strings.Builder{}, "base", nil)
	if err == nil || !strings.Contains(err.Error(), `no message "gone"`) {
		t.Errorf("expected the missing message to fail the page, got %v", err)
	}
}
