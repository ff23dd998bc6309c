package pipeline

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"

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
//
// Most links are the same on many pages (the navigation, the alternates,
// the commitments a topic lists): a link whose target does not depend on
// the page it is on is resolved and checked once.
func checkLinks(files []render.File, s *site.Site, c *content.Content, fsys fs.FS, scans pageScanner) error {
	lc := &linkCheck{
		base:    s.BaseURL,
		onBase:  plainBase(s.BaseURL),
		files:   make(map[string]int, len(files)),
		targets: make(map[string]serving, len(files)),
		ids:     map[int]map[string]bool{},
		checked: make(map[string]bool, 2*len(files)),
	}
	for _, f := range files {
		lc.files[f.Path] = -1
		if strings.HasSuffix(f.Path, ".html") {
			lc.files[f.Path] = len(lc.scans)
			lc.scans = append(lc.scans, scans.scan(f))
		}
	}
	lc.redirected = make(map[string]bool, len(s.Redirects))
	for _, r := range s.Redirects {
		lc.redirected[r.From] = true
	}
	var errs diag.List
	seen := map[string]bool{}
	for _, p := range s.Pages {
		i, ok := lc.files[p.File]
		if !ok || i < 0 {
			continue
		}
		for refs := lc.scans[i].refs; refs != ""; {
			var href string
			href, refs = nextPacked(refs)
			if !lc.sound(p.Path, href) {
				reportLink(&errs, seen, p, href, c, fsys)
			}
		}
	}
	return errs.Err()
}

// linkCheck is what checkLinks knows of the site: its files, their ids,
// and the links and targets already checked.
type linkCheck struct {
	base       string
	onBase     string         // base + "/" when plainBase, else ""
	files      map[string]int // output file → index in scans, or -1 when not HTML
	scans      []packedScan
	redirected map[string]bool // site paths that redirect
	targets    map[string]serving
	ids        map[int]map[string]bool // ids of pages with many, by index in scans
	checked    map[string]bool         // links whose target is not relative to the page → sound
}

// serving is the output file serving a site path, if any: the file itself,
// or its folder's index.html.
type serving struct {
	file   int  // index in scans, or -1 when not HTML
	exists bool // the file exists
}

// sound reports whether the link href on the page at pagePath is external
// or leads to an output file or redirect, and, when it has a fragment and
// leads to an HTML file, to an element of that file with the fragment as
// id.
func (lc *linkCheck) sound(pagePath, href string) bool {
	if ok, known := lc.checked[href]; known {
		return ok
	}
	target, frag, internal, relative := lc.resolve(pagePath, href)
	ok := !internal || lc.leadsTo(target, frag)
	if !relative {
		lc.checked[href] = ok
	}
	return ok
}

// resolve is resolve(lc.base, pagePath, href), without url.Parse for a
// plain link on the site's base URL.
func (lc *linkCheck) resolve(pagePath, href string) (target, frag string, internal, relative bool) {
	if lc.onBase != "" && strings.HasPrefix(href, lc.onBase) {
		if target, frag, ok := resolvePlain(pagePath, href[len(lc.onBase)-1:]); ok {
			return target, frag, true, false
		}
	}
	return resolve(lc.base, pagePath, href)
}

// plainBase returns base + "/" when base is an absolute URL made of
// letters, digits and "-._~:/" only, with a host: then url.Parse reads
// base + "/" followed by a plain path (see resolvePlain) as base's
// scheme and host with that path, and resolve gives what resolvePlain
// gives for the path. It returns "" for any other base.
func plainBase(base string) string {
	for i := 0; i < len(base); i++ {
		switch c := base[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~:/", c) >= 0:
		default:
			return ""
		}
	}
	u, err := url.Parse(base + "/")
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return base + "/"
}

