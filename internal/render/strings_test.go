package render

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/uistrings"
)

var (
	// A UI string named in a template: T "id", or In <lang> "id".
	literalCall = regexp.MustCompile(`\b(?:T|In\s+[^\s"}]+)\s+"([a-z0-9_]+)"`)
	// Any call of T or In, to catch IDs the test cannot see.
	anyCall = regexp.MustCompile(`\b(?:T|In\s+[^\s"}]+)\s+([^\s"})][^\s})]*)`)
	// IDs the site model puts in a page for the templates to look up.
	modelID = regexp.MustCompile(`\b(?:TitleID|DescriptionID|TextID):\s*"([a-z0-9_]+)"`)
)

// dynamicIDs are the template expressions that hold a UI string ID chosen
// by the site model; modelID finds their values in internal/site.
var dynamicIDs = map[string]bool{".TextID": true, ".Page.TitleID": true, ".Page.DescriptionID": true}

// usedStrings collects every UI string ID the theme and the site model use.
func usedStrings(t *testing.T) map[string]string {
	t.Helper()
	used := map[string]string{}
	templates, _ := filepath.Glob("../../themes/default/templates/*.html")
	sources, _ := filepath.Glob("../site/*.go")
	if len(templates) == 0 || len(sources) == 0 {
		t.Fatal("no templates or site sources found")
	}
	for _, file := range templates {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literalCall.FindAllStringSubmatch(string(data), -1) {
			used[m[1]] = filepath.Base(file)
		}
		for _, m := range anyCall.FindAllStringSubmatch(string(data), -1) {
			if !dynamicIDs[m[1]] {
				t.Errorf("%s: UI string looked up by %q; name it literally, or teach this test where its IDs come from", filepath.Base(file), m[1])
			}
		}
	}
	for _, file := range sources {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range modelID.FindAllStringSubmatch(string(data), -1) {
			used[m[1]] = "internal/site/" + filepath.Base(file)
		}
	}
	return used
}

// fixtureI18n is the pipeline tests' fixture copy of the interface
// strings: the tests read it, not i18n/, so that a translator's edit of a
// string cannot break them.
const fixtureI18n = "../pipeline/testdata/site/i18n"

// Every UI string the theme uses exists in every language, and no language
// keeps a string nothing uses (goi18n extract cannot see templates). This
// checks the templates against the fixture's strings; TestI18nIDsMatchFixture
// ties those to the real i18n/ IDs, and the build fails when the languages
// of i18n/ define different IDs or a template asks for a missing one.
func TestUIStringsUsedAndDefined(t *testing.T) {
	langs := []string{"fr", "nl", "en"}
	strs, err := uistrings.Load(os.DirFS(fixtureI18n), "i18n", langs)
	if err != nil {
		t.Fatal(err)
	}
	used := usedStrings(t)
	if len(used) < 20 {
		t.Fatalf("found only %d used strings; the scan is broken", len(used))
	}
	for _, lang := range langs {
		defined := map[string]bool{}
		for _, id := range strs.IDs(lang) {
			defined[id] = true
		}
		var missing, unused []string
		for id, where := range used {
			if !defined[id] {
				missing = append(missing, id+" (used in "+where+")")
			}
		}
		for id := range defined {
			if _, ok := used[id]; !ok {
				unused = append(unused, id)
			}
		}
		sort.Strings(missing)
		sort.Strings(unused)
		for _, m := range missing {
			t.Errorf("i18n/%s.toml: missing %s", lang, m)
		}
		for _, u := range unused {
			t.Errorf("i18n/%s.toml: %q is not used by any template; remove it", lang, u)
		}
	}
}

// messageID is the table header that starts a message in an i18n file.
var messageID = regexp.MustCompile(`(?m)^\[([a-z0-9_]+)\]\s*$`)

// TestI18nIDsMatchFixture checks that the fixture's interface strings have
// the same IDs as the real i18n/ files, so that TestUIStringsUsedAndDefined
// speaks for them. It reads only the table headers of i18n/: a translator's
// edit of a value, even one that breaks the TOML, cannot fail it (the build
// reports that); adding or removing an ID, a change made with the
// templates, must be made in both.
func TestI18nIDsMatchFixture(t *testing.T) {
	ids := func(file string) []string {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range messageID.FindAllStringSubmatch(string(data), -1) {
			out = append(out, m[1])
		}
		sort.Strings(out)
		return out
	}
	for _, lang := range []string{"fr", "nl", "en"} {
		real, fixture := ids("../../i18n/"+lang+".toml"), ids(filepath.Join(fixtureI18n, lang+".toml"))
		if len(fixture) < 20 {
			t.Fatalf("%s: found only %d IDs in the fixture; the scan is broken", lang, len(fixture))
		}
		if strings.Join(real, " ") != strings.Join(fixture, " ") {
			t.Errorf("i18n/%s.toml defines\n%q\nthe fixture's copy (%s) defines\n%q\nadd or remove the IDs in both", lang, real, fixtureI18n, fixture)
		}
	}
}
