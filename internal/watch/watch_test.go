package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// start watches a fresh temporary folder holding a/ and a/old.md.
func start(t *testing.T, opts Options) (string, <-chan Batch) {
	t.Helper()
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, "a"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, "a", "old.md"), []byte("old"), 0o644))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ch, err := Watch(ctx, []string{root}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return root, ch
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// await collects batches until every wanted path was reported, and returns
// the number of batches it took.
func await(t *testing.T, ch <-chan Batch, want ...string) int {
	t.Helper()
	seen := map[string]bool{}
	n := 0
	deadline := time.After(5 * time.Second)
	for {
		missing := slices.DeleteFunc(slices.Clone(want), func(p string) bool { return seen[p] })
		if len(missing) == 0 {
			return n
		}
		select {
		case b := <-ch:
			n++
			for _, e := range b.Errs {
				t.Errorf("watcher error: %v", e)
			}
			for _, p := range b.Paths {
				seen[p] = true
			}
		case <-deadline:
			t.Fatalf("not reported: %v (seen %v)", missing, seen)
		}
	}
}

func TestWatch(t *testing.T) {
	tests := []struct {
		name string
		do   func(t *testing.T, root string) []string // returns the paths to expect
	}{
		{"create", func(t *testing.T, root string) []string {
			p := filepath.Join(root, "a", "new.md")
			must(t, os.WriteFile(p, []byte("x"), 0o644))
			return []string{p}
		}},
		{"write", func(t *testing.T, root string) []string {
			p := filepath.Join(root, "a", "old.md")
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
			must(t, err)
			_, err = f.WriteString("more")
			must(t, err)
			must(t, f.Close())
			return []string{p}
		}},
		{"rename-save", func(t *testing.T, root string) []string {
			p := filepath.Join(root, "a", "old.md")
			tmp := filepath.Join(root, "a", ".old.md.swp")
			must(t, os.WriteFile(tmp, []byte("saved"), 0o644))
			must(t, os.Rename(tmp, p))
			return []string{p}
		}},
		{"delete", func(t *testing.T, root string) []string {
			p := filepath.Join(root, "a", "old.md")
			must(t, os.Remove(p))
			return []string{p}
		}},
		{"rename", func(t *testing.T, root string) []string {
			p, q := filepath.Join(root, "a", "old.md"), filepath.Join(root, "a", "renamed.md")
			must(t, os.Rename(p, q))
			return []string{p, q}
		}},
		{"new sub-folder", func(t *testing.T, root string) []string {
			dir := filepath.Join(root, "a", "b", "c")
			must(t, os.MkdirAll(dir, 0o755))
			p := filepath.Join(dir, "deep.md")
			must(t, os.WriteFile(p, []byte("x"), 0o644))
			return []string{p}
		}},
		{"delete and recreate a folder", func(t *testing.T, root string) []string {
			dir := filepath.Join(root, "a")
			must(t, os.RemoveAll(dir))
			must(t, os.MkdirAll(dir, 0o755))
			p := filepath.Join(dir, "again.md")
			must(t, os.WriteFile(p, []byte("x"), 0o644))
			return []string{dir, p}
		}},
		{"renamed folder", func(t *testing.T, root string) []string {
			from, to := filepath.Join(root, "a"), filepath.Join(root, "z")
			must(t, os.Rename(from, to))
			return []string{from, to}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, ch := start(t, Options{})
			await(t, ch, tt.do(t, root)...)
		})
	}
}

// A folder created later is watched: a later write inside it is reported.
func TestWatchNewFolderLater(t *testing.T) {
	root, ch := start(t, Options{})
	dir := filepath.Join(root, "n")
	must(t, os.Mkdir(dir, 0o755))
	await(t, ch, dir)
	p := filepath.Join(dir, "later.md")
	must(t, os.WriteFile(p, []byte("x"), 0o644))
	await(t, ch, p)
}

// A root that is removed and created again is watched again.
func TestWatchRootRecreated(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "content")
	must(t, os.Mkdir(root, 0o755))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := Watch(ctx, []string{root}, Options{})
	must(t, err)
	must(t, os.Remove(root))
	await(t, ch, root)
	must(t, os.Mkdir(root, 0o755))
	p := filepath.Join(root, "x.md")
	must(t, os.WriteFile(p, []byte("x"), 0o644))
	await(t, ch, p)
	// Events beside the root are not reported.
	must(t, os.WriteFile(filepath.Join(parent, "other.md"), []byte("x"), 0o644))
	q := filepath.Join(root, "y.md")
	must(t, os.WriteFile(q, []byte("x"), 0o644))
	select {
	case b := <-ch:
		if slices.Contains(b.Paths, filepath.Join(parent, "other.md")) {
			t.Errorf("reported a path outside the root: %v", b.Paths)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no batch")
	}
}

// Events that arrive while the receiver has not taken a batch come in one
// batch, whatever the debounce and however long the events take: the
// events are sent to the loop directly, so that no timing decides.
func TestWatchCoalesces(t *testing.T) {
	root := t.TempDir()
	w, errs, err := newWatcher([]string{root}, Options{Debounce: time.Millisecond, MaxDelay: time.Millisecond})
	must(t, err)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.loop(ctx, nil)
	// send returns once the loop has taken the event; the loop handles it
	// before it takes anything else.
	send := func(paths ...string) {
		for _, p := range paths {
			w.fsw.Events <- fsnotify.Event{Name: p, Op: fsnotify.Write}
		}
	}
	receive := func() []string {
		select {
		case b := <-w.out:
			return b.Paths
		case <-time.After(5 * time.Second):
			t.Fatal("no batch")
			return nil
		}
	}
	var burst []string
	for i := range 50 {
		burst = append(burst, filepath.Join(root, fmt.Sprintf("f%02d.md", i)))
	}
	send(burst...)
	if got := receive(); !slices.Equal(got, burst) {
		t.Errorf("a burst of 50 writes came as %v, want one batch of all", got)
	}
	// The debounce ends while the receiver is busy: the next event still
	// joins the pending batch.
	p, q := filepath.Join(root, "p.md"), filepath.Join(root, "q.md")
	send(p)
	time.Sleep(10 * time.Millisecond) // the receiver is busy
	send(q, p, filepath.Join(filepath.Dir(root), "outside.md"))
	if got := receive(); !slices.Equal(got, []string{p, q}) {
		t.Errorf("writes during a busy receiver came as %v, want [%s %s] at once", got, p, q)
	}
}

func TestWatchStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := Watch(ctx, []string{t.TempDir()}, Options{})
	must(t, err)
	cancel()
	select {
	case _, ok := <-ch:
		if ok {
			t.Error("a batch after cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the channel was not closed")
	}
}

// A file written in place is reported once its writer closes it, without
// waiting for quiet, and not while it is still open: a save is never
// reported half written. Where closes are not known (not Linux), the
// debounce alone ends batches and the test does not apply.
func TestBatchEndsOnClose(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "unit.md")
	must(t, os.WriteFile(p, []byte("old"), 0o644))
	w, errs, err := newWatcher([]string{root}, Options{Debounce: time.Hour, MaxDelay: time.Hour})
	must(t, err)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if w.cw == nil {
		w.close()
		t.Skip("closes are not known on this system")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.loop(ctx, nil)
	for i := range 3 {
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
		must(t, err)
		_, err = f.WriteString("half ")
		must(t, err)
		// With an hour's debounce, only a close ends the batch.
		select {
		case b := <-w.out:
			t.Fatalf("save %d: a batch while the file is open: %v", i, b.Paths)
		case <-time.After(50 * time.Millisecond):
		}
		_, err = f.WriteString("and whole")
		must(t, err)
		must(t, f.Close())
		if n := await(t, w.out, p); n != 1 {
			t.Errorf("save %d came in %d batches", i, n)
		}
	}
}

// A rename-save onto a file just saved in place is reported: the events of
// a new write are never taken for late events of the one delivered.
func TestRenameSaveAfterSave(t *testing.T) {
	root, ch := start(t, Options{})
	p := filepath.Join(root, "a", "old.md")
	for i := range 3 {
		must(t, os.WriteFile(p, []byte(fmt.Sprint("in place ", i)), 0o644))
		await(t, ch, p)
		tmp := filepath.Join(root, "a", ".old.md.swp")
		must(t, os.WriteFile(tmp, []byte(fmt.Sprint("renamed ", i)), 0o644))
		must(t, os.Rename(tmp, p))
		await(t, ch, p)
	}
}

// A file open for writing holds its batch past the debounce until its
// writer closes it, and no longer than holdMax when the writer never does.
func TestBatchWaitsForWriter(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "unit.md")
	must(t, os.WriteFile(p, []byte("old"), 0o644))
	w := closesWatcher(t, root, Options{Debounce: time.Millisecond, MaxDelay: time.Millisecond})
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	must(t, err)
	defer f.Close()
	_, err = f.WriteString("half ")
	must(t, err)
	select {
	case b := <-w.out:
		t.Fatalf("a batch 1 ms after the write, while the file is open: %v", b.Paths)
	case <-time.After(100 * time.Millisecond):
	}
	_, err = f.WriteString("and whole")
	must(t, err)
	must(t, f.Close())
	await(t, w.out, p)

	// A writer that never closes holds the batch for holdMax at most.
	g, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	defer g.Close()
	start := time.Now()
	_, err = g.WriteString(" more")
	must(t, err)
	await(t, w.out, p)
	if took := time.Since(start); took < holdMax/2 {
		t.Errorf("a file left open was reported after %s, before it was held", took)
	}
}