// leadsTo reports whether a site path is served by a file or redirects,
// and, when frag is set and the file is HTML, whether the file has an
// element with that id.
func (lc *linkCheck) leadsTo(target, frag string) bool {
	t, known := lc.targets[target]
	if !known {
		t = lc.targetFile(target)
		lc.targets[target] = t
	}
	if !t.exists {
		return lc.redirected[target]
	}
	return frag == "" || t.file < 0 || lc.hasID(t.file, frag)
}

// targetFile finds the output file serving a site path: the file itself,
// or its folder's index.html.
func (lc *linkCheck) targetFile(p string) serving {
	f := strings.TrimPrefix(p, "/")
	if !strings.HasSuffix(p, "/") {
		if i, ok := lc.files[f]; ok {
			return serving{file: i, exists: true}
		}
		f += "/"
	}
	i, ok := lc.files[f+"index.html"]
	return serving{file: i, exists: ok}
}

// manyIDs is the number of ids past which a page's ids are put in a map
// the first time a fragment is looked for in them.
const manyIDs = 32

// hasID reports whether the page scans[i] has an element with the id.
func (lc *linkCheck) hasID(i int, id string) bool {
	if set, ok := lc.ids[i]; ok {
		return set[id]
	}
	ids := lc.scans[i].ids
	n := 0
	for rest := ids; rest != ""; n++ {
		var v string
		v, rest = nextPacked(rest)
		if v == id {
			return true
		}
	}
	if n > manyIDs {
		set := make(map[string]bool, n)
		for rest := ids; rest != ""; {
			var v string
			v, rest = nextPacked(rest)
			set[v] = true
		}
		lc.ids[i] = set
	}
	return false
}

// pageScanner gives the ids of a page's elements and its link targets.
type pageScanner interface {
	scan(f render.File) packedScan
}

// packedScan is a page's element ids and link targets (in order), each list
// in one string where every item is its length (binary.AppendUvarint)
// followed by its bytes: a site of 15,000 pages keeps them in a few MB,
// not in a map and a slice per page.
type packedScan struct {
	ids, refs string
}

// packScan packs ids and link targets.
func packScan(ids map[string]bool, refs []string) packedScan {
	var b []byte
	for id := range ids {
		b = appendPacked(b, id)
	}
	n := len(b)
	for _, ref := range refs {
		b = appendPacked(b, ref)
	}
	all := string(b)
	return packedScan{ids: all[:n], refs: all[n:]}
}

// appendPacked appends s to a packed list: its length as a uvarint, then
// its bytes.
func appendPacked[S string | []byte](b []byte, s S) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// nextPacked returns the first item of a packed list, and the rest.
func nextPacked(list string) (item, rest string) {
	n, shift, i := 0, 0, 0
	for ; list[i] >= 0x80; i++ {
		n |= int(list[i]&0x7f) << shift
		shift += 7
	}
	n |= int(list[i]) << shift
	i++
	return list[i : i+n], list[i+n:]
}

