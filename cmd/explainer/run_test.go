package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runCmd runs the command line args and returns its exit code, stdout and
// stderr.
func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// copySite copies the pipeline tests' fixture site (its own seed, content
// and interface strings, see internal/pipeline/testdata/site/README.md)
// and the real themes/, which are code, into a temporary folder and makes
// it the working directory: an editor's change to content/ or i18n/ cannot
// break these tests. On purpose, the fixture has an outdated Dutch and a
// missing English translation.
func copySite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"seeds", "content", "i18n", "themes"} {
		src := filepath.Join("..", "..", "internal", "pipeline", "testdata", "site", dir)
		if dir == "themes" {
			src = filepath.Join("..", "..", dir)
		}
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	return root
}

// Every subcommand's -h prints its usage and exits 0, like explainer -h;
// the top-level usage names every flag of every subcommand.
func TestUsage(t *testing.T) {
	code, _, top := runCmd("-h")
	if code != 0 || !strings.HasPrefix(top, "usage: explainer <command>") {
		t.Fatalf("explainer -h: exit %d, stderr:\n%s", code, top)
	}
	flagName := regexp.MustCompile(`(?m)^  -(\S+)`)
	for name := range commands {
		code, stdout, stderr := runCmd(name, "-h")
		if code != 0 || stdout != "" || !strings.HasPrefix(stderr, "usage: explainer "+name+" ") {
			t.Errorf("explainer %s -h: exit %d, stdout %q, stderr:\n%s", name, code, stdout, stderr)
		}
		flags := flagName.FindAllStringSubmatch(stderr, -1)
		if len(flags) == 0 {
			t.Errorf("explainer %s -h lists no flag:\n%s", name, stderr)
		}
		for _, f := range flags {
			if !regexp.MustCompile(`--?` + regexp.QuoteMeta(f[1]) + `\b`).MatchString(top) {
				t.Errorf("the usage of explainer omits %s's flag -%s", name, f[1])
			}
		}
	}
}