// A file its editor keeps open for writing (a swap file) delays no other
// file's batch: it alone is held back.
func TestOpenFileDelaysNoOther(t *testing.T) {
	root := t.TempDir()
	swp, p := filepath.Join(root, ".unit.md.swp"), filepath.Join(root, "unit.md")
	w := closesWatcher(t, root, Options{Debounce: time.Millisecond, MaxDelay: time.Millisecond})
	f, err := os.OpenFile(swp, os.O_WRONLY|os.O_CREATE, 0o644)
	must(t, err)
	defer f.Close()
	_, err = f.WriteString("swap")
	must(t, err)
	start := time.Now()
	must(t, os.WriteFile(p, []byte("saved"), 0o644))
	for got := false; !got; {
		select {
		case b := <-w.out:
			if slices.Contains(b.Paths, swp) && time.Since(start) < holdMax/2 {
				t.Errorf("the open swap file came at once: %v", b.Paths)
			}
			got = slices.Contains(b.Paths, p)
		case <-time.After(5 * time.Second):
			t.Fatal("the save never came")
		}
	}
	if took := time.Since(start); took >= holdMax/2 {
		t.Errorf("the save came after %s, held back with the open swap file", took)
	}
	await(t, w.out, swp) // within holdMax
}

// closesWatcher starts a watcher of root that knows the writers' closes,
// stopped when the test ends; the test is skipped where closes are not
// known.
func closesWatcher(t *testing.T, root string, opts Options) *watcher {
	t.Helper()
	w, errs, err := newWatcher([]string{root}, opts)
	must(t, err)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if w.cw == nil {
		w.close()
		t.Skip("closes are not known on this system")
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go w.loop(ctx, nil)
	return w
}

// openSwap opens the swap file of root/unit.md for writing, as vim does
// while the file is edited, and writes it; it stays open until the test
// ends.
func openSwap(t *testing.T, root string) {
	t.Helper()
	s, err := os.OpenFile(filepath.Join(root, ".unit.md.swp"), os.O_WRONLY|os.O_CREATE, 0o644)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	_, err = s.WriteString("swap")
	must(t, err)
}

// noBatchWith fails when a batch naming p arrives within d.
func noBatchWith(t *testing.T, ch <-chan Batch, p string, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case b := <-ch:
			if slices.Contains(b.Paths, p) {
				data, _ := os.ReadFile(p)
				t.Fatalf("%s reported while its writer has it open (it holds %q)", p, data)
			}
		case <-deadline:
			return
		}
	}
}

