package render

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belgian-programme/explainer/internal/uistrings"
)

// TestMarkedT: a message a language lacks is the source language's, marked
// lang="fr" in text and plain where no element may stand (an attribute);
// a language's own message is plain text, as before.
func TestMarkedT(t *testing.T) {
	fsys := fstest.MapFS{
		"fr.toml": {Data: []byte("[a]\nother = \"Aller à « A »\"\n\n[b]\nother = \"B\"\n")},
		"nl.toml": {Data: []byte("[a]\nother = \"Ga naar A\"\n")},
	}
	strs, err := uistrings.Load(fsys, "i18n", []string{"fr", "nl", "de"})
	if err != nil {
		t.Fatal(err)
	}
	const src = `<p aria-label="{{T "a"}}">{{T "a"}} {{T "b"}}</p>`
	tests := []struct{ lang, want string }{
		{"fr", `<p aria-label="Aller à « A »">Aller à « A » B</p>`},
		{"nl", `<p aria-label="Ga naar A">Ga naar A <span lang="fr">B</span></p>`},
		{"de", `<p aria-label="Aller à « A »"><span lang="fr">Aller à « A »</span> <span lang="fr">B</span></p>`},
	}
	for _, tt := range tests {
		tmpl := template.Must(template.New("t").Funcs(template.FuncMap{"T": markedT(strs, tt.lang)}).Parse(src))
		var b strings.Builder
		if err := tmpl.Execute(&b, nil); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.lang, b.String(), tt.want)
		}
	}
}
