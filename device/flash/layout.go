package flash

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"strings"
)

// Layout describes the geometry of a flash part.
type Layout struct {
	// Sectors holds the size in bytes of each erase sector, in address order.
	Sectors []int
	// WordSize is the program granularity in bytes: 4 for the STM32's
	// internal flash at x32 parallelism, 1 for SPI NOR.
	WordSize int
}

const kb = 1024

// STM32F205 is the 1 MB internal flash of the imp001 and imp002:
// 4×16 KB, 1×64 KB and 7×128 KB sectors, programmed a word (4 bytes) at a time.
var STM32F205 = Layout{
	Sectors: []int{
		16 * kb, 16 * kb, 16 * kb, 16 * kb,
		64 * kb,
		128 * kb, 128 * kb, 128 * kb, 128 * kb, 128 * kb, 128 * kb, 128 * kb,
	},
	WordSize: 4,
}

// SPI4MB is the external SPI NOR flash of later models: 1024 uniform 4 KB
// sectors, programmed a byte at a time.
var SPI4MB = Uniform(1024, 4*kb, 1)

// Uniform returns a layout of n sectors of size bytes each with the given
// program word size, for scaled-down test layouts.
func Uniform(n, size, word int) Layout {
	s := make([]int, n)
	for i := range s {
		s[i] = size
	}
	return Layout{Sectors: s, WordSize: word}
}

// Validate reports whether the layout can describe a flash: at least one
// sector, a positive word size, and every sector a positive multiple of it.
func (l Layout) Validate() error {
	if len(l.Sectors) == 0 {
		return fmt.Errorf("flash: layout has no sectors")
	}
	if l.WordSize < 1 {
		return fmt.Errorf("flash: layout word size %d, want at least 1", l.WordSize)
	}
	for i, s := range l.Sectors {
		if s <= 0 || s%l.WordSize != 0 {
			return fmt.Errorf("flash: layout sector %d is %d bytes, want a positive multiple of the word size %d", i, s, l.WordSize)
		}
	}
	return nil
}

// Size returns the total size of the flash in bytes.
func (l Layout) Size() int {
	n := 0
	for _, s := range l.Sectors {
		n += s
	}
	return n
}

// Count returns the number of sectors.
func (l Layout) Count() int { return len(l.Sectors) }

// SectorAt returns the index, start address and size of the sector holding
// addr, or index -1 when addr is outside the flash.
func (l Layout) SectorAt(addr int) (index, start, size int) {
	if addr < 0 {
		return -1, 0, 0
	}
	for i, s := range l.Sectors {
		if addr < start+s {
			return i, start, s
		}
		start += s
	}
	return -1, 0, 0
}

// Sector returns the start address and size of sector i, or (-1, 0) when
// there is no sector i.
func (l Layout) Sector(i int) (start, size int) {
	if i < 0 || i >= len(l.Sectors) {
		return -1, 0
	}
	for _, s := range l.Sectors[:i] {
		start += s
	}
	return start, l.Sectors[i]
}

// String describes the layout compactly, runs of equal sectors grouped:
// "4x16K+1x64K+7x128K word 4".
func (l Layout) String() string {
	var b strings.Builder
	for i := 0; i < len(l.Sectors); {
		j := i
		for j < len(l.Sectors) && l.Sectors[j] == l.Sectors[i] {
			j++
		}
		if i > 0 {
			b.WriteByte('+')
		}
		fmt.Fprintf(&b, "%dx%s", j-i, sizeString(l.Sectors[i]))
		i = j
	}
	fmt.Fprintf(&b, " word %d", l.WordSize)
	return b.String()
}

func sizeString(n int) string {
	if n%kb == 0 {
		return fmt.Sprintf("%dK", n/kb)
	}
	return fmt.Sprintf("%dB", n)
}

// fingerprint identifies a layout in a flash file header: FNV-64a over the
// word size, the sector count and every sector size, as little-endian uint64s.
func (l Layout) fingerprint() uint64 {
	h := fnv.New64a()
	var b [8]byte
	put := func(v int) {
		binary.LittleEndian.PutUint64(b[:], uint64(v))
		h.Write(b[:])
	}
	put(l.WordSize)
	put(len(l.Sectors))
	for _, s := range l.Sectors {
		put(s)
	}
	return h.Sum64()
}

// clone returns a layout that shares no memory with l.
func (l Layout) clone() Layout {
	return Layout{Sectors: append([]int(nil), l.Sectors...), WordSize: l.WordSize}
}
