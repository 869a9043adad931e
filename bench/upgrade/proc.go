package main

// What /proc says about a process (Linux only; elsewhere the figures read
// as zero), quantiles, and a log handler that counts the server's records.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// clockTick is USER_HZ, the unit of utime and stime in /proc/PID/stat.
const clockTick = 100

// cpuTime returns the user and system time this process has used.
func cpuTime() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
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

// rssBytes returns this process's VmRSS.
func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			if f := strings.Fields(v); len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// q returns the quantile p (0 to 1) of sorted durations, nearest rank.
func q(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// sortedKeys returns the keys of m, largest count first.
func sortedKeys(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return keys
}

// countingHandler counts the server's log records by level and message,
// and prints warnings and errors (every record when verbose).
type countingHandler struct {
	mu      *sync.Mutex
	counts  map[string]int
	verbose bool
	print   slog.Handler
}

func newCountingHandler(verbose bool) *countingHandler {
	return &countingHandler{mu: new(sync.Mutex), counts: map[string]int{}, verbose: verbose,
		print: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})}
}

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *countingHandler) Handle(ctx context.Context, r slog.Record) error {
	key := r.Level.String() + " " + r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			key += ": " + genericError(a.Value.String())
		}
		return true
	})
	h.mu.Lock()
	h.counts[key]++
	h.mu.Unlock()
	if h.verbose || r.Level >= slog.LevelWarn {
		return h.print.Handle(ctx, r)
	}
	return nil
}

func (h *countingHandler) WithAttrs(a []slog.Attr) slog.Handler {
	c := *h
	c.print = h.print.WithAttrs(a)
	return &c
}

func (h *countingHandler) WithGroup(name string) slog.Handler {
	c := *h
	c.print = h.print.WithGroup(name)
	return &c
}

func (h *countingHandler) snapshot() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.counts)
}

// genericError takes device ids, rollout ids and numbers out of an
// error's text, so that records count by kind.
func genericError(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		digits := 0
		for _, c := range w {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		if digits > 0 && (len(w) >= 12 || digits == len(strings.Trim(w, ".,:;()\"'"))) {
			f[i] = "…"
		}
	}
	return strings.Join(f, " ")
}
