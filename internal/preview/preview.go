// Package preview serves a site being edited: the last good build, from
// memory, with the same security headers as production; a live-reload
// stream that makes every open page reload after each build; an error
// banner on every page while the last build failed; and a review page for
// translators at /_review/. Run rebuilds the site on every change to its
// inputs.
//
// A Server is an http.Handler. It never serves files outside the built
// site, and nothing a content file holds can make it fail.
package preview

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/watch"
)

// Paths of the preview's own files, outside the site's paths.
const (
	ReloadPath  = "/_preview/reload.js"
	OverlayPath = "/_preview/overlay.css"
	EventsPath  = "/_preview/events"
	ReviewPath  = "/_review/"
)

//go:embed assets/reload.js assets/overlay.css assets/review.css
var assets embed.FS

// Options configure a Server. The zero value builds the repository's
// folders relative to the working directory.
type Options struct {
	// Build names the inputs. LiveReload and Lazy are always set: pages
	// load the reload script, and each is rendered when first asked for.
	Build pipeline.Options
	// Watch sets the debounce of the watcher.
	Watch watch.Options
	// Log receives one line per build; nil discards.
	Log io.Writer
	// ErrLog receives build errors and watch problems, one problem per
	// line after a header naming the phase; nil means Log.
	ErrLog io.Writer
}

// Server serves the last good site and pushes reloads.
type Server struct {
	opts  Options
	state atomic.Pointer[state]
	id    string // distinguishes this server's builds from a previous run's

	mu      sync.Mutex
	clients map[chan string]bool
	closed  chan struct{} // closed by Close: event streams end
	once    sync.Once
}

// state is one build outcome, as served.
type state struct {
	build string            // build ID, sent to pages
	site  *pipeline.Result  // last good site; nil before the first success
	files map[string][]byte // the site's files by path; nil for a page not rendered yet (see file)
	redir map[string]string // retired path → page path
	err   error             // the last build's error, nil when it succeeded
	at    time.Time
}

// New returns a Server with nothing built yet: it answers 503 until the
// first build outcome.
func New(opts Options) *Server {
	opts.Build.LiveReload, opts.Build.Lazy = true, true
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.ErrLog == nil {
		opts.ErrLog = opts.Log
	}
	return &Server{
		opts:    opts,
		id:      strconv.FormatInt(time.Now().UnixNano(), 36),
		clients: map[chan string]bool{},
		closed:  make(chan struct{}),
	}
}

// Close ends every open event stream, so that an http.Server's Shutdown
// does not wait for them; pages reconnect to the next server by
// themselves. The Server still serves other requests.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closed) })
}

// Update records a build outcome and tells every open page to reload. A
// failed build (err != nil) keeps the last good site, shown with the error.
func (s *Server) Update(res *pipeline.Result, err error) {
	prev := s.state.Load()
	n := 1
	st := &state{err: err, at: time.Now()}
	if prev != nil {
		n = generation(prev.build) + 1
		st.site, st.files, st.redir = prev.site, prev.files, prev.redir
	}
	st.build = s.id + "-" + strconv.Itoa(n)
	if err == nil && res != nil {
		st.site = res
		st.files = make(map[string][]byte, len(res.Files))
		for _, f := range res.Files {
			st.files[f.Path] = f.Data
		}
		st.redir = map[string]string{}
		for _, r := range res.Site.Redirects {
			st.redir[r.From] = r.To
		}
	}
	s.state.Store(st)
	s.broadcast(st.build)
}

func generation(build string) int {
	n, _ := strconv.Atoi(build[strings.LastIndexByte(build, '-')+1:])
	return n
}

// ServeHTTP serves the preview's own files, the review page and the site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for _, kv := range SecurityHeaders {
		h.Set(kv[0], kv[1])
	}
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !safePath(r) {
		http.NotFound(w, r)
		return
	}
	switch p := r.URL.Path; {
	case p == ReloadPath:
		s.asset(w, r, "assets/reload.js", "text/javascript; charset=utf-8")
	case p == OverlayPath:
		s.asset(w, r, "assets/overlay.css", "text/css; charset=utf-8")
	case p == ReviewCSSPath:
		s.asset(w, r, "assets/review.css", "text/css; charset=utf-8")
	case p == EventsPath:
		s.events(w, r)
	case p == "/_review":
		http.Redirect(w, r, ReviewPath, http.StatusMovedPermanently)
	case p == ReviewPath:
		s.review(w, r)
	default:
		s.site(w, r)
	}
}

