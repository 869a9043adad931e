package main

// What /proc says about a process: its resident memory and its CPU time.
// Linux only; elsewhere the figures read as zero.

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// clockTick is USER_HZ, the unit of utime and stime in /proc/PID/stat;
// 100 on every Linux the project runs on.
const clockTick = 100

// rssBytes returns VmRSS of pid ("self" for this process).
func rssBytes(pid string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v) // "123456 kB"
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// cpuTime returns the user and system time pid has used.
func cpuTime(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields
	// from after its closing parenthesis. utime and stime are fields 14
	// and 15 of the line, so 12 and 13 after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * time.Second / clockTick
}

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
		RSS: rssBytes("self"), Goroutines: runtime.NumGoroutine()}
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
