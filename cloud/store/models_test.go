// Tests of the support-date arithmetic, and of what only SQLite's schema
// can show: the support history cannot be rewritten.

package store

import (
	"context"
	"testing"
	"time"
)

// The twelve months' notice counts from the announcement to the date
// twelve months later, in UTC; support ends when the whole of its last
// day has passed.
// REQ-LIFE-2, REQ-LIFE-3.
func TestSupportDates(t *testing.T) {
	for _, c := range []struct {
		at, earliest string
	}{
		{"2026-03-10T15:04:05Z", "2027-03-10"},
		{"2026-03-10T00:00:00Z", "2027-03-10"},
		{"2026-03-10T23:30:00-05:00", "2027-03-11"}, // already the 11th in UTC
		{"2028-02-29T12:00:00Z", "2029-03-01"},      // no 29th in 2029: the notice is never short
		{"2026-12-31T23:59:59Z", "2027-12-31"},
	} {
		at, err := time.Parse(time.RFC3339, c.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := EarliestSupportEnd(at).Format(DateLayout); got != c.earliest {
			t.Errorf("EarliestSupportEnd(%s) = %s, want %s", c.at, got, c.earliest)
		}
		if d := EarliestSupportEnd(at).AddDate(0, 0, 1).Sub(at); d < 365*24*time.Hour {
			t.Errorf("EarliestSupportEnd(%s): support would end %v after the announcement", c.at, d)
		}
	}
	m := ModelSupport{Model: "imp001", Until: time.Date(2031, 6, 30, 0, 0, 0, 0, time.UTC)}
	for _, c := range []struct {
		now   string
		ended bool
	}{
		{"2031-06-29T12:00:00Z", false},
		{"2031-06-30T23:59:59Z", false}, // the last day is a day of support
		{"2031-07-01T00:00:00Z", true},
		{"2031-07-01T01:00:00+02:00", false}, // 23:00 UTC on the 30th
		{"2040-01-01T00:00:00Z", true},
	} {
		now, err := time.Parse(time.RFC3339, c.now)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Ended(now); got != c.ended {
			t.Errorf("Ended(%s) = %v, want %v", c.now, got, c.ended)
		}
	}
}

// The support history is append-only in the schema itself: a program
// writing the file directly cannot rewrite who announced what, or when.
// REQ-LIFE-1.
func TestSQLiteSupportHistoryAppendOnly(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	ctx := context.Background()
	_, err := s.SetModelSupport(ctx, ModelSupport{Model: "imp001", Until: EarliestSupportEnd(time.Now()).AddDate(1, 0, 0), By: "op"})
	must(t, "SetModelSupport", err)
	for _, q := range []string{
		`UPDATE model_support_history SET new_until = '2099-01-01'`,
		`DELETE FROM model_support_history`,
	} {
		if _, err := s.w.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE model_support SET until = '2031-02-30'`); err == nil {
		t.Error("the schema took 2031-02-30 as a date")
	}
	h, err := s.ModelSupportHistory(ctx, "imp001")
	if err != nil || len(h) != 1 {
		t.Fatalf("history after the attempts: %+v %v", h, err)
	}
}
