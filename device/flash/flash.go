package flash

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// Flash is a simulated NOR flash. Its methods are safe for concurrent use.
type Flash struct {
	layout Layout
	starts []int // starts[i] is the address of sector i; starts[n] is the size

	mu      sync.Mutex
	sectors [][]byte // nil when sparse and erased
	sparse  bool
	erases  []uint32 // completed erases per sector
	stats   Stats
	elapsed time.Duration
	timing  Timing
	clock   Clock
	obs     Observer

	mode    PartialMode
	armed   bool
	untilOp int // ops left until the armed cut, counting the cut op
	seed    int // k of the armed cut
	off     bool

	file     *fileStore // nil for a flash in memory only
	closed   bool
	syncEach bool
}

// New returns a flash held in memory, all of it allocated and erased.
func New(layout Layout) (*Flash, error) {
	f, err := newFlash(layout, false)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, f.Size())
	fill(buf, 0xff)
	for i := range f.sectors {
		f.sectors[i] = buf[f.starts[i]:f.starts[i+1]:f.starts[i+1]]
	}
	return f, nil
}

// NewSparse returns an erased flash held in memory that allocates a
// sector's memory only when the sector is first written and frees it when
// the sector is erased; unallocated sectors read as 0xFF.
func NewSparse(layout Layout) (*Flash, error) {
	return newFlash(layout, true)
}

func newFlash(layout Layout, sparse bool) (*Flash, error) {
	if err := layout.Validate(); err != nil {
		return nil, err
	}
	layout = layout.clone()
	n := layout.Count()
	starts := make([]int, n+1)
	for i, s := range layout.Sectors {
		starts[i+1] = starts[i] + s
	}
	return &Flash{
		layout:  layout,
		starts:  starts,
		sectors: make([][]byte, n),
		sparse:  sparse,
		erases:  make([]uint32, n),
	}, nil
}

// Layout returns the flash's layout.
func (f *Flash) Layout() Layout { return f.layout.clone() }

// Size returns the size of the flash in bytes.
func (f *Flash) Size() int { return f.starts[len(f.starts)-1] }

// sectorIndex returns the sector holding addr, which must be in range.
func (f *Flash) sectorIndex(addr int) int {
	return sort.SearchInts(f.starts, addr+1) - 1
}

// usable reports why the flash cannot be used now, if it cannot.
// f.mu must be held.
func (f *Flash) usable(what string) error {
	if f.closed {
		return fmt.Errorf("flash: %s: flash is closed", what)
	}
	if f.off {
		return fmt.Errorf("flash: %s: %w", what, ErrPowerLost)
	}
	return nil
}

func (f *Flash) checkRange(what string, addr, n int) error {
	if addr < 0 || n < 0 || addr > f.Size()-n {
		return fmt.Errorf("flash: %s 0x%x+%d: %w: flash is %d bytes", what, addr, n, ErrOutOfRange, f.Size())
	}
	return nil
}

// Read copies len(p) bytes from addr into p. Any alignment is allowed.
func (f *Flash) Read(addr int, p []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.usable("read"); err != nil {
		return err
	}
	if err := f.checkRange("read", addr, len(p)); err != nil {
		return err
	}
	f.copyOut(addr, p)
	return nil
}