// scanHTML returns the ids of a page's elements and its link targets. It
// reads the generated (minified) HTML with a plain byte scanner; a page the
// scanner is not sure to read as an HTML tokenizer would (a comment, a
// character reference or carriage return in an attribute, a rare raw-text
// element...) is read by golang.org/x/net/html's tokenizer instead.
func scanHTML(data []byte) packedScan {
	if sc, ok := quickScan(data); ok {
		return sc
	}
	return packScan(tokenScan(data))
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
func quickScan(data []byte) (sc packedScan, ok bool) {
	buf := scanBufs.Get().(*scanBuf)
	defer func() {
		buf.ids, buf.refs = buf.ids[:0], buf.refs[:0]
		scanBufs.Put(buf)
	}()
	if !buf.scan(data) {
		return packedScan{}, false
	}
	var b strings.Builder
	b.Grow(len(buf.ids) + len(buf.refs))
	b.Write(buf.ids)
	b.Write(buf.refs)
	all := b.String()
	return packedScan{ids: all[:len(buf.ids)], refs: all[len(buf.ids):]}, true
}

// scanBuf holds quickScan's packed lists while it reads a page.
type scanBuf struct {
	ids, refs []byte
}

var scanBufs = sync.Pool{New: func() any { return new(scanBuf) }}

// scan reads the page into buf, or returns false.
func (buf *scanBuf) scan(data []byte) bool {
	if bytes.IndexByte(data, '\r') >= 0 || bytes.IndexByte(data, 0) >= 0 {
		return false
	}
	n := len(data)
	i := 0
	for {
		if i < n && data[i] == '<' {
			i++ // minified HTML: often a tag right after the last
		} else {
			j := bytes.IndexByte(data[i:], '<')
			if j < 0 {
				return true
			}
			i += j + 1
		}
		if i >= n {
			return true
		}
		switch c := data[i]; {
		case c == '!':
			// Only the doctype: comments and other declarations go to the tokenizer.
			if i+8 > n || !bytes.EqualFold(data[i+1:i+8], []byte("doctype")) {
				return false
			}
			k := bytes.IndexByte(data[i:], '>')
			if k < 0 {
				return false
			}
			i += k + 1
			continue
		case c == '/':
			if i+1 >= n || !isASCIILetter(data[i+1]) {
				return false
			}
			k := bytes.IndexByte(data[i:], '>')
			if k < 0 {
				return false
			}
			// An end tag's attributes are ignored, but a quoted '>' in them
			// would end it later.
			for _, c := range data[i : i+k] {
				if class[c]&cQuote != 0 {
					return false
				}
			}
			i += k + 1
			continue
		case !isASCIILetter(c):
			if c == '?' {
				return false
			}
			continue // a '<' in text
		}
		start := i
		for i < n && class[data[i]]&(cSpace|cSlash|cGT) == 0 {
			i++
		}
		name := data[start:i]
		kind := tagKind(name)
		// Attributes; a repeated id, href or src goes to the tokenizer
		// (which keeps the first only).
		var seenID, seenRef bool
		for {
			for i < n && class[data[i]]&(cSpace|cSlash) != 0 {
				i++
			}
			if i >= n {
				return false
			}
			if data[i] == '>' {
				i++
				break
			}
			ks := i
			for i < n && class[data[i]]&(cSpace|cSlash|cGT|cEq|cQuote|cLT) == 0 {
				i++
			}
			if i < n && class[data[i]]&(cQuote|cLT) != 0 {
				return false
			}
			if i == ks {
				return false // a name starting with '=': the tokenizer's rules
			}
			key := data[ks:i]
			for i < n && class[data[i]]&cSpace != 0 {
				i++
			}
			var val []byte
			if i < n && data[i] == '=' {
				i++
				for i < n && class[data[i]]&cSpace != 0 {
					i++
				}
				if i >= n {
					return false
				}
				if q := data[i]; q == '"' || q == '\'' {
					k := bytes.IndexByte(data[i+1:], q)
					if k < 0 {
						return false
					}
					val = data[i+1 : i+1+k]
					i += k + 2
				} else {
					vs := i
					for i < n && class[data[i]]&(cSpace|cGT|cQuote|cLT|cEq|cTick) == 0 {
						i++
					}
					if i < n && class[data[i]]&(cQuote|cLT|cEq|cTick) != 0 {
						return false
					}
					val = data[vs:i]
				}
			}
			// A character reference in a value the scan keeps goes to the
			// tokenizer, which decodes it; elsewhere it changes nothing.
			switch {
			case isName(key, "id"):
				if seenID || bytes.IndexByte(val, '&') >= 0 {
					return false
				}
				seenID = true
				buf.ids = appendPacked(buf.ids, val)
			case isName(key, "href") && kind == tagLink, isName(key, "src") && kind == tagImg:
				if seenRef || bytes.IndexByte(val, '&') >= 0 {
					return false
				}
				seenRef = true
				buf.refs = appendPacked(buf.refs, val)
			}
		}
		switch kind {
		case tagRawText:
			// Raw text runs to its end tag.
			k := indexEndTag(data[i:], name)
			if k < 0 {
				return false
			}
			if bytes.Contains(data[i:i+k], []byte("<!--")) {
				return false
			}
			i += k
		case tagUnsure:
			return false
		}
	}
}

// The byte classes of the quick scanner.
const (
	cSpace = 1 << iota // space, tab, line feed, form feed, carriage return
	cSlash             // '/'
	cGT                // '>'
	cEq                // '='
	cQuote             // '"' or '\''
	cLT                // '<'
	cTick              // '`'
)

// class gives the classes of each byte.
var class = func() (t [256]uint8) {
	for _, c := range " \n\t\f\r" {
		t[c] |= cSpace
	}
	t['/'] |= cSlash
	t['>'] |= cGT
	t['='] |= cEq
	t['"'] |= cQuote
	t['\''] |= cQuote
	t['<'] |= cLT
	t['`'] |= cTick
	return t
}()

// The kinds of tag the quick scanner tells apart.
const (
	tagOther   = iota
	tagLink    // a or link: href is a link
	tagImg     // img: src is a link
	tagRawText // script, style, title, textarea: text up to the end tag
	tagUnsure  // elements whose content the tokenizer reads its own way
)

// tagKind returns the kind of a tag by its name, in any case.
func tagKind(name []byte) int {
	switch len(name) {
	case 1:
		if isName(name, "a") {
			return tagLink
		}
	case 3:
		switch {
		case isName(name, "img"):
			return tagImg
		case isName(name, "xmp"):
			return tagUnsure
		}
	case 4:
		if isName(name, "link") {
			return tagLink
		}
	case 5:
		if isName(name, "style") || isName(name, "title") {
			return tagRawText
		}
	case 6:
		switch {
		case isName(name, "script"):
			return tagRawText
		case isName(name, "iframe"):
			return tagUnsure
		}
	case 7:
		if isName(name, "noembed") {
			return tagUnsure
		}
	case 8:
		switch {
		case isName(name, "textarea"):
			return tagRawText
		case isName(name, "noframes"), isName(name, "noscript"):
			return tagUnsure
		}
	case 9:
		if isName(name, "plaintext") {
			return tagUnsure
		}
	}
	return tagOther
}

// isName reports whether a tag or attribute name is s (in lower case), in
// any case.
func isName(key []byte, s string) bool {
	if len(key) != len(s) {
		return false
	}
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
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

// resolve turns an href found on the page at pagePath into a site path and
// fragment; internal is false for external and non-HTTP links. relative
// is set when the answer depends on pagePath.
func resolve(base, pagePath, href string) (target, frag string, internal, relative bool) {
	if target, frag, ok := resolvePlain(pagePath, href); ok {
		return target, frag, true, href[0] == '#'
	}
	u, err := url.Parse(href)
	if err != nil {
		return href, "", true, false // unparseable: certainly broken
	}
	if u.Scheme != "" || u.Host != "" {
		if base == "" || !strings.HasPrefix(href, base+"/") {
			return "", "", false, false
		}
		if u, err = url.Parse(strings.TrimPrefix(href, base)); err != nil {
			return href, "", true, false // such as base + "//a%20b/": broken
		}
	}
	p := u.Path
	switch {
	case p == "":
		p, relative = pagePath, true
	case !strings.HasPrefix(p, "/"):
		p, relative = path.Join(path.Dir(pagePath+"x"), p), true
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if strings.HasPrefix(p, "/_preview/") {
		return "", "", false, relative // the preview server's own files
	}
	return p, u.Fragment, true, relative
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

// reportLink adds "file:line: broken link href", naming the content file of
// an editorial page (and the line of the href in it) or else the output
// page. The same problem is reported once.
func reportLink(errs *diag.List, seen map[string]bool, p *site.Page, href string, c *content.Content, fsys fs.FS) {
	file, line := p.File, 0
	if p.Kind == site.KindPage && c != nil {
		name := p.Key.ID
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
