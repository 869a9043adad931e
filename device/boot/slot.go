package boot

import (
	"crypto/sha256"
	"fmt"
)

// slotWriter writes a stream into a region: it erases each sector just
// before the first byte that goes into it, and programs whole words,
// holding back a partial one until more arrives or Flush pads it with
// 0xFF (what erased flash reads).
type slotWriter struct {
	f       Flash
	m       Map
	reg     Region
	off     int    // bytes written into the region
	erased  int    // sectors of the region erased so far
	pending []byte // a partial word
	before  func() error
}

func newSlotWriter(f Flash, m Map, reg Region, before func() error) *slotWriter {
	return &slotWriter{f: f, m: m, reg: reg, before: before}
}

// sectorEnd returns the end offset (in the region) of its i-th sector.
func (w *slotWriter) sectorEnd(i int) int {
	end := 0
	for j := 0; j <= i; j++ {
		end += w.reg.SectorSizes[j]
	}
	return end
}

func (w *slotWriter) Write(p []byte) (int, error) {
	n := len(p)
	data := append(w.pending, p...)
	whole := len(data) / w.m.WordSize * w.m.WordSize
	if err := w.program(data[:whole]); err != nil {
		return 0, err
	}
	w.pending = append([]byte(nil), data[whole:]...)
	return n, nil
}

func (w *slotWriter) program(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	if w.off+len(p) > w.reg.Size {
		return fmt.Errorf("write of %d bytes at %d overflows the %d-byte slot", len(p), w.off, w.reg.Size)
	}
	for len(p) > 0 {
		for w.off >= w.sectorEndCached() {
			if err := w.eraseNext(); err != nil {
				return err
			}
		}
		chunk := min(len(p), w.sectorEndCached()-w.off)
		if err := w.f.Program(w.reg.Start+w.off, p[:chunk]); err != nil {
			return err
		}
		w.off += chunk
		p = p[chunk:]
	}
	return nil
}

// sectorEndCached is the end of the last erased sector.
func (w *slotWriter) sectorEndCached() int {
	if w.erased == 0 {
		return 0
	}
	return w.sectorEnd(w.erased - 1)
}

func (w *slotWriter) eraseNext() error {
	if w.erased >= len(w.reg.Sectors) {
		return fmt.Errorf("slot full")
	}
	if w.before != nil {
		if err := w.before(); err != nil {
			return err
		}
	}
	if err := w.f.Erase(w.reg.Sectors[w.erased]); err != nil {
		return err
	}
	w.erased++
	return nil
}

// Flush programs a final partial word, padded with 0xFF.
func (w *slotWriter) Flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	p := padWord(w.pending, w.m.WordSize)
	w.pending = nil
	return w.program(p)
}

// digestRegion returns the SHA-256 of the first size bytes of a region.
func digestRegion(f Flash, reg Region, size int64) ([32]byte, error) {
	var sum [32]byte
	if size < 0 || size > int64(reg.Size) {
		return sum, fmt.Errorf("size %d outside the %d-byte slot", size, reg.Size)
	}
	h := sha256.New()
	buf := make([]byte, 16<<10)
	for off := int64(0); off < size; {
		n := min(int64(len(buf)), size-off)
		if err := f.Read(reg.Start+int(off), buf[:n]); err != nil {
			return sum, err
		}
		h.Write(buf[:n])
		off += n
	}
	h.Sum(sum[:0])
	return sum, nil
}
