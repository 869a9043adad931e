package flash

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

// atom is one op: an erase of a sector, or a program of one word.
type atom struct {
	erase  bool
	sector int
	addr   int
	data   []byte
}

// call is one call of the scripted sequence.
type call struct {
	erase  bool
	sector int
	addr   int
	data   []byte
}

func (c call) run(f *Flash) error {
	if c.erase {
		return f.Erase(c.sector)
	}
	return f.Program(c.addr, c.data)
}

// atoms expands calls into the ops they are counted as.
func atoms(l Layout, calls []call) []atom {
	var out []atom
	for _, c := range calls {
		if c.erase {
			out = append(out, atom{erase: true, sector: c.sector})
			continue
		}
		for i := 0; i < len(c.data); i += l.WordSize {
			out = append(out, atom{addr: c.addr + i, data: c.data[i : i+l.WordSize]})
		}
	}
	return out
}

// apply does an op on a plain byte slice: the reference model.
func (a atom) apply(l Layout, mem []byte) {
	if a.erase {
		start, size := l.Sector(a.sector)
		fill(mem[start:start+size], 0xff)
		return
	}
	for j, b := range a.data {
		mem[a.addr+j] &= b
	}
}

// region returns the bytes an op touches.
func (a atom) region(l Layout) (start, end int) {
	if a.erase {
		s, n := l.Sector(a.sector)
		return s, s + n
	}
	return a.addr, a.addr + len(a.data)
}

func pattern(n int, seed byte) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = seed ^ byte(i*37)
	}
	return p
}

// TestPowerCutEverywhere cuts the power at every op of a scripted
// sequence, in both partial modes and on every backend, and checks that
// the flash holds exactly: every op before the cut done, the cut op partial
// (or not done), nothing after it.
func TestPowerCutEverywhere(t *testing.T) {
	l := Uniform(4, 64, 4)
	script := []call{
		{erase: true, sector: 0},
		{erase: true, sector: 1},
		{addr: 0, data: pattern(16, 0x10)},
		{addr: 56, data: pattern(16, 0x20)}, // crosses from sector 0 into 1
		{addr: 100, data: pattern(4, 0x30)},
		{erase: true, sector: 2},
		{addr: 128, data: pattern(8, 0x40)},
	}
	ops := atoms(l, script)

	// prepare leaves every byte programmed so that erases show.
	prepare := func(f *Flash) {
		if err := f.Program(0, pattern(l.Size(), 0x5a)); err != nil {
			t.Fatal(err)
		}
	}

	// states[i] is the reference contents after the first i ops.
	start := pattern(l.Size(), 0x5a)
	states := [][]byte{start}
	for _, a := range ops {
		next := bytes.Clone(states[len(states)-1])
		a.apply(l, next)
		states = append(states, next)
	}

	for _, b := range backends {
		// Count the ops of an uninterrupted run, as MCUboot's simulator does.
		f := b.make(t, l)
		prepare(f)
		before := f.Ops()
		for _, c := range script {
			if err := c.run(f); err != nil {
				t.Fatal(err)
			}
		}
		n := f.Ops() - before
		if n != len(ops) || n != 14 {
			t.Fatalf("%s: uninterrupted run is %d ops, want %d", b.name, n, len(ops))
		}
		if !bytes.Equal(f.Snapshot(), states[n]) {
			t.Fatalf("%s: uninterrupted run left the wrong contents", b.name)
		}

		var mixedErase, mixedWord bool
		for _, mode := range []PartialMode{PartialSome, PartialNone} {
			for k := 1; k <= n; k++ {
				t.Run(fmt.Sprintf("%s/mode%d/k%d", b.name, mode, k), func(t *testing.T) {
					f := b.make(t, l)
					prepare(f)
					f.SetPartialMode(mode)
					before := f.Ops()
					f.CutAfter(k)
					var err error
					for _, c := range script {
						if err = c.run(f); err != nil {
							break
						}
					}
					if !errors.Is(err, ErrPowerLost) {
						t.Fatalf("run ended with %v, want ErrPowerLost", err)
					}
					if got := f.Ops() - before; got != k-1 {
						t.Fatalf("%d ops completed, want %d", got, k-1)
					}
					a := ops[k-1]
					old, got := states[k-1], f.Snapshot()
					lo, hi := a.region(l)
					if !bytes.Equal(got[:lo], old[:lo]) || !bytes.Equal(got[hi:], old[hi:]) {
						t.Fatalf("bytes outside op %d's region [0x%x, 0x%x) changed", k, lo, hi)
					}
					want := bytes.Clone(old[lo:hi])
					if mode == PartialSome {
						if a.erase {
							partialErase(k, a.sector, want)
						} else {
							partialWord(k, a.addr, want, a.data)
						}
					}
					if !bytes.Equal(got[lo:hi], want) {
						t.Fatalf("op %d left % x, want % x", k, got[lo:hi], want)
					}
					if err := checkPartial(a, old[lo:hi], got[lo:hi]); err != nil {
						t.Fatal(err)
					}
					full := bytes.Clone(old)
					a.apply(l, full)
					if mode == PartialSome && !bytes.Equal(got[lo:hi], old[lo:hi]) && !bytes.Equal(got[lo:hi], full[lo:hi]) {
						if a.erase {
							mixedErase = true
						} else {
							mixedWord = true
						}
					}

					// Dead until rebooted: nothing more happens.
					if err := f.Erase(3); !errors.Is(err, ErrPowerLost) {
						t.Fatalf("erase after the cut: %v", err)
					}
					if err := f.Program(192, []byte{0, 0, 0, 0}); !errors.Is(err, ErrPowerLost) {
						t.Fatalf("program after the cut: %v", err)
					}
					if err := f.Read(0, make([]byte, 4)); !errors.Is(err, ErrPowerLost) {
						t.Fatalf("read after the cut: %v", err)
					}
					if !bytes.Equal(f.Snapshot(), got) || f.Ops()-before != k-1 {
						t.Fatal("ops after the cut changed the flash")
					}
					f.Reboot()
					p := make([]byte, l.Size())
					if err := f.Read(0, p); err != nil || !bytes.Equal(p, got) {
						t.Fatalf("read after Reboot: %v", err)
					}
					if err := f.Erase(3); err != nil {
						t.Fatalf("erase after Reboot: %v", err)
					}
				})
			}
		}
		if !mixedErase || !mixedWord {
			t.Errorf("%s: PartialSome never left a half-done erase (%v) or word (%v)", b.name, mixedErase, mixedWord)
		}
	}
}