// Stray arguments are usage errors, not ignored: with flags after them,
// they would silently drop those flags.
func TestStrayArguments(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	tests := [][]string{
		{"build", "--out", out, "extra-arg", "-q"},
		{"serve", "extra-arg"},
		{"status", "extra-arg"},
		{"build", "--no-such-flag"},
	}
	for _, args := range tests {
		code, stdout, stderr := runCmd(args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "usage: explainer "+args[0]) {
			t.Errorf("explainer %s: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and the usage", strings.Join(args, " "), code, stdout, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("build with a stray argument wrote the site")
	}
}

// position is the start of a diagnostic: "file:line: " or "file: ".
var position = regexp.MustCompile(`^[^\s:]+(:\d+)?: `)

// A failed build prints the phase on a header line of its own, then each
// problem on a line that starts with its position, all on stderr.
func TestBuildErrors(t *testing.T) {
	root := copySite(t)
	if err := os.WriteFile(filepath.Join(root, "seeds", "zz-broken.txt"), []byte("\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd("build", "--out", "out")
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if lines[0] != "explainer build: parse failed; out is unchanged:" {
		t.Errorf("header %q, want the phase on a line of its own", lines[0])
	}
	if len(lines) < 2 {
		t.Fatalf("no problem printed:\n%s", stderr)
	}
	for _, l := range lines[1:] {
		if !position.MatchString(l) || !strings.HasPrefix(l, "seeds/zz-broken.txt:") {
			t.Errorf("problem %q does not start with its file:line:", l)
		}
	}
}

// warningLine is the start of a warning on stderr.
var warningLine = regexp.MustCompile(`^content/\S+\.md: warning: [A-Z_]+: `)

// Warnings go to stderr, each starting with its file; the summary to
// stdout.
func TestBuildWarnings(t *testing.T) {
	root := copySite(t)
	units, err := filepath.Glob(filepath.Join(root, "content", "nl", "units", "*.md"))
	if err != nil || len(units) == 0 {
		t.Fatalf("no Dutch unit: %v", err)
	}
	if err := os.Remove(units[0]); err != nil {
		t.Fatal(err)
	}
	// A licence and a contact, so that the translation warnings are the
	// only ones (without them, site.yaml warns NO_LICENCE and NO_CONTACT).
	siteYAML, err := os.OpenFile(filepath.Join(root, "content", "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := siteYAML.WriteString("licence: {name: Test, url: \"https://example.org/licence\"}\ncontact: editors@example.org\n"); err != nil {
		t.Fatal(err)
	}
	siteYAML.Close()
	code, stdout, stderr := runCmd("build", "--out", "out")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built ") || strings.Contains(stdout, "warning") {
		t.Errorf("stdout is not the summary alone:\n%s", stdout)
	}
	// The fixture's outdated and missing translations, and the removed one.
	want := "content/nl/units/" + filepath.Base(units[0]) + ": warning: MISSING_TRANSLATION: "
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	found := false
	for _, l := range lines {
		if !warningLine.MatchString(l) {
			t.Errorf("warning %q does not start with its file", l)
		}
		found = found || strings.HasPrefix(l, want)
	}
	if !found || len(lines) != 3 {
		t.Errorf("stderr:\n%s\nwant three warnings, one starting with %q", stderr, want)
	}
	// -q prints nothing.
	if code, stdout, stderr := runCmd("build", "-q", "--out", "out"); code != 0 || stdout != "" || stderr != "" {
		t.Errorf("build -q: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// parse and status go through the pipeline and print its errors like build.
func TestParseAndStatus(t *testing.T) {
	copySite(t)
	code, stdout, stderr := runCmd("parse", "missing.txt")
	if want := "explainer parse: parse failed:\nmissing.txt: expected a readable seed file"; code != 1 || stdout != "" || !strings.HasPrefix(stderr, want) {
		t.Errorf("parse missing.txt: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and %q", code, stdout, stderr, want)
	}
	code, stdout, stderr = runCmd("parse")
	if code != 0 || !strings.Contains(stdout, `"chapters"`) || stderr != "" {
		t.Errorf("parse: exit %d, stderr %q, stdout starts %.80q", code, stderr, stdout)
	}
	code, stdout, stderr = runCmd("status")
	if code != 0 || !strings.Contains(stdout, "terminology: ") || stderr != "" {
		t.Errorf("status: exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// The fixture's Dutch translation of 12-rendre-... is outdated.
	code, _, stderr = runCmd("status", "--strict")
	if want := "explainer status --strict: the site is not complete: 1 MISSING_TRANSLATION, 1 OUTDATED_TRANSLATION\n"; code != 1 || stderr != want {
		t.Errorf("status --strict: exit %d, stderr:\n%s\nwant exit 1 and %q", code, stderr, want)
	}
	if err := os.Remove(filepath.Join("content", "terms.tsv")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd("status")
	if want := "explainer status: terms failed:\ncontent/terms.tsv: cannot read the term base: "; code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("status without terms.tsv: exit %d, stderr:\n%s\nwant %q", code, stderr, want)
	}
}

// Incomplete content (the pipeline's fixture with its incomplete overlay:
// a chapter with only its seed, German with only its site.yaml entry)
// builds with its warnings, and status --strict fails, listing every gap
// with its code.
func TestIncompleteContent(t *testing.T) {
	fixture := filepath.Join("..", "..", "internal", "pipeline", "testdata")
	root := t.TempDir()
	for dir, from := range map[string]string{
		"seeds":   filepath.Join(fixture, "site", "seeds"),
		"content": filepath.Join(fixture, "site", "content"),
		"i18n":    filepath.Join(fixture, "site", "i18n"),
		"themes":  filepath.Join("..", "..", "themes"),
	} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(root, "seeds"), os.DirFS(filepath.Join(fixture, "incomplete", "seeds"))); err != nil {
		t.Fatal(err)
	}
	siteYAML := filepath.Join(root, "content", "site.yaml")
	cfg, err := os.ReadFile(siteYAML)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(siteYAML, append(cfg, "  - code: de\n    name: Deutsch\n    locale: de_BE\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	codes := []string{"MISSING_PATHS", "MISSING_TOPIC_TRANSLATION", "MISSING_TITLE", "MISSING_TOPIC", "MISSING_GLOSSARY_TRANSLATION", "MISSING_UI_STRINGS"}
	code, _, stderr := runCmd("build", "--out", "out")
	if code != 0 {
		t.Fatalf("build: exit %d:\n%s", code, stderr)
	}
	for _, c := range codes {
		if !strings.Contains(stderr, ": warning: "+c+": ") {
			t.Errorf("build warns no %s:\n%s", c, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join("out", "de", "engagements")); err != nil {
		t.Errorf("no German commitment pages: %v", err)
	}
	code, stdout, stderr := runCmd("status", "--strict")
	if code != 1 {
		t.Errorf("status --strict: exit %d; want 1", code)
	}
	for _, c := range codes {
		if !strings.Contains(stdout, ": warning: "+c+": ") {
			t.Errorf("status lists no %s gap:\n%s", c, stdout)
		}
		if !strings.Contains(stderr, " "+c) {
			t.Errorf("status --strict does not count %s:\n%s", c, stderr)
		}
	}
	for _, c := range []string{"MISSING_TRANSLATION", "OUTDATED_TRANSLATION"} {
		if !strings.Contains(stderr, " "+c) {
			t.Errorf("status --strict does not count %s:\n%s", c, stderr)
		}
	}
	if !strings.Contains(stdout, "de: 0 current, 0 outdated, 22 missing") {
		t.Errorf("status does not report the German translations:\n%s", stdout)
	}
}
