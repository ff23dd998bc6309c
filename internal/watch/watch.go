// Package watch reports the files that change below a set of folders, in
// batches. It watches every folder below the roots with fsnotify, adds the
// folders created later (and reports the files already in them), treats
// creations, writes, removals and renames alike (editors save by writing a
// temporary file and renaming it), and coalesces bursts of events: a batch
// is delivered once no event arrived for Options.Debounce. Events that
// arrive while the receiver is busy are kept for the next batch.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is the quiet time that ends a burst of events when
// Options.Debounce is zero. An editor's save is several events: a
// truncation then the writes, or a temporary file then a rename. They
// follow each other within microseconds unless the editor is preempted
// between them, and on a loaded machine a preempted process waits about
// one scheduling period (12 ms by default on two CPUs) before it runs
// again. 15 ms outlasts that, so a save is built whole rather than half
// written (which would flash an error banner until the next build), and
// with the incremental rebuild's 9 ms it keeps edit-to-reload within the
// 25 ms editors should not feel.
const DefaultDebounce = 15 * time.Millisecond

// Options configure Watch. The zero value uses DefaultDebounce and a
// MaxDelay of 100ms.
type Options struct {
	// Debounce is how long the folders must stay quiet before a batch is
	// delivered.
	Debounce time.Duration
	// MaxDelay bounds how long an unbroken stream of events can hold back a
	// batch.
	MaxDelay time.Duration
}

// Batch is what changed since the previous batch.
type Batch struct {
	// Paths are the files and folders created, written, removed or
	// renamed (both names), absolute, sorted, each once.
	Paths []string
	// Overflow is set when the system dropped events: anything below the
	// roots may have changed.
	Overflow bool
	// Errs are the watcher's problems since the previous batch, such as a
	// folder that could not be watched.
	Errs []error
}

type watcher struct {
	fsw      *fsnotify.Watcher
	roots    []string // absolute, clean
	watched  map[string]bool
	debounce time.Duration
	maxDelay time.Duration
	out      chan Batch
}

// Watch starts watching the roots (folders; one that does not exist yet is
// picked up when it is created) and returns the channel of batches. Every
// folder is watched when Watch returns. The channel is closed when ctx is
// done; the watcher's resources are released then.
func Watch(ctx context.Context, roots []string, opts Options) (<-chan Batch, error) {
	w, errs, err := newWatcher(roots, opts)
	if err != nil {
		return nil, err
	}
	go w.loop(ctx, errs)
	return w.out, nil
}

// newWatcher watches every folder below the roots; the loop is not started.
// It returns the problems with some folders, or an error when none could be
// watched.
func newWatcher(roots []string, opts Options) (*watcher, []error, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, nil, err
	}
	w := &watcher{fsw: fsw, watched: map[string]bool{}, debounce: opts.Debounce, maxDelay: opts.MaxDelay, out: make(chan Batch)}
	if w.debounce <= 0 {
		w.debounce = DefaultDebounce
	}
	if w.maxDelay <= 0 {
		w.maxDelay = 100 * time.Millisecond
	}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			fsw.Close()
			return nil, nil, err
		}
		w.roots = append(w.roots, abs)
	}
	var errs []error
	for _, r := range w.roots {
		// The parent tells when the root itself is created, removed or
		// renamed.
		if err := w.add(filepath.Dir(r)); err != nil {
			errs = append(errs, err)
		}
		if _, err := os.Stat(r); err == nil {
			w.addTree(r, nil, &errs)
		}
	}
	if len(errs) > 0 && len(w.watched) == 0 {
		fsw.Close()
		return nil, nil, errors.Join(errs...)
	}
	return w, errs, nil
}

// inRoots reports whether p is a root or below one.
func (w *watcher) inRoots(p string) bool {
	for _, r := range w.roots {
		if p == r || strings.HasPrefix(p, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (w *watcher) add(dir string) error {
	if w.watched[dir] {
		return nil
	}
	if err := w.fsw.Add(dir); err != nil {
		return err
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every folder below it. Files found are added to
// found: they may have been written before the watch began.
func (w *watcher) addTree(dir string, found map[string]bool, errs *[]error) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				*errs = append(*errs, err)
			}
			return nil
		}
		if d.IsDir() {
			if err := w.add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				*errs = append(*errs, err)
			}
		} else if found != nil {
			found[p] = true
		}
		return nil
	})
}

// forget stops watching dir and the folders below it, after it was removed
// or renamed away.
func (w *watcher) forget(dir string) {
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			w.fsw.Remove(p) // already gone when the folder was deleted
			delete(w.watched, p)
		}
	}
}

// handle records one event; it reports whether the event counts.
func (w *watcher) handle(ev fsnotify.Event, pending map[string]bool, errs *[]error) bool {
	p := filepath.Clean(ev.Name)
	if !w.inRoots(p) {
		return false
	}
	switch {
	case ev.Has(fsnotify.Create):
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
			w.addTree(p, pending, errs)
		}
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		if w.watched[p] {
			w.forget(p)
		}
	case ev.Has(fsnotify.Write):
	default:
		return false // chmod alone changes nothing we read
	}
	pending[p] = true
	return true
}

func (w *watcher) loop(ctx context.Context, errs []error) {
	defer close(w.out)
	defer w.fsw.Close()
	pending := map[string]bool{}
	overflow := false
	var first time.Time // of the burst being collected
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	ready := len(errs) > 0 // report the start-up problems at once
	for {
		var out chan Batch
		var batch Batch
		if ready {
			out = w.out
			batch = Batch{Paths: sortedKeys(pending), Overflow: overflow, Errs: errs}
		}
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if !w.handle(ev, pending, &errs) {
				continue
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				overflow = true
			} else {
				errs = append(errs, err)
			}
		case <-timer.C:
			ready = true
			continue
		case out <- batch:
			pending, overflow, errs, ready, first = map[string]bool{}, false, nil, false, time.Time{}
			continue
		}
		// An event or error arrived: wait for quiet, within MaxDelay of
		// the batch's first event.
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		ready = false
		timer.Reset(max(min(w.debounce, first.Add(w.maxDelay).Sub(now)), 0))
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
