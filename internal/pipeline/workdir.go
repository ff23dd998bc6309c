package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// workDir is the fresh folder a build writes into, beside its output, and
// the lock file that tells other builds it is in use.
//
// A build holds an exclusive lock (flock) on "<folder>.lock" from the
// moment the folder exists until it is gone, and the operating system
// drops the lock when the build's process ends, however it ends. So the
// next build can tell leftovers (a folder whose lock nobody holds: its
// build was killed) from the folders of builds still running, and removes
// the leftovers. Creating a folder, removing leftovers and swapping a folder
// in place of the output happen under a lock on the output's parent
// folder: two builds at once never see each other half done, and both
// succeed, the later swap winning.
type workDir struct {
	out  string   // the output folder, cleaned
	path string   // the fresh folder
	lock *os.File // held while the folder exists; nil where locks are not supported
}

// workPrefix is the name every fresh folder beside out starts with.
func workPrefix(out string) string { return "." + filepath.Base(out) + ".new-" }

// newWorkDir removes the leftovers of dead builds beside out and makes a
// fresh, empty folder there.
func newWorkDir(out string) (*workDir, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lockFolder(parent)
	if err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	defer unlock()
	stale := leftovers(parent, workPrefix(out))
	tmp, err := os.MkdirTemp(parent, workPrefix(out))
	if err != nil {
		return nil, err
	}
	w := &workDir{out: out, path: filepath.Clean(tmp)}
	if w.lock, err = holdLock(w.path + ".lock"); err != nil {
		os.Remove(w.path)
		return nil, fmt.Errorf("write: %w", err)
	}
	// The leftovers go once this build's own folder is safe, outside
	// nobody's lock: they belong to no one.
	for _, p := range stale {
		removeAll(p)
	}
	return w, nil
}

// leftovers returns the fresh folders (and the previous outputs being
// removed, "<folder>.old") beside an output whose build is no longer
// running, after renaming them out of the way, and removes the lock files
// nobody holds. It runs under the parent folder's lock.
func leftovers(parent, prefix string) []string {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || strings.HasSuffix(name, ".lock") {
			continue
		}
		owner := strings.TrimSuffix(strings.TrimSuffix(name, ".gone"), ".old")
		if held(filepath.Join(parent, owner+".lock")) {
			continue
		}
		p := filepath.Join(parent, name)
		if !strings.HasSuffix(name, ".gone") {
			// Renamed first, so that a build that fails to remove it all
			// leaves it for the next one, still recognisable.
			gone := filepath.Join(parent, owner+".gone")
			if name != owner {
				gone = filepath.Join(parent, name+".gone")
			}
			if os.Rename(p, gone) == nil {
				p = gone
			}
		}
		out = append(out, p)
	}
	for _, e := range entries {
		if name := e.Name(); strings.HasPrefix(name, prefix) && strings.HasSuffix(name, ".lock") {
			lock := filepath.Join(parent, name)
			if !held(lock) {
				os.Remove(lock)
			}
		}
	}
	return out
}

// swap puts the fresh folder in place of the output, under the parent
// folder's lock, then removes the previous output.
func (w *workDir) swap() error {
	unlock, err := lockFolder(filepath.Dir(w.out))
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	old, err := swapIn(w.path, w.out)
	unlock()
	if err != nil {
		return err
	}
	if old != "" {
		return removeAll(old)
	}
	return nil
}

// close removes the fresh folder if it is still there (the build failed)
// and the previous output if its removal failed, then its lock file.
func (w *workDir) close() {
	removeAll(w.path)
	if _, err := os.Stat(w.path + ".old"); err == nil {
		removeAll(w.path + ".old")
	}
	if w.lock != nil {
		os.Remove(w.lock.Name())
		w.lock.Close()
	}
}

// held reports whether a live process holds the lock file at p. A lock
// file that does not exist is not held.
func held(p string) bool {
	if !locksSupported {
		return true // cannot tell: leave it
	}
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	defer f.Close()
	ok, err := tryLock(f)
	if err != nil {
		return true // cannot tell: leave it
	}
	return !ok
}

// holdLock creates the lock file at p and locks it.
func holdLock(p string) (*os.File, error) {
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(f)
	if err == nil && !ok {
		err = fmt.Errorf("%s: locked by another process", p)
	}
	if err != nil {
		f.Close()
		os.Remove(p)
		return nil, err
	}
	return f, nil
}
