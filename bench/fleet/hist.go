package main

// A log-linear latency histogram, small enough to merge across fleet
// processes as JSON: 64 buckets per power of two of microseconds, so a
// reported percentile is within 1.6% of the true value.

import (
	"math/bits"
	"slices"
	"time"
)

const subBits = 6 // 2^subBits buckets per power of two

// hist counts durations in microseconds.
type hist struct {
	Counts map[int]uint64 `json:"counts"` // by bucket index
	N      uint64         `json:"n"`
	Max    int64          `json:"max_us"`
	Sum    int64          `json:"sum_us"`
}

func newHist() *hist { return &hist{Counts: map[int]uint64{}} }

// bucket returns the bucket of v: v itself below 2^(subBits+1), then
// 2^subBits buckets for each further power of two.
func bucket(v uint64) int {
	if v < 1<<(subBits+1) {
		return int(v)
	}
	e := bits.Len64(v) - subBits - 1 // v>>e is in [2^subBits, 2^(subBits+1))
	return (e+1)<<subBits + int(v>>e) - 1<<subBits
}

// upper returns the largest value in bucket b.
func upper(b int) uint64 {
	if b < 1<<(subBits+1) {
		return uint64(b)
	}
	e := b>>subBits - 1
	m := uint64(b&(1<<subBits-1) + 1<<subBits)
	return (m+1)<<e - 1
}

func (h *hist) add(d time.Duration) {
	us := d.Microseconds()
	if us < 0 {
		us = 0
	}
	h.Counts[bucket(uint64(us))]++
	h.N++
	h.Sum += us
	h.Max = max(h.Max, us)
}

func (h *hist) merge(o *hist) {
	if o == nil {
		return
	}
	for b, n := range o.Counts {
		h.Counts[b] += n
	}
	h.N += o.N
	h.Sum += o.Sum
	h.Max = max(h.Max, o.Max)
}

// quantile returns the q-quantile (0 < q ≤ 1), as the upper bound of its
// bucket, never above the largest value seen.
func (h *hist) quantile(q float64) time.Duration {
	if h.N == 0 {
		return 0
	}
	rank := uint64(q*float64(h.N) + 0.5)
	rank = max(rank, 1)
	keys := make([]int, 0, len(h.Counts))
	for b := range h.Counts {
		keys = append(keys, b)
	}
	slices.Sort(keys)
	var seen uint64
	for _, b := range keys {
		seen += h.Counts[b]
		if seen >= rank {
			return time.Duration(min(int64(upper(b)), h.Max)) * time.Microsecond
		}
	}
	return time.Duration(h.Max) * time.Microsecond
}

func (h *hist) mean() time.Duration {
	if h.N == 0 {
		return 0
	}
	return time.Duration(h.Sum/int64(h.N)) * time.Microsecond
}
