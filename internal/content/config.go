package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Site is content/site.yaml: the site's base URL and its languages, the
// source language first. Adding a language is adding it here, with its
// i18n file and its content folder.
type Site struct {
	BaseURL   string     `yaml:"base_url"`
	Languages []Language `yaml:"languages"`
	// Licence is the reuse terms of the open data (programme.json,
	// commitments.csv); nil when the editors have chosen none.
	Licence *Licence `yaml:"licence"`
	// Contact is how to reach the editors: an e-mail address or an http(s)
	// URL; empty when none is given.
	Contact string `yaml:"contact"`
}

// Licence names the terms under which the open data may be reused.
type Licence struct {
	Name string `yaml:"name"` // "CC BY 4.0"
	URL  string `yaml:"url"`  // the licence's text
}

// ContactURL returns the contact as a link target: mailto: for an e-mail
// address, the URL itself otherwise; "" when no contact is configured.
func (s Site) ContactURL() string {
	switch {
	case s.Contact == "":
		return ""
	case isEmail(s.Contact):
		return "mailto:" + s.Contact
	}
	return s.Contact
}

// isEmail reports whether s looks like a bare e-mail address.
func isEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " /:<>")
}

// isWebURL reports whether s is an absolute http or https URL.
func isWebURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(s, "http://")
	}
	return ok && rest != "" && !strings.ContainsAny(s, " <>\"")
}

// Language is one language of the site.
type Language struct {
	Code   string `yaml:"code"`   // BCP 47 code, also the URL prefix: "fr"
	Name   string `yaml:"name"`   // the language's name in itself: "Français"
	Locale string `yaml:"locale"` // Open Graph locale: "fr_BE"
	// Paths gives the localized first URL segment of each kind of listing:
	// "chapters", "commitments", "sections", "topics", "glossary", and
	// "data", the open data page and its files.
	Paths map[string]string `yaml:"paths"`
	// Line is the line of the language's entry in site.yaml.
	Line int `yaml:"-"`
	// FallbackPaths lists the kinds whose segment the language does not
	// give (a new language's), in PathKinds order, then the optional kinds
	// the source language gives: Paths holds the source language's for
	// them, and the load warns MISSING_PATHS.
	FallbackPaths []string `yaml:"-"`
}

// PathKinds are the keys every language must give in Paths.
var PathKinds = []string{"commitments", "sections", "topics", "glossary"}

// OptionalPathKinds are the keys a language may leave out of Paths, each
// with its segment when no language gives one: a language without one
// takes the source language's.
var OptionalPathKinds = map[string]string{"chapters": "chapters", "data": "data", "search": "search"}

// DataPath returns the URL segment of the language's open data page and
// files: paths.data (which loading fills from the source language's, else
// "data"), or "data" for a Language made without loading.
func (l Language) DataPath() string {
	if seg := l.Paths["data"]; seg != "" {
		return seg
	}
	return "data"
}

// Source returns the source language: the first configured.
func (s Site) Source() string {
	if len(s.Languages) == 0 {
		return ""
	}
	return s.Languages[0].Code
}

