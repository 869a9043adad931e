package main

// The server process's memory, measured after a full collection, and
// the formatting of figures.

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"drey/bench/internal/procstat"
)

// memory is the server process's memory at one moment, after a full
// garbage collection that returned free pages to the OS.
type memory struct {
	HeapInuse  int64 `json:"heap_inuse"`
	StackInuse int64 `json:"stack_inuse"`
	Sys        int64 `json:"sys"` // everything the Go runtime holds from the OS
	RSS        int64 `json:"rss"`
	Goroutines int   `json:"goroutines"`
}

// measureMemory collects garbage first, so that the figures are of live
// data and do not depend on when the last collection ran. It pauses the
// process for the collection: do not call it while latencies are timed.
func measureMemory() memory {
	debug.FreeOSMemory() // a forced GC, then free pages returned
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memory{HeapInuse: int64(ms.HeapInuse), StackInuse: int64(ms.StackInuse), Sys: int64(ms.Sys),
		RSS: procstat.RSS("self"), Goroutines: runtime.NumGoroutine()}
}

func (m memory) minus(o memory) memory {
	return memory{HeapInuse: m.HeapInuse - o.HeapInuse, StackInuse: m.StackInuse - o.StackInuse,
		Sys: m.Sys - o.Sys, RSS: m.RSS - o.RSS, Goroutines: m.Goroutines - o.Goroutines}
}

func (m memory) String() string {
	return fmt.Sprintf("heap in use %s, stacks %s, Go runtime %s, RSS %s, %d goroutines",
		mib(m.HeapInuse), mib(m.StackInuse), mib(m.Sys), mib(m.RSS), m.Goroutines)
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// kib formats a per-device figure.
func kib(b float64) string { return fmt.Sprintf("%.1f KiB", b/1024) }
