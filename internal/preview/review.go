package preview

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/translation"
)

// ReviewCSSPath is the review page's stylesheet.
const ReviewCSSPath = "/_preview/review.css"

// reviewRow is one text unit (or editorial page) in every language.
type reviewRow struct {
	ID    string
	Kind  string
	Cells []reviewCell // source language first
}

// reviewCell is a unit in one language.
type reviewCell struct {
	Lang   string
	Title  string // short title, when the language gives one
	Text   string
	Status string // current, outdated, missing; "source" for the source language
	File   string // the file to edit
	Link   string // the page that shows the unit in this language
}

// reviewFilter is a link of the filter bar.
type reviewFilter struct {
	Text    string
	URL     string
	Current bool
}

type reviewView struct {
	Build                   string
	CSS, OverlayCSS, Reload string
	Langs                   []string // languages shown, source first
	Rows                    []reviewRow
	Total                   int
	LangBar                 []reviewFilter
	State                   []reviewFilter
	Problems                []Problem
	// Gaps are the build's warnings that the table does not show (all
	// but missing and outdated translations): topics, titles, URL
	// segments, interface strings, glossary entries, orphans...
	Gaps []diag.Warning
}

var statuses = []string{"current", "outdated", "missing"}

// review renders /_review/: every unit side by side in every language with
// its status, filtered by ?lang= (a translation language) and ?status=.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	st := s.state.Load()
	if st == nil || st.site == nil {
		s.site(w, r) // 503, or the failure page
		return
	}
	q := r.URL.Query()
	lang, status := q.Get("lang"), q.Get("status")
	v := buildReview(st.site, lang, status)
	v.Build = st.build
	v.CSS, v.OverlayCSS, v.Reload = ReviewCSSPath, OverlayPath, ReloadPath
	v.Problems = Problems(st.err)
	var buf bytes.Buffer
	if err := reviewTmpl.Execute(&buf, v); err != nil {
		http.Error(w, "review page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func buildReview(res *pipeline.Result, lang, status string) reviewView {
	c := res.Content
	src := res.Status.Source
	var targets []string // translation languages, in configured order
	for _, l := range c.Languages() {
		if l != src {
			targets = append(targets, l)
		}
	}
	known := false
	for _, l := range targets {
		known = known || l == lang
	}
	if !known {
		lang = ""
	}
	okStatus := false
	for _, s := range statuses {
		okStatus = okStatus || s == status
	}
	if !okStatus {
		status = ""
	}
	shown := targets
	if lang != "" {
		shown = []string{lang}
	}
	v := reviewView{Langs: append([]string{src}, shown...)}
	for _, w := range res.Warnings {
		if w.Code != diag.MissingTranslation && w.Code != diag.OutdatedTranslation {
			v.Gaps = append(v.Gaps, w)
		}
	}

	units := map[string]*programme.Unit{}
	for _, u := range res.Units {
		units[u.ID] = u
	}
	type langKey struct {
		lang string
		key  site.Key
	}
	pageOf := map[langKey]string{} // page path
	for _, p := range res.Site.Pages {
		pageOf[langKey{p.Lang, p.Key}] = p.Path
	}
	entries := map[string]map[string]translation.Entry{}
	for _, l := range targets {
		entries[l] = map[string]translation.Entry{}
		for _, e := range res.Status.Entries[l] {
			entries[l][e.ID] = e
		}
	}
	if len(targets) == 0 {
		return v
	}
	for _, e := range res.Status.Entries[targets[0]] {
		v.Total++
		keep := status == ""
		for _, l := range shown {
			keep = keep || entries[l][e.ID].Status.String() == status
		}
		if !keep {
			continue
		}
		row := reviewRow{ID: e.ID, Kind: string(e.Kind)}
		key := pageKey(e, units[e.ID])
		srcCell := reviewCell{Lang: src, Status: "source", Link: pageOf[langKey{src, key}]}
		if u := units[e.ID]; u != nil {
			srcCell.Text = programme.Outline(u.Text, u.Items)
			srcCell.File = u.Source.File
			if f := c.Units[src][e.ID]; f != nil {
				srcCell.Title = f.Title
				srcCell.File = f.File + " (title, slug); text: " + u.Source.File
			}
		} else if p := c.Pages[src][e.ID]; p != nil {
			srcCell.Title, srcCell.Text, srcCell.File = p.Title, p.Plain, p.File
		}
		row.Cells = append(row.Cells, srcCell)
		for _, l := range shown {
			te := entries[l][e.ID]
			cell := reviewCell{Lang: l, Status: te.Status.String(), File: te.File, Link: pageOf[langKey{l, key}]}
			cell.Title, cell.Text = translated(c, l, e)
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	link := func(l, s string) string {
		q := url.Values{}
		if l != "" {
			q.Set("lang", l)
		}
		if s != "" {
			q.Set("status", s)
		}
		if len(q) == 0 {
			return ReviewPath
		}
		return ReviewPath + "?" + q.Encode()
	}
	v.LangBar = append(v.LangBar, reviewFilter{Text: "all languages", URL: link("", status), Current: lang == ""})
	for _, l := range targets {
		v.LangBar = append(v.LangBar, reviewFilter{Text: l, URL: link(l, status), Current: lang == l})
	}
	v.State = append(v.State, reviewFilter{Text: "any status", URL: link(lang, ""), Current: status == ""})
	for _, s := range statuses {
		v.State = append(v.State, reviewFilter{Text: s, URL: link(lang, s), Current: status == s})
	}
	return v
}

// pageKey is the site.Page key of the page that shows an entry.
func pageKey(e translation.Entry, u *programme.Unit) site.Key {
	switch {
	case e.Kind == translation.PageKind:
		return site.Key{Kind: site.KindPage, ID: e.ID}
	case u == nil:
		return site.Key{}
	case u.Kind == programme.KindCommitment:
		return site.Key{Kind: site.KindCommitment, ID: u.ID}
	case u.SectionID != "":
		return site.Key{Kind: site.KindSection, ID: u.SectionID}
	}
	// The chapter's title, introduction and priorities.
	return site.Key{Kind: site.KindChapter, ID: u.ChapterID}
}

// translated returns the title and text of an entry in a language.
func translated(c *content.Content, lang string, e translation.Entry) (title, text string) {
	if e.Kind == translation.PageKind {
		if p := c.Pages[lang][e.ID]; p != nil {
			return p.Title, p.Plain
		}
		return "", ""
	}
	if f := c.Units[lang][e.ID]; f != nil {
		return f.Title, programme.Outline(f.Text, f.Items)
	}
	return "", ""
}

var reviewTmpl = template.Must(template.New("review").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="preview-build" content="{{.Build}}">
<title>Translation review</title>
<link rel="stylesheet" href="{{.CSS}}">
<link rel="stylesheet" href="{{.OverlayCSS}}">
<script src="{{.Reload}}" defer></script>
</head>
<body>
{{with .Problems}}<div class="preview-error" role="alert"><h2>The last build failed; this page shows the last good build</h2><ul>{{range .}}<li>{{if .File}}<code>{{.File}}{{if .Line}}:{{.Line}}{{end}}</code> {{end}}{{.Msg}}</li>{{end}}</ul></div>{{end}}
<header>
<h1>Translation review</h1>
<p>{{len .Rows}} of {{.Total}} text units. Edit the file named under each text; this page reloads after every save.</p>
<nav aria-label="Filters">
<p>Language: {{range .LangBar}}<a href="{{.URL}}"{{if .Current}} aria-current="page"{{end}}>{{.Text}}</a> {{end}}</p>
<p>Status: {{range .State}}<a href="{{.URL}}"{{if .Current}} aria-current="page"{{end}}>{{.Text}}</a> {{end}}</p>
</nav>
</header>
<main>
{{with .Gaps}}<section id="gaps" aria-labelledby="gaps-title">
<h2 id="gaps-title">Other gaps to fill before publishing ({{len .}})</h2>
<p>The site shows a fallback for each meanwhile; <code>explainer status --strict</code> fails until none is left.</p>
<ul>{{range .}}<li><code>{{.Position}}</code> <strong>{{.Code}}</strong> {{.Msg}}</li>{{end}}</ul>
</section>{{end}}
<table>
<thead><tr><th scope="col">Unit</th>{{range .Langs}}<th scope="col" lang="{{.}}">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr id="{{.ID}}">
<th scope="row"><code>{{.ID}}</code><br><small>{{.Kind}}</small></th>
{{range .Cells}}<td lang="{{.Lang}}" class="status-{{.Status}}">
<p class="status">{{.Status}}{{if .Link}} · <a href="{{.Link}}">page</a>{{end}}</p>
{{if .Title}}<p class="title">{{.Title}}</p>{{end}}
{{if .Text}}<p class="text">{{.Text}}</p>{{else}}<p class="text none">no text</p>{{end}}
<p class="file"><code>{{.File}}</code></p>
</td>
{{end}}</tr>
{{end}}</tbody>
</table>
</main>
</body>
</html>
`))
