// Command heaviest prints, for each kind of page of a built site, the
// heaviest page: its size compressed with gzip (the HTML plus its
// stylesheet, as a first visit downloads them) and the number of links in
// its main content. Kinds are told apart by the shape of the page's
// address, with the URL segments of the content's site.yaml:
//
//	go run ./tools/bench/heaviest -site build -content content
//
// It exits with status 1 when a page is over -max-gzip bytes or -max-links
// links, when those are set.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
)

// page is what is measured of one page.
type page struct {
	file        string
	gzip, links int
}

func main() {
	dir := flag.String("site", "build", "the built site")
	contentDir := flag.String("content", "content", "the site's content folder, for the URL segments of its site.yaml")
	maxGzip := flag.Int("max-gzip", 0, "fail when a page (HTML plus CSS, gzip) is over this many bytes; 0: no limit")
	maxLinks := flag.Int("max-links", 0, "fail when a page's main content holds more links; 0: no limit")
	flag.Parse()
	if err := run(*dir, *contentDir, *maxGzip, *maxLinks); err != nil {
		fmt.Fprintln(os.Stderr, "heaviest:", err)
		os.Exit(1)
	}
}

func run(dir, contentDir string, maxGzip, maxLinks int) error {
	kinds, err := segments(contentDir)
	if err != nil {
		return err
	}
	cssSizes := map[string]int{}
	heaviest := map[string]page{}
	counts := map[string]int{}
	var over []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		links, css := scan(data)
		cs, ok := cssSizes[css]
		if !ok && css != "" {
			cssData, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(css, "/"))))
			if err != nil {
				return fmt.Errorf("%s: stylesheet %s: %w", rel, css, err)
			}
			cs = gzipSize(cssData)
			cssSizes[css] = cs
		}
		pg := page{file: rel, gzip: gzipSize(data) + cs, links: links}
		k := kindOf(rel, kinds)
		counts[k]++
		h := heaviest[k]
		if pg.gzip > h.gzip || pg.gzip == h.gzip && pg.links > h.links {
			heaviest[k] = pg
		}
		if maxGzip > 0 && pg.gzip > maxGzip || maxLinks > 0 && pg.links > maxLinks {
			over = append(over, fmt.Sprintf("%s: %d bytes gzip, %d links", rel, pg.gzip, pg.links))
		}
		return nil
	})
	if err != nil {
		return err
	}
	names := make([]string, 0, len(heaviest))
	for k := range heaviest {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Printf("%-22s %6s %10s %6s  %s\n", "kind", "pages", "gzip B", "links", "heaviest page")
	for _, k := range names {
		h := heaviest[k]
		fmt.Printf("%-22s %6d %10d %6d  %s\n", k, counts[k], h.gzip, h.links, h.file)
	}
	if len(over) > 0 {
		return fmt.Errorf("%d pages over the limits:\n%s", len(over), strings.Join(over, "\n"))
	}
	return nil
}

// segments reads the URL segment of each kind of listing, per language,
// from the content's site.yaml: segment → kind ("engagements" →
// "commitments").
func segments(contentDir string) (map[string]string, error) {
	c, err := content.Load(context.Background(), os.DirFS(contentDir), contentDir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, l := range c.Site.Languages {
		for kind, seg := range l.Paths {
			out[seg] = kind
		}
	}
	return out, nil
}

// kindOf names the kind of the page at rel ("fr/engagements/x/index.html")
// by the shape of its address: "home", "commitments", "commitments list",
// "topics 2+" for the second and later pages of a split list, and so on.
func kindOf(rel string, kinds map[string]string) string {
	if path.Base(rel) != "index.html" {
		return "other (" + path.Base(rel) + ")"
	}
	parts := strings.Split(path.Dir(rel), "/")
	if parts[0] == "." {
		return "root"
	}
	parts = parts[1:] // the language
	suffix := ""
	if n := len(parts); n > 1 {
		// A number ends the address of a split list's later pages, but
		// is a chapter's own slug ("chapters/34").
		if _, err := strconv.Atoi(parts[n-1]); err == nil && (n > 2 || kinds[parts[0]] != "chapters") {
			parts, suffix = parts[:n-1], " 2+"
		}
	}
	switch {
	case len(parts) == 0:
		return "home"
	case kinds[parts[0]] == "":
		return "editorial"
	case len(parts) == 1:
		return kinds[parts[0]] + " list" + suffix
	default:
		return kinds[parts[0]] + suffix
	}
}

// scan returns the number of links (a elements with an href) in the
// page's main element and the path of its stylesheet. The pages are the
// theme's, minified: tags are read as written, without an HTML parser.
func scan(data []byte) (links int, css string) {
	page := string(data)
	if i := strings.Index(page, `<link rel="stylesheet" href="`); i >= 0 {
		rest := page[i+len(`<link rel="stylesheet" href="`):]
		css, _, _ = strings.Cut(rest, `"`)
	}
	start := strings.Index(page, "<main")
	end := strings.LastIndex(page, "</main>")
	if start < 0 || end < start {
		return 0, css
	}
	main := page[start:end]
	for {
		i := strings.Index(main, "<a ")
		if i < 0 {
			return links, css
		}
		tag, rest, _ := strings.Cut(main[i:], ">")
		if strings.Contains(tag, " href=") {
			links++
		}
		main = rest
	}
}

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}
