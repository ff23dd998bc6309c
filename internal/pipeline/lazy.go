package pipeline

import (
	"context"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
	"golang.org/x/sync/errgroup"
)

// lazyScope is how many pages a lazy build renders at once to let the link
// check read only the pages it made again (see linkScope): more, and the
// whole check is cheaper than rendering them.
const lazyScope = 64

// lazyPage is a page rendered on first use.
type lazyPage struct {
	once   sync.Once
	render func() ([]byte, error)
	data   []byte
	err    error
	done   atomic.Bool
}

func newLazyPage(pager func(*site.Page) ([]byte, error), p *site.Page) *lazyPage {
	return &lazyPage{render: func() ([]byte, error) { return pager(p) }}
}

// get renders the page on the first call and returns its bytes.
func (l *lazyPage) get() ([]byte, error) {
	l.once.Do(func() {
		l.data, l.err = l.render()
		l.render = nil // let the site it was made for go
		l.done.Store(true)
	})
	return l.data, l.err
}

// rendered returns the page's bytes when it has been rendered without
// error.
func (l *lazyPage) rendered() ([]byte, bool) {
	if !l.done.Load() || l.err != nil {
		return nil, false
	}
	return l.data, true
}

// renderLazy is render for a lazy build. A page whose model is unchanged
// keeps its bytes when it was rendered; every other page is rendered on
// first use, with this build's site and templates, except the few that
// show whether the templates fail (see below). The files returned list the
// pages not rendered yet with nil Data.
func (b *Builder) renderLazy(ctx context.Context, s *site.Site) ([]render.File, []*site.Page, func(string) ([]byte, error), error) {
	old, key := b.lastPages(s)
	next, todo, at := b.changedPages(old, s.Pages)
	pager := b.renderer.Pager(s)
	for i := range next {
		rp := &next[i]
		if rp.lazy != nil {
			rp.data, _ = rp.lazy.rendered() // nil when it was not
			rp.lazy = nil
		}
		if rp.data == nil {
			// Changed, or never asked for: bound to this build's site,
			// so that an older one is not kept for it.
			rp.lazy = newLazyPage(pager, rp.page)
		}
	}
	// Render now, in parallel, what shows a template's failure, as an eager
	// build would fail: the pages made again when they are few, else the
	// first of each kind; the error returned is the first page's. A page
	// may still fail alone when asked for.
	kinds := map[site.Kind]bool{}
	var now []*lazyPage
	for k, p := range todo {
		if len(todo) > lazyScope && kinds[p.Kind] {
			continue
		}
		kinds[p.Kind] = true
		now = append(now, next[at[k]].lazy)
	}
	errs := make([]error, len(now))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, l := range now {
		g.Go(func() error {
			_, errs[i] = l.get() // a panic is the page's error (Pager)
			return nil
		})
	}
	g.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, nil, err
		}
	}
	prev := b.last
	extra, err := b.siteFiles(s)
	if err != nil {
		return nil, nil, nil, err
	}
	files := next.files(extra)
	b.last = newLastSite(s)
	switch {
	case prev == nil || !prev.linksOK || !prev.sameTargets(b.last):
	case old == nil:
		// Every page made again, for new templates, interface strings or
		// navigation.
		b.last.scoped, b.last.only = true, themeScope(prev.pages, s.Pages)
	case len(todo) <= lazyScope && sameIDs(old, next, at):
		b.last.scoped, b.last.only = true, todo
	}
	b.pages, b.pagesKey = next, key
	byPath := make(map[string][]byte, len(extra))
	for _, f := range extra {
		byPath[f.Path] = f.Data
	}
	page := func(file string) ([]byte, error) {
		if rp, ok := next.find(file); ok {
			return rp.bytes()
		}
		if data, ok := byPath[file]; ok {
			return data, nil
		}
		return nil, fs.ErrNotExist
	}
	return files, todo, page, nil
}
