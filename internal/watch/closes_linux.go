//go:build linux

package watch

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// closes tells when the writers of files have closed them, from inotify's
// IN_CLOSE_WRITE, which fsnotify does not offer (its close-write operation
// is unexported). It watches the same folders as the fsnotify watcher,
// for IN_CREATE, IN_MODIFY, IN_CLOSE_WRITE and IN_MOVED_TO only, in one
// inotify queue: the kernel queues a file's events in the order they
// happen, so once the queue is read to its end, a file whose last event is
// a close was not created, written, nor replaced by a rename, since its
// writer closed it.
type closes struct {
	f     *os.File
	rc    syscall.RawConn
	ready chan struct{} // a file was closed after a write

	mu    sync.Mutex
	dirs  map[int32]string // watch descriptor → folder
	wds   map[string]int32
	files map[string]fileState
	seq   uint64 // of the last event read
	buf   []byte
}

// newCloses starts reading a new inotify queue. It returns nil when the
// system refuses one: batches then end on quiet alone.
func newCloses() *closes {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil
	}
	f := os.NewFile(uintptr(fd), "inotify") // non-blocking: read through the runtime's poller
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil
	}
	c := &closes{
		f: f, rc: rc, ready: make(chan struct{}, 1),
		dirs: map[int32]string{}, wds: map[string]int32{}, files: map[string]fileState{},
		buf: make([]byte, 64<<10),
	}
	go c.run()
	return c
}

// run reads the queue as events arrive, until the queue is closed.
func (c *closes) run() {
	for {
		// The function returns false once the queue is empty: Read then
		// waits until it can be read again.
		stop := false
		err := c.rc.Read(func(fd uintptr) bool {
			stop = c.drain(int(fd))
			return stop
		})
		if err != nil || stop {
			return
		}
	}
}

// drain reads every queued event; it returns true when the queue cannot be
// read any more.
func (c *closes) drain(fd int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	closed := false
	for {
		n, err := unix.Read(fd, c.buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n <= 0 {
			if closed {
				select {
				case c.ready <- struct{}{}:
				default:
				}
			}
			return err != nil && !errors.Is(err, unix.EAGAIN)
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&c.buf[off]))
			name := c.buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
			off += unix.SizeofInotifyEvent + int(ev.Len)
			c.seq++
			switch {
			case ev.Mask&unix.IN_Q_OVERFLOW != 0:
				clear(c.files) // events were lost: nothing is known closed
			case ev.Mask&unix.IN_IGNORED != 0:
				if dir, ok := c.dirs[ev.Wd]; ok {
					delete(c.dirs, ev.Wd)
					delete(c.wds, dir)
				}
			case ev.Len > 0:
				dir, ok := c.dirs[ev.Wd]
				if !ok {
					continue
				}
				for len(name) > 0 && name[len(name)-1] == 0 {
					name = name[:len(name)-1]
				}
				if ev.Mask&unix.IN_ISDIR != 0 {
					continue // a folder: the fsnotify watcher follows them
				}
				p := filepath.Join(dir, string(name))
				st := fileState{seq: c.seq}
				switch {
				case ev.Mask&unix.IN_CLOSE_WRITE != 0:
					st.last, closed = lastClose, true
				case ev.Mask&(unix.IN_MODIFY|unix.IN_CREATE) != 0:
					// Created (still empty, maybe) or written: the
					// writer may not be done.
					st.last = lastWrite
				default:
					st.last = lastRename
				}
				c.files[p] = st
			}
		}
	}
}

// sync reads the queue to its end: every write and close that happened
// before the call is known after it.
func (c *closes) sync() {
	c.rc.Control(func(fd uintptr) { c.drain(int(fd)) })
}

// add watches a folder's files.
func (c *closes) add(dir string) {
	c.rc.Control(func(fd uintptr) {
		wd, err := unix.InotifyAddWatch(int(fd), dir, unix.IN_CREATE|unix.IN_MODIFY|unix.IN_CLOSE_WRITE|unix.IN_MOVED_TO|unix.IN_ONLYDIR)
		if err != nil {
			return // its files are never known closed: their batches wait for quiet
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.dirs[int32(wd)] = dir
		c.wds[dir] = int32(wd)
	})
}

// remove stops watching a folder.
func (c *closes) remove(dir string) {
	c.rc.Control(func(fd uintptr) {
		c.mu.Lock()
		wd, ok := c.wds[dir]
		if ok {
			delete(c.wds, dir)
			delete(c.dirs, wd)
		}
		c.mu.Unlock()
		if ok {
			unix.InotifyRmWatch(int(fd), uint32(wd)) // already gone when the folder was deleted
		}
	})
}

// state returns the last event read for a file; the zero fileState when
// none is known.
func (c *closes) state(p string) fileState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.files[p]
}

// closedCh receives after a file was closed by its writer.
func (c *closes) closedCh() <-chan struct{} { return c.ready }

// close stops reading the queue and closes it.
func (c *closes) close() { c.f.Close() }
