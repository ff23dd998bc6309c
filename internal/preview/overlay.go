package preview

import (
	"bytes"
	"errors"
	"html/template"
	"strconv"
	"strings"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/pipeline"
)

// Problem is one build error as the banner shows it.
type Problem struct {
	File string // empty when unknown
	Line int    // 0 when unknown
	Msg  string
}

// Problems splits a build error into its problems, with file and line where
// the error has them: a diag.List or a *diag.Error anywhere in its chain.
// Any other error is one problem per line of its message, without the
// phase.
func Problems(err error) []Problem {
	if err == nil {
		return nil
	}
	var dl diag.List
	if errors.As(err, &dl) {
		out := make([]Problem, len(dl))
		for i, e := range dl {
			out[i] = Problem{File: e.File, Line: e.Line, Msg: e.Msg}
		}
		return out
	}
	var de *diag.Error
	if errors.As(err, &de) {
		return []Problem{{File: de.File, Line: de.Line, Msg: de.Msg}}
	}
	var pe *pipeline.PhaseError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var out []Problem
	for _, line := range strings.Split(err.Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, Problem{Msg: line})
		}
	}
	return out
}

// String formats the problem as "file:line: message".
func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Msg
	case p.Line <= 0:
		return p.File + ": " + p.Msg
	}
	return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Msg
}

var bannerTmpl = template.Must(template.New("banner").Parse(`<div class="preview-error" role="alert" aria-live="assertive">
<h2>Build failed: {{.Phase}}</h2>
<ul>{{range .Problems}}<li>{{if .File}}<code>{{.File}}{{if .Line}}:{{.Line}}{{end}}</code> {{end}}{{.Msg}}</li>{{end}}</ul>
<p>This page shows the last good build. Fix the file and save: the page reloads by itself.</p>
</div>`))

// banner renders the error banner, everything escaped.
func banner(err error) []byte {
	phase := "error"
	var pe *pipeline.PhaseError
	if errors.As(err, &pe) {
		phase = pe.Phase
	}
	var buf bytes.Buffer
	if e := bannerTmpl.Execute(&buf, struct {
		Phase    string
		Problems []Problem
	}{phase, Problems(err)}); e != nil {
		return []byte(`<div class="preview-error" role="alert">Build failed.</div>`)
	}
	return buf.Bytes()
}
