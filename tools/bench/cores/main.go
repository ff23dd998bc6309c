// Command cores measures how much parallel compute the machine really
// gives, for make bench: it times the same arithmetic on one goroutine,
// then split across GOMAXPROCS goroutines, and prints the speedup (median
// of -runs tries). A machine whose CPUs are shared with others, or
// throttled, shows less than its CPU count; the build's wall time can only
// gain that much from parallel work.
//
//	go run ./tools/bench/cores
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"
)

// work is arithmetic the compiler cannot drop, about 100 ms on one core.
func work(n int) int {
	x := 0
	for i := range n {
		x += i * i % 7
	}
	return x
}

// sink keeps the results of work, so that it is not optimised away.
var sink int

func main() {
	runs := flag.Int("runs", 5, "number of tries")
	flag.Parse()
	const n = 300_000_000
	procs := runtime.GOMAXPROCS(0)
	var ratios []float64
	for range *runs {
		start := time.Now()
		sink += work(n)
		one := time.Since(start)
		start = time.Now()
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range procs {
			wg.Go(func() {
				x := work(n / procs)
				mu.Lock()
				sink += x
				mu.Unlock()
			})
		}
		wg.Wait()
		ratios = append(ratios, float64(one)/float64(time.Since(start)))
	}
	runtime.KeepAlive(sink)
	slices.Sort(ratios)
	fmt.Fprintf(os.Stdout, "%d CPUs give %.2f times the compute of one (median of %d tries, %.2f to %.2f)\n",
		procs, ratios[len(ratios)/2], len(ratios), ratios[0], ratios[len(ratios)-1])
}
