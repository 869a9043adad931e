package logcount

import (
	"log/slog"
	"slices"
	"testing"
)

// Records are counted by their key, through derived handlers too, and
// the keys come out largest count first.
func TestCounts(t *testing.T) {
	h := New(false, nil)
	log := slog.New(h)
	log.Info("connected")
	log.With("device", "d1").Info("connected")
	log.WithGroup("g").Debug("tick")
	got := h.Counts()
	if got["INFO connected"] != 2 || got["DEBUG tick"] != 1 {
		t.Errorf("counts = %v", got)
	}
	if k := ByCount(map[string]int{"b": 1, "a": 1, "c": 3}); !slices.Equal(k, []string{"c", "a", "b"}) {
		t.Errorf("ByCount = %v", k)
	}
	keyed := New(false, func(r slog.Record) string { return r.Message + "!" })
	slog.New(keyed).Info("x")
	if keyed.Counts()["x!"] != 1 {
		t.Errorf("keyed counts = %v", keyed.Counts())
	}
}
