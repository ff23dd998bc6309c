package preview

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/synth"
)

// copySite copies the pipeline tests' fixture site (its own seed, content
// and interface strings) and the real themes/, which are code, into a
// temporary folder: an editor's change to content/ or i18n/ cannot break
// these tests.
func copySite(t testing.TB) string {
	return copyInputs(t, "../pipeline/testdata/site")
}

// copyRealSite copies the real site's inputs into a temporary folder, for
// the benchmark: it measures, it does not assert.
func copyRealSite(b *testing.B) string {
	return copyInputs(b, "../..")
}

// copyInputs copies the seeds, content and i18n of the site at src, and
// the real themes, into a temporary folder.
func copyInputs(t testing.TB, src string) string {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"seeds", "content", "i18n", "themes"} {
		from := filepath.Join(src, dir)
		if dir == "themes" {
			from = filepath.Join("../..", dir)
		}
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// startRun runs a Server on root until the test ends, and waits for its
// first build.
func startRun(t testing.TB, root string, log *syncBuffer) *Server {
	t.Helper()
	s := New(Options{Build: pipeline.Options{Root: root}, Log: log})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run does not return after cancel")
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for s.state.Load() == nil {
		if time.Now().After(deadline) {
			t.Fatal("no first build")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := s.state.Load().err; err != nil {
		t.Fatalf("first build: %v", err)
	}
	return s
}

// syncBuffer is a log safe for the Run goroutine and the test. (It used a
// one-slot channel as a lock, which could leave Run blocked for ever in a
// log write when the test read the log at the same moment.)
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func newLog() *syncBuffer { return &syncBuffer{} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// eventually polls cond until it holds, and fails the test if it does not
// within 30 seconds, long enough for a rebuild under -race on a busy
// machine.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settle waits until the served site equals a full build of root's files,
// and fails with the differences if it never does.
func settle(t *testing.T, s *Server, root string, log *syncBuffer) {
	t.Helper()
	want, err := pipeline.Build(context.Background(), pipeline.Options{Root: root, LiveReload: true})
	if err != nil {
		t.Fatalf("full build of the final files: %v", err)
	}
	var diff []string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		st := s.state.Load()
		diff = diff[:0]
		if st.err != nil {
			diff = append(diff, "last build failed: "+st.err.Error())
		}
		built := make(map[string]bool, len(want.Files))
		for _, f := range want.Files {
			built[f.Path] = true
		}
		for name := range st.files {
			if !built[name] {
				diff = append(diff, name+" served, not built")
			}
		}
		for _, f := range want.Files {
			if data, err := st.file(f.Path); err != nil || !bytes.Equal(data, f.Data) {
				diff = append(diff, f.Path+" differs")
			}
		}
		if len(diff) == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	sort.Strings(diff)
	if len(diff) > 10 {
		diff = diff[:10]
	}
	t.Fatalf("the served site never equalled a full build:\n%s\nlog:\n%s", strings.Join(diff, "\n"), log.String())
}

// cpuTime is the CPU time, user and system, the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// must returns data, or nil on an error.
func must(data []byte, err error) []byte {
	if err != nil {
		return nil
	}
	return data
}

func write(t *testing.T, root, file, data string) {
	t.Helper()
	p := filepath.Join(root, file)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, root, file string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const (
	// nlUnit is a current Dutch translation of the fixture site; nlTitle
	// is its title line and nlText words of its text.
	nlUnit       = "content/nl/units/12-moderniser-reseau-ferroviaire.md"
	nlTitle      = "title: Het spoorwegnet moderniseren"
	nlText       = "De stations"
	nlUnits      = "content/nl/units"
	enPage       = "content/en/pages/about.md"
	baseTemplate = "themes/default/templates/base.html"
)

// Edits go through the watcher; after each series the served site is byte
// for byte a fresh full build of the final files.
func TestRunServesFullBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site")
	}
	root := copySite(t)
	log := newLog()
	s := startRun(t, root, log)
	orig := read(t, root, nlUnit)
	if !strings.Contains(orig, nlTitle+"\n") || !strings.Contains(orig, nlText) {
		t.Fatalf("test premise: %s has %q and %q", nlUnit, nlTitle, nlText)
	}

	t.Run("translation edits", func(t *testing.T) {
		write(t, root, nlUnit, strings.Replace(orig, nlTitle, nlTitle+" <b>vet</b> &", 1))
		settle(t, s, root, log)
	})
	t.Run("half-written then complete", func(t *testing.T) {
		write(t, root, nlUnit, orig[:20])
		time.Sleep(30 * time.Millisecond)
		write(t, root, nlUnit, strings.Replace(orig, nlText, nlText+" nu", 1))
		settle(t, s, root, log)
	})
	t.Run("rename-save", func(t *testing.T) {
		write(t, root, nlUnit+".swp", strings.Replace(orig, nlText, nlText+" weer", 1))
		if err := os.Rename(filepath.Join(root, nlUnit+".swp"), filepath.Join(root, nlUnit)); err != nil {
			t.Fatal(err)
		}
		settle(t, s, root, log)
	})
	t.Run("renamed content file", func(t *testing.T) {
		to := strings.Replace(nlUnit, "12-moderniser", "12-moderniser-renamed", 1)
		if err := os.Rename(filepath.Join(root, nlUnit), filepath.Join(root, to)); err != nil {
			t.Fatal(err)
		}
		// An orphan unit file is a build error: the last good site stays.
		eventually(t, "a file for no unit is reported", func() bool {
			st := s.state.Load()
			return st.err != nil && strings.Contains(st.err.Error(), "12-moderniser-renamed")
		})
		if err := os.Rename(filepath.Join(root, to), filepath.Join(root, nlUnit)); err != nil {
			t.Fatal(err)
		}
		settle(t, s, root, log)
	})
	t.Run("deleted and recreated folder", func(t *testing.T) {
		backup := filepath.Join(t.TempDir(), "units")
		if err := os.CopyFS(backup, os.DirFS(filepath.Join(root, nlUnits))); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(filepath.Join(root, nlUnits)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(200 * time.Millisecond)
		if err := os.CopyFS(filepath.Join(root, nlUnits), os.DirFS(backup)); err != nil {
			t.Fatal(err)
		}
		settle(t, s, root, log)
		// The recreated folder is watched.
		write(t, root, nlUnit, strings.Replace(orig, nlText, nlText+" opnieuw", 1))
		settle(t, s, root, log)
	})
	t.Run("template error then fix", func(t *testing.T) {
		tmpl := read(t, root, baseTemplate)
		write(t, root, baseTemplate, strings.Replace(tmpl, `{{T "footer_source"}}`, `{{T "footer_source"}`, 1))
		eventually(t, "an error banner names base.html after a template error", func() bool {
			body := get(t, s, "/fr/").Body.String()
			return strings.Contains(body, `class="preview-error"`) && strings.Contains(body, "base.html")
		})
		write(t, root, baseTemplate, strings.Replace(tmpl, "<footer", "<footer data-x", 1))
		settle(t, s, root, log)
		if body := get(t, s, "/fr/").Body.String(); strings.Contains(body, "preview-error") {
			t.Error("the banner stays after the fix")
		}
	})
	t.Run("200 edits in two seconds", func(t *testing.T) {
		start := time.Now()
		origEN := read(t, root, enPage)
		for i := range 200 {
			file, data := nlUnit, strings.Replace(orig, nlText, fmt.Sprintf(nlText+" (%d)", i), 1)
			if i%3 == 1 {
				file, data = enPage, origEN+fmt.Sprintf("\nEdit %d.\n", i)
			}
			if i%7 == 3 {
				data = data[:len(data)/2] // half-written
			}
			write(t, root, file, data)
			time.Sleep(8 * time.Millisecond)
		}
		write(t, root, enPage, origEN+"\nLast edit.\n")
		write(t, root, nlUnit, strings.Replace(orig, nlText, nlText+" ten slotte", 1))
		if took := time.Since(start); took > 5*time.Second {
			t.Logf("200 edits took %s", took)
		}
		settle(t, s, root, log)
	})
	t.Run("review page", func(t *testing.T) {
		w := get(t, s, ReviewPath+"?lang=nl&status=current")
		body := w.Body.String()
		for _, want := range []string{"Translation review", nlUnit, `lang="nl"`, `href="/_review/?lang=en&amp;status=current"`, nlText + " ten slotte"} {
			if !strings.Contains(body, want) {
				t.Errorf("review page lacks %q", want)
			}
		}
		if strings.Contains(body, `<td lang="en"`) {
			t.Error("lang=nl shows English")
		}
	})
	if !strings.Contains(log.String(), "rebuilt ") {
		t.Errorf("no rebuild reported in the log:\n%s", log.String())
	}
}

// BenchmarkEditToReload measures the time from saving one input file to
// the open page showing it: fsnotify, debounce, incremental rebuild, the
// reload event reaching the page's event stream, and the page's request.
// It runs on the real site and on synthetic sites of K chapters
// ($EDIT_KS, default "1 100"; K = 100 is left out with -short), for each
// kind of edit: a translation's text, a short title, a line of a seed, an
// interface string and the stylesheet. The open page is the Dutch page of
// the edited unit. Each sub-benchmark reports its median and 90th
// percentile.
func BenchmarkEditToReload(b *testing.B) {
	b.Run("real", func(b *testing.B) { editToReload(b, copyRealSite(b)) })
	ks := os.Getenv("EDIT_KS")
	if ks == "" {
		ks = "1 100"
	}
	dir := b.TempDir()
	for _, k := range strings.Fields(ks) {
		n, err := strconv.Atoi(k)
		if err != nil {
			b.Fatalf("EDIT_KS: %v", err)
		}
		if n >= 100 && testing.Short() {
			continue
		}
		b.Run("K="+k, func(b *testing.B) {
			root, err := synth.TreeIn(dir, "../..", n)
			if err != nil {
				b.Fatal(err)
			}
			editToReload(b, root)
		})
	}
}

// editToReload serves root and times each kind of edit on it.
func editToReload(b *testing.B, root string) {
	s := startRun(b, root, newLog())
	ts := httptest.NewServer(s)
	b.Cleanup(ts.Close) // after the stream's cleanup
	r := openEvents(b, ts.URL)
	readEvent(b, r)
	// The edited unit: a commitment with a Dutch translation, in the middle.
	units, err := filepath.Glob(filepath.Join(root, "content/nl/units/*.md"))
	if err != nil || len(units) == 0 {
		b.Fatalf("no Dutch unit files: %v", err)
	}
	sort.Strings(units)
	pages := map[string]string{} // commitment ID → Dutch page
	for _, p := range s.state.Load().site.Site.Pages {
		if p.Lang == "nl" && p.Kind == site.KindCommitment {
			pages[p.Key.ID] = p.Path
		}
	}
	unit, page := "", ""
	for _, u := range units[len(units)/2:] {
		if p, ok := pages[strings.TrimSuffix(filepath.Base(u), ".md")]; ok {
			unit, page = filepath.Base(u), p
			break
		}
	}
	if page == "" {
		b.Fatal("no Dutch commitment page in the second half of the units")
	}
	seeds, err := filepath.Glob(filepath.Join(root, "seeds/*.txt"))
	if err != nil || len(seeds) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	sort.Strings(seeds)
	edits := []struct {
		name, file string
		edit       func(orig []byte, i int) []byte
	}{
		{"translation", "content/nl/units/" + unit, func(orig []byte, i int) []byte {
			return bytes.Replace(orig, []byte("\n---\n"), fmt.Appendf(nil, "\n---\nBewerking %d: ", i), 1)
		}},
		{"title", "content/fr/units/" + unit, func(orig []byte, i int) []byte {
			return bytes.Replace(orig, []byte("\ntitle: "), fmt.Appendf(nil, "\ntitle: Modification %d ", i), 1)
		}},
		{"seed", strings.TrimPrefix(seeds[len(seeds)/2], root+string(filepath.Separator)), func(orig []byte, i int) []byte {
			if i%2 == 0 {
				return orig
			}
			mid := len(orig) / 2
			j := bytes.Index(orig[mid:], []byte(" les "))
			if j < 0 {
				b.Fatal("no \" les \" in the second half of the seed")
			}
			out := bytes.Clone(orig)
			copy(out[mid+j:], " des ")
			return out
		}},
		{"i18n", "i18n/nl.toml", func(orig []byte, i int) []byte {
			return bytes.Replace(orig, []byte(`other = "`), fmt.Appendf(nil, `other = "%d `, i), 1)
		}},
		{"theme", "themes/default/style.css", func(orig []byte, i int) []byte {
			return fmt.Appendf(bytes.Clone(orig), "\n/* %d */\n", i)
		}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			p := filepath.Join(root, e.file)
			orig, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { os.WriteFile(p, orig, 0o644) })
			var times []time.Duration
			i := 0
			cpu := cpuTime()
			for b.Loop() {
				i++
				data := e.edit(orig, i)
				if bytes.Equal(data, orig) && i%2 == 1 {
					b.Fatalf("%s: the edit changes nothing", e.file)
				}
				start := time.Now()
				if err := os.WriteFile(p, data, 0o644); err != nil {
					b.Fatal(err)
				}
				readEvent(b, r)
				resp, err := http.Get(ts.URL + page)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				times = append(times, time.Since(start))
			}
			// The process's CPU per edit varies less than the wall time on
			// a busy machine.
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(len(times)), "cpu-ms/edit")
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median-edit-to-reload")
			b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "ms-p90-edit-to-reload")
		})
	}
}

