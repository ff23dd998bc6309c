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
	anyCall = regexp.MustCompile(`\b(?:T|In\s+[^\s"}]+)\s+([^\s"}][^\s}]*)`)
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

// Every UI string the theme uses exists in every language, and no language
// keeps a string nothing uses (goi18n extract cannot see templates).
func TestUIStringsUsedAndDefined(t *testing.T) {
	langs := []string{"fr", "nl", "en"}
	strs, err := uistrings.Load(os.DirFS("../../i18n"), "i18n", langs)
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