// Language returns the configuration of a language code.
func (s Site) Language(code string) (Language, bool) {
	for _, l := range s.Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// loadSite reads site.yaml. A language other than the source language
// that gives no URL segment for a kind of listing takes the source
// language's, with a MISSING_PATHS warning in ws; an invalid segment, or
// one missing in the source language, is an error.
func loadSite(fsys fs.FS, dir string, errs *diag.List, ws *[]diag.Warning) Site {
	const name = "site.yaml"
	file := path.Join(dir, name)
	var s Site
	root := decodeYAML(fsys, dir, name, &s, errs)
	if root == nil {
		return s
	}
	if len(s.Languages) == 0 {
		errs.Add(file, 1, "no languages; expected a list \"languages:\" with the source language first")
	}
	if s.BaseURL == "" {
		errs.Add(file, 1, "no base_url; expected the site's public address, such as https://example.org")
	}
	s.BaseURL = strings.TrimSuffix(s.BaseURL, "/")
	if l := s.Licence; l != nil && (l.Name == "" || !isWebURL(l.URL)) {
		errs.Add(file, keyLine(root, "licence"), "licence needs a name and the http(s) URL of its text, such as {name: \"CC BY 4.0\", url: https://creativecommons.org/licenses/by/4.0/}; found name %q, url %q", l.Name, l.URL)
	}
	if c := s.Contact; c != "" && !isEmail(c) && !isWebURL(c) {
		errs.Add(file, keyLine(root, "contact"), "contact is %q; expected an e-mail address (editors@example.org) or an http(s) URL", c)
	}
	lines := itemLines(root, "languages")
	seen := map[string]bool{}
	for i, l := range s.Languages {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		if l.Code == "" || !validSlug(l.Code) || seen[l.Code] {
			errs.Add(file, line, "language code %q is empty, invalid or repeated", l.Code)
		}
		seen[l.Code] = true
		if l.Name == "" || l.Locale == "" {
			errs.Add(file, line, "language %q needs a name and a locale", l.Code)
		}
		l.Line = line
		for _, k := range PathKinds {
			if _, ok := l.Paths[k]; !ok && i > 0 {
				l.FallbackPaths = append(l.FallbackPaths, k)
				continue
			}
			if !validSlug(l.Paths[k]) {
				errs.Add(file, line, "language %q: paths.%s is %q; expected a URL segment such as %q", l.Code, k, l.Paths[k], k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(OptionalPathKinds)) {
			seg, ok := l.Paths[k]
			if ok && !validSlug(seg) {
				errs.Add(file, line, "language %q: paths.%s is %q; expected a URL segment such as %q", l.Code, k, seg, k)
			}
			if !ok && i > 0 && s.Languages[0].Paths[k] != "" {
				// The source language gives it: a gap of this language.
				l.FallbackPaths = append(l.FallbackPaths, k)
			}
		}
		if len(l.FallbackPaths) > 0 {
			src := s.Languages[0]
			paths := make(map[string]string, len(PathKinds))
			for k, seg := range l.Paths {
				paths[k] = seg
			}
			var keys, segs []string
			for _, k := range l.FallbackPaths {
				paths[k] = src.Paths[k]
				keys = append(keys, "paths."+k)
				segs = append(segs, k+": "+src.Paths[k])
			}
			l.Paths = paths
			*ws = append(*ws, diag.Warning{Code: diag.MissingPaths, File: file, Line: line,
				Msg: fmt.Sprintf("language %q has no %s; its URLs use the %s segments (%s) until you add them to its entry, translated", l.Code, strings.Join(keys, ", "), src.Code, strings.Join(segs, ", "))})
		}
		s.Languages[i] = l
	}
	for k, def := range OptionalPathKinds {
		if len(s.Languages) > 0 && s.Languages[0].Paths[k] != "" {
			def = s.Languages[0].Paths[k]
		}
		for i := range s.Languages {
			if s.Languages[i].Paths[k] == "" {
				if s.Languages[i].Paths == nil {
					s.Languages[i].Paths = map[string]string{}
				}
				s.Languages[i].Paths[k] = def
			}
		}
	}
	return s
}

// keyLine returns the line of key in a mapping node; 0 when it has none.
func keyLine(m *yaml.Node, key string) int {
	if m.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

// itemLines returns the line of each item of the list under key in a
// mapping node; nil when there is no such list.
func itemLines(m *yaml.Node, key string) []int {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k, v := m.Content[i], m.Content[i+1]; k.Value == key && v.Kind == yaml.SequenceNode {
			lines := make([]int, len(v.Content))
			for j, item := range v.Content {
				lines[j] = item.Line
			}
			return lines
		}
	}
	return nil
}

// decodeYAML decodes a YAML file into v strictly: a key that v has no
// field for is an error at its line, as is a value of the wrong type. It
// returns the file's node tree, for the positions of what v holds, or nil
// when the file is missing or broken.
func decodeYAML(fsys fs.FS, dir, name string, v any, errs *diag.List) *yaml.Node {
	file := path.Join(dir, name)
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		errs.Add(file, 0, "cannot read: %v", err)
		return nil
	}
	root, ok := parseYAML(file, data, errs)
	if !ok {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			line, msg := splitYAMLError(err.Error())
			errs.Add(file, line, "%s", msg)
			return nil
		}
		for _, m := range te.Errors {
			line, msg := splitYAMLError(m)
			if field, _, ok := strings.Cut(strings.TrimPrefix(msg, "field "), " not found in type "); ok && strings.HasPrefix(msg, "field ") {
				msg = fmt.Sprintf("unknown key %q", field)
			}
			errs.Add(file, line, "%s", msg)
		}
		return nil
	}
	return root
}

// parseYAML parses a YAML document into its node tree, keeping lines.
func parseYAML(file string, data []byte, errs *diag.List) (*yaml.Node, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := splitYAMLError(err.Error())
		errs.Add(file, line, "not valid YAML: %s", msg)
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		errs.Add(file, 1, "empty YAML file")
		return nil, false
	}
	return doc.Content[0], true
}

// splitYAMLError splits a message of yaml.v3, "yaml: line 3: did not find
// expected key" or "line 3: field x not found in type T", into its line (0
// when it has none) and the rest. yaml.v3 gives its errors' lines only in
// their text.
func splitYAMLError(msg string) (int, string) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	rest, ok := strings.CutPrefix(msg, "line ")
	if !ok {
		return 0, msg
	}
	num, text, ok := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return 0, msg
	}
	return n, text
}
