package content

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/belgian-programme/explainer/internal/diag"
)

// Term is one row of the term base: a French term and its agreed
// equivalents, per language code.
type Term struct {
	Line  int
	Forms map[string]string // language code → form
}

// TermsFile is the term base's file name in the content folder.
const TermsFile = "terms.tsv"

// LoadTerms reads the term base, content/terms.tsv, from fsys, rooted at
// the content folder (dir is its path as shown in errors).
func LoadTerms(fsys fs.FS, dir string) ([]Term, error) {
	file := path.Join(dir, TermsFile)
	data, err := fs.ReadFile(fsys, TermsFile)
	if err != nil {
		return nil, &diag.Error{File: file, Msg: fmt.Sprintf("cannot read the term base: %v", err)}
	}
	return ParseTerms(file, data)
}

// ParseTerms reads a term base: tab-separated, a header row naming the
// language codes (source language first), comments starting with '#'.
func ParseTerms(file string, data []byte) ([]Term, error) {
	var errs diag.List
	var langs []string
	var terms []Term
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if langs == nil {
			langs = cols
			continue
		}
		if len(cols) != len(langs) {
			errs.Add(file, n, "%d columns; expected %d (%s), separated by tabs", len(cols), len(langs), strings.Join(langs, ", "))
			continue
		}
		t := Term{Line: n, Forms: map[string]string{}}
		for i, c := range cols {
			c = strings.TrimSpace(c)
			if c == "" {
				errs.Add(file, n, "empty %s form", langs[i])
			}
			t.Forms[langs[i]] = c
		}
		terms = append(terms, t)
	}
	if langs == nil {
		errs.Add(file, 1, "empty term base; expected a header row such as \"fr<TAB>nl<TAB>en\"")
	}
	return terms, errs.Err()
}