// Every save reaches an open page: each edit, written the way os.WriteFile
// does it (truncate, then write) with a pause in between such as a busy
// machine makes, is followed by a reload event after which the page shows
// the edit. A lost event fails within seconds instead of hanging.
func TestEverySaveReloads(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site")
	}
	root := copySite(t)
	log := newLog()
	s := startRun(t, root, log)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close) // after the stream's cleanup
	r := openEvents(t, ts.URL)
	events := make(chan string, 100)
	go func() {
		defer close(events)
		for {
			id, err := nextEvent(r)
			if err != nil {
				return
			}
			events <- id
		}
	}()
	p := filepath.Join(root, nlUnit)
	orig := read(t, root, nlUnit)
	if !strings.Contains(orig, nlText) {
		t.Fatalf("test premise: %s has %q", nlUnit, nlText)
	}
	page := ""
	for _, f := range s.state.Load().site.Site.Pages {
		if f.Lang == "nl" && f.Kind == site.KindCommitment && strings.Contains(string(must(s.state.Load().file(f.File))), nlText) {
			page = f.Path
			break
		}
	}
	if page == "" {
		t.Fatal("no Dutch commitment page shows the edited unit")
	}
	for i, pause := range []time.Duration{0, 0, time.Millisecond, 3 * time.Millisecond, 0, 10 * time.Millisecond, 30 * time.Millisecond, 0, 120 * time.Millisecond, 2 * time.Millisecond} {
		marker := fmt.Sprintf(nlText+" (%d)", i)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(pause)
		_, err = f.WriteString(strings.Replace(orig, nlText, marker, 1))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.After(10 * time.Second)
		for shown := false; !shown; {
			select {
			case _, ok := <-events:
				if !ok {
					t.Fatal("the event stream ended")
				}
				shown = strings.Contains(get(t, s, page).Body.String(), marker)
			case <-deadline:
				t.Fatalf("edit %d (pause %s): no reload event shows it within 10s; log:\n%s", i, pause, log.String())
			}
		}
	}
}

// The search index, which a serve build makes when the search page's
// script asks for it, is served though the build does not list its
// files; a file of no index is not found.
func TestServesSearchIndexOnRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site")
	}
	s := startRun(t, copySite(t), newLog())
	w := get(t, s, "/fr/search/index.json")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("manifest: status %d, %s", w.Code, w.Header().Get("Content-Type"))
	}
	var m struct{ Base string }
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || m.Base == "" {
		t.Fatalf("manifest: %v, base %q", err, m.Base)
	}
	if w := get(t, s, m.Base+"c0.json"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"/fr/`) {
		t.Errorf("%sc0.json: status %d, %.60q", m.Base, w.Code, w.Body.String())
	}
	if w := get(t, s, "/assets/search-fr-0000000000-c0.json"); w.Code != http.StatusNotFound {
		t.Errorf("a file of no index: status %d, want 404", w.Code)
	}
}
