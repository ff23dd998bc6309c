package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// netlifyConfig is the part of netlify.toml the site relies on.
type netlifyConfig struct {
	Build struct {
		Command     string            `toml:"command"`
		Publish     string            `toml:"publish"`
		Environment map[string]string `toml:"environment"`
	} `toml:"build"`
	Context map[string]struct {
		Command string `toml:"command"`
	} `toml:"context"`
	Redirects []struct {
		From       string              `toml:"from"`
		To         string              `toml:"to"`
		Status     int                 `toml:"status"`
		Force      bool                `toml:"force"`
		Conditions map[string][]string `toml:"conditions"`
	} `toml:"redirects"`
	Headers []struct {
		For    string            `toml:"for"`
		Values map[string]string `toml:"values"`
	} `toml:"headers"`
}

func readNetlify(t *testing.T) netlifyConfig {
	t.Helper()
	var cfg netlifyConfig
	if _, err := toml.DecodeFile("../../netlify.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func siteLanguages(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../content/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var site struct {
		Languages []struct{ Code string } `yaml:"languages"`
	}
	if err := yaml.Unmarshal(data, &site); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, l := range site.Languages {
		codes = append(codes, l.Code)
	}
	return codes
}

func TestNetlifyBuildSettings(t *testing.T) {
	cfg := readNetlify(t)
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	if got := cfg.Build.Environment["GO_VERSION"]; got != string(m[1]) {
		t.Errorf("GO_VERSION = %q; go.mod says go %s", got, m[1])
	}
	if cfg.Build.Publish != "build" || cfg.Build.Command == "" {
		t.Errorf("build: command %q, publish %q; want a command and publish = build", cfg.Build.Command, cfg.Build.Publish)
	}
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for _, ctx := range []string{"deploy-preview", "branch-deploy"} {
		cmd := cfg.Context[ctx].Command
		target := strings.TrimPrefix(cmd, "make ")
		recipe := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(target) + `:\n\t(.*)$`).FindSubmatch(makefile)
		if recipe == nil || !strings.Contains(string(recipe[1]), "--noindex") || !strings.Contains(string(recipe[1]), "DEPLOY_PRIME_URL") {
			t.Errorf("%s builds with %q, which must use --noindex and $DEPLOY_PRIME_URL", ctx, cmd)
		}
	}
}

func TestNetlifySecurityHeaders(t *testing.T) {
	cfg := readNetlify(t)
	var all, assets map[string]string
	for _, h := range cfg.Headers {
		switch h.For {
		case "/*":
			all = h.Values
		case "/assets/*":
			assets = h.Values
		default:
			if !isDataFile(t, h.For) {
				t.Errorf("headers for %q: only /*, /assets/* and the open data files are expected", h.For)
			}
		}
		if cc := h.Values["Cache-Control"]; strings.Contains(cc, "immutable") && h.For != "/assets/*" {
			t.Errorf("immutable cache for %q: only the fingerprinted assets may be cached for ever", h.For)
		}
	}
	csp := all["Content-Security-Policy"]
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
		t.Errorf("CSP %q must not allow inline code, eval or wildcards", csp)
	}
	if !strings.Contains(all["Strict-Transport-Security"], "max-age=") {
		t.Error("no HSTS")
	}
	if all["X-Content-Type-Options"] != "nosniff" {
		t.Error("no X-Content-Type-Options: nosniff")
	}
	if all["Referrer-Policy"] == "" || all["Permissions-Policy"] == "" {
		t.Error("Referrer-Policy and Permissions-Policy are required")
	}
	if assets["Cache-Control"] != "public, max-age=31536000, immutable" {
		t.Errorf("assets cache %q; want one year, immutable", assets["Cache-Control"])
	}
}

// "/" alone is redirected by browser language with a 302, for every
// language; each language has its 404 page; nothing else is redirected.
func TestNetlifyRedirects(t *testing.T) {
	cfg := readNetlify(t)
	root := map[string]bool{}
	notFound := map[string]bool{}
	for _, r := range cfg.Redirects {
		switch {
		case r.From == "/":
			langs := r.Conditions["Language"]
			if r.Status != 302 || !r.Force || len(langs) != 1 || r.To != "/"+langs[0]+"/" {
				t.Errorf("root redirect %+v: want a forced 302 to /<lang>/ on Language = [<lang>]", r)
				continue
			}
			root[langs[0]] = true
		case r.Status == 404 && strings.HasSuffix(r.From, "/*"):
			lang := strings.Trim(strings.TrimSuffix(r.From, "/*"), "/")
			if r.To != "/"+lang+"/404.html" {
				t.Errorf("404 rule %+v: want /%s/404.html", r, lang)
			}
			notFound[lang] = true
		default:
			t.Errorf("unexpected redirect %+v", r)
		}
	}
	for _, lang := range siteLanguages(t) {
		if !root[lang] {
			t.Errorf("no root redirect for %s", lang)
		}
		if !notFound[lang] {
			t.Errorf("no 404 page rule for %s", lang)
		}
	}
}

// dataMediaTypes are the media types of the open data files.
var dataMediaTypes = map[string]string{
	"programme.json":        "application/json; charset=utf-8",
	"commitments.csv":       "text/csv; charset=utf-8; header=present",
	"programme.schema.json": "application/schema+json",
}

// dataFolders returns each language's open data folder, /<code>/<paths.data>/
// ("data" when not given), as content/site.yaml configures it.
func dataFolders(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../content/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var site struct {
		Languages []struct {
			Code  string
			Paths map[string]string
		} `yaml:"languages"`
	}
	if err := yaml.Unmarshal(data, &site); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range site.Languages {
		seg := l.Paths["data"]
		if seg == "" {
			seg = "data"
		}
		out = append(out, "/"+l.Code+"/"+seg+"/")
	}
	return out
}

func isDataFile(t *testing.T, p string) bool {
	for _, dir := range dataFolders(t) {
		if _, ok := dataMediaTypes[strings.TrimPrefix(p, dir)]; ok && strings.HasPrefix(p, dir) {
			return true
		}
	}
	return false
}

// Every open data file of every language is served with its media type, a
// short cache and CORS open to all (a public data file, read by scripts on
// other sites).
func TestNetlifyOpenDataHeaders(t *testing.T) {
	cfg := readNetlify(t)
	byPath := map[string]map[string]string{}
	for _, h := range cfg.Headers {
		byPath[h.For] = h.Values
	}
	for _, dir := range dataFolders(t) {
		for name, mediaType := range dataMediaTypes {
			v, ok := byPath[dir+name]
			if !ok {
				t.Errorf("no headers for %s%s", dir, name)
				continue
			}
			if v["Content-Type"] != mediaType {
				t.Errorf("%s%s: Content-Type %q, want %q", dir, name, v["Content-Type"], mediaType)
			}
			cc := v["Cache-Control"]
			m := regexp.MustCompile(`max-age=(\d+)`).FindStringSubmatch(cc)
			age := -1
			if m != nil {
				age, _ = strconv.Atoi(m[1])
			}
			if age < 0 || age > 3600 || strings.Contains(cc, "immutable") {
				t.Errorf("%s%s: Cache-Control %q; want a short max-age (under an hour), not immutable", dir, name, cc)
			}
			if v["Access-Control-Allow-Origin"] != "*" {
				t.Errorf("%s%s: Access-Control-Allow-Origin %q, want *", dir, name, v["Access-Control-Allow-Origin"])
			}
		}
	}
}
