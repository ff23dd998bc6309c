package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/opendata"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/search"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
)

// onDemand is what a lazy build (Options.Lazy, serve mode) makes only when
// it is asked for, per language: the open data files and the search
// index. Both are made of the site model, which is made of the seeds and
// the content alone: what one build made (or is making) is handed to the
// next until a build reads seeds or content again (see build), so that an
// interface string or theme edit makes neither again. Each build has its
// own onDemand, holding its own models, so that a build keeps no older
// site model alive. It is safe for concurrent use.
type onDemand struct {
	dataIn   opendata.Input
	maker    made[*opendata.Maker]
	data     map[string]*made[*opendata.Set] // by language, shared by builds of one site model
	searchIn search.Input
	index    map[string]*made[[]search.File] // by language, shared too
}

// made is a value made once, on first use.
type made[T any] struct {
	once sync.Once
	val  T
	err  error
}

// get makes the value on the first call and returns it. A panic while
// making it is its error.
func (m *made[T]) get(mk func() (T, error)) (T, error) {
	m.once.Do(func() {
		defer func() {
			if v := recover(); v != nil {
				m.err = fmt.Errorf("panic while making it: %v", v)
			}
		}()
		m.val, m.err = mk()
	})
	return m.val, m.err
}

// newOnDemand returns what a lazy build makes on request, from the models
// it computed.
func (b *Builder) newOnDemand(s *site.Site, status *translation.Report, ix *topic.Index, c *content.Content) *onDemand {
	od := &onDemand{
		dataIn:   opendata.Input{Programme: b.prog, Content: c, Status: status, Topics: ix, Glossary: b.glossary, Site: s, Date: b.opts.DataDate},
		data:     map[string]*made[*opendata.Set]{},
		searchIn: search.Input{Site: s, Glossary: b.glossary, Find: b.glossaryFinds, Stems: &b.stems},
		index:    map[string]*made[[]search.File]{},
	}
	for _, l := range s.Languages {
		od.data[l.Code] = &made[*opendata.Set]{}
		od.index[l.Code] = &made[[]search.File]{}
	}
	return od
}

// dataSet returns a language's open data files, made on the first call.
func (od *onDemand) dataSet(lang string) (*opendata.Set, error) {
	m, ok := od.data[lang]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return m.get(func() (*opendata.Set, error) {
		mk, err := od.maker.get(func() (*opendata.Maker, error) { return opendata.NewMaker(od.dataIn) })
		if err != nil {
			return nil, &PhaseError{Phase: "open data", Err: err}
		}
		set, err := mk.Language(lang)
		if err != nil {
			return nil, &PhaseError{Phase: "open data", Err: err}
		}
		return set, nil
	})
}

// searchFiles returns a language's search index, made on the first call.
func (od *onDemand) searchFiles(lang string) ([]search.File, error) {
	m, ok := od.index[lang]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return m.get(func() ([]search.File, error) {
		files, err := search.BuildLanguage(od.searchIn, lang)
		if err != nil {
			return nil, &PhaseError{Phase: "search", Err: err}
		}
		return files, nil
	})
}

