package preview

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/pipeline"
)

// TestReviewShowsGaps: the review page lists the build's warnings that its
// table does not show, with their codes and files: here a new language
// without URL segments, interface strings or topic entries.
func TestReviewShowsGaps(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"seeds", "content", "i18n"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join("../pipeline/testdata/site", dir))); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(root, "themes"), os.DirFS("../../themes")); err != nil {
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
	res, err := pipeline.Build(context.Background(), pipeline.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := reviewTmpl.Execute(&b, buildReview(res, "", "")); err != nil {
		t.Fatal(err)
	}
	body := b.String()
	for _, want := range []string{
		`<section id="gaps"`,
		`<code>content/site.yaml:17</code> <strong>MISSING_PATHS</strong> language &#34;de&#34; has no paths.commitments`,
		`<code>i18n/de.toml</code> <strong>MISSING_UI_STRINGS</strong>`,
		`<strong>MISSING_TOPIC_TRANSLATION</strong> topic &#34;rail&#34; has no de entry`,
		`<th scope="col" lang="de">de</th>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if strings.Contains(body, "<strong>MISSING_TRANSLATION</strong>") {
		t.Error("the gaps repeat the table's missing translations")
	}
}
