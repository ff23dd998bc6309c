package seed

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/belgian-programme/explainer/internal/programme"
)

// File is a seed file's name and content.
type File struct {
	Name string
	Data []byte
}

// ParseAll parses seed files into one programme, chapters in chapter-number
// order, and reports two seeds with the same chapter number. All problems
// of all files are returned, sorted, in an ErrorList. The files are parsed
// in parallel, by at most GOMAXPROCS goroutines; the result does not depend
// on their number.
func ParseAll(files []File) (*programme.Programme, error) {
	var errs ErrorList
	prog := &programme.Programme{}
	type firstSeen struct {
		file string
		line int
	}
	seen := map[int]firstSeen{}
	for i, p := range parseFiles(files) {
		f := files[i]
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

// parseFiles parses each file on its own: parsers[i] holds the result of
// files[i].
func parseFiles(files []File) []*parser {
	parsers := make([]*parser, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	if workers <= 1 {
		for i, f := range files {
			parsers[i] = parseFile(f.Name, f.Data)
		}
		return parsers
	}
	var next atomic.Int64 // index of the next file to parse
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				parsers[i] = parseFile(files[i].Name, files[i].Data)
			}
		})
	}
	wg.Wait()
	return parsers
}
