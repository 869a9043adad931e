package rollout

import (
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	day := func(h, m int) time.Time { return time.Date(2026, 11, 26, h, m, 0, 0, paris) }
	for _, tt := range []struct {
		w    string
		t    time.Time
		open bool
	}{
		{"", day(12, 0), true},
		{"02:00-05:00", day(2, 0), true}, {"02:00-05:00", day(4, 59), true}, {"02:00-05:00", day(5, 0), false},
		{"22:00-02:00", day(23, 30), true}, {"22:00-02:00", day(1, 0), true}, {"22:00-02:00", day(12, 0), false},
		// 03:00 UTC is 04:00 in Paris in November: inside.
		{"02:00-05:00", time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC), true},
	} {
		w, err := ParseWindow(tt.w)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Open(tt.t, paris); got != tt.open {
			t.Errorf("%q open at %v = %v", tt.w, tt.t, got)
		}
	}
	for _, bad := range []string{"2:00-5:00", "02:00-05:00x", "24:00-01:00", "02:60-03:00", "03:00-03:00", "night"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q) accepted", bad)
		}
	}
}
