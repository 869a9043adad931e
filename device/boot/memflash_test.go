package boot

import (
	"errors"
	"fmt"
)

// memFlash is a small NOR flash for these tests: erase sets a sector to
// 0xFF, programming ANDs words in, and power can be cut at any operation
// (each erase and each programmed word is one), leaving that operation
// half done.
type memFlash struct {
	sizes  []int
	starts []int
	mem    []byte
	word   int
	ops    int
	cutAt  int // -1: no cut armed
	dead   bool
}

var errPowerLost = errors.New("power lost")

func newMemFlash(sizes []int, word int) *memFlash {
	f := &memFlash{sizes: sizes, word: word, cutAt: -1}
	total := 0
	for _, s := range sizes {
		f.starts = append(f.starts, total)
		total += s
	}
	f.mem = make([]byte, total)
	for i := range f.mem {
		f.mem[i] = 0xff
	}
	return f
}

func (f *memFlash) clone() *memFlash {
	c := *f
	c.mem = append([]byte(nil), f.mem...)
	return &c
}

// step counts an operation and reports whether power is off for it, and
// whether this is the operation the cut interrupted (which then has half
// its effect).
func (f *memFlash) step() (off, interrupted bool) {
	if f.dead {
		return true, false
	}
	if f.cutAt >= 0 && f.ops == f.cutAt {
		f.dead = true
		return true, true
	}
	f.ops++
	return false, false
}

func (f *memFlash) Read(addr int, p []byte) error {
	if addr < 0 || addr+len(p) > len(f.mem) {
		return fmt.Errorf("read %d bytes at %#x out of range", len(p), addr)
	}
	copy(p, f.mem[addr:])
	return nil
}

func (f *memFlash) Erase(sector int) error {
	start, size := f.starts[sector], f.sizes[sector]
	if off, interrupted := f.step(); off {
		if interrupted {
			// Half an erase: every other 64-byte run is erased.
			for i := 0; i < size; i += 128 {
				for j := i; j < i+64 && j < size; j++ {
					f.mem[start+j] = 0xff
				}
			}
		}
		return errPowerLost
	}
	for i := start; i < start+size; i++ {
		f.mem[i] = 0xff
	}
	return nil
}

func (f *memFlash) Program(addr int, p []byte) error {
	if addr%f.word != 0 || len(p)%f.word != 0 {
		return fmt.Errorf("unaligned program of %d bytes at %#x", len(p), addr)
	}
	for off := 0; off < len(p); off += f.word {
		if lost, interrupted := f.step(); lost {
			if interrupted {
				// Half a word: its first byte lands.
				f.mem[addr+off] &= p[off]
			}
			return errPowerLost
		}
		for i := 0; i < f.word; i++ {
			old, b := f.mem[addr+off+i], p[off+i]
			if old&b != b {
				return fmt.Errorf("program sets a bit at %#x: %#02x over %#02x", addr+off+i, b, old)
			}
			f.mem[addr+off+i] = old & b
		}
	}
	return nil
}

// powerCycle restores power, as a reboot after a cut.
func (f *memFlash) powerCycle() {
	f.dead = false
	f.cutAt = -1
}
