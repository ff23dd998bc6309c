//go:build !unix

package pipeline

import "os"

// locksSupported says whether held can tell a live build's lock from a
// leftover one: not here, so leftovers are kept.
const locksSupported = false

// tryLock cannot lock here: it reports the lock taken.
func tryLock(*os.File) (bool, error) { return true, nil }

// lockFolder cannot lock here.
func lockFolder(string) (func(), error) { return func() {}, nil }
