package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseTermsErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"fr\tnl\ten\nUnion européenne\tEuropese Unie\n", "t.tsv:2: 2 columns; expected 3 (fr, nl, en), separated by tabs"},
		{"fr\tnl\ten\nOCDE\t\tOECD\n", "t.tsv:2: empty nl form"},
		{"# only comments\n", "t.tsv:1: empty term base"},
	} {
		_, err := ParseTerms("t.tsv", []byte(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("ParseTerms(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestLoadTerms(t *testing.T) {
	fsys := fstest.MapFS{TermsFile: {Data: []byte("# Terms.\nfr\tnl\nUnion européenne\tEuropese Unie\n")}}
	terms, err := LoadTerms(fsys, "content")
	if err != nil || len(terms) != 1 || terms[0].Line != 3 || terms[0].Forms["nl"] != "Europese Unie" {
		t.Errorf("LoadTerms = %+v, %v", terms, err)
	}
	if _, err := LoadTerms(fstest.MapFS{}, "content"); err == nil || !strings.HasPrefix(err.Error(), "content/terms.tsv: cannot read the term base") {
		t.Errorf("missing file: %v", err)
	}
}
