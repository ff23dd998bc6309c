package pipeline

import (
	"io/fs"
	"sort"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/linkcheck"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
)

// checkLinks checks the links of a rendered site (see linkcheck). files
// are its output files, sorted; page returns the bytes of one of them.
// fsys is rooted where the content files' names start. only, when not
// nil, restricts the check to the links of these pages (linkcheck.Input).
func checkLinks(files []render.File, s *site.Site, c *content.Content, fsys fs.FS, page func(file string) ([]byte, error), only []*site.Page) error {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	return linkcheck.Check(linkcheck.Input{Site: s, Files: paths, Page: page, Content: c, FS: fsys, Only: only})
}

// inMemory returns the bytes of a file of a site built in memory; files
// are sorted by path.
func inMemory(files []render.File) func(file string) ([]byte, error) {
	return func(file string) ([]byte, error) {
		i := sort.Search(len(files), func(i int) bool { return files[i].Path >= file })
		if i == len(files) || files[i].Path != file {
			return nil, fs.ErrNotExist
		}
		return files[i].Data, nil
	}
}
