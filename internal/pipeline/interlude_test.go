package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A section whose commitments come in two runs, with prose between them
// ("Nous voulons aussi :"), keeps that order on its page: the second run
// is a list of its own, numbered on, after the prose.
func TestSectionWithTwoRunsOfCommitments(t *testing.T) {
	root := copyInputs(t)
	seedFile := filepath.Join(root, filepath.FromSlash(fixtureSeed))
	data, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	seed := string(data)
	for old, new := range map[string]string{
		" ➢ Offrir un abonnement unique valable dans le train, le tram, le bus et le métro, quelle que soit la 22 \nRégion. 23": "\n Par ailleurs, les tarifs doivent rester simples pour tous les voyageurs. 22 \n\nNous voulons aussi :  23",
	} {
		if !strings.Contains(seed, old) {
			t.Fatalf("test premise: the seed has %q", old)
		}
		seed = strings.Replace(seed, old, new, 1)
	}
	if err := os.WriteFile(seedFile, []byte(seed), 0o644); err != nil {
		t.Fatal(err)
	}
	// The commitment that became prose loses its files and topics.
	for _, id := range []string{"12-offrir-abonnement-unique-valable-train"} {
		for _, lang := range []string{"fr", "nl", "en"} {
			os.Remove(filepath.Join(root, "content", lang, "units", id+".md"))
		}
		rewrite("content/topic-assignments.yaml", func(s string) string {
			return regexp.MustCompile(`(?m)^`+id+`:.*\n`).ReplaceAllString(s, "")
		})(t, root)
	}

	res, err := Build(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range res.Files {
		files[f.Path] = string(f.Data)
	}
	for _, tc := range []struct{ file, lang string }{
		{"fr/sections/mobilite-accessible-a-tous/index.html", ""},
		{"nl/onderdelen/mobiliteit-voor-iedereen/index.html", ` lang="fr"`},
	} {
		page, ok := files[tc.file]
		if !ok {
			var names []string
			for name := range files {
				if strings.Contains(name, "/sections/") || strings.Contains(name, "/onderdelen/") {
					names = append(names, name)
				}
			}
			t.Fatalf("no page %s among %v", tc.file, names)
		}
		lists := regexp.MustCompile(`<ol class="?commitments"?( start="?(\d+)"?)?>`).FindAllStringSubmatch(page, -1)
		if len(lists) != 2 || lists[0][2] != "" || lists[1][2] != "2" {
			t.Errorf("%s: commitment lists %v; want two, the second starting at 2", tc.file, lists)
			continue
		}
		first, second := strings.Index(page, lists[0][0]), strings.Index(page, lists[1][0])
		prose := strings.Index(page, "les tarifs doivent rester simples pour tous les voyageurs")
		if !(first < prose && prose < second) {
			t.Errorf("%s: the prose is not between the two lists (%d, %d, %d)", tc.file, first, prose, second)
		}
		if tc.lang != "" && !strings.Contains(page[first:second], `<div class="fallback"`+tc.lang) {
			t.Errorf("%s: the untranslated prose is not marked%s", tc.file, tc.lang)
		}
	}
}

// A page's ID-based URL, which it has while it has no slug (an untranslated
// commitment), redirects permanently once its unit file gives it a slug.
func TestIDURLRedirectsToSlug(t *testing.T) {
	res := mustFixtureBuild(t)
	var redirects string
	for _, f := range res.Files {
		if f.Path == "_redirects" {
			redirects = string(f.Data)
		}
	}
	for _, want := range []string{
		"/nl/engagementen/12-publier-chaque-mois-ponctualite-chaque/ /nl/engagementen/stiptheid-per-lijn/ 301",
		"/fr/sections/12-sec-trains-plus-fiables/ /fr/sections/trains-plus-fiables/ 301",
	} {
		if !strings.Contains(redirects, want) {
			t.Errorf("_redirects lacks %q", want)
		}
	}
	// A page without a slug is served at its ID URL: no redirect from it.
	if from := "/en/commitments/" + missingEN + "/ "; strings.Contains(redirects, from) {
		t.Errorf("_redirects redirects %s, the URL of the untranslated commitment", from)
	}
}
