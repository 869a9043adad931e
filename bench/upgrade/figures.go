package main

// Formatting figures, quantiles, and the key the server's log records
// are counted by.

import (
	"fmt"
	"log/slog"
	"strings"
	"time"
)

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// q returns the quantile p (0 to 1) of sorted durations, nearest rank.
func q(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// logKey is what the server's log records are counted by: level,
// message and the kind of their error, if any.
func logKey(r slog.Record) string {
	key := r.Level.String() + " " + r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			key += ": " + genericError(a.Value.String())
		}
		return true
	})
	return key
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
