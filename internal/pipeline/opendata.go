package pipeline

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/opendata"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
)

// openData makes the open data files of every language and completes the
// data pages of s (sizes, version, date): it runs after the site model and
// before the pages are rendered.
func (b *Builder) openData(s *site.Site, status *translation.Report, ix *topic.Index, c *content.Content) ([]render.File, error) {
	files, err := opendata.Build(opendata.Input{Programme: b.prog, Content: c, Status: status, Topics: ix, Glossary: b.glossary, Site: s, Date: b.opts.DataDate})
	if err != nil {
		return nil, &PhaseError{Phase: "open data", Err: err}
	}
	out := make([]render.File, len(files))
	for i, f := range files {
		out[i] = render.File(f)
	}
	return out, nil
}

// addFiles returns a site's files with extra files added, sorted by path,
// in a new slice: the functions that read files (inMemory) keep theirs.
func addFiles(files, extra []render.File) []render.File {
	if slices.IsSortedFunc(files, func(a, b render.File) int { return strings.Compare(a.Path, b.Path) }) {
		return mergeFiles(files, extra)
	}
	out := make([]render.File, 0, len(files)+len(extra))
	out = append(append(out, files...), extra...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// withFiles returns page, which returns the bytes of a site's file, with
// extra files added.
func withFiles(page func(string) ([]byte, error), extra []render.File) func(string) ([]byte, error) {
	if len(extra) == 0 {
		return page
	}
	byPath := make(map[string][]byte, len(extra))
	for _, f := range extra {
		byPath[f.Path] = f.Data
	}
	return func(file string) ([]byte, error) {
		if data, ok := byPath[file]; ok {
			return data, nil
		}
		return page(file)
	}
}

// put writes files into the sink's folder and returns them without their
// data, as the sink lists the files it wrote.
func (w *sink) put(files []render.File) ([]render.File, error) {
	listed := make([]render.File, len(files))
	for i, f := range files {
		if err := writeFile(w.dir, f.Path, f.Data); err != nil {
			return nil, err
		}
		listed[i] = render.File{Path: f.Path}
	}
	return listed, nil
}

// reuseWarnings says when the open data's licence or the editors' contact
// is not configured: the pages say so plainly, and nothing is invented.
// They are decisions the editors have not taken, not gaps in the content
// (diag.Decision): explainer status lists them but --strict does not fail
// on them.
func reuseWarnings(c *content.Content, contentDir string) []diag.Warning {
	file := path.Join(contentDir, "site.yaml")
	var ws []diag.Warning
	if c.Site.Licence == nil {
		ws = append(ws, diag.Warning{Code: diag.NoLicence, File: file, Msg: "no licence: the open data pages say that no terms of reuse are set; add licence: {name: …, url: …} once the editors have chosen one"})
	}
	if c.Site.Contact == "" {
		ws = append(ws, diag.Warning{Code: diag.NoContact, File: file, Msg: "no contact: the data and about pages say that no contact is given; add contact: with the editors' e-mail address or a URL"})
	}
	return ws
}
