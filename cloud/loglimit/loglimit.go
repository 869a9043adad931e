// Package loglimit bounds how fast one device or agent may write to its
// log, so that code stuck printing in a loop costs the service a bounded
// amount of storage work and cannot slow the other devices down.
package loglimit

import (
	"fmt"
	"sync"
	"time"
)

// The defaults: a sustained 20 lines a second, in bursts of up to 200.
const (
	DefaultRate  = 20
	DefaultBurst = 200
)

// Limiter is a token bucket for one log. The zero Limiter uses the
// defaults. It is safe for concurrent use.
type Limiter struct {
	Rate  float64 // lines per second, sustained
	Burst float64 // lines at once

	mu      sync.Mutex
	tokens  float64
	last    time.Time
	dropped int
}

// Allow reports whether a line may be written at now. When it may, and
// lines were dropped since the last one allowed, note is the line to
// write first, saying how many.
func (l *Limiter) Allow(now time.Time) (ok bool, note string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rate, burst := l.Rate, l.Burst
	if rate <= 0 {
		rate = DefaultRate
	}
	if burst <= 0 {
		burst = DefaultBurst
	}
	if l.last.IsZero() {
		l.tokens = burst
	} else if d := now.Sub(l.last).Seconds(); d > 0 {
		l.tokens = min(burst, l.tokens+d*rate)
	}
	l.last = now
	if l.tokens < 1 {
		l.dropped++
		return false, ""
	}
	l.tokens--
	if l.dropped > 0 {
		note = fmt.Sprintf("%d log lines dropped: more than %g a second", l.dropped, rate)
		l.dropped = 0
	}
	return true, note
}
