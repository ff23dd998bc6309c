// Package watch reports the files that change below a set of folders, in
// batches. It watches every folder below the roots with fsnotify, adds the
// folders created later (and reports the files already in them), treats
// creations, writes, removals and renames alike (editors save by writing a
// temporary file and renaming it), and coalesces bursts of events: a batch
// is delivered once no event arrived for Options.Debounce, or on Linux as
// soon as every file written in it was closed by its writer, and never
// while one is still open for writing, within a second (see loop).
// Events that arrive while the receiver is busy are kept for the next
// batch.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
// written (which would flash an error banner until the next build). On
// Linux a save written in place (truncate, write, close) does not wait
// for it: its batch ends when the file is closed.
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
	cw       *closes // nil where writers' closes are not known
	// delivered holds, for each file of the batches delivered, the close
	// they were delivered after (closes.state): a late event of the same
	// write is not a change.
	delivered map[string]uint64
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
	w := &watcher{fsw: fsw, watched: map[string]bool{}, debounce: opts.Debounce, maxDelay: opts.MaxDelay, out: make(chan Batch), cw: newCloses(), delivered: map[string]uint64{}}
	if w.debounce <= 0 {
		w.debounce = DefaultDebounce
	}
	if w.maxDelay <= 0 {
		w.maxDelay = 100 * time.Millisecond
	}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			w.close()
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
		w.close()
		return nil, nil, errors.Join(errs...)
	}
	return w, errs, nil
}

// close releases the watcher's queues.
func (w *watcher) close() {
	w.fsw.Close()
	if w.cw != nil {
		w.cw.close()
	}
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
	if w.cw != nil {
		w.cw.add(dir)
	}
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
			if w.cw != nil {
				w.cw.remove(p)
			}
		}
	}
}

// event is what an event means for the batch being collected.
type event int

const (
	ignored event = iota // nothing we read changed
	written              // a file was created or written
	other                // a removal, a rename, a new folder
)

// handle records one event and says what it was.
func (w *watcher) handle(ev fsnotify.Event, pending map[string]bool, errs *[]error) event {
	p := filepath.Clean(ev.Name)
	if !w.inRoots(p) {
		return ignored
	}
	kind := written
	switch {
	case ev.Has(fsnotify.Create):
		if fi, err := os.Lstat(p); err == nil && fi.IsDir() {
			w.addTree(p, pending, errs)
			kind = other
		}
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		if w.watched[p] {
			w.forget(p)
		}
		kind = other
	case ev.Has(fsnotify.Write):
	default:
		return ignored // chmod alone changes nothing we read
	}
	if ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Create) && w.cw != nil && w.delivered[p] != 0 {
		// A write event read after its file's batch was delivered: when
		// the file was not written (nor renamed onto) since the close
		// that batch waited for, the event is of the write that batch
		// already holds. A creation is never late: it is the first event
		// of a new file, and a rename onto a file shows as one.
		w.cw.sync()
		if st := w.cw.state(p); st.last == lastClose && st.seq == w.delivered[p] {
			return ignored
		}
	}
	pending[p] = true
	return kind
}

// saved reports whether a batch may end before quiet: every file written
// in it has been closed by its writer since its last write, or is still
// open for writing (release holds those back), and at least one was
// closed. Renames, removals and new folders wait for quiet (a rename-save's
// events are not all in yet when its temporary file is closed), and so
// does every batch where closes are not known.
func (w *watcher) saved(files map[string]bool) bool {
	if w.cw == nil || len(files) == 0 {
		return false
	}
	w.cw.sync()
	closed := false
	for p := range files {
		switch w.cw.state(p).last {
		case lastClose:
			closed = true
		case lastWrite:
		default:
			return false
		}
	}
	return closed
}

// writing returns the files written in a batch that are still open for
// writing: their last event is a write, and their writers have not closed
// them since. They wait for their close, up to holdMax, even once the
// folders are quiet; nil when there is none.
func (w *watcher) writing(files map[string]bool) map[string]bool {
	if w.cw == nil {
		return nil
	}
	w.cw.sync()
	var open map[string]bool
	for p := range files {
		if w.cw.state(p).last == lastWrite {
			if open == nil {
				open = map[string]bool{}
			}
			open[p] = true
		}
	}
	return open
}

