package seed

import (
	"sort"

	"github.com/belgian-programme/explainer/internal/programme"
)

// File is a seed file's name and content.
type File struct {
	Name string
	Data []byte
}

// ParseAll parses seed files into one programme, chapters in chapter-number
// order, and reports two seeds with the same chapter number. All problems
// of all files are returned, sorted, in an ErrorList.
func ParseAll(files []File) (*programme.Programme, error) {
	var errs ErrorList
	prog := &programme.Programme{}
	type firstSeen struct {
		file string
		line int
	}
	seen := map[int]firstSeen{}
	for _, f := range files {
		p := parseFile(f.Name, f.Data)
		errs = append(errs, p.errs...)
		ch := p.ch
		if ch == nil {
			continue
		}
		if other, dup := seen[ch.Number]; dup {
			errs.Add(f.Name, p.titleLine, "expected one seed per chapter, found chapter %d again (first defined at %s:%d)", ch.Number, other.file, other.line)
			continue
		}
		seen[ch.Number] = firstSeen{f.Name, p.titleLine}
		prog.Chapters = append(prog.Chapters, ch)
	}
	sort.SliceStable(prog.Chapters, func(i, j int) bool { return prog.Chapters[i].Number < prog.Chapters[j].Number })
	return prog, errs.Err()
}