// buildLazy ends a lazy build once the site model and the theme are ready:
// the pages are left to render on request (renderLazy), and so are the
// open data and the search index (onDemand). Files lists the data files
// with nil Data, but not the search index, whose files are named by a hash
// of it: Result.Page returns them once asked. The link check needs only
// the data files' paths, which the data pages give, and reads the data
// pages as renderLazy renders them, without their files' sizes (the only
// difference, which holds no link).
func (b *Builder) buildLazy(ctx context.Context, s *site.Site, status *translation.Report, ix *topic.Index, units []*programme.Unit, c *content.Content) (*Result, Stats, error) {
	var st Stats
	od := b.newOnDemand(s, status, ix, c)
	sameModel := b.onDemand != nil // neither seeds nor content read again
	if sameModel {
		od.data, od.index = b.onDemand.data, b.onDemand.index
	}
	b.onDemand = od
	files, rendered, page, err := b.renderLazy(ctx, s)
	if err != nil {
		return nil, st, &PhaseError{Phase: "render", Err: err}
	}
	var data []render.File
	dataPages := map[string]*made[[]byte]{} // by output file
	dataFiles := map[string]string{}        // data file → its language
	manifests := map[string]string{}        // search manifest → its language
	pager := b.renderer.Pager(s)
	for _, p := range s.Pages {
		switch body := p.Body.(type) {
		case *site.Data:
			for _, f := range body.Files {
				name := strings.TrimPrefix(f.Path, "/")
				data = append(data, render.File{Path: name})
				dataFiles[name] = p.Lang
			}
			dataPages[p.File] = &made[[]byte]{}
		case *site.Search:
			manifests[strings.TrimPrefix(body.Index, "/")] = p.Lang
		}
	}
	files = mergeFiles(files, data)
	for i, f := range files {
		if dataPages[f.Path] != nil {
			files[i].Data = nil // renderLazy's has no sizes: see Result.page
		}
	}
	if err := checkLinks(files, s, c, b.fsys, page, b.linkScope(rendered)); err != nil {
		b.last.linksOK = false
		return nil, st, &PhaseError{Phase: "links", Err: err}
	}
	b.last.linksOK = true
	st.Pages, st.Rendered = len(s.Pages), len(rendered)
	res := b.result(files, s, status, ix, units, c)
	pages := map[string]*site.Page{}
	for _, p := range s.Pages {
		if dataPages[p.File] != nil {
			pages[p.File] = p
		}
	}
	res.page = func(file string) ([]byte, error) {
		if m, ok := dataPages[file]; ok {
			return m.get(func() ([]byte, error) { return od.dataPage(pages[file], pager) })
		}
		if lang, ok := dataFiles[file]; ok {
			set, err := od.dataSet(lang)
			if err != nil {
				return nil, err
			}
			return findFile(set.Files, file)
		}
		lang, ok := manifests[file]
		if !ok {
			lang, ok = od.indexOwner(file)
		}
		if ok {
			files, err := od.searchFiles(lang)
			if err != nil {
				return nil, err
			}
			return findFile(files, file)
		}
		return page(file)
	}
	return res, st, nil
}

// dataPage renders a data page with its files' sizes, the data's version
// and date: a copy of the page is completed, as the site model is shared.
func (od *onDemand) dataPage(p *site.Page, pager func(*site.Page) ([]byte, error)) ([]byte, error) {
	set, err := od.dataSet(p.Lang)
	if err != nil {
		return nil, err
	}
	body := *p.Body.(*site.Data)
	body.Files = append([]site.DataFile(nil), body.Files...)
	set.Complete(&body)
	full := *p
	full.Body = &body
	return pager(&full)
}

// indexOwner returns the language whose search index a file would be of,
// by its path: the language of the longest FilePrefix it starts with.
func (od *onDemand) indexOwner(file string) (string, bool) {
	owner := ""
	for lang := range od.index {
		if strings.HasPrefix(file, search.FilePrefix(lang)) && len(lang) > len(owner) {
			owner = lang
		}
	}
	return owner, owner != ""
}

// findFile returns the bytes of one of files, by path.
func findFile[F opendata.File | search.File](files []F, name string) ([]byte, error) {
	for _, f := range files {
		if f := (render.File)(f); f.Path == name {
			return f.Data, nil
		}
	}
	return nil, fs.ErrNotExist
}

// builtModel is a site model and the inputs it was made of.
type builtModel struct {
	prog     *programme.Programme
	content  *content.Content
	glossary *glossary.Glossary
	s        *site.Site
	status   *translation.Report
	ix       *topic.Index
}

// lazyModel is model, except that a lazy build whose programme, content
// and glossary are the last one's (an interface-string or theme edit)
// takes the last site model: it would be made the same. A lazy build
// never changes a site model once made (its data pages are completed in
// copies, see onDemand.dataPage), so it may be shared; an eager build
// completes them, and makes its own.
func (b *Builder) lazyModel(c *content.Content, units []*programme.Unit) (*site.Site, *translation.Report, *topic.Index, error) {
	if !b.opts.Lazy || b.sink != nil {
		return b.model(c, units)
	}
	if m := b.lazyLast; m != nil && m.prog == b.prog && m.content == c && m.glossary == b.glossary && !b.glossaryDirty {
		return m.s, m.status, m.ix, nil
	}
	b.lazyLast = nil
	s, status, ix, err := b.model(c, units)
	if err != nil {
		return nil, nil, nil, err
	}
	b.lazyLast = &builtModel{prog: b.prog, content: c, glossary: b.glossary, s: s, status: status, ix: ix}
	return s, status, ix, nil
}
