package search

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// TestFirstQuerySize prints what the first query fetches from a built
// site (SEARCH_SITE=folder), gzipped: run by hand on the K = 100 site.
func TestFirstQuerySize(t *testing.T) {
	dir := os.Getenv("SEARCH_SITE")
	if dir == "" {
		t.Skip("SEARCH_SITE not set")
	}
	read := func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, p)) }
	for _, q := range []struct{ lang, q string }{{"fr", "coopération"}, {"fr", "Congo"}, {"fr", "armes"}, {"fr", "droits humains"}, {"nl", "ontwikkelingssamenwerking"}, {"en", "United Nations"}, {"fr", "co"}} {
		c, err := newClient(read, q.lang)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := c.search(q.q, 0, -1)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs[:min(10, len(rs))] {
			if _, _, err := c.doc(r.doc); err != nil {
				t.Fatal(err)
			}
		}
		total := 0
		for _, f := range c.fetched {
			data, _ := read(f[1:])
			var b bytes.Buffer
			w, _ := gzip.NewWriterLevel(&b, 6)
			w.Write(data)
			w.Close()
			total += b.Len()
			t.Logf("  %s %d raw %d gz", f, len(data), b.Len())
		}
		t.Logf("%s %q: %d results, %d files, %d B gzip", q.lang, q.q, len(rs), len(c.fetched), total)
	}
}
