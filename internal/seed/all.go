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
	seen := map[int]string{}
	for _, f := range files {
		ch, err := Parse(f.Name, f.Data)
		if list, ok := err.(ErrorList); ok {
			errs = append(errs, list...)
		}
		if ch == nil {
			continue
		}
		if other, dup := seen[ch.Number]; dup {
			errs.Add(f.Name, 1, "chapter %d is already defined in %s; expected one seed per chapter", ch.Number, other)
			continue
		}
		seen[ch.Number] = f.Name
		prog.Chapters = append(prog.Chapters, ch)
	}
	sort.Slice(prog.Chapters, func(i, j int) bool { return prog.Chapters[i].Number < prog.Chapters[j].Number })
	errs.Sort()
	return prog, errs.Err()
}
