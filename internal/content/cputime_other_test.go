//go:build !unix

package content_test

import "time"

// cpuTime returns 0: the processor time is only measured on Unix.
func cpuTime() time.Duration { return 0 }
