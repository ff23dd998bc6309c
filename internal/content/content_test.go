package content

import (
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/diag"
)

func TestParseUnitErrors(t *testing.T) {
	const file = "content/nl/units/34-x.md"
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"valid", "---\ntitle: Titel\nslug: titel\nsource: abc\n---\nTekst.\n\n- een\n- twee\n", nil},
		{"broken front matter", "---\ntitle: [Titel\nslug: titel\n---\nTekst.\n",
			[]string{file + ":2: front matter is not valid YAML: line 1: did not find expected ',' or ']'"}},
		{"front matter error at its line", "---\ntitle: Titel\nslug: a: b\n---\nTekst.\n",
			[]string{file + ":2: front matter is not valid YAML: line 3: mapping values are not allowed in this context"}},
		{"unclosed front matter", "---\ntitle: Titel\n\nTekst.\n",
			[]string{file + ":1: front matter is not closed; expected a line \"---\" after it"}},
		{"unknown key", "---\ntitel: Titel\n---\nTekst.\n",
			[]string{file + ":2: unknown front matter key \"titel\"; expected one of title, slug, aliases, source"}},
		{"invalid slug", "---\nslug: Één Titel\n---\n",
			[]string{file + ":2: slug \"Één Titel\" is not valid; expected lower-case letters, digits and hyphens"}},
		{"raw HTML block", "---\ntitle: T\n---\nTekst.\n\n<div>x</div>\n",
			[]string{file + ":6: raw HTML is not allowed in content; write plain Markdown"}},
		{"inline raw HTML", "---\ntitle: T\n---\nTekst met <b>vet</b>.\n",
			[]string{file + ":4: raw HTML is not allowed in content; write plain Markdown", file + ":4: raw HTML is not allowed in content; write plain Markdown"}},
		{"second paragraph", "---\ntitle: T\n---\nEen.\n\nTwee.\n",
			[]string{file + ":6: a second paragraph; expected one paragraph, then an optional list"}},
		{"heading", "---\ntitle: T\n---\n# Kop\n",
			[]string{file + ":4: a heading is not allowed in a translation; expected one paragraph, then an optional list"}},
		{"link", "---\ntitle: T\n---\nZie [hier](/nl/).\n",
			[]string{file + ":4: a link is not allowed in a translation; write plain text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			u := ParseUnit(file, "nl", []byte(tt.src), &errs)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want == nil && (u.Title != "Titel" || u.Slug != "titel" || u.SlugLine() != 3 || u.Text != "Tekst." || len(u.Items) != 2) {
				t.Errorf("parsed %+v", u)
			}
		})
	}
}

func TestParsePageRefusesRawHTML(t *testing.T) {
	const file = "content/fr/pages/about.md"
	var errs diag.List
	p := ParsePage(file, "fr", []byte("---\ntitle: À propos\n---\n## Titre\n\nTexte.\n\n<script>alert(1)</script>\n"), &errs)
	want := file + ":8: raw HTML is not allowed in content; write plain Markdown"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors %v, want %s", errs, want)
	}
	if strings.Contains(p.HTML, "<script") {
		t.Errorf("the script was rendered: %s", p.HTML)
	}
}

func TestParsePageNeedsTitle(t *testing.T) {
	var errs diag.List
	ParsePage("content/en/pages/x.md", "en", []byte("---\ndescription: D\n---\nText.\n"), &errs)
	want := "content/en/pages/x.md:1: page has no title; expected \"title:\" in its front matter"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors %v, want %s", errs, want)
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{"a": true, "siege-commun-ue": true, "34-x": true, "": false, "-a": false, "a-": false, "a--b": false, "Aa": false, "é": false, "a b": false} {
		if validSlug(s) != want {
			t.Errorf("validSlug(%q) = %v", s, !want)
		}
	}
}

// An unquoted fingerprint that YAML reads as a number is refused with the
// fix, not silently turned into "2.75674914e+10".
func TestUnquotedNumericSourceIsRefused(t *testing.T) {
	var errs diag.List
	u := ParseUnit("content/nl/units/34-x.md", "nl", []byte("---\nsource: 2756749140e1\n---\nTekst.\n"), &errs)
	if u.Source != "" || len(errs) != 1 || !strings.Contains(errs[0].Error(), "content/nl/units/34-x.md:2: source should be a fingerprint in quotes") {
		t.Errorf("source %q, errors %v", u.Source, errs)
	}
}

// diagList collects problems and compares them, in order, with the
// wanted messages.
type diagList struct{ List diag.List }

func (l *diagList) check(t *testing.T, want []string) {
	t.Helper()
	var got []string
	for _, e := range l.List {
		got = append(got, e.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
