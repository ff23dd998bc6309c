package content

import (
	"fmt"
	"strings"
)

// yamlLine extracts "line N" from a YAML error, 0 if absent. yaml.v3
// gives a syntax error's position only in its text; only parseYAML and
// decodeYAML (config.go) still read it back.
func yamlLine(err error) int {
	var n int
	s := err.Error()
	if i := strings.Index(s, "line "); i >= 0 {
		fmt.Sscanf(s[i+5:], "%d", &n)
	}
	return n
}

// yamlMessage is a YAML error without its "yaml: line N: " prefix.
func yamlMessage(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: ")
	if i := strings.Index(s, ": "); i >= 0 && strings.HasPrefix(s, "line ") {
		s = s[i+2:]
	}
	return s
}
