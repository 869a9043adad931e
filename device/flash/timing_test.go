package flash

import (
	"fmt"
	"testing"
	"time"
)

type recorder struct {
	sleeps []time.Duration
	ops    []string
}

func (r *recorder) Sleep(d time.Duration) { r.sleeps = append(r.sleeps, d) }

func (r *recorder) Op(kind OpKind, sector int, d time.Duration) {
	r.ops = append(r.ops, fmt.Sprintf("%v %d %v", kind, sector, d))
}

func TestEraseTimes(t *testing.T) {
	tests := []struct {
		t    Timing
		size int
		want time.Duration
	}{
		{STM32F205Timing, 16 * kb, 250 * time.Millisecond},
		{STM32F205Timing, 128 * kb, time.Second},
		{STM32F205Timing, 64 * kb, 571428571 * time.Nanosecond},
		{SPITiming, 4 * kb, 45 * time.Millisecond},
		{SPITiming, 64 * kb, 150 * time.Millisecond},
		{Timing{EraseSmall: time.Second, SmallSector: 64}, 4096, time.Second},
		{Timing{}, 4096, 0},
	}
	for _, tt := range tests {
		if got := tt.t.EraseTime(tt.size); got != tt.want {
			t.Errorf("EraseTime(%d) = %v, want %v", tt.size, got, tt.want)
		}
	}
	// The 64 KB sector must stay within the datasheet's typical-to-maximum
	// spread (550 ms to 1100 ms).
	if d := STM32F205Timing.EraseTime(64 * kb); d < 550*time.Millisecond || d > 1100*time.Millisecond {
		t.Errorf("64 KB erase %v is outside the datasheet range", d)
	}
}

func TestTimingAccumulatesWithScaleZero(t *testing.T) {
	f, _ := NewSparse(STM32F205)
	f.SetTiming(STM32F205Timing)
	f.SetClock(ScaledClock(0))
	start := time.Now()
	must(t, f.Erase(5))                                   // 1 s
	must(t, f.Erase(0))                                   // 250 ms
	must(t, f.Program(0x1fff8, make([]byte, 16)))         // 4 words over two sectors
	must(t, f.Program(0, []byte{1, 2, 3, 4, 5, 6, 7, 8})) // 2 words
	want := time.Second + 250*time.Millisecond + 6*16*time.Microsecond
	if got := f.Elapsed(); got != want {
		t.Fatalf("Elapsed = %v, want %v", got, want)
	}
	if real := time.Since(start); real > 500*time.Millisecond {
		t.Fatalf("scale 0 took %v of real time", real)
	}
	f.CutAfter(1)
	f.Erase(1)
	if got := f.Elapsed(); got != want {
		t.Fatalf("an interrupted erase was charged: Elapsed = %v", got)
	}
}

func TestClockAndObserverSeeEachOp(t *testing.T) {
	f, _ := New(STM32F205)
	f.SetTiming(STM32F205Timing)
	r := &recorder{}
	f.SetClock(r)
	f.SetObserver(r)
	must(t, f.Erase(4))
	must(t, f.Program(0x1fff8, make([]byte, 16))) // sectors 4 and 5
	wantSleeps := []time.Duration{571428571, 32 * time.Microsecond, 32 * time.Microsecond}
	if len(r.sleeps) != len(wantSleeps) {
		t.Fatalf("sleeps %v, want %v", r.sleeps, wantSleeps)
	}
	for i := range wantSleeps {
		if r.sleeps[i] != wantSleeps[i] {
			t.Fatalf("sleeps %v, want %v", r.sleeps, wantSleeps)
		}
	}
	wantOps := []string{"erase 4 571.428571ms", "program 4 32µs", "program 5 32µs"}
	if len(r.ops) != 3 || r.ops[0] != wantOps[0] || r.ops[1] != wantOps[1] || r.ops[2] != wantOps[2] {
		t.Fatalf("observer saw %q, want %q", r.ops, wantOps)
	}
}

// brownout is an Observer that cuts the power after the first erase, as a
// battery model whose voltage sags under the erase load might.
type brownout struct{ f *Flash }

func (b brownout) Op(kind OpKind, sector int, d time.Duration) {
	if kind == OpErase {
		b.f.CutAfter(1)
	}
}

func TestObserverMayCut(t *testing.T) {
	f, _ := New(Uniform(2, 16, 4))
	f.SetObserver(brownout{f})
	must(t, f.Erase(0))
	if err := f.Program(0, make([]byte, 4)); err == nil || !f.PoweredOff() {
		t.Fatalf("program after brownout: %v", err)
	}
}

func TestScaledClockSleeps(t *testing.T) {
	start := time.Now()
	ScaledClock(0.001).Sleep(20 * time.Second) // 20 ms
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Fatalf("slept %v, want at least 20ms", d)
	}
}
