package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// supportT0 is the "now" of the support tests: mid-afternoon, so that a
// date and a time on it differ.
var supportT0 = time.Date(2026, 3, 10, 15, 4, 5, 0, time.UTC)

// day parses a support date, failing the test if it is not one.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A model's support date is published, read, listed, moved later and
// earlier within the rules, and every change is kept with who, when,
// the old and new dates and the note (REQ-LIFE-1, REQ-LIFE-2).
// REQ-LIFE-1, REQ-LIFE-2.
func testModelSupport(t *testing.T, f fixture) {
	_, err := f.s.ModelSupport(f.ctx, "imp001")
	wantErr(t, "ModelSupport before any", err, ErrNotFound)
	_, err = f.s.ModelSupportHistory(f.ctx, "imp001")
	wantErr(t, "ModelSupportHistory before any", err, ErrNotFound)
	if ms, err := f.s.ModelSupports(f.ctx); err != nil || len(ms) != 0 {
		t.Fatalf("ModelSupports before any = %v, %v", ms, err)
	}

	set := func(model, until string, at time.Time, by, note string) (ModelSupport, error) {
		return f.s.SetModelSupport(f.ctx, ModelSupport{Model: model, Until: day(t, until), Announced: at, By: by, Note: note})
	}
	m, err := set("imp001", "2031-06-30", supportT0, "alice", "five years from launch")
	must(t, "SetModelSupport first", err)
	if !m.Until.Equal(day(t, "2031-06-30")) || !m.Announced.Equal(supportT0) || m.By != "alice" || m.Note != "five years from launch" {
		t.Errorf("SetModelSupport = %+v", m)
	}
	got, err := f.s.ModelSupport(f.ctx, "imp001")
	must(t, "ModelSupport", err)
	if got.Model != m.Model || !got.Until.Equal(m.Until) || !got.Announced.Equal(m.Announced) || got.By != m.By || got.Note != m.Note {
		t.Errorf("ModelSupport = %+v, want %+v", got, m)
	}
	later := supportT0.Add(24 * time.Hour)
	_, err = set("imp001", "2032-06-30", later, "bob", "extended")
	must(t, "SetModelSupport later", err)
	same, err := set("imp001", "2032-06-30", later.Add(time.Hour), "carol", "typo in the note")
	must(t, "SetModelSupport same date", err)
	if !same.Announced.Equal(later) || same.Note != "typo in the note" {
		t.Errorf("same date again = %+v: want the announcement kept and the note changed", same)
	}
	_, err = set("imp001", "2027-03-09", later.Add(2*time.Hour), "mallory", "too soon")
	var ne *NoticeError
	if !errors.As(err, &ne) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("moving earlier than twelve months: %v, want a NoticeError wrapping ErrInvalid", err)
	}
	earlier, err := set("imp001", "2030-01-01", later.Add(3*time.Hour), "bob", "component end of life")
	must(t, "SetModelSupport earlier, with notice", err)
	if !earlier.Announced.Equal(later.Add(3 * time.Hour)) {
		t.Errorf("moved earlier: Announced = %v", earlier.Announced)
	}
	_, err = set("imp003", "2033-12-31", time.Time{}, "alice", "")
	must(t, "SetModelSupport imp003, announced now", err)

	ms, err := f.s.ModelSupports(f.ctx)
	must(t, "ModelSupports", err)
	if len(ms) != 2 || ms[0].Model != "imp001" || ms[1].Model != "imp003" || !ms[0].Until.Equal(day(t, "2030-01-01")) {
		t.Errorf("ModelSupports = %+v", ms)
	}
	if a := ms[1].Announced; time.Since(a) > time.Minute || a.Location() != time.UTC {
		t.Errorf("imp003 announced %v, want now in UTC", a)
	}

	h, err := f.s.ModelSupportHistory(f.ctx, "imp001")
	must(t, "ModelSupportHistory", err)
	var lines []string
	for _, c := range h {
		old := "-"
		if c.Old != nil {
			old = c.Old.Format(DateLayout)
		}
		lines = append(lines, fmt.Sprintf("%s %s->%s %s %q %s", c.Model, old, c.New.Format(DateLayout), c.By, c.Note, c.At.Sub(supportT0)))
	}
	want := []string{
		`imp001 -->2031-06-30 alice "five years from launch" 0s`,
		`imp001 2031-06-30->2032-06-30 bob "extended" 24h0m0s`,
		`imp001 2032-06-30->2032-06-30 carol "typo in the note" 25h0m0s`,
		`imp001 2032-06-30->2030-01-01 bob "component end of life" 27h0m0s`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("history:\n%s\nwant (the refused change absent):\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for i := 1; i < len(h); i++ {
		if h[i].Seq <= h[i-1].Seq {
			t.Errorf("history seqs not increasing: %d then %d", h[i-1].Seq, h[i].Seq)
		}
	}

	for name, bad := range map[string]ModelSupport{
		"empty model":    {Until: day(t, "2040-01-01"), By: "x"},
		"model with /":   {Model: "imp/001", Until: day(t, "2040-01-01"), By: "x"},
		"no date":        {Model: "imp009", By: "x"},
		"not a midnight": {Model: "imp009", Until: day(t, "2040-01-01").Add(time.Hour), By: "x"},
		"nobody":         {Model: "imp009", Until: day(t, "2040-01-01")},
	} {
		_, err := f.s.SetModelSupport(f.ctx, bad)
		wantErr(t, "SetModelSupport "+name, err, ErrInvalid)
	}
	if _, err := f.s.ModelSupport(f.ctx, "imp009"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a refused first publication was kept: %v", err)
	}
}

