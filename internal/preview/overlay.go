package preview

import (
	"bytes"
	"errors"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Problem is one build error as the banner shows it.
type Problem struct {
	File string // empty when unknown
	Line int    // 0 when unknown
	Msg  string
}

// Problems splits a build error into its problems, with file and line where
// the error has them.
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
	var out []Problem
	for _, line := range strings.Split(err.Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, parseProblem(line))
		}
	}
	return out
}

// position finds "file:line:" in a message such as "theme: template:
// commitment.html:12: function \"x\" not defined".
var position = regexp.MustCompile(`([^\s:]+):(\d+)(?::\d+)?: `)

func parseProblem(line string) Problem {
	m := position.FindStringSubmatchIndex(line)
	if m == nil {
		return Problem{Msg: line}
	}
	n, _ := strconv.Atoi(line[m[4]:m[5]])
	return Problem{File: line[m[2]:m[3]], Line: n, Msg: line[m[1]:]}
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
	phase, _, _ := strings.Cut(err.Error(), ":")
	if strings.ContainsAny(phase, " /.\n") {
		phase = "error"
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
