// Conformance suite: logs and their retention.

package store

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func testLogs(t *testing.T, f fixture) {
	a := f.owner("a")
	d := f.device(a.ID, "")
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	// Appended out of time order, with two lines at the same instant.
	f.log(a.ID, d.ID, t0.Add(2*time.Second), "c")
	f.log(a.ID, d.ID, t0, "a")
	f.log(a.ID, d.ID, t0.Add(time.Second), "b1")
	f.log(a.ID, d.ID, t0.Add(time.Second), "b2")
	err := f.s.AppendLog(f.ctx, a.ID, LogLine{DeviceID: d.ID, Time: t0.Add(3 * time.Second), Source: SourceAgent, Level: LevelError, Text: "d"})
	must(t, "AppendLog", err)

	text := func(ls []LogLine) string {
		s := ""
		for _, l := range ls {
			s += l.Text + " "
		}
		return s
	}
	all, err := f.s.Logs(f.ctx, a.ID, d.ID, time.Time{}, 0)
	must(t, "Logs", err)
	if got := text(all); got != "a b1 b2 c d " {
		t.Errorf("Logs = %q, want in time order", got)
	}
	last := all[len(all)-1]
	if last.DeviceID != d.ID || !last.Time.Equal(t0.Add(3*time.Second)) || last.Source != SourceAgent || last.Level != LevelError {
		t.Errorf("last line = %+v", last)
	}
	if all[1].Seq >= all[2].Seq || all[0].Seq <= all[3].Seq {
		t.Errorf("Seq is not the order of appending: %+v", all)
	}
	got, err := f.s.Logs(f.ctx, a.ID, d.ID, t0.Add(time.Second), 0)
	must(t, "Logs since", err)
	if s := text(got); s != "b1 b2 c d " {
		t.Errorf("Logs since t0+1s = %q", s)
	}
	got, err = f.s.Logs(f.ctx, a.ID, d.ID, time.Time{}, 2)
	must(t, "Logs limit", err)
	if s := text(got); s != "c d " {
		t.Errorf("Logs limit 2 = %q, want the 2 most recent", s)
	}

	before := now()
	must(t, "AppendLog now", f.s.AppendLog(f.ctx, a.ID, LogLine{DeviceID: d.ID, Source: SourceStatus, Level: LevelInfo, Text: "now"}))
	got, err = f.s.Logs(f.ctx, a.ID, d.ID, before, 0)
	must(t, "Logs", err)
	if len(got) != 1 || got[0].Text != "now" {
		t.Errorf("a line with no time is not stamped now: %+v", got)
	}

	err = f.s.AppendLog(f.ctx, a.ID, LogLine{DeviceID: d.ID, Source: "kernel", Level: LevelInfo})
	wantErr(t, "AppendLog unknown source", err, ErrInvalid)
	err = f.s.AppendLog(f.ctx, a.ID, LogLine{DeviceID: d.ID, Source: SourceDevice, Level: "debug"})
	wantErr(t, "AppendLog unknown level", err, ErrInvalid)
	err = f.s.AppendLog(f.ctx, a.ID, LogLine{DeviceID: "nope", Source: SourceDevice, Level: LevelInfo})
	wantErr(t, "AppendLog unknown device", err, ErrNotFound)
}

// testLogsConcurrent appends from 8 goroutines while 2 read: no write
// may fail (as SQLITE_BUSY would) and every line must be kept.
func testLogsConcurrent(t *testing.T, f fixture) {
	a := f.owner("a")
	devs := []Device{f.device(a.ID, ""), f.device(a.ID, "")}
	const writers, each = 8, 50
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				d := devs[(w+i)%len(devs)]
				err := f.s.AppendLog(f.ctx, a.ID, LogLine{DeviceID: d.ID, Source: SourceDevice, Level: LevelInfo, Text: fmt.Sprint(w, i)})
				if err != nil {
					t.Errorf("AppendLog: %v", err)
					return
				}
			}
		}()
	}
	var readers sync.WaitGroup
	for r := range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := f.s.Logs(f.ctx, a.ID, devs[r].ID, time.Time{}, 10); err != nil {
					t.Errorf("Logs: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	seen := map[int64]bool{}
	for _, d := range devs {
		ls, err := f.s.Logs(f.ctx, a.ID, d.ID, time.Time{}, 0)
		must(t, "Logs", err)
		for _, l := range ls {
			seen[l.Seq] = true
		}
	}
	if len(seen) != writers*each {
		t.Errorf("%d distinct lines kept, want %d", len(seen), writers*each)
	}
}

func testPruneLogs(t *testing.T, f fixture) {
	a := f.owner("a")
	d1, d2 := f.device(a.ID, ""), f.device(a.ID, "")
	t0 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10 {
		f.log(a.ID, d1.ID, t0.Add(time.Duration(i)*time.Hour), fmt.Sprint(i))
	}
	for i := range 3 {
		f.log(a.ID, d2.ID, t0.Add(time.Duration(i)*time.Hour), fmt.Sprint(i))
	}
	count := func(d Device) int {
		ls, err := f.s.Logs(f.ctx, a.ID, d.ID, time.Time{}, 0)
		must(t, "Logs", err)
		return len(ls)
	}

	n, err := f.s.PruneLogs(f.ctx, time.Time{}, 0)
	must(t, "PruneLogs nothing", err)
	if n != 0 || count(d1) != 10 {
		t.Errorf("PruneLogs with no limits deleted %d", n)
	}

	// Age: lines before t0+2h go (2 of d1, 2 of d2).
	n, err = f.s.PruneLogs(f.ctx, t0.Add(2*time.Hour), 0)
	must(t, "PruneLogs by age", err)
	if n != 4 || count(d1) != 8 || count(d2) != 1 {
		t.Errorf("PruneLogs by age deleted %d, left %d and %d; want 4, 8 and 1", n, count(d1), count(d2))
	}

	// Count: d1 keeps its 5 newest; d2 is under the cap.
	n, err = f.s.PruneLogs(f.ctx, time.Time{}, 5)
	must(t, "PruneLogs by count", err)
	if n != 3 || count(d1) != 5 || count(d2) != 1 {
		t.Errorf("PruneLogs by count deleted %d, left %d and %d; want 3, 5 and 1", n, count(d1), count(d2))
	}
	ls, err := f.s.Logs(f.ctx, a.ID, d1.ID, time.Time{}, 0)
	must(t, "Logs", err)
	if ls[0].Text != "5" || ls[4].Text != "9" {
		t.Errorf("kept %q..%q, want the newest 5..9", ls[0].Text, ls[4].Text)
	}

	// Both at once, in one call.
	n, err = f.s.PruneLogs(f.ctx, t0.Add(7*time.Hour), 1)
	must(t, "PruneLogs both", err)
	if n != 5 || count(d1) != 1 || count(d2) != 0 {
		t.Errorf("PruneLogs both deleted %d, left %d and %d; want 5, 1 and 0", n, count(d1), count(d2))
	}
}
