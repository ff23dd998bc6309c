// Package diag holds the problems the build reports to editors: errors with
// a file and line, collected in a sorted list, and warnings with stable,
// greppable codes.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Error is a problem at a position in an input file. Line is 0 when the
// problem concerns the whole file.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error formats the problem as "file:line: message".
func (e *Error) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// List collects problems. The zero value is an empty list ready to use.
type List []*Error

// Add appends a problem.
func (l *List) Add(file string, line int, format string, args ...any) {
	*l = append(*l, &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Append adds the problems of err: the elements of a List, any error
// wrapping an *Error, or a plain error without position.
func (l *List) Append(err error) {
	switch e := err.(type) {
	case nil:
	case List:
		*l = append(*l, e...)
	case *Error:
		*l = append(*l, e)
	default:
		*l = append(*l, &Error{File: "", Msg: err.Error()})
	}
}

// Sort orders the problems by file and line, stable within a line.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Line < l[j].Line
	})
}

// Error lists every problem, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns the sorted list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Warning is something an editor should fix that does not stop the build.
// Code is stable and greppable, such as MISSING_TRANSLATION.
type Warning struct {
	Code string
	File string
	Line int
	Msg  string
}

// String formats the warning as "file:line: CODE: message".
func (w Warning) String() string {
	pos := w.File
	if w.Line > 0 {
		pos = fmt.Sprintf("%s:%d", w.File, w.Line)
	}
	if pos == "" {
		return w.Code + ": " + w.Msg
	}
	return pos + ": " + w.Code + ": " + w.Msg
}
