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
// scans gives each page's ids and links: a *scanCache (may be nil) scans
// the files, keeping the scans of unchanged pages between builds; a *sink
// has them from when it wrote the pages.
func checkLinks(files []render.File, s *site.Site, c *content.Content, fsys fs.FS, scans pageScanner) error {
	exists := map[string]bool{}
	ids := map[string]map[string]bool{} // output file → element ids
	refs := map[string][]string{}       // output file → hrefs, in order
	for _, f := range files {
		exists[f.Path] = true
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		ids[f.Path], refs[f.Path] = scans.scan(f)
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

// pageScanner gives the ids of a page's elements and its link targets.
type pageScanner interface {
	scan(f render.File) (ids map[string]bool, refs []string)
}

// scanHTML returns the ids of a page's elements and its link targets. It
// reads the generated (minified) HTML with a plain byte scanner; a page the
// scanner is not sure to read as an HTML tokenizer would (a comment, a
// character reference or carriage return in an attribute, a rare raw-text
// element...) is read by golang.org/x/net/html's tokenizer instead.
func scanHTML(data []byte) (map[string]bool, []string) {
	if ids, hrefs, ok := quickScan(data); ok {
		return ids, hrefs
	}
	return tokenScan(data)
}

// tokenScan is scanHTML with golang.org/x/net/html's tokenizer.
func tokenScan(data []byte) (map[string]bool, []string) {
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

// quickScan is scanHTML for the plain HTML the theme generates: tags with
// quoted or bare attribute values, no comments, script and style as raw
// text. ok is false when the page holds anything else.
func quickScan(data []byte) (ids map[string]bool, hrefs []string, ok bool) {
	if bytes.IndexByte(data, '\r') >= 0 || bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, false
	}
	ids = map[string]bool{}
	n := len(data)
	i := 0
	for {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return ids, hrefs, true
		}
		i += j + 1
		if i >= n {
			return ids, hrefs, true
		}
		switch c := data[i]; {
		case c == '!':
			// Only the doctype: comments and other declarations go to the tokenizer.
			if i+8 > n || !bytes.EqualFold(data[i+1:i+8], []byte("doctype")) {
				return nil, nil, false
			}
			k := bytes.IndexByte(data[i:], '>')
			if k < 0 {
				return nil, nil, false
			}
			i += k + 1
			continue
		case c == '/':
			if i+1 >= n || !isASCIILetter(data[i+1]) {
				return nil, nil, false
			}
			k := bytes.IndexByte(data[i:], '>')
			if k < 0 {
				return nil, nil, false
			}
			// An end tag's attributes are ignored, but a quoted '>' in them
			// would end it later.
			if bytes.ContainsAny(data[i:i+k], "\"'") {
				return nil, nil, false
			}
			i += k + 1
			continue
		case !isASCIILetter(c):
			if c == '?' {
				return nil, nil, false
			}
			continue // a '<' in text
		}
		start := i
		for i < n && !isSpace(data[i]) && data[i] != '/' && data[i] != '>' {
			i++
		}
		name := data[start:i]
		isLink := eqFold(name, "a") || eqFold(name, "link")
		isImg := eqFold(name, "img")
		// Attributes; a repeated id, href or src goes to the tokenizer
		// (which keeps the first only).
		var seenID, seenRef bool
		for {
			for i < n && (isSpace(data[i]) || data[i] == '/') {
				i++
			}
			if i >= n {
				return nil, nil, false
			}
			if data[i] == '>' {
				i++
				break
			}
			ks := i
			for i < n && !isSpace(data[i]) && data[i] != '/' && data[i] != '>' && data[i] != '=' {
				if data[i] == '"' || data[i] == '\'' || data[i] == '<' {
					return nil, nil, false
				}
				i++
			}
			key := data[ks:i]
			for i < n && isSpace(data[i]) {
				i++
			}
			var val []byte
			if i < n && data[i] == '=' {
				i++
				for i < n && isSpace(data[i]) {
					i++
				}
				if i >= n {
					return nil, nil, false
				}
				if q := data[i]; q == '"' || q == '\'' {
					k := bytes.IndexByte(data[i+1:], q)
					if k < 0 {
						return nil, nil, false
					}
					val = data[i+1 : i+1+k]
					i += k + 2
				} else {
					vs := i
					for i < n && !isSpace(data[i]) && data[i] != '>' {
						if c := data[i]; c == '"' || c == '\'' || c == '<' || c == '=' || c == '`' {
							return nil, nil, false
						}
						i++
					}
					val = data[vs:i]
				}
				if bytes.IndexByte(val, '&') >= 0 {
					return nil, nil, false // character references: the tokenizer's rules
				}
			}
			switch {
			case eqFold(key, "id"):
				if seenID {
					return nil, nil, false
				}
				seenID = true
				ids[string(val)] = true
			case eqFold(key, "href") && isLink, eqFold(key, "src") && isImg:
				if seenRef {
					return nil, nil, false
				}
				seenRef = true
				hrefs = append(hrefs, string(val))
			}
		}
		// Raw text runs to its end tag.
		switch {
		case eqFold(name, "script"), eqFold(name, "style"), eqFold(name, "title"), eqFold(name, "textarea"):
			k := indexEndTag(data[i:], name)
			if k < 0 {
				return nil, nil, false
			}
			if bytes.Contains(data[i:i+k], []byte("<!--")) {
				return nil, nil, false
			}
			i += k
		case eqFold(name, "xmp"), eqFold(name, "iframe"), eqFold(name, "noembed"), eqFold(name, "noframes"), eqFold(name, "noscript"), eqFold(name, "plaintext"):
			return nil, nil, false
		}
	}
}

// indexEndTag returns the offset of the end tag "</name" (any case,
// followed by a space, '/' or '>') in data, or -1.
func indexEndTag(data, name []byte) int {
	off := 0
	for {
		k := bytes.Index(data[off:], []byte("</"))
		if k < 0 {
			return -1
		}
		at := off + k
		end := at + 2 + len(name)
		if end < len(data) && bytes.EqualFold(data[at+2:end], name) {
			if c := data[end]; isSpace(c) || c == '/' || c == '>' {
				return at
			}
		}
		off = at + 2
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r' }

func eqFold(b []byte, s string) bool { return len(b) == len(s) && bytes.EqualFold(b, []byte(s)) }

// resolve turns an href found on the page at pagePath into a site path and
// fragment; internal is false for external and non-HTTP links.
func resolve(base, pagePath, href string) (target, frag string, internal bool) {
	if target, frag, ok := resolvePlain(pagePath, href); ok {
		return target, frag, true
	}
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

// resolvePlain is resolve for the hrefs the theme writes: a site path
// ("/fr/x/", "/fr/x/#g1-oif") or a fragment ("#main") made of letters,
// digits and "-._~/" only, which url.Parse would return unchanged. ok is
// false for any other href.
func resolvePlain(pagePath, href string) (target, frag string, ok bool) {
	if href == "" || (href[0] != '/' && href[0] != '#') || strings.HasPrefix(href, "//") {
		return "", "", false
	}
	hash := -1
	for i := 0; i < len(href); i++ {
		c := href[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '.', c == '_', c == '~', c == '/':
		case c == '#' && hash < 0:
			hash = i
		default:
			return "", "", false
		}
	}
	target = href
	if hash >= 0 {
		target, frag = href[:hash], href[hash+1:]
	}
	if target == "" {
		target = pagePath
	}
	if strings.HasPrefix(target, "/_preview/") {
		return "", "", false // resolve says: not internal
	}
	return target, frag, true
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
