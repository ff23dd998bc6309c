package render_test

import (
	"context"
	"html"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
)

var tag = regexp.MustCompile(`<[^>]*>`)

// stripped is what a reader gets from marked-up HTML once the tags are
// removed: the text.
func stripped(h string) string { return html.UnescapeString(tag.ReplaceAllString(h, "")) }

func TestMarked(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		marks []site.Mark
		want  string
	}{
		{"no marks", `a < b & "c" 'd'`, nil, `a &lt; b &amp; &#34;c&#34; &#39;d&#39;`},
		{"one mark", "l’OIF et <b>", []site.Mark{{Start: 4, End: 7, Ref: "g1-oif"}},
			`l’<a class="term" href="#g1-oif" aria-describedby="g1-oif">OIF</a> et &lt;b&gt;`},
		{"two marks, no-break space kept", "UE\u00a0: CETA", []site.Mark{{Start: 0, End: 2, Ref: "g1-ue"}, {Start: 6, End: 10, Ref: "g1-ceta"}},
			"<a class=\"term\" href=\"#g1-ue\" aria-describedby=\"g1-ue\">UE</a>\u00a0: <a class=\"term\" href=\"#g1-ceta\" aria-describedby=\"g1-ceta\">CETA</a>"},
		{"mark with markup-like text", "x <&> y", []site.Mark{{Start: 2, End: 5, Ref: "g2-x"}},
			`x <a class="term" href="#g2-x" aria-describedby="g2-x">&lt;&amp;&gt;</a> y`},
		{"bad marks ignored", "abc", []site.Mark{{Start: 2, End: 9, Ref: "a"}, {Start: 1, End: 1, Ref: "b"}}, "abc"},
		{"overlapping mark ignored", "abcdef", []site.Mark{{Start: 0, End: 3, Ref: "a"}, {Start: 2, End: 4, Ref: "b"}},
			`<a class="term" href="#a" aria-describedby="a">abc</a>def`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(render.Marked(tt.text, tt.marks))
			if got != tt.want {
				t.Errorf("Marked:\n got %s\nwant %s", got, tt.want)
			}
			if s := stripped(got); s != tt.text {
				t.Errorf("stripped: %q, want the text %q", s, tt.text)
			}
		})
	}
}

// TestMarkedSiteTexts checks every marked text of the pipeline tests'
// fixture site (its own seed, content and interface strings, with the real
// theme), so that an editor's change to content/ cannot break it: once the
// tags are stripped, the marked-up HTML is the original text.
func TestMarkedSiteTexts(t *testing.T) {
	theme, err := filepath.Abs("../../themes/default")
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Build(context.Background(), pipeline.Options{Root: "../pipeline/testdata/site", Theme: theme})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func(p *site.Page, text string, marks []site.Mark) {
		if len(marks) > 0 {
			n++
		}
		if got := stripped(string(render.Marked(text, marks))); got != text {
			t.Errorf("%s: stripped marked text\n%q\nis not the text\n%q", p.Path, got, text)
		}
	}
	var items func(*site.Page, []*site.ProseItem)
	items = func(p *site.Page, its []*site.ProseItem) {
		for _, it := range its {
			check(p, it.Text, it.Marks)
			items(p, it.Items)
		}
	}
	unit := func(p *site.Page, u site.Unit) {
		check(p, u.Prose.Text, u.Prose.Marks)
		items(p, u.Prose.Items)
	}
	for _, p := range res.Site.Pages {
		switch v := p.Body.(type) {
		case *site.ChapterView:
			for _, u := range v.Intro {
				unit(p, u)
			}
		case *site.Section:
			for _, u := range append(append([]site.Unit(nil), v.Intro...), v.Closing...) {
				unit(p, u)
			}
		case *site.Commitment:
			unit(p, v.Text)
		}
	}
	// The fixture marks SNCB in two commitments, TEC and De Lijn in one, in
	// each of the three languages.
	if n != 9 {
		t.Errorf("%d marked texts, want 9", n)
	}
}
