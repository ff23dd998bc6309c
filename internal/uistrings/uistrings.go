// Package uistrings loads the interface strings from i18n/<lang>.toml with
// go-i18n and gives, per language, a lookup function T for templates.
// Plural forms follow CLDR. The first language, the source, is the
// reference: an ID another language defines and it does not is an error.
// A message another language lacks, or its whole file (a new language's),
// is never a silent fallback: T gives the source language's message, and
// Warnings names each gap (MISSING_UI_STRINGS).
package uistrings

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Strings holds the interface strings of every language.
type Strings struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	ids        map[string][]string          // language → sorted message IDs
	plain      map[string]map[string]string // language → message ID → the message without arguments
	src        string                       // the source language
	// missing holds, per language, the source language's IDs it lacks;
	// T gives the source language's messages for them.
	missing  map[string]map[string]bool
	warnings []diag.Warning
}

// Load reads i18n/<lang>.toml for each language code; dir is the folder's
// path as shown in errors, fsys is rooted at it. The first language is the
// reference for the set of IDs, and the fallback of the others: a missing
// file or message of another language is a warning (see Warnings), an
// unreadable or broken file, or an ID the reference lacks, an error. Every
// message is localized once without arguments, for T to read.
func Load(fsys fs.FS, dir string, langs []string) (*Strings, error) {
	var errs diag.List
	s := &Strings{
		bundle:     i18n.NewBundle(language.Make(langs[0])),
		localizers: map[string]*i18n.Localizer{},
		ids:        map[string][]string{},
		plain:      map[string]map[string]string{},
		src:        langs[0],
		missing:    map[string]map[string]bool{},
	}
	s.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	failed := map[string]bool{}  // unreadable files: their IDs are not compared
	absent := map[string]bool{}  // languages without a file
	files := map[string][]byte{} // language → its file, for lines in errors
	for i, lang := range langs {
		name := lang + ".toml"
		file := path.Join(dir, name)
		data, err := fs.ReadFile(fsys, name)
		if i > 0 && errors.Is(err, fs.ErrNotExist) {
			absent[lang] = true
			continue
		}
		if err != nil {
			errs.Add(file, 0, "cannot read interface strings for %q: %v", lang, err)
			failed[lang] = true
			continue
		}
		files[lang] = data
		mf, err := s.bundle.ParseMessageFileBytes(data, name)
		if err != nil {
			errs.Add(file, 0, "%v", err)
			failed[lang] = true
			continue
		}
		for _, m := range mf.Messages {
			s.ids[lang] = append(s.ids[lang], m.ID)
			if m.Other == "" {
				errs.Add(file, lineOf(data, m.ID), "message %q has no \"other\" form", m.ID)
			}
		}
		sort.Strings(s.ids[lang])
		s.localizers[lang] = i18n.NewLocalizer(s.bundle, lang)
	}
	// Each language's messages as they read without arguments: what most
	// of a page's interface strings are. A message that cannot be localized
	// so is left out, and T reports its error when asked for it.
	for lang, loc := range s.localizers {
		plain := make(map[string]string, len(s.ids[lang]))
		for _, id := range s.ids[lang] {
			if msg, err := localize(loc, lang, id, nil); err == nil {
				plain[id] = msg
			}
		}
		s.plain[lang] = plain
	}
	ref := langs[0]
	for _, lang := range langs[1:] {
		if failed[ref] || failed[lang] {
			continue
		}
		missing, extra := diff(s.ids[ref], s.ids[lang])
		file := path.Join(dir, lang+".toml")
		if len(missing) > 0 {
			s.missing[lang] = make(map[string]bool, len(missing))
			for _, id := range missing {
				s.missing[lang][id] = true
			}
			if s.localizers[lang] == nil {
				s.localizers[lang] = s.localizers[ref]
			}
			// Where the language has no message, the reference's.
			plain := make(map[string]string, len(s.plain[ref]))
			maps.Copy(plain, s.plain[ref])
			maps.Copy(plain, s.plain[lang])
			s.plain[lang] = plain
		}
		if absent[lang] {
			s.warnings = append(s.warnings, diag.Warning{Code: diag.MissingUIStrings, File: file,
				Msg: fmt.Sprintf("no interface strings for %s: the pages show the %s ones until you create this file, a translation of %s.toml (%d messages)", lang, ref, ref, len(missing))})
		} else {
			for _, id := range missing {
				s.warnings = append(s.warnings, diag.Warning{Code: diag.MissingUIStrings, File: file,
					Msg: fmt.Sprintf("message %q is missing in %s: the pages show the %s one until you add [%s] here, translated from %s.toml", id, lang, ref, id, ref)})
			}
		}
		for _, id := range extra {
			errs.Add(file, lineOf(files[lang], id), "message %q is not defined in %s.toml; remove it or add it there", id, ref)
		}
	}
	return s, errs.Err()
}

