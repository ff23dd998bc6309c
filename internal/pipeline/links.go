package pipeline

import (
	"bytes"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
)

// checkLinks reads every rendered HTML page and reports each internal link
// (a href, link href, img src) that leads to no output file, no redirect,
// or no element with the fragment's id. A link in an editorial page is
// reported at its content file and line; any other at the output page,
// since the generator wrote it. External links are not followed. fsys is
// rooted where the content files' names start, to find the link's line.
// cache (may be nil) keeps the scans of unchanged pages between builds.
func checkLinks(files []render.File, s *site.Site, c *content.Content, fsys fs.FS, cache *scanCache) error {
	exists := map[string]bool{}
	ids := map[string]map[string]bool{} // output file → element ids
	refs := map[string][]string{}       // output file → hrefs, in order
	for _, f := range files {
		exists[f.Path] = true
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		ids[f.Path], refs[f.Path] = cache.scan(f)
	}
	redirected := map[string]bool{}
	for _, r := range s.Redirects {
		redirected[r.From] = true
	}
	var errs diag.List
	seen := map[string]bool{}
	for _, p := range s.Pages {
		for _, href := range refs[p.File] {
			target, frag, internal := resolve(s.BaseURL, p.Path, href)
			if !internal {
				continue
			}
			file, ok := targetFile(target, exists)
			if !ok && !redirected[target] {
				reportLink(&errs, seen, p, href, c, fsys)
				continue
			}
			if ok && frag != "" && strings.HasSuffix(file, ".html") && !ids[file][frag] {
				reportLink(&errs, seen, p, href, c, fsys)
			}
		}
	}
	return errs.Err()
}

// scanHTML returns the ids of a page's elements and its link targets.
func scanHTML(data []byte) (map[string]bool, []string) {
	ids := map[string]bool{}
	var hrefs []string
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ids, hrefs
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			switch {
			case string(k) == "id":
				ids[string(v)] = true
			case string(k) == "href" && (string(name) == "a" || string(name) == "link"),
				string(k) == "src" && string(name) == "img":
				hrefs = append(hrefs, string(v))
			}
		}
	}
}

// resolve turns an href found on the page at pagePath into a site path and
// fragment; internal is false for external and non-HTTP links.
func resolve(base, pagePath, href string) (target, frag string, internal bool) {
	u, err := url.Parse(href)
	if err != nil {
		return href, "", true // unparseable: certainly broken
	}
	if u.Scheme != "" || u.Host != "" {
		if base == "" || !strings.HasPrefix(href, base+"/") {
			return "", "", false
		}
		u, _ = url.Parse(strings.TrimPrefix(href, base))
	}
	p := u.Path
	switch {
	case p == "":
		p = pagePath
	case !strings.HasPrefix(p, "/"):
		p = path.Join(path.Dir(pagePath+"x"), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if strings.HasPrefix(p, "/_preview/") {
		return "", "", false // the preview server's own files
	}
	return p, u.Fragment, true
}

// targetFile returns the output file serving a site path: the file itself,
// or its folder's index.html.
func targetFile(p string, exists map[string]bool) (string, bool) {
	f := strings.TrimPrefix(p, "/")
	if strings.HasSuffix(p, "/") {
		f += "index.html"
		return f, exists[f]
	}
	if exists[f] {
		return f, true
	}
	return f + "/index.html", exists[f+"/index.html"]
}

// reportLink adds "file:line: broken link href", naming the content file of
// an editorial page (and the line of the href in it) or else the output
// page. The same problem is reported once.
func reportLink(errs *diag.List, seen map[string]bool, p *site.Page, href string, c *content.Content, fsys fs.FS) {
	file, line := p.File, 0
	if p.Kind == site.KindPage && c != nil {
		name := strings.TrimPrefix(p.Key, "page:")
		pg := c.Pages[p.Lang][name]
		if pg == nil && len(c.Site.Languages) > 0 {
			pg = c.Pages[c.Site.Source()][name]
		}
		if pg != nil {
			file = pg.File
			line = lineOf(fsys, pg.File, href)
		}
	}
	key := file + "\x00" + href
	if seen[key] {
		return
	}
	seen[key] = true
	errs.Add(file, line, "broken link %s", href)
}

// lineOf returns the first line of a file holding s, or 0.
func lineOf(fsys fs.FS, name, s string) int {
	if fsys == nil {
		return 0
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	return 0
}
