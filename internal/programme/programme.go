// Package programme holds the model of a party programme: chapters, their
// sections, commitments and sub-items, with stable IDs and the provenance of
// every piece of text. The seed parser fills it and every later phase reads
// it. Besides the standard library it imports only
// golang.org/x/text/unicode/norm, which Slug uses to strip accents
// (internal/layers checks this).
package programme

import (
	"crypto/sha256"
	"encoding/hex"
)

// Programme is the whole programme: its chapters in chapter-number order.
type Programme struct {
	Chapters []*Chapter `json:"chapters"`
}

// Source says where a piece of text comes from: the seed file, the first and
// last source line numbers (as printed in the seed) and the PDF page of the
// first line.
type Source struct {
	File      string `json:"file"`
	FirstLine int    `json:"firstLine"`
	LastLine  int    `json:"lastLine"`
	Page      int    `json:"page"`
}

// Chapter is one chapter of the programme.
type Chapter struct {
	ID         string      `json:"id"`
	Number     int         `json:"number"`
	Title      string      `json:"title"`
	Source     Source      `json:"source"`
	Intro      []*Block    `json:"intro,omitempty"`
	Priorities []*Priority `json:"priorities,omitempty"`
	Sections   []*Section  `json:"sections"`
}

// Block is a paragraph of prose, possibly followed by the list it introduces
// (a paragraph ending in ':' followed by bullets).
type Block struct {
	ID     string  `json:"id"`
	Text   string  `json:"text"`
	Items  []*Item `json:"items,omitempty"`
	Source Source  `json:"source"`
	// Before is set on a section's closing block that stands between two
	// groups of commitments: the ID of the commitment it comes before.
	// Empty for blocks after the last commitment.
	Before string `json:"before,omitempty"`
}

// Item is a list item: an item of an intro list, or a sub-item of a
// commitment. Items nest; the seed uses two levels under a commitment.
type Item struct {
	ID     string  `json:"id"`
	Text   string  `json:"text"`
	Items  []*Item `json:"items,omitempty"`
	Source Source  `json:"source"`
}

// Priority is one of the chapter's priorities. SectionID names the section
// it leads to, or is empty when none matches.
type Priority struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	SectionID string `json:"sectionId,omitempty"`
	Source    Source `json:"source"`
}

// Section is a numbered section of a chapter: its intro blocks, its
// commitments and the blocks that follow them. A closing block that stands
// between two groups of commitments says so in its Before field.
type Section struct {
	ID          string        `json:"id"`
	Number      int           `json:"number"`
	Title       string        `json:"title"`
	Source      Source        `json:"source"`
	Intro       []*Block      `json:"intro,omitempty"`
	Commitments []*Commitment `json:"commitments,omitempty"`
	Closing     []*Block      `json:"closing,omitempty"`
}

// Commitment is one thing the programme says "we want": its text and its
// sub-items.
type Commitment struct {
	ID        string  `json:"id"`
	Text      string  `json:"text"`
	Items     []*Item `json:"items,omitempty"`
	SectionID string  `json:"sectionId"`
	Source    Source  `json:"source"`
}

// Fingerprint returns a short, stable hash of a text unit: its lead text and
// its nested items. A translation records the fingerprint of the French it
// was made from, so that a change of the French makes it outdated.
func Fingerprint(text string, items []*Item) string {
	var buf [1024]byte
	h := sha256.Sum256(appendOutline(buf[:0], text, items))
	return hex.EncodeToString(h[:6])
}

// Outline writes a text unit as plain text: the lead line, then one line per
// item, indented by two spaces per level and introduced by "- ".
func Outline(text string, items []*Item) string {
	var buf [1024]byte
	return string(appendOutline(buf[:0], text, items))
}

// appendOutline appends Outline(text, items) to dst.
func appendOutline(dst []byte, text string, items []*Item) []byte {
	dst = append(dst, text...)
	return appendItems(dst, items, 0)
}

// appendItems appends the lines of items at an indentation depth to dst.
func appendItems(dst []byte, items []*Item, depth int) []byte {
	for _, it := range items {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, "  "...)
		}
		dst = append(dst, "- "...)
		dst = append(dst, it.Text...)
		dst = appendItems(dst, it.Items, depth+1)
	}
	return dst
}

// Commitments returns every commitment of the chapter in programme order.
func (c *Chapter) Commitments() []*Commitment {
	var all []*Commitment
	for _, s := range c.Sections {
		all = append(all, s.Commitments...)
	}
	return all
}

// Commitments returns every commitment of the programme in order.
func (p *Programme) Commitments() []*Commitment {
	var all []*Commitment
	for _, c := range p.Chapters {
		all = append(all, c.Commitments()...)
	}
	return all
}
