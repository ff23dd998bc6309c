//go:build !linux

package watch

// closes tells when the writers of files have closed them; only Linux
// says so (inotify's IN_CLOSE_WRITE). Elsewhere newCloses returns nil and
// batches end on quiet alone.
type closes struct{}

func newCloses() *closes                    { return nil }
func (c *closes) sync()                     {}
func (c *closes) add(dir string)            {}
func (c *closes) remove(dir string)         {}
func (c *closes) state(p string) fileState  { return fileState{} }
func (c *closes) closedCh() <-chan struct{} { return nil }
func (c *closes) close()                    {}
