package render

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/uistrings"
)

// newTestRenderer builds a Renderer from a theme whose pages write their
// language's "greeting" and their title, for fr and nl.
func newTestRenderer(t *testing.T, workers int) *Renderer {
	t.Helper()
	theme := fstest.MapFS{
		"style.css":           {Data: []byte("p { color: red }")},
		"templates/base.html": {Data: []byte(`{{define "base"}}<p>{{T "greeting"}} {{.Page.Title}}</p>{{end}}{{define "main-nav"}}<nav></nav>{{end}}{{define "link"}}<a href="{{.Path}}">{{.Text}}</a>{{end}}`)},
	}
	for _, k := range kinds {
		theme["templates/"+string(k)+".html"] = &fstest.MapFile{Data: []byte(`{{define "x"}}{{end}}`)}
	}
	i18n := fstest.MapFS{
		"fr.toml": {Data: []byte("[greeting]\nother = \"Bonjour & bienvenue\"\n")},
		"nl.toml": {Data: []byte("[greeting]\nother = \"Hallo\"\n")},
	}
	strs, err := uistrings.Load(i18n, "i18n", []string{"fr", "nl"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(theme, "theme", strs, []string{"fr", "nl"}, Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testSite has n pages, alternately French and Dutch.
func testSite(n int) *site.Site {
	s := &site.Site{}
	for i := range n {
		lang := []string{"fr", "nl"}[i%2]
		s.Pages = append(s.Pages, &site.Page{Kind: site.KindNotFound, Lang: lang, File: fmt.Sprintf("%s/%03d.html", lang, i), Title: fmt.Sprintf("p%d", i)})
	}
	return s
}

// TestEach checks that every page is rendered with its language's strings,
// whatever the number of workers, and that a failing or panicking emit and
// a cancelled context end the rendering with an error.
func TestEach(t *testing.T) {
	const n = 40
	want := func(i int) string {
		if i%2 == 0 {
			return fmt.Sprintf("<p>Bonjour &amp; bienvenue p%d</p>", i)
		}
		return fmt.Sprintf("<p>Hallo p%d</p>", i)
	}
	for _, workers := range []int{1, 3, 16} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			r := newTestRenderer(t, workers)
			s := testSite(n)
			got, err := r.Pages(context.Background(), s, s.Pages)
			if err != nil {
				t.Fatal(err)
			}
			for i, data := range got {
				if string(data) != want(i) {
					t.Errorf("page %d: %q, want %q", i, data, want(i))
				}
			}
		})
	}
	errEmit := errors.New("disk full")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		emit func(i int, p *site.Page, data []byte) error
		want string
	}{
		{"emit fails", context.Background(), func(i int, p *site.Page, _ []byte) error {
			if i == 7 {
				return errEmit
			}
			return nil
		}, "disk full"},
		{"emit panics", context.Background(), func(i int, p *site.Page, _ []byte) error {
			if i == 7 {
				panic("boom")
			}
			return nil
		}, "nl/007.html: panic while rendering: boom"},
		{"cancelled", cancelled, func(int, *site.Page, []byte) error { return nil }, context.Canceled.Error()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newTestRenderer(t, 3)
			err := r.Each(tt.ctx, testSite(n), tt.emit)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestEachFirstErrorInPathOrder checks that when several pages fail, the
// error returned is the first page's in path order, even when a later page
// fails first.
func TestEachFirstErrorInPathOrder(t *testing.T) {
	r := newTestRenderer(t, 4)
	seventh := make(chan struct{}) // closed when page 7 has failed
	err := r.Each(context.Background(), testSite(40), func(i int, p *site.Page, _ []byte) error {
		switch i {
		case 5:
			select {
			case <-seventh:
			case <-time.After(10 * time.Second):
				return errors.New("page 7 never failed")
			}
			return fmt.Errorf("%s failed", p.File)
		case 7:
			defer close(seventh)
			return fmt.Errorf("%s failed", p.File)
		}
		return nil
	})
	if err == nil || err.Error() != "nl/005.html failed" {
		t.Errorf("error %v, want page 5's", err)
	}
}
