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

// The warning codes. They are stable: editors and scripts grep for them.
const (
	// MissingTranslation: a unit has no translation file in a language.
	MissingTranslation = "MISSING_TRANSLATION"
	// OutdatedTranslation: the French changed since a translation was
	// last accepted.
	OutdatedTranslation = "OUTDATED_TRANSLATION"
	// OrphanTranslation: a translation file names no unit of the seeds.
	OrphanTranslation = "ORPHAN_TRANSLATION"
	// GlossaryUnusedForm: a glossary form occurs in no text of its language.
	GlossaryUnusedForm = "GLOSSARY_UNUSED_FORM"
	// SmallTopic: a topic has fewer commitments than the minimum.
	SmallTopic = "SMALL_TOPIC"

	// The gaps of new content: the site builds, with a visible fallback,
	// and explainer status --strict fails until they are filled.

	// MissingTopic: a commitment has no entry in the topic assignments;
	// it is listed under no topic.
	MissingTopic = "MISSING_TOPIC"
	// MissingTitle: a commitment or section has no short title in a unit
	// file; its title is derived from its text.
	MissingTitle = "MISSING_TITLE"
	// MissingTopicTranslation: a topic has no entry in a language; it
	// shows its source-language name and description.
	MissingTopicTranslation = "MISSING_TOPIC_TRANSLATION"
	// MissingGlossaryTranslation: a glossary entry has no entry in a
	// language; it shows its source-language term and definition.
	MissingGlossaryTranslation = "MISSING_GLOSSARY_TRANSLATION"
	// MissingPaths: a language of content/site.yaml gives no URL segment
	// for some kinds of listing; it uses the source language's.
	MissingPaths = "MISSING_PATHS"
	// MissingUIStrings: a language has no i18n file, or its file lacks
	// messages; the interface shows the source language's.
	MissingUIStrings = "MISSING_UI_STRINGS"

	// Decisions the editors have not taken yet, about the site's
	// configuration rather than its content: reported like the others,
	// but explainer status --strict does not fail on them (see Decision).

	// NoLicence: content/site.yaml sets no licence, so the open data has
	// no stated terms of reuse.
	NoLicence = "NO_LICENCE"
	// NoContact: content/site.yaml gives no contact for the editors.
	NoContact = "NO_CONTACT"
)

// Decision reports whether a warning code is about a decision the editors
// have not taken (NoLicence, NoContact) rather than a gap in the content:
// explainer status lists such warnings, but --strict does not fail on them.
func Decision(code string) bool {
	return code == NoLicence || code == NoContact
}

// Warning is something an editor should fix that does not stop the build.
// Code is one of the codes above, such as MissingTranslation.
type Warning struct {
	Code string
	File string
	Line int
	Msg  string
}

// Position formats the warning's position as "file:line", "file" when
// Line is 0, or "" when the warning concerns no file.
func (w Warning) Position() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d", w.File, w.Line)
	}
	return w.File
}

// String formats the warning as "file:line: CODE: message".
func (w Warning) String() string {
	pos := w.Position()
	if pos == "" {
		return w.Code + ": " + w.Msg
	}
	return pos + ": " + w.Code + ": " + w.Msg
}
