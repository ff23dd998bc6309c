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
	seedFile := filepath.Join(root, "seeds", "34-relations-internationales.txt")
	data, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	seed := string(data)
	for old, new := range map[string]string{
		"➢ Redonner à la politique étrangère toute l’importance politique et médiatique qu’elle mérite. 58": "Par ailleurs, la politique étrangère mérite toute l’attention du gouvernement. 58",
		"➢ Remettre en place au sein du gouvernement un secrétaire d’État aux Affaires européennes. 59":     "Nous voulons aussi : 59",
	} {
		if !strings.Contains(seed, old) {
			t.Fatalf("test premise: the seed has %q", old)
		}
		seed = strings.Replace(seed, old, new, 1)
	}
	if err := os.WriteFile(seedFile, []byte(seed), 0o644); err != nil {
		t.Fatal(err)
	}
	// The two commitments that became prose lose their files and topics.
	for _, id := range []string{"34-redonner-politique-etrangere-toute-importance", "34-remettre-place-sein-gouvernement-secretaire"} {
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
		{"fr/sections/diplomatie-belge-ambitieuse-coherente/index.html", ""},
		{"nl/onderdelen/ambitieuze-samenhangende-belgische-diplomatie/index.html", ` lang="fr"`},
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
		if len(lists) != 2 || lists[0][2] != "" || lists[1][2] != "12" {
			t.Errorf("%s: commitment lists %v; want two, the second starting at 12", tc.file, lists)
			continue
		}
		first, second := strings.Index(page, lists[0][0]), strings.Index(page, lists[1][0])
		prose := strings.Index(page, "la politique étrangère mérite toute l’attention du gouvernement")
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
	res := mustRealBuild(t)
	var redirects string
	for _, f := range res.Files {
		if f.Path == "_redirects" {
			redirects = string(f.Data)
		}
	}
	for _, want := range []string{
		"/nl/engagementen/34-reviser-fonctionnement-conseil-securite-afin/ /nl/engagementen/",
		"/fr/sections/34-sec-diplomatie-belge-ambitieuse-coherente/ /fr/sections/diplomatie-belge-ambitieuse-coherente/ 301",
	} {
		if !strings.Contains(redirects, want) {
			t.Errorf("_redirects lacks %q", want)
		}
	}
}