// SecurityHeaders are netlify.toml's headers for every path, so that the
// preview behaves like production (a test compares them).
var SecurityHeaders = [][2]string{
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
	{"Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// safePath refuses paths that try to leave the site: dot segments,
// backslashes, NUL, and encoded slashes or dots in the raw path.
func safePath(r *http.Request) bool {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	raw := strings.ToLower(r.URL.EscapedPath())
	for _, bad := range []string{"%2f", "%5c", "%2e", "%00"} {
		if strings.Contains(raw, bad) {
			return false
		}
	}
	return true
}

func (s *Server) asset(w http.ResponseWriter, r *http.Request, name, ctype string) {
	data, err := assets.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Write(data)
}

// site serves a file of the last good build: "/x/" is x/index.html, "/x"
// redirects to "/x/" when that is a page, retired paths redirect to their
// page, and anything else is the language's 404 page.
func (s *Server) site(w http.ResponseWriter, r *http.Request) {
	st := s.state.Load()
	if st == nil {
		s.building(w)
		return
	}
	if st.site == nil {
		s.failure(w, st)
		return
	}
	p := r.URL.Path
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if _, ok := st.files[name]; ok {
		s.serve(w, st, name, http.StatusOK)
		return
	}
	// A file the build makes on request without listing it (the search
	// index, named by a hash of itself).
	if data, err := st.site.Page(name); !errors.Is(err, fs.ErrNotExist) {
		if err != nil {
			s.cannotMake(w, name, err)
			return
		}
		s.file(w, st, name, data, http.StatusOK)
		return
	}
	if !strings.HasSuffix(p, "/") {
		if _, ok := st.files[name+"/index.html"]; ok {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
	}
	for _, from := range []string{p, strings.TrimSuffix(p, "/") + "/"} {
		if to, ok := st.redir[from]; ok {
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
	}
	notFound := "404.html"
	if lang, _, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/"); ok {
		if _, ok := st.files[lang+"/404.html"]; ok {
			notFound = lang + "/404.html"
		}
	}
	if _, ok := st.files[notFound]; ok {
		s.serve(w, st, notFound, http.StatusNotFound)
		return
	}
	http.NotFound(w, r)
}

// file returns the bytes of one of the site's files, rendering a page the
// build left to render on request.
func (st *state) file(name string) ([]byte, error) {
	if data := st.files[name]; data != nil {
		return data, nil
	}
	return st.site.Page(name)
}

// serve writes one of the site's files, or an error page when it cannot
// be rendered.
func (s *Server) serve(w http.ResponseWriter, st *state, name string, code int) {
	data, err := st.file(name)
	if err != nil {
		s.cannotMake(w, name, err)
		return
	}
	s.file(w, st, name, data, code)
}

// cannotMake answers with the error of a file the build left to make on
// request (a page, the open data, the search index) and could not make,
// and logs it as a failed build is.
func (s *Server) cannotMake(w http.ResponseWriter, name string, err error) {
	fmt.Fprintf(s.opts.ErrLog, "%s cannot make %s:\n", clock(), name)
	for _, p := range Problems(err) {
		fmt.Fprintln(s.opts.ErrLog, p.String())
	}
	http.Error(w, "cannot render "+name+": "+err.Error(), http.StatusInternalServerError)
}

// file writes one file of the site; HTML pages get the build ID and, while
// the last build failed, the error banner.
func (s *Server) file(w http.ResponseWriter, st *state, name string, data []byte, code int) {
	ctype := contentType(name)
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, st)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	w.Write(data)
}

// contentTypes are the types of the site's files, by extension.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".json":  "application/json",
	".csv":   "text/csv; charset=utf-8",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
}

func contentType(name string) string {
	if t, ok := contentTypes[path.Ext(name)]; ok {
		return t
	}
	return "text/plain; charset=utf-8" // _redirects and other plain files
}

// inject adds the build ID before </head> and, after a failed build, the
// banner's stylesheet and the banner itself after <body ...>.
func inject(page []byte, st *state) []byte {
	head := fmt.Sprintf(`<meta name="preview-build" content="%s">`, st.build)
	var body []byte
	if st.err != nil {
		head += `<link rel="stylesheet" href="` + OverlayPath + `">`
		body = banner(st.err)
	}
	out := make([]byte, 0, len(page)+len(head)+len(body))
	if i := bytes.Index(page, []byte("</head>")); i >= 0 {
		out = append(append(append(out, page[:i]...), head...), page[i:]...)
	} else {
		out = append(append(out, head...), page...)
	}
	if body == nil {
		return out
	}
	at := 0
	if i := bytes.Index(out, []byte("<body")); i >= 0 {
		if j := bytes.IndexByte(out[i:], '>'); j >= 0 {
			at = i + j + 1
		}
	}
	res := make([]byte, 0, len(out)+len(body))
	return append(append(append(res, out[:at]...), body...), out[at:]...)
}

// buildingPage answers before the first build outcome. It loads the reload
// script with an empty build ID, so that the first build event, or the
// current build sent when the stream connects, reloads it: a page opened
// while the server starts must not stay on this message.
const buildingPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Building</title><meta name="preview-build" content=""><script src="` + ReloadPath + `" defer></script></head><body><p>The site is being built; this page reloads when it is ready.</p></body></html>`

// building answers 503 before the first build outcome.
func (s *Server) building(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Retry-After", "1")
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, buildingPage)
}

// failure answers when no build has succeeded yet: a page with the error,
// which reloads when the input is fixed.
func (s *Server) failure(w http.ResponseWriter, st *state) {
	page := []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title><script src="` + ReloadPath + `" defer></script></head><body></body></html>`)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(inject(page, st))
}
