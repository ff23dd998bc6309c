// Package uistrings loads the interface strings from i18n/<lang>.toml with
// go-i18n and gives, per language, a lookup function T for templates.
// Plural forms follow CLDR. Every language must define exactly the same
// message IDs: a missing or extra ID is an error naming the ID and the
// language, never a silent fallback.
package uistrings

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Strings holds the interface strings of every language.
type Strings struct {
	bundle     *i18n.Bundle
	localizers map[string]*i18n.Localizer
	ids        map[string][]string // language → sorted message IDs
}

// Load reads i18n/<lang>.toml for each language code; dir is the folder's
// path as shown in errors, fsys is rooted at it. The first language is the
// reference for the set of IDs.
func Load(fsys fs.FS, dir string, langs []string) (*Strings, error) {
	var errs diag.List
	s := &Strings{
		bundle:     i18n.NewBundle(language.Make(langs[0])),
		localizers: map[string]*i18n.Localizer{},
		ids:        map[string][]string{},
	}
	s.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	failed := map[string]bool{} // unreadable files: their IDs are not compared
	for _, lang := range langs {
		name := lang + ".toml"
		file := path.Join(dir, name)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs.Add(file, 0, "cannot read interface strings for %q: %v", lang, err)
			failed[lang] = true
			continue
		}
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
	ref := langs[0]
	for _, lang := range langs[1:] {
		if failed[ref] || failed[lang] {
			continue
		}
		missing, extra := diff(s.ids[ref], s.ids[lang])
		file := path.Join(dir, lang+".toml")
		for _, id := range missing {
			errs.Add(file, 0, "message %q is missing in %s (defined in %s.toml)", id, lang, ref)
		}
		for _, id := range extra {
			errs.Add(file, 0, "message %q is not defined in %s.toml; remove it or add it there", id, ref)
		}
	}
	return s, errs.Err()
}

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
// A missing message is an error. Results are memoized per language: a
// message without arguments, or with small arguments (ints and strings), is
// localized by go-i18n once and then read from the cache. The function is
// safe for concurrent use.
func (s *Strings) T(lang string) func(id string, args ...any) (string, error) {
	loc := s.localizers[lang]
	var cache sync.Map // memo key → string
	return func(id string, args ...any) (string, error) {
		key, cacheable := memoKey(id, args)
		if cacheable {
			if v, ok := cache.Load(key); ok {
				return v.(string), nil
			}
		}
		out, err := localize(loc, lang, id, args)
		if err == nil && cacheable {
			cache.Store(key, out)
		}
		return out, err
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

// memoKey returns the cache key of a T call, and false when its arguments
// are not one int, one map of ints and strings, or key-value pairs of them
// (such a call is not cached). Distinct calls have distinct keys: the parts are separated by
// bytes a message ID or number cannot hold, and strings are quoted.
func memoKey(id string, args []any) (string, bool) {
	switch len(args) {
	case 0:
		return id, true
	case 1:
	default:
		return pairsKey(id, args)
	}
	switch a := args[0].(type) {
	case int:
		return id + "\x00" + strconv.Itoa(a), true
	case map[string]any:
		keys := make([]string, 0, len(a))
		for k := range a {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b := make([]byte, 0, len(id)+16*len(keys))
		b = append(b, id...)
		b = append(b, 1)
		for _, k := range keys {
			var ok bool
			if b, ok = appendKeyValue(b, k, a[k]); !ok {
				return "", false
			}
		}
		return string(b), true
	}
	return "", false
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

// pairsKey is memoKey for key-value arguments: the keys in their order,
// quoted, each with its int or quoted string value.
func pairsKey(id string, args []any) (string, bool) {
	if len(args)%2 != 0 {
		return "", false
	}
	b := make([]byte, 0, len(id)+16*len(args))
	b = append(b, id...)
	b = append(b, 2)
	for i := 0; i < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			return "", false
		}
		if b, ok = appendKeyValue(b, k, args[i+1]); !ok {
			return "", false
		}
	}
	return string(b), true
}

// appendKeyValue appends one datum to a memo key: k quoted, '=', v (an
// int, or a quoted string) and ';'. It reports false when v is neither.
func appendKeyValue(b []byte, k string, v any) ([]byte, bool) {
	b = strconv.AppendQuote(b, k)
	b = append(b, '=')
	switch v := v.(type) {
	case int:
		b = strconv.AppendInt(b, int64(v), 10)
	case string:
		b = strconv.AppendQuote(b, v)
	default:
		return b, false
	}
	return append(b, ';'), true
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