// The twelve months' notice: a first date, or a move earlier, must be at
// least twelve months after its announcement; a move later is always
// allowed, even to a date already past (REQ-LIFE-2).
// REQ-LIFE-2.
func testModelSupportNotice(t *testing.T, f fixture) {
	const earliest = "2027-03-10" // supportT0 plus twelve months, as a date
	cases := []struct {
		name  string
		old   string // published long before, "" for none
		until string
		ok    bool
	}{
		{"first, at the boundary", "", earliest, true},
		{"first, a day short", "", "2027-03-09", false},
		{"first, months short", "", "2026-12-31", false},
		{"first, in the past", "", "2025-01-01", false},
		{"first, far ahead", "", "2040-01-01", true},
		{"later", "2030-01-01", "2031-01-01", true},
		{"later, still under twelve months", "2026-06-01", "2026-09-01", true},
		{"later, after support ended", "2025-01-01", "2025-06-01", true},
		{"the same", "2026-06-01", "2026-06-01", true},
		{"earlier, at the boundary", "2030-01-01", earliest, true},
		{"earlier, a day short", "2030-01-01", "2027-03-09", false},
		{"earlier, months short", "2027-06-01", "2026-04-01", false},
	}
	for i, c := range cases {
		model := fmt.Sprintf("notice%02d", i)
		if c.old != "" {
			// Announced long ago, so that any old date was allowed then.
			_, err := f.s.SetModelSupport(f.ctx, ModelSupport{Model: model, Until: day(t, c.old), Announced: supportT0.AddDate(-10, 0, 0), By: "setup"})
			must(t, c.name+": publish the old date", err)
		}
		_, err := f.s.SetModelSupport(f.ctx, ModelSupport{Model: model, Until: day(t, c.until), Announced: supportT0, By: "op"})
		if c.ok {
			if err != nil {
				t.Errorf("%s: %s -> %s refused: %v", c.name, c.old, c.until, err)
			}
			continue
		}
		var ne *NoticeError
		if !errors.As(err, &ne) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %s -> %s: error %v, want a NoticeError wrapping ErrInvalid", c.name, c.old, c.until, err)
			continue
		}
		if ne.Earliest.Format(DateLayout) != earliest || ne.Model != model {
			t.Errorf("%s: NoticeError %+v", c.name, ne)
		}
		if msg := err.Error(); !strings.Contains(msg, "until "+c.until) || !strings.Contains(msg, earliest) {
			t.Errorf("%s: error %q does not name the field, the value and the earliest date", c.name, msg)
		}
		m, err := f.s.ModelSupport(f.ctx, model)
		switch {
		case c.old == "" && !errors.Is(err, ErrNotFound):
			t.Errorf("%s: a refused first date was kept: %+v %v", c.name, m, err)
		case c.old != "" && (err != nil || m.Until.Format(DateLayout) != c.old):
			t.Errorf("%s: a refused change changed the date: %+v %v", c.name, m, err)
		}
	}
}
