package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/synth"
)

// synthChapters is how many synthetic chapters the programme of
// chaptersBuild has besides the fixture's: enough for the list of every
// commitment to be split into pages.
const synthChapters = 20

// chaptersBuild builds, once, a programme of several chapters: the fixture
// chapter 12 with its content, and synthetic chapters (101, 102, ...) made
// from it by internal/synth.
var chaptersBuild = sync.OnceValues(func() (*Result, error) {
	dir, err := os.MkdirTemp("", "explainer-chapters-")
	if err != nil {
		return nil, err
	}
	if _, err := synth.WriteTree(dir, fixtureRoot, synthChapters, 7); err != nil {
		return nil, err
	}
	if err := addRealChapter(dir); err != nil {
		return nil, err
	}
	res, err := Build(context.Background(), Options{Root: dir})
	os.RemoveAll(dir)
	return res, err
})

// addRealChapter adds the fixture's seeds, unit files and topic
// assignments to a synthetic tree made from it.
func addRealChapter(dir string) error {
	seeds, err := filepath.Glob(filepath.Join(fixtureRoot, "seeds", "*.txt"))
	if err != nil {
		return err
	}
	units, err := filepath.Glob(filepath.Join(fixtureRoot, "content", "*", "units", "*.md"))
	if err != nil {
		return err
	}
	for _, f := range append(seeds, units...) {
		rel, _ := filepath.Rel(fixtureRoot, f)
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, rel), data, 0o644); err != nil {
			return err
		}
	}
	real, err := os.ReadFile(filepath.Join(fixtureRoot, "content", "topic-assignments.yaml"))
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "content", "topic-assignments.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(append([]byte("\n"), real...)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// chapterSite is the three-chapter site with what the tests look up.
type chapterSite struct {
	*builtSite
	byKey    map[string]*site.Page // lang + " " + key
	chapters []*programme.Chapter
}

func mustChapterSite(t *testing.T) *chapterSite {
	t.Helper()
	res, err := chaptersBuild()
	if err != nil {
		t.Fatalf("building %d chapters: %v", synthChapters+1, err)
	}
	s := &chapterSite{builtSite: readSite(t, res), byKey: map[string]*site.Page{}}
	for _, p := range res.Site.Pages {
		s.byKey[p.Lang+" "+p.Key.String()] = p
	}
	// The programme, rebuilt from the units.
	var ch *programme.Chapter
	var sec *programme.Section
	for _, u := range res.Units {
		switch u.Kind {
		case programme.KindChapter:
			ch = &programme.Chapter{ID: u.ID}
			s.chapters = append(s.chapters, ch)
		case programme.KindSection:
			sec = &programme.Section{ID: u.ID}
			ch.Sections = append(ch.Sections, sec)
		case programme.KindCommitment:
			sec.Commitments = append(sec.Commitments, &programme.Commitment{ID: u.ID})
		}
	}
	if got := len(s.chapters); got != synthChapters+1 {
		t.Fatalf("%d chapters; want %d", got, synthChapters+1)
	}
	return s
}

// path returns the path of the page of a key in a language.
func (s *chapterSite) path(t *testing.T, lang, key string) string {
	t.Helper()
	p := s.byKey[lang+" "+key]
	if p == nil {
		t.Fatalf("no %s page %s", lang, key)
	}
	return p.Path
}

// open returns the page at a path, failing when there is none.
func (s *chapterSite) open(t *testing.T, p string) *doc {
	t.Helper()
	file, ok := s.fileOfPath(p)
	if !ok {
		t.Fatalf("%s: no page", p)
	}
	d := s.docs[file]
	if d == nil {
		t.Fatalf("%s: no HTML page", p)
	}
	return d
}

// linksIn returns the hrefs of the links inside the elements that match.
func linksIn(d *doc, match func(*html.Node) bool) []string {
	var out []string
	for _, n := range findAll(d.root, match) {
		for _, a := range findAll(n, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "a" }) {
			if href, ok := attr(a, "href"); ok {
				out = append(out, href)
			}
		}
	}
	return out
}

func isElement(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

func crumbs(d *doc) []string {
	return linksIn(d, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "nav" && hasClass(n, "crumbs") })
}

// rel returns the href of the link with rel="prev" or "next" in the main
// content, "" when there is none.
func rel(d *doc, which string) string {
	main := find(d.root, isElement("main"))
	a := find(main, func(n *html.Node) bool {
		r, _ := attr(n, "rel")
		return n.Type == html.ElementNode && n.Data == "a" && r == which
	})
	if a == nil {
		return ""
	}
	href, _ := attr(a, "href")
	return href
}