// Warnings lists the gaps of the languages other than the source: a
// missing file, or each message a file lacks (MISSING_UI_STRINGS).
func (s *Strings) Warnings() []diag.Warning { return s.warnings }

// Fallback reports whether message id of a language is the source
// language's, for want of its own: the page should mark it so.
func (s *Strings) Fallback(lang, id string) bool { return s.missing[lang][id] }

// Source returns the source language, whose messages are the fallback.
func (s *Strings) Source() string { return s.src }

// IDs returns the message IDs of a language, sorted.
func (s *Strings) IDs(lang string) []string { return s.ids[lang] }

// T returns the lookup function of a language for templates:
//
//	T "id"                      the message
//	T "id" 3                    the plural form for 3, with {{.Count}} = 3
//	T "id" "Number" 2 "Of" 9    the message with that data, given as pairs
//	T "id" data                 the same, data a map[string]any
//
// A "Count" in the data selects the plural form.
//
// A missing message is an error. A message without arguments is read from
// the messages Load localized; the others are localized by go-i18n at each
// call. The function is safe for concurrent use.
func (s *Strings) T(lang string) func(id string, args ...any) (string, error) {
	loc := s.localizers[lang]
	plain := s.plain[lang]
	missing := s.missing[lang]
	srcLoc := s.localizers[s.src]
	return func(id string, args ...any) (string, error) {
		if len(args) == 0 {
			if msg, ok := plain[id]; ok {
				return msg, nil
			}
		}
		if missing[id] {
			// The source language's message, with its plural rules.
			return localize(srcLoc, s.src, id, args)
		}
		return localize(loc, lang, id, args)
	}
}

// localize asks go-i18n for a message, as T documents.
func localize(loc *i18n.Localizer, lang, id string, args []any) (string, error) {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if data, ok := pairs(args); ok {
		args = []any{data}
	}
	if len(args) > 0 {
		switch a := args[0].(type) {
		case int:
			cfg.PluralCount = a
			cfg.TemplateData = map[string]any{"Count": a}
		case map[string]any:
			cfg.TemplateData = a
			if n, ok := a["Count"]; ok {
				cfg.PluralCount = n
			}
		default:
			return "", fmt.Errorf("message %q: unsupported argument %T", id, a)
		}
	}
	if loc == nil {
		return "", fmt.Errorf("no interface strings for language %q", lang)
	}
	out, err := loc.Localize(cfg)
	if err != nil {
		return "", fmt.Errorf("message %q in %s: %w", id, lang, err)
	}
	return out, nil
}

// pairs returns the data of key-value arguments ("Number", 2, "Of", 9) as
// a map, and false when args are not such pairs.
func pairs(args []any) (map[string]any, bool) {
	if len(args) < 2 || len(args)%2 != 0 {
		return nil, false
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			return nil, false
		}
		data[k] = args[i+1]
	}
	return data, true
}

func diff(a, b []string) (missing, extra []string) {
	in := func(list []string, x string) bool {
		i := sort.SearchStrings(list, x)
		return i < len(list) && list[i] == x
	}
	for _, x := range a {
		if !in(b, x) {
			missing = append(missing, x)
		}
	}
	for _, x := range b {
		if !in(a, x) {
			extra = append(extra, x)
		}
	}
	return
}

func lineOf(data []byte, id string) int {
	for i, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == "["+id+"]" {
			return i + 1
		}
	}
	return 0
}