// holdMax bounds how long after its first write a file still open for
// writing is held back (see writing): a writer that keeps a file open,
// such as an editor's swap file, does not hold it for ever.
const holdMax = time.Second

// fileState is the last event of a file that closes (the close-write
// queue) knows: its sequence number, and what it was.
type fileState struct {
	seq  uint64
	last lastEvent
}

// lastEvent is the kind of a file's last event.
type lastEvent uint8

const (
	lastNone   lastEvent = iota // no event known
	lastWrite                   // written: the writer may not be done
	lastClose                   // closed by a writer after writing
	lastRename                  // another file renamed onto it
)

// loop collects events into batches and delivers them. A batch is ready
// once no event arrived for the debounce, within MaxDelay of its first
// event; or at once when a writer closes a file and the batch holds only
// writes of files closed since or still open (saved): an editor's save
// written in place (truncate, write, close) is whole once closed, however
// long the writer was preempted in between, so it need not wait. Where
// closes are known, the files of a batch still open for writing (writing),
// new ones too, are held back, each up to holdMax from its first write,
// for a later batch: a writer preempted for longer than the debounce
// between truncating and writing is not built half done, and a file its
// editor keeps open (a swap file) delays no other.
func (w *watcher) loop(ctx context.Context, errs []error) {
	defer close(w.out)
	defer w.close()
	var closedCh <-chan struct{}
	if w.cw != nil {
		closedCh = w.cw.closedCh()
	}
	pending := map[string]bool{}
	files := map[string]bool{} // written in the batch
	quiet := false             // the batch waits for quiet (see saved)
	var hold map[string]bool   // files held back from the ready batch (see writing)
	held := false              // quiet, but files are held
	overflow := false
	var first time.Time                 // of the burst being collected
	writtenAt := map[string]time.Time{} // first write of each file not delivered yet
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	ready := len(errs) > 0 // report the start-up problems at once
	// release decides what the batch delivers now: every path but the
	// files still open for writing, each within holdMax of its first
	// write.
	release := func() {
		hold = nil
		var until time.Time // the first held file's deadline
		now := time.Now()
		for p := range w.writing(files) {
			end := writtenAt[p].Add(holdMax)
			if !now.Before(end) {
				continue
			}
			if hold == nil {
				hold = map[string]bool{}
			}
			hold[p] = true
			if until.IsZero() || end.Before(until) {
				until = end
			}
		}
		if hold != nil {
			timer.Reset(until.Sub(now))
		}
		held = hold != nil
		ready = len(hold) < len(pending) || len(errs) > 0 || overflow
	}
	for {
		var out chan Batch
		var batch Batch
		if ready {
			out = w.out
			batch = Batch{Paths: sortedKeys(pending), Overflow: overflow, Errs: errs}
			if hold != nil {
				batch.Paths = slices.DeleteFunc(batch.Paths, func(p string) bool { return hold[p] })
			}
		}
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			switch w.handle(ev, pending, &errs) {
			case ignored:
				continue
			case written:
				p := filepath.Clean(ev.Name)
				files[p] = true
				if _, ok := writtenAt[p]; !ok {
					writtenAt[p] = time.Now()
				}
			case other:
				quiet = true
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
			quiet = true
		case <-closedCh:
			switch {
			case held:
				timer.Stop()
				release()
			case !ready && !quiet && w.saved(files):
				timer.Stop()
				release()
			}
			continue
		case <-timer.C:
			release()
			continue
		case out <- batch:
			next, nextFiles := map[string]bool{}, map[string]bool{}
			for p := range files {
				if hold[p] {
					next[p], nextFiles[p] = true, true
					continue
				}
				delete(writtenAt, p)
				if w.cw == nil {
					continue
				}
				if st := w.cw.state(p); st.last == lastClose {
					w.delivered[p] = st.seq
				} else {
					delete(w.delivered, p)
				}
			}
			pending, files, quiet, overflow, errs, ready, hold = next, nextFiles, false, false, nil, false, nil
			if !held {
				first = time.Time{}
			}
			continue
		}
		// An event or error arrived: wait for quiet, within MaxDelay of
		// the batch's first event, unless every file written was closed.
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		if !quiet && w.saved(files) {
			timer.Stop()
			release()
			continue
		}
		ready, held, hold = false, false, nil
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
