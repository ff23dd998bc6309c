package layers_test

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layers gives each package of the module (its directory) a layer. A
// package may import only packages of lower layers: the model at the
// bottom, the commands at the top.
var layers = map[string]int{
	"internal/diag":        0, // the error and warning vocabulary
	"internal/programme":   1, // the model
	"internal/seed":        2, // seeds → model
	"internal/content":     3, // the editorial layer
	"internal/uistrings":   3,
	"internal/translation": 4, // statuses, from content and the model
	"internal/topic":       4,
	"internal/glossary":    4, // from the content's glossary file
	"internal/synth":       4, // synthetic seeds and content, for tests and benchmarks only
	"internal/site":        5, // the site model
	"internal/render":      6, // site model → HTML
	"internal/linkcheck":   6, // the site model's links, against its pages
	"internal/opendata":    6, // the models → programme.json, commitments.csv
	"internal/search":      6, // the search index, from the site model
	"internal/pipeline":    7, // the phase order
	"internal/watch":       8,
	"internal/preview":     9,
	"cmd/explainer":        10,
	"tools/bench/cores":    10,
	"tools/bench/fsfloor":  10,
	"tools/bench/gen":      10,
	"tools/bench/heaviest": 10,
	"internal/layers":      10, // this test
}

// testOnly lists the packages that production code must not import:
// only tests and tools/ may.
var testOnly = []string{"internal/synth"}

// libraries gives the packages (directories) allowed to import each
// third-party module. Most live in one package; x/text serves the slugs,
// the glossary, the interface strings and the open data page's numbers,
// and errgroup is the one
// concurrency idiom of every package that works in parallel.
var libraries = map[string][]string{
	"github.com/yuin/goldmark":            {"internal/content"},
	"github.com/yuin/goldmark-meta":       {"internal/content"},
	"github.com/tdewolff/minify/v2":       {"internal/render"},
	"github.com/fsnotify/fsnotify":        {"internal/watch"},
	"golang.org/x/sys/unix":               {"internal/watch"}, // inotify's close-write, which fsnotify does not export
	"github.com/nicksnyder/go-i18n/v2":    {"internal/uistrings"},
	"github.com/BurntSushi/toml":          {"internal/uistrings"},
	"golang.org/x/net":                    {"internal/linkcheck"},
	"golang.org/x/sync":                   {"internal/seed", "internal/content", "internal/render", "internal/search", "internal/pipeline"}, // errgroup, the one concurrency idiom
	"gopkg.in/yaml.v3":                    {"internal/content"},
	"golang.org/x/text/unicode/norm":      {"internal/programme", "internal/search"}, // slugs; the index's folded terms
	"github.com/blevesearch/snowballstem": {"internal/search"},
	"golang.org/x/text/language":          {"internal/glossary", "internal/uistrings", "internal/opendata"},
	"golang.org/x/text/message":           {"internal/opendata"}, // the data files' sizes, grouped as each language writes numbers
	"golang.org/x/text/collate":           {"internal/glossary"},
}

// pkg is a package of the module and what its non-test files import.
type pkg struct {
	dir     string // relative to the module root, slash-separated
	imports []string
}

// modulePackages lists the packages of the module rooted at root.
func modulePackages(t *testing.T, root string) (module string, pkgs []pkg) {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(gomod)) {
		if m, ok := strings.CutPrefix(line, "module "); ok {
			module = strings.TrimSpace(m)
		}
	}
	if module == "" {
		t.Fatal("go.mod has no module line")
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "node_modules") {
			return filepath.SkipDir
		}
		p, err := build.ImportDir(path, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		pkgs = append(pkgs, pkg{dir: filepath.ToSlash(rel), imports: p.Imports})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return module, pkgs
}

// TestImportDirection checks that every package has a layer and imports
// only packages of lower layers, and that production code does not import
// test-only packages.
func TestImportDirection(t *testing.T) {
	module, pkgs := modulePackages(t, "../..")
	if len(pkgs) < len(layers)/2 {
		t.Fatalf("found %d packages, want about %d: is the module root right?", len(pkgs), len(layers))
	}
	for _, p := range pkgs {
		layer, ok := layers[p.dir]
		if !ok {
			t.Errorf("%s has no layer: add it to layers", p.dir)
			continue
		}
		for _, imp := range p.imports {
			dep, ok := strings.CutPrefix(imp, module+"/")
			if !ok {
				continue
			}
			switch depLayer, known := layers[dep]; {
			case !known:
				t.Errorf("%s imports %s, which has no layer", p.dir, dep)
			case depLayer >= layer:
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must point down", p.dir, layer, dep, depLayer)
			}
			if slices.Contains(testOnly, dep) && !strings.HasPrefix(p.dir, "tools/") {
				t.Errorf("%s imports %s, which only tests and tools may use", p.dir, dep)
			}
		}
	}
}

// TestLibraries checks that each third-party library is imported only by
// the packages listed for it.
func TestLibraries(t *testing.T) {
	module, pkgs := modulePackages(t, "../..")
	for _, p := range pkgs {
		for _, imp := range p.imports {
			if isStandard(imp) || strings.HasPrefix(imp, module+"/") {
				continue
			}
			lib := library(imp)
			if lib == "" {
				t.Errorf("%s imports %s, which is not in libraries: say which package it lives in", p.dir, imp)
				continue
			}
			if !slices.Contains(libraries[lib], p.dir) {
				t.Errorf("%s imports %s, which only %q may import", p.dir, imp, libraries[lib])
			}
		}
	}
}

// isStandard reports whether an import path is of the standard library,
// whose paths have no dot in their first element.
func isStandard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// library returns the key of libraries that an import path belongs to:
// the longest that is the path or a parent of it.
func library(path string) string {
	best := ""
	for lib := range libraries {
		if (path == lib || strings.HasPrefix(path, lib+"/")) && len(lib) > len(best) {
			best = lib
		}
	}
	return best
}
