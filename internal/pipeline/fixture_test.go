package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// The tests build the fixture site of testdata/site (seeds, content and
// i18n written for the tests, see testdata/site/README.md) with the real
// theme, which is code. Tests use it, never the real seeds/, content/ or
// i18n/, so that a translator's edit there cannot break go test; make
// status and make check check the real content. The benchmarks still build the real
// site and synthetic sites made from it: they measure, they do not assert.

// repoRoot is the repository root, seen from this package's folder.
const repoRoot = "../.."

// fixtureSrc is the fixture site's folder.
const fixtureSrc = "testdata/site"

// fixtureRoot is a copy of the fixture site and of the real themes/, made
// once by TestMain, that no test changes: tests that edit inputs take their
// own copy with copyInputs.
var fixtureRoot string

func TestMain(m *testing.M) {
	if out := os.Getenv(helperEnv); out != "" {
		os.Exit(dyingBuild(out)) // see workdir_test.go
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "pipeline-fixture-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := writeFixture(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fixtureRoot = dir
	return m.Run()
}

// writeFixture copies the fixture's inputs and the real theme into dst.
func writeFixture(dst string) error {
	for _, dir := range []string{"seeds", "content", "i18n"} {
		if err := os.CopyFS(filepath.Join(dst, dir), os.DirFS(filepath.Join(fixtureSrc, dir))); err != nil {
			return fmt.Errorf("copying the fixture: %w", err)
		}
	}
	if err := os.CopyFS(filepath.Join(dst, "themes"), os.DirFS(filepath.Join(repoRoot, "themes"))); err != nil {
		return fmt.Errorf("copying the theme: %w", err)
	}
	return nil
}

// copyInputs copies the fixture site and the theme into a temporary folder
// that the test may change.
func copyInputs(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	if err := writeFixture(dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// fixtureBuild builds the fixture site once for every test.
var fixtureBuild = sync.OnceValues(func() (*Result, error) {
	return Build(context.Background(), Options{Root: fixtureRoot})
})

func mustFixtureBuild(t *testing.T) *Result {
	t.Helper()
	res, err := fixtureBuild()
	if err != nil {
		t.Fatalf("building the fixture site: %v", err)
	}
	return res
}

// The fixture's units that the tests name.
const (
	fixtureSeed = "seeds/12-mobilite.txt"
	// goldenID is the commitment whose page is kept as a golden file in
	// every language: it has two levels of sub-items, topics (one given by
	// a sub-item), related commitments, a previous and a next commitment,
	// a glossary term in a sub-item and current translations.
	goldenID = "12-moderniser-reseau-ferroviaire"
	// outdatedNL's Dutch translation was made for an older French text.
	outdatedNL = "12-rendre-transports-publics-gratuits-enfants"
	// missingEN has no English translation, so no English slug either.
	missingEN = "12-former-personnel-gares-accueil-voyageurs"
)
