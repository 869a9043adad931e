// Package logcount is a log/slog handler for benchmarks: it counts the
// records of the server under test by a key, and prints the warnings and
// errors (every record when verbose), so that a run's log is a summary.
package logcount

import (
	"context"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
)

// Handler counts records. Make one with New.
type Handler struct {
	mu      *sync.Mutex
	counts  map[string]int
	key     func(slog.Record) string
	verbose bool
	print   slog.Handler
}

// New returns a handler that prints to standard error and counts
// records by key(record); nil counts them by level and message.
func New(verbose bool, key func(slog.Record) string) *Handler {
	if key == nil {
		key = func(r slog.Record) string { return r.Level.String() + " " + r.Message }
	}
	return &Handler{mu: new(sync.Mutex), counts: map[string]int{}, key: key, verbose: verbose,
		print: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})}
}

// Enabled reports true: every record is counted.
func (h *Handler) Enabled(context.Context, slog.Level) bool { return true }

// Handle counts r, and prints it if it is a warning or worse or the
// handler is verbose.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	k := h.key(r)
	h.mu.Lock()
	h.counts[k]++
	h.mu.Unlock()
	if h.verbose || r.Level >= slog.LevelWarn {
		return h.print.Handle(ctx, r)
	}
	return nil
}

// WithAttrs returns a handler that counts into the same counts.
func (h *Handler) WithAttrs(a []slog.Attr) slog.Handler {
	c := *h
	c.print = h.print.WithAttrs(a)
	return &c
}

// WithGroup returns a handler that counts into the same counts.
func (h *Handler) WithGroup(name string) slog.Handler {
	c := *h
	c.print = h.print.WithGroup(name)
	return &c
}

// Counts returns a copy of the counts so far.
func (h *Handler) Counts() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.counts)
}

// ByCount returns the keys of m, largest count first, then in order.
func ByCount(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return keys
}
