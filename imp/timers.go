package imp

import (
	"container/heap"
	"time"
)

// timer is a pending imp.wakeup.
type timer struct {
	due   time.Time
	seq   int // ties break in the order the timers were set
	cb    callback
	index int
	id    int
}

// timerHeap orders timers by due time.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].due.Equal(h[j].due) {
		return h[i].seq < h[j].seq
	}
	return h[i].due.Before(h[j].due)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// cancel removes the timer with the given id and reports whether it was
// pending.
func (h *timerHeap) cancel(id int) (*timer, bool) {
	for _, t := range *h {
		if t.id == id {
			heap.Remove(h, t.index)
			return t, true
		}
	}
	return nil, false
}
