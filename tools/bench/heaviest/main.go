// Command heaviest prints, for each kind of page of a built site, the
// heaviest page: its size compressed with gzip (the HTML plus its
// stylesheet, as a first visit downloads them) and the number of links in
// its main content. Kinds are told apart by the shape of the page's
// address, with the URL segments of content/site.yaml:
//
//	go run ./tools/bench/heaviest -site build -config content/site.yaml
//
// It exits with status 1 when a page is over -max-gzip bytes or -max-links
// links, when those are set.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"gopkg.in/yaml.v3"
)

// page is what is measured of one page.
type page struct {
	file        string
	gzip, links int
}

func main() {
	dir := flag.String("site", "build", "the built site")
	config := flag.String("config", "content/site.yaml", "the site's configuration, for its URL segments")
	maxGzip := flag.Int("max-gzip", 0, "fail when a page (HTML plus CSS, gzip) is over this many bytes; 0: no limit")
	maxLinks := flag.Int("max-links", 0, "fail when a page's main content holds more links; 0: no limit")
	flag.Parse()
	if err := run(*dir, *config, *maxGzip, *maxLinks); err != nil {
		fmt.Fprintln(os.Stderr, "heaviest:", err)
		os.Exit(1)
	}
}

func run(dir, config string, maxGzip, maxLinks int) error {
	kinds, err := segments(config)
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
// from site.yaml: segment → kind ("engagements" → "commitments").
func segments(config string) (map[string]string, error) {
	data, err := os.ReadFile(config)
	if err != nil {
		return nil, err
	}
	var site struct {
		Languages []struct {
			Paths map[string]string `yaml:"paths"`
		} `yaml:"languages"`
	}
	if err := yaml.Unmarshal(data, &site); err != nil {
		return nil, fmt.Errorf("%s: %w", config, err)
	}
	out := map[string]string{}
	for _, l := range site.Languages {
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

// scan returns the number of links (a elements with href) in the page's
// main element and the path of its stylesheet.
func scan(data []byte) (links int, css string) {
	z := html.NewTokenizer(bytes.NewReader(data))
	inMain := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return links, css
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch string(name) {
			case "main":
				inMain++
			case "a":
				if _, ok := attrs["href"]; ok && inMain > 0 {
					links++
				}
			case "link":
				if attrs["rel"] == "stylesheet" {
					css = attrs["href"]
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "main" {
				inMain--
			}
		}
	}
}

func gzipSize(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}