// checkPartial checks that an interrupted op left a state the hardware
// could: an erase only sets whole bytes to 0xFF, a program only clears bits
// it was asked to clear.
func checkPartial(a atom, old, got []byte) error {
	for i := range got {
		if a.erase {
			if got[i] != 0xff && got[i] != old[i] {
				return fmt.Errorf("interrupted erase left byte %d 0x%02x, from 0x%02x", i, got[i], old[i])
			}
			continue
		}
		if got[i]&^old[i] != 0 || old[i]&a.data[i]&^got[i] != 0 {
			return fmt.Errorf("interrupted program left byte %d 0x%02x, from 0x%02x writing 0x%02x", i, got[i], old[i], a.data[i])
		}
	}
	return nil
}

func TestCutDisarm(t *testing.T) {
	f, _ := New(Uniform(2, 16, 4))
	f.CutAfter(1)
	f.CutAfter(0)
	if err := f.Erase(0); err != nil {
		t.Fatalf("CutAfter(0) left a cut armed: %v", err)
	}
	f.CutAfter(2)
	f.Reboot()
	f.Erase(0)
	if err := f.Erase(0); err != nil {
		t.Fatalf("Reboot left a cut armed: %v", err)
	}
	if f.Stats().PowerCuts != 0 || f.PoweredOff() {
		t.Fatal("a cut struck")
	}
}

func TestCutIsDeterministic(t *testing.T) {
	run := func() []byte {
		f, _ := NewSparse(Uniform(1, 256, 4))
		f.Program(0, make([]byte, 256))
		f.CutAfter(1)
		f.Erase(0)
		return f.Snapshot()
	}
	if a, b := run(), run(); !bytes.Equal(a, b) {
		t.Fatal("the same cut left different patterns")
	}
}
