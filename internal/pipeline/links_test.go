package pipeline

import (
	"context"
	"fmt"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/synth"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestScanMatchesTokenizer checks that the quick scanner reads ids and link
// targets exactly as golang.org/x/net/html's tokenizer does, on every page
// of the real site and on inputs written to trip it; where it is not sure,
// it must give up (and scanHTML falls back to the tokenizer).
func TestScanMatchesTokenizer(t *testing.T) {
	tests := []struct {
		name, html string
		quick      bool // the quick scanner reads it itself
	}{
		{"plain", `<!DOCTYPE html><html><body><a href="/fr/" id=top>x</a><img src='/i.png'><link href=/s.css rel=stylesheet></body></html>`, true},
		{"upper case", `<A HREF="/x/" ID="Y">x</A><IMG SRC="/y">`, true},
		{"self-closing", `<a href="/a/"/><br/><img src=/b/>`, true},
		{"spaces", "<a\n href = \"/a/\"\tid\f=\"i\" >x</a >", true},
		{"bare attribute", `<script src="/r.js" defer></script><a download href="/d/">d</a>`, true},
		{"duplicate attributes", `<a href="/1/" href="/2/" id="a" id="b">x</a>`, false},
		{"href on other tags", `<div href="/no/" src="/no/"><area href="/no/"><img href="/no/" src="/yes/"></div>`, true},
		{"text less-than", `<p>1 < 2 <3 <</p><a href="/a/">a</a>`, true},
		{"script raw text", `<script type="application/ld+json">{"a":"<a href=\"/no/\">"}</script><a href="/yes/">y</a>`, true},
		{"title raw text", `<title><a href="/no/"></title ><a href="/yes/">y</a>`, true},
		{"style", `<style>a[href="/no/"]{}</style><a href="/yes/">`, true},
		{"end tag with attribute", `<a href="/a/">a</a foo="x>y"><a href="/b/">`, false},
		{"comment", `<!-- <a href="/no/"> --><a href="/yes/">`, false},
		{"reference in value", `<a href="/a/?x=1&amp;y=2" id="&eacute;">`, false},
		{"reference in another value", `<a title="a &amp; b" href="/a/" data-x=a&b id=i>`, true},
		{"carriage return", "<a href=\"/a/\r\n\">", false},
		{"processing instruction", `<?xml x?><a href="/a/">`, false},
		{"noscript", `<noscript><a href="/a/"></noscript>`, false},
		{"unterminated quote", `<a href="/a/>`, false},
		{"unterminated tag", `<a href="/a/"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantIDs, wantRefs := tokenScan([]byte(tt.html))
			sc, ok := quickScan([]byte(tt.html))
			ids, refs := sc.unpack()
			if ok != tt.quick {
				t.Errorf("quick scan: ok %v, want %v", ok, tt.quick)
			}
			if ok && (!reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(refs, wantRefs)) {
				t.Errorf("quick scan: %v %q, tokenizer: %v %q", ids, refs, wantIDs, wantRefs)
			}
			ids, refs = scanHTML([]byte(tt.html)).unpack()
			if !reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(refs, wantRefs) {
				t.Errorf("scanHTML: %v %q, tokenizer: %v %q", ids, refs, wantIDs, wantRefs)
			}
		})
	}

	res, err := Build(context.Background(), Options{Root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	quick := 0
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		wantIDs, wantRefs := tokenScan(f.Data)
		sc, ok := quickScan(f.Data)
		ids, refs := sc.unpack()
		if !ok {
			continue
		}
		quick++
		if !reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(refs, wantRefs) {
			t.Errorf("%s: quick scan %v %q, tokenizer %v %q", f.Path, ids, refs, wantIDs, wantRefs)
		}
	}
	if quick < len(res.Site.Pages)*9/10 {
		t.Errorf("the quick scanner read %d of %d pages; expected nearly all", quick, len(res.Site.Pages))
	}
}

// unpack returns the ids and links of a packed scan.
func (p packedScan) unpack() (map[string]bool, []string) {
	ids := map[string]bool{}
	for rest := p.ids; rest != ""; {
		var id string
		id, rest = nextPacked(rest)
		ids[id] = true
	}
	var refs []string
	for rest := p.refs; rest != ""; {
		var ref string
		ref, rest = nextPacked(rest)
		refs = append(refs, ref)
	}
	return ids, refs
}

func FuzzQuickScan(f *testing.F) {
	f.Add(`<!DOCTYPE html><a href="/fr/" id=top>x</a><img src='/i.png'><link href=/s.css rel=stylesheet>`)
	f.Add(`<script src="/r.js" defer></script><a download href="/d/">d</a></A x="y">`)
	f.Add("<a\n href = \"/a/\"\tid\f=\"i\" >x</a ><title><a href=/no/></title ><TEXTAREA>x</textarea>")
	f.Fuzz(func(t *testing.T, page string) {
		sc, ok := quickScan([]byte(page))
		if !ok {
			return
		}
		ids, refs := sc.unpack()
		wantIDs, wantRefs := tokenScan([]byte(page))
		if !reflect.DeepEqual(ids, wantIDs) || !reflect.DeepEqual(refs, wantRefs) {
			t.Errorf("quick scan: %v %q, tokenizer: %v %q", ids, refs, wantIDs, wantRefs)
		}
	})
}

// TestResolvePlain checks that the fast path of resolve gives url.Parse's
// answer, and leaves every other href to it.
func TestResolvePlain(t *testing.T) {
	tests := []struct {
		href  string
		plain bool
	}{
		{"/fr/engagements/x/", true},
		{"/fr/engagements/x/#g1-oif", true},
		{"#main", true},
		{"/", true},
		{"/assets/style.0123456789.css", true},
		{"/a/b_c~d.e-f/", true},
		{"", false},
		{"//host/x", false},
		{"relative/x/", false},
		{"../x/", false},
		{"/a/#b#c", false},
		{"/a%20b/", false},
		{"/a/?q=1", false},
		{"/a b/", false},
		{"/_preview/reload.js", false},
		{"https://example.org/fr/", false},
		{"mailto:x@example.org", false},
		{"/été/", false},
	}
	for _, tt := range tests {
		target, frag, ok := resolvePlain("/fr/page/", tt.href)
		if ok != tt.plain {
			t.Errorf("%q: plain %v, want %v", tt.href, ok, tt.plain)
		}
		wantT, wantF, wantIn, _ := resolve("https://example.org", "/fr/page/", tt.href)
		if ok && (target != wantT || frag != wantF || !wantIn) {
			t.Errorf("%q: %q %q, resolve %q %q %v", tt.href, target, frag, wantT, wantF, wantIn)
		}
	}
	// resolve's answer is url.Parse's for every href of the real site.
	res, err := Build(context.Background(), Options{Root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Site.Pages {
		var data []byte
		for _, f := range res.Files {
			if f.Path == p.File {
				data = f.Data
			}
		}
		_, refs := tokenScan(data)
		for _, href := range refs {
			target, frag, ok := resolvePlain(p.Path, href)
			if !ok {
				continue
			}
			u, err := url.Parse(href)
			if err != nil {
				t.Fatalf("%s: %q: %v", p.File, href, err)
			}
			wantT := u.Path
			if wantT == "" {
				wantT = p.Path
			}
			if target != wantT || frag != u.Fragment {
				t.Errorf("%s: %q: %q %q, url.Parse %q %q", p.File, href, target, frag, wantT, u.Fragment)
			}
		}
	}
}

// TestCheckLinksPlanted plants links in pages of the real site and checks
// that exactly the broken ones are reported, once each, where expected.
func TestCheckLinksPlanted(t *testing.T) {
	res, err := Build(context.Background(), Options{Root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	var alias string
	for _, r := range res.Site.Redirects {
		alias = r.From
		break
	}
	if alias == "" {
		t.Fatal("the real site has no redirect")
	}
	plant := map[string][]string{
		"fr/engagements/cooperation-voisinage-immediat/index.html": {
			"/fr/nulle-part/", "/fr/a-propos/#nope", "#nope", "#main", "/fr/a-propos", "/fr/a-propos/",
			"https://programme-explainer.netlify.app/fr/nulle/", "https://programme-explainer.netlify.app/fr/a-propos/#main",
			"https://programme-explainer.netlify.app/fr/a-propos/#gone", "https://example.org/x", "//programme-explainer.netlify.app/nope/",
			"../nulle/", "../../", "../", "./", "/_preview/x.js", alias, alias + "#x", "/favicon.svg#x", "/fr/?q=1", "/fr/nulle/?q=1",
			"http://[::1", "mailto:x@example.org", "", "/fr/a%2Dpropos/", "#ma%69n", "/fr/404.html", "/sitemap.xml", "/sitemap.xml/",
			"/fr/nulle-part/", "/fr/glossaire/#nope", "/fr/glossaire/#union-europeenne", "/fr/glossaire/#european-union", "/fr/a-propos/#",
			"/fr//a-propos/", "/fr/./a-propos/", "/fr/engagements/../a-propos/", "/FR/", "javascript:void(0)", "/\u00e9t\u00e9/", "/fr/a-propos/#main#x",
			"https://programme-explainer.netlify.app//a%20b/",
		},
		"nl/index.html":                {"/fr/nulle-part/", "#nope", "relative/", "?x=1", "#", "/nl/#main"},
		"fr/a-propos/index.html":       {"/fr/nulle-part/", "/fr/nulle-part/", "#top"},
		"nl/over-deze-site/index.html": {"/fr/nulle-part/"},
		"index.html":                   {"/fr/nulle-part/", "/nl/", "/nope.css"},
	}
	files := make([]render.File, len(res.Files))
	copy(files, res.Files)
	for i, f := range files {
		hrefs, ok := plant[f.Path]
		if !ok {
			continue
		}
		var b strings.Builder
		for j, h := range hrefs {
			switch j % 3 {
			case 0:
				fmt.Fprintf(&b, "<a href=%q>x</a>", h)
			case 1:
				fmt.Fprintf(&b, "<img src=%q>", h)
			default:
				fmt.Fprintf(&b, "<link rel=x href=%q>", h)
			}
		}
		b.WriteString(`<div href="/no/where/"></div><a id="top"></a>`)
		data := strings.Replace(string(f.Data), "</body>", b.String()+"</body>", 1)
		if data == string(f.Data) {
			t.Fatalf("%s: no </body>", f.Path)
		}
		files[i].Data = []byte(data)
		delete(plant, f.Path)
	}
	if len(plant) > 0 {
		t.Fatalf("pages not found: %v", plant)
	}
	err = checkLinks(files, res.Site, res.Content, os.DirFS("../.."), (*scanCache)(nil))
	const pg = "fr/engagements/cooperation-voisinage-immediat/index.html: broken link "
	want := strings.Join([]string{
		"content/fr/pages/about.md: broken link /fr/nulle-part/",
		"content/nl/pages/about.md: broken link /fr/nulle-part/",
		pg + "/fr/nulle-part/",
		pg + "/fr/a-propos/#nope",
		pg + "#nope",
		pg + "https://programme-explainer.netlify.app/fr/nulle/",
		pg + "https://programme-explainer.netlify.app/fr/a-propos/#gone",
		pg + "../nulle/",
		pg + "../",
		pg + "/fr/nulle/?q=1",
		pg + "http://[::1",
		pg + "/sitemap.xml/",
		pg + "/fr/glossaire/#nope",
		pg + "/fr/glossaire/#union-europeenne",
		pg + "/fr//a-propos/",
		pg + "/fr/./a-propos/",
		pg + "/fr/engagements/../a-propos/",
		pg + "/FR/",
		pg + "/\u00e9t\u00e9/",
		pg + "/fr/a-propos/#main#x",
		pg + "https://programme-explainer.netlify.app//a%20b/",
		"index.html: broken link /fr/nulle-part/",
		"index.html: broken link /nope.css",
		"nl/index.html: broken link /fr/nulle-part/",
		"nl/index.html: broken link #nope",
		"nl/index.html: broken link relative/",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("checkLinks:\n%v\nwant:\n%s", err, want)
	}
}

// BenchmarkCheckLinks checks the links of the real site and of a synthetic
// site of 10 chapters, built once: every page is scanned, as in a first
// build.
func BenchmarkCheckLinks(b *testing.B) {
	dir := b.TempDir()
	for _, k := range []int{0, 10} {
		name, root := "real", "../.."
		if k > 0 {
			name = fmt.Sprintf("K=%d", k)
		}
		var res *Result
		b.Run(name, func(b *testing.B) {
			if res == nil {
				var err error
				if k > 0 {
					if root, err = synth.TreeIn(dir, "../..", k); err != nil {
						b.Fatal(err)
					}
				}
				if res, err = Build(context.Background(), Options{Root: root}); err != nil {
					b.Fatal(err)
				}
			}
			fsys := os.DirFS(root)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := checkLinks(res.Files, res.Site, res.Content, fsys, (*scanCache)(nil)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestResolveOnBase checks that the link check's fast path for links on
// the base URL gives resolve's answer.
func TestResolveOnBase(t *testing.T) {
	bases := []string{"https://example.org", "https://example.org/", "http://example.org:8080", "https://example.org/sub",
		"https://x:abc", "mailto:x", "https:x", "", "https://ex ample.org", "https://example.org?q", "https://example.org#f", "//example.org"}
	hrefs := []string{"/", "/fr/", "/fr/x/#g1-oif", "#main", "//evil/x", "/_preview/r.js", "/a%20b/", "/a/?q=1", "/été/", "/a/#b#c", "x/", ""}
	for _, base := range bases {
		lc := &linkCheck{base: base, onBase: plainBase(base)}
		for _, rest := range hrefs {
			for _, href := range []string{base + rest, base + "/" + rest, rest} {
				t1, f1, i1, r1 := lc.resolve("/fr/page/", href)
				t2, f2, i2, r2 := resolve(base, "/fr/page/", href)
				if t1 != t2 || f1 != f2 || i1 != i2 || r1 != r2 {
					t.Errorf("base %q, %q: %q %q %v %v, resolve %q %q %v %v", base, href, t1, f1, i1, r1, t2, f2, i2, r2)
				}
			}
		}
	}
}

func FuzzResolveOnBase(f *testing.F) {
	f.Add("https://example.org", "/fr/x/#y")
	f.Add("http://example.org:8080/sub", "/a/")
	f.Fuzz(func(t *testing.T, base, rest string) {
		lc := &linkCheck{base: base, onBase: plainBase(base)}
		href := base + rest
		t2, f2, i2, r2 := resolve(base, "/fr/page/", href)
		t1, f1, i1, r1 := lc.resolve("/fr/page/", href)
		if t1 != t2 || f1 != f2 || i1 != i2 || r1 != r2 {
			t.Errorf("base %q, %q: %q %q %v %v, resolve %q %q %v %v", base, href, t1, f1, i1, r1, t2, f2, i2, r2)
		}
	})
}
