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
	parsers, err := parseFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	var errs ErrorList
	prog := &programme.Programme{}
	type firstSeen struct {
		file string
		line int
	}
	seen := map[int]firstSeen{}
	for i, p := range parsers {
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
func parseFiles(ctx context.Context, files []File) ([]*parser, error) {
	parsers := make([]*parser, len(files))
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
			parsers[i] = parseFile(f.Name, f.Data)
			return nil
		})
	}
	return parsers, g.Wait()
}
