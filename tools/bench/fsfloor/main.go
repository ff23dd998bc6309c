// Command fsfloor measures what writing a built site costs the file system
// alone, for make bench: it reads every file of a built site into memory,
// then, several times, writes them all into a fresh folder beside -out
// (each page's folder made, files written by as many workers as
// explainer build uses) and swaps that folder in place of -out, removing
// the previous one, as explainer build does. It prints the median wall
// time of a write and of a removal, in milliseconds:
//
//	go run ./tools/bench/fsfloor -site build -out /tmp/floor -runs 3
//
// No generator that writes the same files can build faster than this on
// the same disk.
package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type file struct {
	path string
	data []byte
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("fsfloor", flag.ContinueOnError)
	flags.SetOutput(stderr)
	site := flags.String("site", "", "a built site to copy")
	out := flags.String("out", "", "folder to write the copies into (replaced)")
	runs := flags.Int("runs", 3, "number of writes")
	workers := flags.Int("workers", 2, "files written at a time")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *site == "" || *out == "" || *runs < 1 || *workers < 1 {
		fmt.Fprintln(stderr, "fsfloor: expected -site FOLDER -out FOLDER, -runs and -workers of 1 or more")
		return 2
	}
	var files []file
	err := filepath.WalkDir(*site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(*site, p)
		files = append(files, file{rel, data})
		return nil
	})
	if err != nil {
		fmt.Fprintln(stderr, "fsfloor:", err)
		return 1
	}
	var writes, removals []float64
	for range *runs {
		tmp := *out + ".new"
		start := time.Now()
		if err := write(tmp, files, *workers); err != nil {
			fmt.Fprintln(stderr, "fsfloor:", err)
			return 1
		}
		writes = append(writes, ms(time.Since(start)))
		start = time.Now()
		old := *out + ".old"
		os.Rename(*out, old) // absent on the first run
		if err := os.Rename(tmp, *out); err != nil {
			fmt.Fprintln(stderr, "fsfloor:", err)
			return 1
		}
		if err := os.RemoveAll(old); err != nil {
			fmt.Fprintln(stderr, "fsfloor:", err)
			return 1
		}
		removals = append(removals, ms(time.Since(start)))
	}
	fmt.Fprintf(stdout, "%d files: write %.1f ms, swap and remove the previous %.1f ms (medians of %d)\n", len(files), median(writes), median(removals), *runs)
	return 0
}

// write writes files below dir, making each file's folder, with workers
// writers at a time.
func write(dir string, files []file, workers int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				dst := filepath.Join(dir, files[i].path)
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					errs[w] = err
					return
				}
				if err := os.WriteFile(dst, files[i].data, 0o644); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(v []float64) float64 {
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