// ReadAt implements io.ReaderAt, so that images can be streamed out of
// flash with io.NewSectionReader.
func (f *Flash) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off > int64(f.Size()) {
		return 0, fmt.Errorf("flash: read 0x%x+%d: %w: flash is %d bytes", off, len(p), ErrOutOfRange, f.Size())
	}
	n := min(len(p), f.Size()-int(off))
	if err := f.Read(int(off), p[:n]); err != nil {
		return 0, err
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Erase sets every byte of the sector to 0xFF. It is one op.
func (f *Flash) Erase(sector int) error {
	f.mu.Lock()
	if err := f.usable(fmt.Sprintf("erase sector %d", sector)); err != nil {
		f.mu.Unlock()
		return err
	}
	if sector < 0 || sector >= f.layout.Count() {
		f.mu.Unlock()
		return fmt.Errorf("flash: erase sector %d: %w: flash has %d sectors", sector, ErrOutOfRange, f.layout.Count())
	}
	if f.cutNow() {
		if f.mode == PartialSome {
			f.partialErase(sector)
		}
		err := f.persistSector(sector)
		f.mu.Unlock()
		return joinIO(fmt.Errorf("flash: erase sector %d: %w", sector, ErrPowerLost), err)
	}
	f.eraseSector(sector)
	f.erases[sector]++
	f.stats.Erases++
	d := f.timing.EraseTime(f.layout.Sectors[sector])
	f.elapsed += d
	err := f.persistSector(sector)
	f.mu.Unlock()
	f.spend(OpErase, sector, d)
	return err
}

// Program clears bits: each byte at addr+i becomes its old value AND p[i].
// addr and len(p) must be multiples of the word size. Words are programmed
// in address order, one op each, each verified after programming; the first
// word that asked to set a 0 bit to 1 stops the call with ErrProgramSetsBit.
func (f *Flash) Program(addr int, p []byte) error {
	for {
		n, sector, words, d, err := f.programSpan(addr, p)
		if words > 0 {
			f.spend(OpProgram, sector, d)
		}
		if err != nil || n == len(p) {
			return err
		}
		addr, p = addr+n, p[n:]
	}
}

// programSpan programs the part of p that lies in the sector holding addr.
// It returns how many bytes of p that part is, the sector, the words
// completed and the time they took.
func (f *Flash) programSpan(addr int, p []byte) (n, sector, words int, d time.Duration, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	what := fmt.Sprintf("program 0x%x+%d", addr, len(p))
	if err := f.usable(what); err != nil {
		return 0, 0, 0, 0, err
	}
	if err := f.checkRange("program", addr, len(p)); err != nil {
		return 0, 0, 0, 0, err
	}
	w := f.layout.WordSize
	if addr%w != 0 || len(p)%w != 0 {
		return 0, 0, 0, 0, fmt.Errorf("flash: %s: %w: address and length must be multiples of %d", what, ErrAlignment, w)
	}
	if len(p) == 0 {
		return 0, 0, 0, 0, nil
	}
	sector = f.sectorIndex(addr)
	n = min(len(p), f.starts[sector+1]-addr)
	off := addr - f.starts[sector]
	touched := 0 // bytes changed, to write through to the file
	defer func() {
		d = time.Duration(words) * f.timing.WordProgram
		f.elapsed += d
		err = joinIO(err, f.persist(addr, touched))
	}()
	old := make([]byte, w)
	for i := 0; i < n; i += w {
		if f.cutNow() {
			if f.mode == PartialSome {
				f.partialWord(addr+i, f.writable(sector)[off+i:off+i+w], p[i:i+w])
				touched = i + w
			}
			return n, sector, words, 0, fmt.Errorf("flash: %s: cut at 0x%x: %w", what, addr+i, ErrPowerLost)
		}
		cell := f.writable(sector)[off+i : off+i+w]
		copy(old, cell)
		for j := range cell {
			cell[j] &= p[i+j]
		}
		touched = i + w
		words++
		f.stats.Words++
		f.stats.BytesProgrammed += w
		if err := verify(addr+i, old, p[i:i+w], cell); err != nil {
			return n, sector, words, 0, err
		}
	}
	return n, sector, words, 0, nil
}

// verify reads back a programmed word as a driver does and reports the
// first byte that did not take the value asked for.
func verify(addr int, old, want, got []byte) error {
	for j := range got {
		if got[j] != want[j] {
			return fmt.Errorf("flash: program 0x%x: %w: byte was 0x%02x, wrote 0x%02x, now 0x%02x",
				addr+j, ErrProgramSetsBit, old[j], want[j], got[j])
		}
	}
	return nil
}

// spend lets the time of an op pass, outside the lock.
func (f *Flash) spend(kind OpKind, sector int, d time.Duration) {
	f.mu.Lock()
	obs, clock := f.obs, f.clock
	f.mu.Unlock()
	if obs != nil {
		obs.Op(kind, sector, d)
	}
	if clock != nil {
		clock.Sleep(d)
	}
}

// SetTiming sets how long operations take; the zero Timing makes them instant.
func (f *Flash) SetTiming(t Timing) {
	f.mu.Lock()
	f.timing = t
	f.mu.Unlock()
}

// SetClock sets the clock that lets the time of each op pass; nil (the
// default) lets none pass, though Elapsed still accumulates it.
func (f *Flash) SetClock(c Clock) {
	f.mu.Lock()
	f.clock = c
	f.mu.Unlock()
}

// SetObserver sets the observer told of every op; nil removes it.
func (f *Flash) SetObserver(o Observer) {
	f.mu.Lock()
	f.obs = o
	f.mu.Unlock()
}

// Elapsed returns the simulated time spent in completed ops.
func (f *Flash) Elapsed() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.elapsed
}
