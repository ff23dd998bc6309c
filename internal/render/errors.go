package render

import (
	"path"
	"regexp"
	"strconv"

	"github.com/belgian-programme/explainer/internal/diag"
)

// templatePos is the position text/template and html/template put at the
// start of their messages: "template: commitment.html:12:7: ".
var templatePos = regexp.MustCompile(`^template: ([^:\s]+\.html):(\d+)(?::(\d+))?: `)

// themeError names the theme file of a template error, as editors see it:
// "themes/default/templates/commitment.html:12: col 7: message". page, when
// not empty, is the output file being rendered. Errors without a template
// position are returned with the page alone.
func themeError(dir string, err error, page string) error {
	msg := err.Error()
	m := templatePos.FindStringSubmatch(msg)
	if m == nil {
		if page != "" {
			return &diag.Error{File: page, Msg: msg}
		}
		return &diag.Error{File: path.Join(dir, "templates"), Msg: msg}
	}
	line, _ := strconv.Atoi(m[2])
	msg = msg[len(m[0]):]
	if m[3] != "" {
		msg = "col " + m[3] + ": " + msg
	}
	if page != "" {
		msg += " (rendering " + page + ")"
	}
	return &diag.Error{File: path.Join(dir, "templates", m[1]), Line: line, Msg: msg}
}