// TestChaptersNavigation walks a site of several chapters as a reader would:
// home → chapter → section → commitment and back up by the breadcrumbs,
// then previous and next across the boundary of two chapters.
func TestChaptersNavigation(t *testing.T) {
	s := mustChapterSite(t)
	for _, lang := range s.langs {
		l := lang.Code
		t.Run(l, func(t *testing.T) {
			home := s.open(t, "/"+l+"/")
			mainLinks := linksIn(home, isElement("main"))
			var chapterPaths []string
			for _, ch := range s.chapters {
				p := s.path(t, l, "chapter:"+ch.ID)
				chapterPaths = append(chapterPaths, p)
				if !slices.Contains(mainLinks, p) {
					t.Errorf("home %s: no link to chapter %s (%s)", l, ch.ID, p)
				}
				if want := "/" + l + "/" + lang.Paths["chapters"] + "/" + ch.ID + "/"; p != want {
					t.Errorf("chapter %s is at %s; want %s", ch.ID, p, want)
				}
			}
			if s.byKey[l+" home"].Body.(*site.Home).Only != nil {
				t.Errorf("home %s shows a single chapter's parts in a programme of several", l)
			}
			// Into the second chapter, its first section, its first commitment.
			ch := s.chapters[1]
			chapter := s.open(t, chapterPaths[1])
			sec := ch.Sections[0]
			secPath := s.path(t, l, "section:"+sec.ID)
			if !slices.Contains(linksIn(chapter, isElement("main")), secPath) {
				t.Errorf("chapter %s: no link to its section %s", chapterPaths[1], secPath)
			}
			if got, want := crumbs(chapter), []string{"/" + l + "/", "/" + l + "/" + lang.Paths["chapters"] + "/"}; !slices.Equal(got, want) {
				t.Errorf("chapter %s: breadcrumbs %v; want %v", chapterPaths[1], got, want)
			}
			if got := rel(chapter, "prev"); got != chapterPaths[0] {
				t.Errorf("chapter %s: previous %q; want %q", chapterPaths[1], got, chapterPaths[0])
			}
			if got := rel(chapter, "next"); got != chapterPaths[2] {
				t.Errorf("chapter %s: next %q; want %q", chapterPaths[1], got, chapterPaths[2])
			}
			section := s.open(t, secPath)
			first := s.path(t, l, "commitment:"+sec.Commitments[0].ID)
			if !slices.Contains(linksIn(section, isElement("main")), first) {
				t.Errorf("section %s: no link to its commitment %s", secPath, first)
			}
			if got, want := crumbs(section), []string{"/" + l + "/", chapterPaths[1]}; !slices.Equal(got, want) {
				t.Errorf("section %s: breadcrumbs %v; want %v", secPath, got, want)
			}
			commitment := s.open(t, first)
			if got, want := crumbs(commitment), []string{"/" + l + "/", chapterPaths[1], secPath}; !slices.Equal(got, want) {
				t.Errorf("commitment %s: breadcrumbs %v; want %v", first, got, want)
			}
			// And back up: every breadcrumb is a page.
			for _, c := range crumbs(commitment) {
				s.open(t, c)
			}
			// Across the boundary between the first and second chapters.
			prevCh := s.chapters[0]
			lastSec := prevCh.Sections[len(prevCh.Sections)-1]
			last := s.path(t, l, "commitment:"+lastSec.Commitments[len(lastSec.Commitments)-1].ID)
			if got := rel(commitment, "prev"); got != last {
				t.Errorf("commitment %s: previous %q; want the last of the previous chapter, %q", first, got, last)
			}
			if got := rel(s.open(t, last), "next"); got != first {
				t.Errorf("commitment %s: next %q; want the first of the next chapter, %q", last, got, first)
			}
			lastSecPath := s.path(t, l, "section:"+lastSec.ID)
			if got := rel(section, "prev"); got != lastSecPath {
				t.Errorf("section %s: previous %q; want %q", secPath, got, lastSecPath)
			}
			if got := rel(s.open(t, lastSecPath), "next"); got != secPath {
				t.Errorf("section %s: next %q; want %q", lastSecPath, got, secPath)
			}
		})
	}
}

// TestChaptersTopicPages: a topic page lists commitments of several
// chapters, grouped under a heading per chapter, in programme order.
func TestChaptersTopicPages(t *testing.T) {
	s := mustChapterSite(t)
	chapterOf := map[string]int{} // commitment path → chapter index
	for i, ch := range s.chapters {
		for _, sec := range ch.Sections {
			for _, c := range sec.Commitments {
				chapterOf[s.path(t, "fr", "commitment:"+c.ID)] = i
			}
		}
	}
	seen := 0
	for _, p := range s.res.Site.Pages {
		if p.Kind != site.KindTopic || p.Lang != "fr" {
			continue
		}
		d := s.open(t, p.Path)
		var headings []int
		for _, h2 := range findAll(d.root, isElement("h2")) {
			for _, href := range linksIn(&doc{root: h2}, isElement("a")) {
				for i := range s.chapters {
					if href == s.path(t, "fr", "chapter:"+s.chapters[i].ID) {
						headings = append(headings, i)
					}
				}
			}
		}
		chapters := map[int]bool{}
		for _, href := range linksIn(d, isElement("main")) {
			if i, ok := chapterOf[href]; ok {
				chapters[i] = true
			}
		}
		if len(chapters) > 1 {
			seen++
		}
		if len(headings) != len(chapters) || !slices.IsSorted(headings) {
			t.Errorf("%s: chapter headings %v for commitments of %d chapters", p.Path, headings, len(chapters))
		}
	}
	if seen == 0 {
		t.Error("no topic page lists commitments of several chapters")
	}
}

