package preview

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/render"
	"github.com/belgian-programme/explainer/internal/site"
)

// fakeSite is a small built site, enough for serving tests.
func fakeSite() *pipeline.Result {
	page := func(lang, title string) []byte {
		return []byte(`<!doctype html><html lang="` + lang + `"><head><title>` + title + `</title></head><body class="x"><main>` + title + `</main></body></html>`)
	}
	return &pipeline.Result{
		Files: []render.File{
			{Path: "404.html", Data: page("fr", "root 404")},
			{Path: "_redirects", Data: []byte("/fr/old/ /fr/new/ 301\n")},
			{Path: "assets/style.abc.css", Data: []byte("body{margin:0}")},
			{Path: "en/404.html", Data: page("en", "English 404")},
			{Path: "en/index.html", Data: page("en", "English home")},
			{Path: "favicon.svg", Data: []byte("<svg/>")},
			{Path: "fr/404.html", Data: page("fr", "French 404")},
			{Path: "fr/index.html", Data: page("fr", "French home")},
			{Path: "fr/new/index.html", Data: page("fr", "New page")},
			{Path: "index.html", Data: page("fr", "Languages")},
			{Path: "robots.txt", Data: []byte("User-agent: *\n")},
			{Path: "sitemap.xml", Data: []byte("<urlset/>")},
		},
		Site: &site.Site{Redirects: []site.Redirect{{From: "/fr/old/", To: "/fr/new/"}}},
	}
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w
}

func TestServe(t *testing.T) {
	s := New(Options{})
	s.Update(fakeSite(), nil)
	tests := []struct {
		target   string
		code     int
		ctype    string
		body     string // contained in the body
		location string
	}{
		{"/", 200, "text/html; charset=utf-8", "Languages", ""},
		{"/fr/", 200, "text/html; charset=utf-8", "French home", ""},
		{"/fr/index.html", 200, "text/html; charset=utf-8", "French home", ""},
		{"/fr/new", 301, "", "", "/fr/new/"},
		{"/fr/old/", 301, "", "", "/fr/new/"},
		{"/fr/old", 301, "", "", "/fr/new/"},
		{"/fr/nothing/here", 404, "text/html; charset=utf-8", "French 404", ""},
		{"/en/nothing", 404, "text/html; charset=utf-8", "English 404", ""},
		{"/de/nothing", 404, "text/html; charset=utf-8", "root 404", ""},
		{"/nothing", 404, "text/html; charset=utf-8", "root 404", ""},
		{"/assets/style.abc.css", 200, "text/css; charset=utf-8", "margin", ""},
		{"/favicon.svg", 200, "image/svg+xml", "<svg/>", ""},
		{"/sitemap.xml", 200, "application/xml; charset=utf-8", "urlset", ""},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "User-agent", ""},
		{"/_redirects", 200, "text/plain; charset=utf-8", "301", ""},
		{ReloadPath, 200, "text/javascript; charset=utf-8", "EventSource", ""},
		{OverlayPath, 200, "text/css; charset=utf-8", ".preview-error", ""},
		{ReviewCSSPath, 200, "text/css; charset=utf-8", "table", ""},
		// Traversal and tricks: never outside the site.
		{"/../go.mod", 404, "", "", ""},
		{"/fr/../../go.mod", 404, "", "", ""},
		{"/%2e%2e/go.mod", 404, "", "", ""},
		{"/fr/%2E%2E/%2e%2e/go.mod", 404, "", "", ""},
		{"/fr/..%2f..%2fgo.mod", 404, "", "", ""},
		{"/fr/..%5c..%5cgo.mod", 404, "", "", ""},
		{"/fr/./index.html", 404, "", "", ""},
		{"/fr/%00", 404, "", "", ""},
		{"/assets/", 404, "text/html; charset=utf-8", "root 404", ""},
	}
	for _, tt := range tests {
		w := get(t, s, tt.target)
		if w.Code != tt.code {
			t.Errorf("GET %s: status %d, want %d", tt.target, w.Code, tt.code)
			continue
		}
		if tt.ctype != "" && w.Header().Get("Content-Type") != tt.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.target, w.Header().Get("Content-Type"), tt.ctype)
		}
		if !strings.Contains(w.Body.String(), tt.body) {
			t.Errorf("GET %s: body %q does not contain %q", tt.target, w.Body.String(), tt.body)
		}
		if loc := w.Header().Get("Location"); loc != tt.location {
			t.Errorf("GET %s: Location %q, want %q", tt.target, loc, tt.location)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no security headers", tt.target)
		}
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/fr/", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", w.Code)
	}
}