// A new file is held back while its writer has it open, even before the
// first write: it is never built empty.
func TestNewFileHeldUntilWritten(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "new.md")
	w := closesWatcher(t, root, Options{Debounce: time.Millisecond, MaxDelay: time.Millisecond})
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644) // as os.WriteFile does
	must(t, err)
	defer f.Close()
	noBatchWith(t, w.out, p, 100*time.Millisecond)
	_, err = f.WriteString("whole")
	must(t, err)
	must(t, f.Close())
	await(t, w.out, p)
}

// A file is held for holdMax from its own first write, not from the
// batch's: a file written late in a batch held by another open file (a
// swap file) is not delivered half written when that one's time is up.
func TestHoldCountsFromOwnWrite(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "unit.md")
	must(t, os.WriteFile(p, []byte("old"), 0o644))
	w := closesWatcher(t, root, Options{Debounce: time.Millisecond, MaxDelay: time.Millisecond})
	openSwap(t, root)
	// Late in the swap file's hold, the save starts.
	time.Sleep(holdMax - 150*time.Millisecond)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	must(t, err)
	defer f.Close()
	_, err = f.WriteString("half ")
	must(t, err)
	noBatchWith(t, w.out, p, 400*time.Millisecond)
	_, err = f.WriteString("and whole")
	must(t, err)
	must(t, f.Close())
	await(t, w.out, p)
}

// A save's close ends its batch at once even while another file of the
// batch is open for writing (an editor's swap file): that one alone is
// held back.
func TestSaveEndsBatchBesideOpenFile(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "unit.md")
	must(t, os.WriteFile(p, []byte("old"), 0o644))
	w := closesWatcher(t, root, Options{Debounce: time.Hour, MaxDelay: time.Hour})
	openSwap(t, root)
	must(t, os.WriteFile(p, []byte("saved"), 0o644))
	select {
	case b := <-w.out:
		if !slices.Equal(b.Paths, []string{p}) {
			t.Errorf("got %v, want the save alone", b.Paths)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the save waited for quiet beside the open swap file")
	}
}
