package loglimit

import (
	"strings"
	"testing"
	"time"
)

// A burst is allowed, the excess dropped, and the next line allowed after
// the bucket refills says how many were dropped.
func TestLimiter(t *testing.T) {
	l := &Limiter{Rate: 10, Burst: 5}
	now := time.Unix(1000, 0)
	allowed := 0
	for i := 0; i < 20; i++ {
		if ok, note := l.Allow(now); ok {
			allowed++
			if note != "" {
				t.Fatalf("note before any drop: %q", note)
			}
		}
	}
	if allowed != 5 {
		t.Fatalf("allowed %d of a burst of 20, want 5", allowed)
	}
	ok, note := l.Allow(now.Add(100 * time.Millisecond))
	if !ok || !strings.HasPrefix(note, "15 log lines dropped") {
		t.Fatalf("after refill: %v %q", ok, note)
	}
	// A second of quiet refills the whole burst, and no more.
	now = now.Add(10 * time.Second)
	allowed = 0
	for i := 0; i < 20; i++ {
		if ok, _ := l.Allow(now); ok {
			allowed++
		}
	}
	if allowed != 5 {
		t.Fatalf("allowed %d after a long pause, want the burst of 5", allowed)
	}
}
