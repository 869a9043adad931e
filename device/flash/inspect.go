package flash

import "fmt"

// Stats counts what has been done to a flash since it was made or opened.
type Stats struct {
	Erases          int // sector erases completed
	Words           int // words programmed (completed ops)
	BytesProgrammed int // Words × WordSize
	PowerCuts       int // cuts that struck
}

// Stats returns the flash's counters.
func (f *Flash) Stats() Stats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats
}

// Ops returns the number of ops completed since the flash was made or
// opened: erases plus words programmed. An op interrupted by a cut is not
// counted. Run a sequence once and take the difference to learn how many
// cut points it has.
func (f *Flash) Ops() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats.Erases + f.stats.Words
}

// EraseCount returns how many times the sector has been erased completely,
// over the life of the flash (it is kept in a flash file), or -1 when
// there is no such sector.
func (f *Flash) EraseCount(sector int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if sector < 0 || sector >= len(f.erases) {
		return -1
	}
	return int(f.erases[sector])
}

// Snapshot returns a copy of the whole contents, whether or not the power is on.
func (f *Flash) Snapshot() []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := make([]byte, f.Size())
	f.copyOut(0, p)
	return p
}

// Clone returns an independent flash in memory with the same layout,
// contents, erase counts, timing and partial mode, dense or sparse as f
// is. Its power is on, no cut is armed, its other counters and Elapsed are
// zero, and it has no clock, observer or file.
func (f *Flash) Clone() *Flash {
	f.mu.Lock()
	defer f.mu.Unlock()
	var c *Flash
	if f.sparse || f.file != nil {
		c, _ = NewSparse(f.layout)
		for i, s := range f.sectors {
			if s != nil {
				c.sectors[i] = append([]byte(nil), s...)
			}
		}
	} else {
		c, _ = New(f.layout)
		for i, s := range f.sectors {
			copy(c.sectors[i], s)
		}
	}
	copy(c.erases, f.erases)
	c.timing = f.timing
	c.mode = f.mode
	return c
}

// FlipBit inverts bit (0 is the least significant) of the byte at addr, as
// a retention fault or a cosmic ray would. It is not an op, and works with
// the power off.
func (f *Flash) FlipBit(addr, bit int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return fmt.Errorf("flash: flip bit at 0x%x: flash is closed", addr)
	}
	if err := f.checkRange("flip bit at", addr, 1); err != nil {
		return err
	}
	if bit < 0 || bit > 7 {
		return fmt.Errorf("flash: flip bit %d at 0x%x: %w: bits are 0 to 7", bit, addr, ErrOutOfRange)
	}
	i := f.sectorIndex(addr)
	f.writable(i)[addr-f.starts[i]] ^= 1 << bit
	return f.persist(addr, 1)
}
