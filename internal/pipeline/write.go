package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
)

// fileWorkers bounds the files written or removed at a time: the work is
// mostly waiting for the file system, so more than the CPUs.
const fileWorkers = 8

// BuildWrite builds and writes in one pass: each page is written into
// the fresh folder as soon as it is rendered and not kept in memory, so the
// memory of a build does not grow with the size of its pages. The fresh
// folder replaces out only when the whole build succeeded; otherwise out is
// left as it was. The Result's Files list the files written, sorted, with
// their Data left nil.
func BuildWrite(ctx context.Context, opts Options, out string) (*Result, error) {
	w, err := newWorkDir(out)
	if err != nil {
		return nil, err
	}
	defer w.close()
	b := NewBuilder(opts)
	b.sink = &sink{dir: w.path}
	res, _, err := b.RebuildAll(ctx)
	if err != nil {
		return nil, err
	}
	if err := w.swap(); err != nil {
		return nil, err
	}
	return res, nil
}

// sink writes rendered files into a folder as they come, keeping none.
type sink struct {
	dir string // absolute or relative, cleaned
}

// render renders every page of s into the folder, then the site's other
// files, and returns the list of files written, without their data.
func (w *sink) render(ctx context.Context, r *render.Renderer, s *site.Site) ([]render.File, int, error) {
	err := r.Each(ctx, s, func(_ int, p *site.Page, data []byte) error {
		return writeFile(w.dir, p.File, data)
	})
	if err != nil {
		return nil, 0, err
	}
	extra, err := r.SiteFiles(s)
	if err != nil {
		return nil, 0, err
	}
	files := make([]render.File, 0, len(s.Pages)+len(extra))
	for _, p := range s.Pages {
		files = append(files, render.File{Path: p.File})
	}
	for _, f := range extra {
		if err := writeFile(w.dir, f.Path, f.Data); err != nil {
			return nil, 0, err
		}
		files = append(files, render.File{Path: f.Path})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, len(s.Pages), nil
}

// page reads back a file written by render, for the link check.
func (w *sink) page(file string) ([]byte, error) {
	dst, err := outputPath(w.dir, file)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(dst)
}

// outputPath returns where the file of path p goes below dir; p may not
// leave dir.
func outputPath(dir, p string) (string, error) {
	dst := filepath.Join(dir, filepath.FromSlash(p))
	if !strings.HasPrefix(dst, dir+string(filepath.Separator)) {
		return "", fmt.Errorf("write: %q is outside the output folder", p)
	}
	return dst, nil
}

// writeFile writes the file of path p below dir, making its folder.
func writeFile(dir, p string, data []byte) error {
	dst, err := outputPath(dir, p)
	if err != nil {
		return err
	}
	// The folder is usually new and its parent there: one call.
	if err := os.Mkdir(filepath.Dir(dst), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(dst, data, 0o644)
}

// swapIn puts the folder tmp in place of out and returns where the old out
// went ("" when there was none), for the caller to remove. If the swap
// fails, out is left as it was.
func swapIn(tmp, out string) (string, error) {
	out = filepath.Clean(out)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return "", fmt.Errorf("write: %w", err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return "", fmt.Errorf("write: %w", err)
	}
	return old, nil
}

// removeAll is os.RemoveAll, with the folders two levels down (such as
// fr/engagements) removed several at a time.
func removeAll(dir string) error {
	var subs []string
	top, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return os.RemoveAll(dir)
	}
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() {
			continue
		}
		below, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		for _, e2 := range below {
			if e2.IsDir() {
				subs = append(subs, filepath.Join(p, e2.Name()))
			}
		}
	}
	var g errgroup.Group
	g.SetLimit(fileWorkers)
	for _, p := range subs {
		g.Go(func() error { return os.RemoveAll(p) })
	}
	g.Wait() // what failed is tried again, and reported, below
	return os.RemoveAll(dir)
}
