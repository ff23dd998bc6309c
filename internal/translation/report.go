package translation

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/programme"
)

// Print writes the report for people: per language, the counts, then every
// outdated and missing unit with the file to edit, then orphaned files.
func Print(w io.Writer, r *Report, verbose bool) {
	var langs []string
	for lang := range r.Entries {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		cur, out, miss := r.Counts(lang)
		fmt.Fprintf(w, "%s: %d current, %d outdated, %d missing\n", lang, cur, out, miss)
		for _, e := range r.Entries[lang] {
			if e.Status == Current && !verbose {
				continue
			}
			fmt.Fprintf(w, "  %-8s %-10s %s  %s\n", e.Status, e.Kind, e.ID, e.File)
		}
	}
	for _, o := range r.Orphans {
		if o.Closest != "" {
			fmt.Fprintf(w, "orphan: %s: no unit %q; closest existing unit: %s\n", o.File, o.ID, o.Closest)
		} else {
			fmt.Fprintf(w, "orphan: %s: no source page %q\n", o.File, o.ID)
		}
	}
}

var sourceLine = regexp.MustCompile(`(?m)^source:.*$`)

// Accept records the fingerprint of the current French text in a reviewed
// translation file (a unit or a page), and returns it. file is a path such
// as content/nl/units/34-x.md; contentDir is the content folder and fsys is
// rooted at it.
func Accept(file string, units []*programme.Unit, fsys fs.FS, contentDir string) (string, error) {
	rel := strings.TrimPrefix(path.Clean(strings.ReplaceAll(file, "\\", "/")), path.Clean(contentDir)+"/")
	parts := strings.Split(rel, "/")
	if len(parts) != 3 || !strings.HasSuffix(parts[2], ".md") {
		return "", fmt.Errorf("%s: expected a file %s/<lang>/units/<id>.md or %s/<lang>/pages/<name>.md", file, contentDir, contentDir)
	}
	name := strings.TrimSuffix(parts[2], ".md")
	var fp string
	switch parts[1] {
	case "units":
		for _, u := range units {
			if u.ID == name {
				fp = u.Fingerprint()
			}
		}
		if fp == "" {
			return "", fmt.Errorf("%s: no unit %q in the seeds", file, name)
		}
	case "pages":
		c, err := content.LoadTranslations(fsys, contentDir)
		if err != nil {
			return "", err
		}
		src := c.Pages[c.Site.Source()][name]
		if src == nil {
			return "", fmt.Errorf("%s: no source page %q", file, name)
		}
		fp = PageFingerprint(src)
	default:
		return "", fmt.Errorf("%s: expected a file under units/ or pages/", file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	var errs diag.List
	content.ParseUnit(file, parts[0], data, &errs) // refuse to stamp a broken file
	if err := errs.Err(); err != nil && parts[1] == "units" {
		return "", err
	}
	out, err := setSource(data, fp)
	if err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	return fp, os.WriteFile(file, out, 0o644)
}

// setSource sets "source: fp" in the front matter, adding front matter if
// the file has none.
func setSource(data []byte, fp string) ([]byte, error) {
	// Quoted: an unquoted fingerprint such as 2756749140e1 would be read
	// by YAML as a number.
	line := []byte(`source: "` + fp + `"`)
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return append(append(append([]byte("---\n"), line...), "\n---\n"...), data...), nil
	}
	end := bytes.Index(data[4:], []byte("\n---"))
	if end < 0 {
		return nil, fmt.Errorf("front matter is not closed; expected a line \"---\" after it")
	}
	head, rest := data[:4+end+1], data[4+end+1:]
	if sourceLine.Match(head) {
		head = sourceLine.ReplaceAll(head, line)
	} else {
		head = append(append(append([]byte{}, head...), line...), '\n')
	}
	return append(head, rest...), nil
}