// The preview sends netlify.toml's headers for "/*", so that it behaves
// like production.
func TestSecurityHeadersMatchNetlify(t *testing.T) {
	data, err := os.ReadFile("../../netlify.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), `for = "/*"`)
	if !ok {
		t.Fatal(`netlify.toml has no headers for "/*"`)
	}
	rest, _, _ = strings.Cut(rest, "[[")
	want := map[string]string{}
	for _, line := range strings.Split(rest, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), " = ")
		if ok && strings.HasPrefix(v, `"`) {
			want[k] = strings.Trim(v, `"`)
		}
	}
	if len(want) == 0 {
		t.Fatal("no headers read from netlify.toml")
	}
	got := map[string]string{}
	for _, kv := range SecurityHeaders {
		got[kv[0]] = kv[1]
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: preview sends %q, netlify.toml %q", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: sent by the preview, not in netlify.toml", k)
		}
	}
}

func TestBeforeFirstBuild(t *testing.T) {
	s := New(Options{})
	if w := get(t, s, "/fr/"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("before any build: status %d, want 503", w.Code)
	} else if body := w.Body.String(); !strings.Contains(body, ReloadPath) || !strings.Contains(body, `<meta name="preview-build" content="">`) {
		// A page opened while the server starts reloads on the first build.
		t.Errorf("the page shown before any build does not reload by itself:\n%s", body)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close) // after the stream's cleanup
	r := openEvents(t, ts.URL)
	s.Update(nil, &pipeline.PhaseError{Phase: "parse", Err: diag.List{{File: "seeds/a.txt", Line: 3, Msg: "expected a chapter title, found <b>"}}})
	if id := readEvent(t, r); id == "" {
		t.Error("the first build event has an empty ID: pages waiting for it would not reload")
	}
	w := get(t, s, "/fr/")
	if w.Code != http.StatusInternalServerError {
		t.Errorf("after a failed first build: status %d, want 500", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{`<code>seeds/a.txt:3</code>`, "found &lt;b&gt;", ReloadPath, OverlayPath} {
		if !strings.Contains(body, want) {
			t.Errorf("failure page lacks %q:\n%s", want, body)
		}
	}
}

func TestErrorOverlay(t *testing.T) {
	s := New(Options{})
	s.Update(fakeSite(), nil)
	if body := get(t, s, "/fr/").Body.String(); strings.Contains(body, "preview-error") {
		t.Fatalf("banner after a good build:\n%s", body)
	}
	var errs diag.List
	errs.Add("content/nl/units/x.md", 3, "front matter is not valid YAML: <script>alert(1)</script>")
	errs.Add("content/nl/units/y.md", 0, "cannot read")
	s.Update(nil, &pipeline.PhaseError{Phase: "content", Err: errs.Err()})
	w := get(t, s, "/fr/")
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(body, "French home") {
		t.Errorf("the last good page is not served: %d\n%s", w.Code, body)
	}
	for _, want := range []string{
		`<body class="x"><div class="preview-error" role="alert"`,
		`<code>content/nl/units/x.md:3</code> front matter is not valid YAML: &lt;script&gt;alert(1)&lt;/script&gt;`,
		`<code>content/nl/units/y.md</code> cannot read`,
		`Build failed: content`,
		`<link rel="stylesheet" href="` + OverlayPath + `"></head>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("the error message is not escaped")
	}
	if w := get(t, s, "/fr/nothing"); !strings.Contains(w.Body.String(), "preview-error") {
		t.Error("no banner on the 404 page")
	}
	if w := get(t, s, "/assets/style.abc.css"); strings.Contains(w.Body.String(), "preview-error") {
		t.Error("banner injected into CSS")
	}
	s.Update(fakeSite(), nil)
	if body := get(t, s, "/fr/").Body.String(); strings.Contains(body, "preview-error") {
		t.Errorf("banner stays after a good build:\n%s", body)
	}
}

func TestProblems(t *testing.T) {
	list := diag.List{{File: "content/nl/units/x.md", Line: 2, Msg: "expected a title"}, {File: "content/site.yaml", Msg: "no base_url"}}
	tests := []struct {
		name  string
		err   error
		want  []string
		phase string
	}{
		{"list in a phase", &pipeline.PhaseError{Phase: "content", Err: list}, []string{"content/nl/units/x.md:2: expected a title", "content/site.yaml: no base_url"}, "content"},
		{"one error wrapped", &pipeline.PhaseError{Phase: "theme", Err: fmt.Errorf("load: %w", &diag.Error{File: "themes/default/templates/base.html", Line: 3, Msg: "col 14: unexpected }"})}, []string{"themes/default/templates/base.html:3: col 14: unexpected }"}, "theme"},
		{"no position", &pipeline.PhaseError{Phase: "i18n", Err: errors.New("message \"a\" is missing\nmessage \"b\" is missing")}, []string{`message "a" is missing`, `message "b" is missing`}, "i18n"},
		{"no phase", errors.New("context canceled"), []string{"context canceled"}, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Problems(tt.err) {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Problems = %q, want %q", got, tt.want)
			}
			if b := string(banner(tt.err)); !strings.Contains(b, "Build failed: "+tt.phase+"<") {
				t.Errorf("banner does not name the phase %q:\n%s", tt.phase, b)
			}
		})
	}
}

// readEvent reads the next "build" event of a stream and returns its data.
func readEvent(t testing.TB, r *bufio.Reader) string {
	t.Helper()
	id, err := nextEvent(r)
	if err != nil {
		t.Fatalf("event stream: %v", err)
	}
	return id
}

// nextEvent reads up to the next build event and returns its build ID.
func nextEvent(r *bufio.Reader) (string, error) {
	event := ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "event: build":
			event = "build"
		case strings.HasPrefix(line, "data: ") && event == "build":
			return strings.TrimPrefix(line, "data: "), nil
		}
	}
}

// openEvents opens the event stream of a test server.
func openEvents(t testing.TB, url string) *bufio.Reader {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+EventsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream: Content-Type %q", ct)
	}
	return bufio.NewReader(resp.Body)
}

func TestLiveReloadStream(t *testing.T) {
	s := New(Options{})
	s.Update(fakeSite(), nil)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close) // after the stream's cleanup
	r := openEvents(t, ts.URL)
	first := readEvent(t, r)
	page := get(t, s, "/fr/").Body.String()
	if !strings.Contains(page, `<meta name="preview-build" content="`+first+`">`) {
		t.Errorf("page does not carry the build ID %s:\n%s", first, page)
	}
	s.Update(nil, &pipeline.PhaseError{Phase: "content", Err: errors.New("broken")})
	second := readEvent(t, r)
	s.Update(fakeSite(), nil)
	third := readEvent(t, r)
	if first == second || second == third || first == third {
		t.Errorf("build IDs do not change: %s %s %s", first, second, third)
	}
	resp, err := http.Get(ts.URL + "/fr/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), third) {
		t.Error("the page does not carry the newest build ID")
	}
}

func TestShutdownWithOpenStream(t *testing.T) {
	s := New(Options{})
	s.Update(fakeSite(), nil)
	ts := httptest.NewServer(s)
	r := openEvents(t, ts.URL)
	readEvent(t, r)
	done := make(chan struct{})
	go func() { s.Close(); ts.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the server does not stop while a page listens")
	}
}

// A failed build is logged as a header naming the phase, then one problem
// a line starting with its file:line:, on ErrLog.
func TestLogFailure(t *testing.T) {
	var log, errLog strings.Builder
	s := New(Options{Log: &log, ErrLog: &errLog})
	s.logFailure(&pipeline.PhaseError{Phase: "content", Err: diag.List{{File: "content/nl/units/x.md", Line: 2, Msg: "expected a title"}, {File: "content/site.yaml", Msg: "no base_url"}}})
	lines := strings.Split(errLog.String(), "\n")
	if len(lines) != 4 || !strings.HasSuffix(lines[0], " build failed (content); the last good site stays served:") ||
		lines[1] != "content/nl/units/x.md:2: expected a title" || lines[2] != "content/site.yaml: no base_url" || log.Len() != 0 {
		t.Errorf("ErrLog:\n%s\nLog:\n%s", errLog.String(), log.String())
	}
}
