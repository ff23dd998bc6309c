package translation

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
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

// Accept records the fingerprint of the current French text in a reviewed
// translation file (a unit or a page), with content.SetSource, and returns
// it. file is a path such
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
	if err := content.SetSource(file, fp); err != nil {
		return "", err
	}
	return fp, nil
}
