// Package glossary holds the glossary of content/glossary.yaml, as package
// content reads it: the institutions, agreements, programmes and acronyms
// the programme names, each with its headword, the forms under which it
// appears in each language's text and a short neutral definition per
// language.
//
// New refuses an entry that lacks a headword, a form or a definition in one
// of the site's languages, and a form claimed by two entries. A Matcher finds
// the forms in a text, robust to French typography: any run of spaces
// (no-break ones included) and hyphens matches a space or a hyphen, ’ matches
// ', and forms in lower case match whatever the case. A form written in
// capitals only (an acronym such as "OIF" or "UE") matches only in capitals.
// Forms match whole words only.
package glossary

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
)

// UnusedFormCode is the warning code of a form that occurs in no text of its
// language.
const UnusedFormCode = diag.GlossaryUnusedForm

// Glossary is every entry, in file order.
type Glossary struct {
	File    string // path as shown to editors
	Entries []*Entry
	// Source is the file as read, which the term check reads too.
	Source *content.Glossary
	langs  []string
	byID   map[string]*Entry
	// missing warns about the labels taken from the source language.
	missing []diag.Warning

	matchers map[string]*Matcher // by language, made by New
}

// Entry is one glossary entry.
type Entry struct {
	ID    string            // stable, also the anchor on glossary pages
	Line  int               // line of the entry in the file
	Langs map[string]*Label // per language code
}

// Label is what an entry says in one language.
type Label struct {
	Term       string   // headword, as listed on the glossary page
	Forms      []string // how the term is written in the language's texts
	Definition string   // one or two neutral, factual sentences
	Line       int      // line of the label, for messages
	FormLines  []int    // line of each form
	// Fallback is set when the entry has no label in the language: Term
	// and Definition are the source language's, and there are no forms to
	// find in the language's texts.
	Fallback bool
}

// Entry returns the entry with an ID, or nil.
func (g *Glossary) Entry(id string) *Entry {
	if g == nil {
		return nil
	}
	return g.byID[id]
}

// Languages returns the language codes the glossary was loaded for.
func (g *Glossary) Languages() []string { return g.langs }

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// New checks the glossary file's entries, read by package content, and
// returns the glossary; nil for nil. langs are the site's language codes,
// the source language first. It refuses an entry with an invalid or
// repeated id, one that lacks the source language, a label that lacks a
// term, forms or a definition, and a form claimed by two entries; every
// problem is reported, as a diag.List, with its line. An entry without a
// label in another language takes the source language's term and
// definition, marked Fallback, and Warnings says so
// (MISSING_GLOSSARY_TRANSLATION).
func New(c *content.Glossary, langs []string) (*Glossary, error) {
	if c == nil {
		return nil, nil
	}
	var errs diag.List
	file := c.File
	g := &Glossary{File: file, Source: c, langs: langs, byID: map[string]*Entry{}}
	// form owner per language: normalised form → entry ID and line
	type owner struct {
		id   string
		line int
	}
	forms := map[string]map[string]owner{}
	for _, l := range langs {
		forms[l] = map[string]owner{}
	}
	for _, ce := range c.Entries {
		e := &Entry{ID: ce.ID, Line: ce.Line, Langs: map[string]*Label{}}
		for l, cl := range ce.Labels {
			e.Langs[l] = &Label{Term: cl.Term, Forms: cl.Forms, Definition: cl.Definition, Line: cl.Line, FormLines: cl.FormLines}
		}
		if !idPattern.MatchString(e.ID) {
			errs.Add(file, e.Line, "glossary id %q is not valid; expected lower-case letters, digits and hyphens", e.ID)
		} else if first, dup := g.byID[e.ID]; dup {
			errs.Add(file, e.Line, "glossary entry %q is already defined at line %d", e.ID, first.Line)
			continue
		}
		for i, l := range langs {
			lb := e.Langs[l]
			if lb == nil && i > 0 && e.Langs[langs[0]] != nil {
				src := e.Langs[langs[0]]
				e.Langs[l] = &Label{Term: src.Term, Definition: src.Definition, Line: e.Line, Fallback: true}
				g.missing = append(g.missing, diag.Warning{Code: diag.MissingGlossaryTranslation, File: file, Line: e.Line,
					Msg: fmt.Sprintf("glossary entry %q has no %s entry; it shows its %s term and definition until you add \"%s: {term: ..., forms: [...], definition: ...}\"", e.ID, l, langs[0], l)})
				continue
			}
			if lb == nil {
				errs.Add(file, e.Line, "glossary entry %q has no %s entry; expected term, forms and definition", e.ID, l)
				continue
			}
			if lb.Term == "" {
				errs.Add(file, lb.Line, "glossary entry %q has no %s term; expected the headword", e.ID, l)
			}
			if lb.Definition == "" {
				errs.Add(file, lb.Line, "glossary entry %q has no %s definition; expected one or two sentences", e.ID, l)
			}
			if len(lb.Forms) == 0 {
				errs.Add(file, lb.Line, "glossary entry %q has no %s forms; expected how the term is written in the %s texts", e.ID, l, l)
			}
			for j, f := range lb.Forms {
				key := string(normalise(f, !isAcronym(f)))
				if strings.TrimSpace(key) == "" {
					errs.Add(file, lb.FormLines[j], "glossary entry %q has an empty %s form", e.ID, l)
					continue
				}
				if o, dup := forms[l][key]; dup {
					errs.Add(file, lb.FormLines[j], "the %s form %q of %q is already a form of %q (line %d); a form belongs to one entry", l, f, e.ID, o.id, o.line)
					continue
				}
				forms[l][key] = owner{e.ID, lb.FormLines[j]}
			}
		}
		g.Entries = append(g.Entries, e)
		if e.ID != "" {
			g.byID[e.ID] = e
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	g.matchers = map[string]*Matcher{}
	for _, l := range langs {
		g.matchers[l] = g.newMatcher(l)
	}
	return g, nil
}

// Warnings lists the entries without a label in a language
// (MISSING_GLOSSARY_TRANSLATION), in file order.
func (g *Glossary) Warnings() []diag.Warning {
	if g == nil {
		return nil
	}
	return g.missing
}

// Sorted returns the entries in the alphabetical order of their headwords
// in a language, by that language's collation (accents and case are
// secondary: "État" sorts with "Etat", before "Europe").
func (g *Glossary) Sorted(lang string) []*Entry {
	out := make([]*Entry, len(g.Entries))
	copy(out, g.Entries)
	c := collate.New(language.Make(lang))
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Langs[lang].Term, out[j].Langs[lang].Term
		if r := c.CompareString(a, b); r != 0 {
			return r < 0
		}
		return out[i].ID < out[j].ID
	})
	return out
}
