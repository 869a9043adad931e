package flash

// The contents live in one slice per sector. A dense flash allocates them
// all up front as views of one buffer; a sparse one leaves a sector nil,
// which reads as erased, until something is written to it.

// copyOut copies the bytes at addr into p. f.mu must be held.
func (f *Flash) copyOut(addr int, p []byte) {
	for len(p) > 0 {
		i := f.sectorIndex(addr)
		off := addr - f.starts[i]
		n := min(len(p), f.starts[i+1]-addr)
		if s := f.sectors[i]; s != nil {
			copy(p[:n], s[off:])
		} else {
			fill(p[:n], 0xff)
		}
		addr, p = addr+n, p[n:]
	}
}

// writable returns sector i's memory, allocating it erased if need be.
// f.mu must be held.
func (f *Flash) writable(i int) []byte {
	if f.sectors[i] == nil {
		s := make([]byte, f.layout.Sectors[i])
		fill(s, 0xff)
		f.sectors[i] = s
	}
	return f.sectors[i]
}

// eraseSector sets sector i to 0xFF, freeing its memory when sparse.
// f.mu must be held.
func (f *Flash) eraseSector(i int) {
	if f.sparse {
		f.sectors[i] = nil
		return
	}
	fill(f.sectors[i], 0xff)
}

// MemoryUsed returns the bytes of memory holding the flash's contents:
// Size for a flash made by New, and for a sparse one the total size of the
// sectors written since they were last erased.
func (f *Flash) MemoryUsed() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.sectors {
		n += len(s)
	}
	return n
}

func fill(p []byte, b byte) {
	for i := range p {
		p[i] = b
	}
}

func allErased(p []byte) bool {
	for _, b := range p {
		if b != 0xff {
			return false
		}
	}
	return true
}