// TestChaptersFolderURLs: every address made by cutting a page's address
// after a "/" is a page too, and the sitemap lists the new pages.
func TestChaptersFolderURLs(t *testing.T) {
	s := mustChapterSite(t)
	sitemap := string(s.files["sitemap.xml"])
	for _, p := range s.res.Site.Pages {
		for i := 1; i < len(p.Path); i++ {
			if p.Path[i] != '/' {
				continue
			}
			if _, ok := s.fileOfPath(p.Path[:i+1]); !ok {
				t.Errorf("%s: no page at %s", p.Path, p.Path[:i+1])
			}
		}
		if p.Kind != site.KindNotFound && !strings.Contains(sitemap, "<loc>"+p.Canonical+"</loc>") {
			t.Errorf("%s: not in the sitemap", p.Path)
		}
	}
	// Other files' folders are pages or redirects.
	redirected := map[string]bool{}
	for _, line := range strings.Split(string(s.files["_redirects"]), "\n") {
		if f := strings.Fields(line); len(f) == 3 && !strings.HasPrefix(line, "#") {
			redirected[f[0]] = true
		}
	}
	for _, f := range s.res.Files {
		for i := range len(f.Path) {
			if f.Path[i] != '/' {
				continue
			}
			p := "/" + f.Path[:i+1]
			if _, ok := s.fileOfPath(p); !ok && !redirected[p] {
				t.Errorf("/%s: no page nor redirect at %s", f.Path, p)
			}
		}
	}
	for _, lang := range s.langs {
		for _, kind := range []string{"chapters", "sections", "commitments", "topics"} {
			s.open(t, "/"+lang.Code+"/"+lang.Paths[kind]+"/")
		}
	}
}

// TestChaptersLists: the list of every commitment is split into pages of
// whole chapters that lead to one another, each under ListBudget links.
func TestChaptersLists(t *testing.T) {
	s := mustChapterSite(t)
	base := s.path(t, "fr", "listing:commitments")
	var pages []*doc
	for p := base; p != ""; {
		d := s.open(t, p)
		pages = append(pages, d)
		if len(pages) > synthChapters {
			t.Fatal("the pages of the list do not end")
		}
		p = rel(d, "next")
	}
	if len(pages) < 2 {
		t.Fatalf("%d page(s) for the commitments of %d chapters; want the list split", len(pages), len(s.chapters))
	}
	seen, titles := map[string]bool{}, map[string]bool{}
	for _, d := range pages {
		if titles[d.title] {
			t.Errorf("%s: title %q, the same as another page of the list", d.file, d.title)
		}
		titles[d.title] = true
		links := linksIn(d, isElement("main"))
		if len(links) > site.ListBudget+20 {
			t.Errorf("%s: %d links in main", d.file, len(links))
		}
		for _, l := range links {
			seen[l] = true
		}
	}
	for _, ch := range s.chapters {
		for _, sec := range ch.Sections {
			for _, c := range sec.Commitments {
				if p := s.path(t, "fr", "commitment:"+c.ID); !seen[p] {
					t.Errorf("%s is on no page of the list", p)
				}
			}
		}
	}
}

// TestChaptersRelated: a commitment's related commitments come from its own
// chapter first.
func TestChaptersRelated(t *testing.T) {
	s := mustChapterSite(t)
	for _, ch := range s.chapters {
		own := map[string]bool{}
		for _, sec := range ch.Sections {
			for _, c := range sec.Commitments {
				own[c.ID] = true
			}
		}
		for _, sec := range ch.Sections {
			for _, c := range sec.Commitments {
				v := s.byKey["fr commitment:"+c.ID].Body.(*site.Commitment)
				outside := false
				for _, r := range v.Related {
					in := false
					for id := range own {
						if s.path(t, "fr", "commitment:"+id) == r.Path {
							in = true
						}
					}
					if in && outside {
						t.Errorf("%s: a related commitment of its chapter comes after one of another chapter", c.ID)
					}
					outside = outside || !in
				}
			}
		}
	}
}
