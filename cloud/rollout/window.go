package rollout

import (
	"fmt"
	"time"
)

// Window is a daily maintenance window, such as 02:00-05:00, in a device
// group's time zone. A window whose end is before its start runs past
// midnight (22:00-02:00). The zero Window is always open.
type Window struct {
	start, end int // minutes after midnight
	set        bool
}

// ParseWindow parses "HH:MM-HH:MM"; the empty string is no window.
func ParseWindow(s string) (Window, error) {
	if s == "" {
		return Window{}, nil
	}
	var h1, m1, h2, m2 int
	var rest string
	n, _ := fmt.Sscanf(s, "%2d:%2d-%2d:%2d%s", &h1, &m1, &h2, &m2, &rest)
	if n != 4 || len(s) != len("00:00-00:00") || h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 || h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0 {
		return Window{}, fmt.Errorf("maintenance window %q: want HH:MM-HH:MM", s)
	}
	w := Window{start: h1*60 + m1, end: h2*60 + m2, set: true}
	if w.start == w.end {
		return Window{}, fmt.Errorf("maintenance window %q is empty", s)
	}
	return w, nil
}

// Open reports whether t, seen in loc, is inside the window.
func (w Window) Open(t time.Time, loc *time.Location) bool {
	if !w.set {
		return true
	}
	lt := t.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	if w.start < w.end {
		return m >= w.start && m < w.end
	}
	return m >= w.start || m < w.end
}
