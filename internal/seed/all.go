package seed

import (
	"context"
	"fmt"
	"runtime"
	"sort"

	"golang.org/x/sync/errgroup"

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
// on their number. A cancelled ctx, or a panic while parsing a file, is
// returned as a plain error.
func ParseAll(ctx context.Context, files []File) (*programme.Programme, error) {
	parsed, err := ParseFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	return Combine(parsed)
}

// Parsed is one seed file parsed on its own, its problems included: what
// an incremental build keeps of each file until it changes. Its chapter is
// never modified.
type Parsed struct {
	name      string
	errs      ErrorList
	ch        *programme.Chapter
	titleLine int
}

// Combine makes one programme of seed files parsed on their own, as
// ParseAll does: chapters in chapter-number order, two seeds with the same
// chapter number reported, every problem in a sorted ErrorList.
func Combine(parsed []*Parsed) (*programme.Programme, error) {
	var errs ErrorList
	prog := &programme.Programme{}
	type firstSeen struct {
		file string
		line int
	}
	seen := map[int]firstSeen{}
	for _, p := range parsed {
		errs = append(errs, p.errs...)
		ch := p.ch
		if ch == nil {
			continue
		}
		if other, dup := seen[ch.Number]; dup {
			errs.Add(p.name, p.titleLine, "expected one seed per chapter, found chapter %d again (first defined at %s:%d)", ch.Number, other.file, other.line)
			continue
		}
		seen[ch.Number] = firstSeen{p.name, p.titleLine}
		prog.Chapters = append(prog.Chapters, ch)
	}
	sort.SliceStable(prog.Chapters, func(i, j int) bool { return prog.Chapters[i].Number < prog.Chapters[j].Number })
	return prog, errs.Err()
}

// ParseFiles parses each file on its own, in parallel: parsed[i] holds the
// result of files[i]. A cancelled ctx, or a panic while parsing a file, is
// returned as an error.
func ParseFiles(ctx context.Context, files []File) ([]*Parsed, error) {
	parsed := make([]*Parsed, len(files))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					err = fmt.Errorf("%s: panic while parsing: %v", f.Name, v)
				}
			}()
			if err := ctx.Err(); err != nil {
				return err
			}
			p := parseFile(f.Name, f.Data)
			parsed[i] = &Parsed{name: f.Name, errs: p.errs, ch: p.ch, titleLine: p.titleLine}
			return nil
		})
	}
	return parsed, g.Wait()
}
