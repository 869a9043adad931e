package flash

// PartialMode says what an operation interrupted by a power cut leaves behind.
type PartialMode int

const (
	// PartialSome, the default, leaves a deterministic pseudo-random part
	// of the interrupted op done: an erase sets some bytes of the sector to
	// 0xFF and leaves the rest; a word program clears some of the bits it
	// would have cleared and not others. The pattern is seeded from the k
	// given to CutAfter and the sector or address.
	PartialSome PartialMode = iota
	// PartialNone leaves the interrupted op without any effect, as if the
	// power had gone just before it.
	PartialNone
)

// SetPartialMode sets what ops interrupted by later cuts leave behind.
func (f *Flash) SetPartialMode(m PartialMode) {
	f.mu.Lock()
	f.mode = m
	f.mu.Unlock()
}

// CutAfter arms a power cut that strikes the k-th op from now: ops 1…k-1
// complete, op k is left as the PartialMode says and returns ErrPowerLost,
// and so does every later Read, Erase and Program until Reboot. A k below
// 1 disarms a pending cut. Op counting is described in the package comment.
func (f *Flash) CutAfter(k int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.armed = k >= 1
	f.untilOp = k
	f.seed = k
}

// Reboot restores power and disarms any pending cut. The flash keeps
// everything that was done to it, partial ops included.
func (f *Flash) Reboot() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.off = false
	f.armed = false
}

// PoweredOff reports whether a power cut has struck since the last Reboot.
func (f *Flash) PoweredOff() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.off
}

// cutNow counts one op against an armed cut and reports whether this op
// is the one it strikes, turning the power off if so. f.mu must be held.
func (f *Flash) cutNow() bool {
	if !f.armed {
		return false
	}
	f.untilOp--
	if f.untilOp > 0 {
		return false
	}
	f.armed = false
	f.off = true
	f.stats.PowerCuts++
	return true
}

// partialErase leaves sector i part erased. f.mu must be held.
func (f *Flash) partialErase(i int) {
	if f.sectors[i] == nil {
		return // already all 0xFF
	}
	partialErase(f.seed, i, f.sectors[i])
}

// partialWord leaves the word at addr part programmed. f.mu must be held.
func (f *Flash) partialWord(addr int, cell, data []byte) {
	partialWord(f.seed, addr, cell, data)
}

// partialErase sets a pseudo-random half of cells, chosen by seed and
// sector, to 0xFF.
func partialErase(seed, sector int, cells []byte) {
	r := newRNG(seed, sector)
	var bits uint64
	for i := range cells {
		if i%64 == 0 {
			bits = r.next()
		}
		if bits&1 == 1 {
			cells[i] = 0xff
		}
		bits >>= 1
	}
}

// partialWord clears a pseudo-random subset, chosen by seed and addr, of
// the bits that programming data into cell would clear.
func partialWord(seed, addr int, cell, data []byte) {
	r := newRNG(seed, ^addr)
	var keep uint64
	for j := range cell {
		if j%8 == 0 {
			keep = r.next()
		}
		cell[j] &= data[j] | byte(keep)
		keep >>= 8
	}
}

// rng is SplitMix64: small, fast and fully determined by its seed.
type rng uint64

func newRNG(seed, salt int) *rng {
	r := rng(uint64(seed)*0x9e3779b97f4a7c15 ^ uint64(salt)*0xd1b54a32d192ed03)
	return &r
}

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
