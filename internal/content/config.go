package content

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
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
}

// Language is one language of the site.
type Language struct {
	Code   string `yaml:"code"`   // BCP 47 code, also the URL prefix: "fr"
	Name   string `yaml:"name"`   // the language's name in itself: "Français"
	Locale string `yaml:"locale"` // Open Graph locale: "fr_BE"
	// Paths gives the localized first URL segment of each kind of listing:
	// "commitments", "sections", "topics", "glossary".
	Paths map[string]string `yaml:"paths"`
}

// PathKinds are the keys every language must give in Paths.
var PathKinds = []string{"commitments", "sections", "topics", "glossary"}

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

func loadSite(fsys fs.FS, dir string, errs *diag.List) Site {
	const name = "site.yaml"
	file := path.Join(dir, name)
	var s Site
	if !decodeYAML(fsys, dir, name, &s, errs) {
		return s
	}
	if len(s.Languages) == 0 {
		errs.Add(file, 1, "no languages; expected a list \"languages:\" with the source language first")
	}
	if s.BaseURL == "" {
		errs.Add(file, 1, "no base_url; expected the site's public address, such as https://example.org")
	}
	s.BaseURL = strings.TrimSuffix(s.BaseURL, "/")
	seen := map[string]bool{}
	for _, l := range s.Languages {
		if l.Code == "" || !validSlug(l.Code) || seen[l.Code] {
			errs.Add(file, 0, "language code %q is empty, invalid or repeated", l.Code)
		}
		seen[l.Code] = true
		if l.Name == "" || l.Locale == "" {
			errs.Add(file, 0, "language %q needs a name and a locale", l.Code)
		}
		for _, k := range PathKinds {
			if !validSlug(l.Paths[k]) {
				errs.Add(file, 0, "language %q: paths.%s is %q; expected a URL segment such as %q", l.Code, k, l.Paths[k], k)
			}
		}
	}
	return s
}

// decodeYAML decodes a YAML file strictly (unknown keys are errors). It
// reports false when the file is missing or broken.
func decodeYAML(fsys fs.FS, dir, name string, v any, errs *diag.List) bool {
	file := path.Join(dir, name)
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		errs.Add(file, 0, "cannot read: %v", err)
		return false
	}
	node, ok := parseYAML(file, data, errs)
	if !ok {
		return false
	}
	if err := node.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, m := range te.Errors {
				errs.Add(file, yamlLine(fmt.Errorf("%s", m)), "%s", yamlMessage(fmt.Errorf("%s", m)))
			}
			return false
		}
		errs.Add(file, 0, "%v", err)
		return false
	}
	return true
}

// parseYAML parses a YAML document into its node tree, keeping lines.
func parseYAML(file string, data []byte, errs *diag.List) (*yaml.Node, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		errs.Add(file, yamlLine(err), "not valid YAML: %s", yamlMessage(err))
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		errs.Add(file, 1, "empty YAML file")
		return nil, false
	}
	return doc.Content[0], true
}
