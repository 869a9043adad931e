package flash

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzOps reads its input as a flash configuration and a sequence of
// operations, runs them on a Flash and on a plain []byte with the AND rule,
// and checks after every step that the two agree.
//
// The first byte picks the layout (bits 0–1), sparse storage (bit 2) and
// the partial mode (bit 3). Each step then starts with a byte whose low
// three bits pick the operation:
//
//	0 erase   sector
//	1 program addr, length, data (bit 7 of the op byte: data only clears
//	          bits, so the program succeeds)
//	2 read    addr, length
//	3 cut     k-1 (so 0 disarms)
//	4 reboot
//	5 flip    addr, bit
//	6 check   counters
//	7 clone
func FuzzOps(f *testing.F) {
	f.Add([]byte{0x00, 0x00, 0x00, 0x81, 0x08, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06})
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &input{data: data}
		cfg := in.next()
		layouts := []Layout{
			Uniform(4, 32, 4),
			Uniform(4, 16, 1),
			{Sectors: []int{8, 8, 16, 32}, WordSize: 4},
			Uniform(2, 64, 2),
		}
		l := layouts[cfg%4]
		var fl *Flash
		if cfg&4 != 0 {
			fl, _ = NewSparse(l)
		} else {
			fl, _ = New(l)
		}
		m := &model{l: l, mem: ff(l.Size()), erases: make([]int, l.Count()), mode: PartialMode(cfg >> 3 & 1)}
		fl.SetPartialMode(m.mode)
		size := l.Size()

		for step := 0; in.more() && step < 256; step++ {
			op := in.next()
			switch op % 8 {
			case 0:
				s := int(in.next())%(l.Count()+2) - 1
				m.expect(t, fl.Erase(s), m.erase(t, fl, s))
			case 1:
				addr := int(in.next())%(size+16) - 8
				n := int(in.next()) % 24
				p := make([]byte, n)
				for i := range p {
					p[i] = in.next()
					if op&0x80 != 0 && addr+i >= 0 && addr+i < size {
						p[i] &= m.mem[addr+i]
					}
				}
				m.expect(t, fl.Program(addr, p), m.program(t, fl, addr, p))
			case 2:
				addr := int(in.next())%(size+16) - 8
				n := int(in.next()) % 40
				p := make([]byte, n)
				err := fl.Read(addr, p)
				want := m.access(addr, n)
				m.expect(t, err, want)
				if want == nil && !bytes.Equal(p, m.mem[addr:addr+n]) {
					t.Fatalf("Read(0x%x, %d) = % x, want % x", addr, n, p, m.mem[addr:addr+n])
				}
			case 3:
				k := int(in.next()%12) - 1
				fl.CutAfter(k)
				m.armed, m.until = k >= 1, k
			case 4:
				fl.Reboot()
				m.off, m.armed = false, false
			case 5:
				addr := int(in.next())%(size+2) - 1
				bit := int(in.next() % 9)
				var want error
				if addr < 0 || addr >= size || bit > 7 {
					want = ErrOutOfRange
				} else {
					m.mem[addr] ^= 1 << bit
				}
				m.expect(t, fl.FlipBit(addr, bit), want)
			case 6:
				m.checkCounters(t, fl)
			case 7:
				c := fl.Clone()
				if !bytes.Equal(c.Snapshot(), m.mem) || c.PoweredOff() || c.Ops() != 0 {
					t.Fatal("Clone differs from the flash")
				}
			}
			if got := fl.Snapshot(); !bytes.Equal(got, m.mem) {
				t.Fatalf("step %d (op %d): flash is\n% x\nmodel is\n% x", step, op%8, got, m.mem)
			}
		}
		m.checkCounters(t, fl)
		if used := fl.MemoryUsed(); used > size || cfg&4 == 0 && used != size {
			t.Fatalf("MemoryUsed = %d for a %d-byte flash", used, size)
		}
	})
}

type input struct {
	data []byte
	pos  int
}

func (in *input) more() bool { return in.pos < len(in.data) }

// next returns the next byte, or 0 once the input is used up.
func (in *input) next() byte {
	if in.pos >= len(in.data) {
		return 0
	}
	in.pos++
	return in.data[in.pos-1]
}

// model is the reference flash: a plain byte slice with the AND rule, and
// the power-cut bookkeeping the package comment describes.
type model struct {
	l      Layout
	mem    []byte
	mode   PartialMode
	off    bool
	armed  bool
	until  int
	ops    int
	erases []int
}

// tick counts an op against an armed cut, reporting whether it strikes.
func (m *model) tick() bool {
	if !m.armed {
		return false
	}
	m.until--
	if m.until > 0 {
		return false
	}
	m.armed, m.off = false, true
	return true
}

// interrupted checks what a cut op left in the flash and adopts it.
func (m *model) interrupted(t *testing.T, fl *Flash, a atom) {
	lo, hi := a.region(m.l)
	got := fl.Snapshot()[lo:hi]
	if m.mode == PartialNone && !bytes.Equal(got, m.mem[lo:hi]) {
		t.Fatalf("PartialNone: cut op changed [0x%x, 0x%x)", lo, hi)
	}
	if err := checkPartial(a, m.mem[lo:hi], got); err != nil {
		t.Fatal(err)
	}
	copy(m.mem[lo:hi], got)
}

func (m *model) erase(t *testing.T, fl *Flash, s int) error {
	if m.off {
		return ErrPowerLost
	}
	if s < 0 || s >= m.l.Count() {
		return ErrOutOfRange
	}
	a := atom{erase: true, sector: s}
	if m.tick() {
		m.interrupted(t, fl, a)
		return ErrPowerLost
	}
	a.apply(m.l, m.mem)
	m.ops++
	m.erases[s]++
	return nil
}

func (m *model) access(addr, n int) error {
	if m.off {
		return ErrPowerLost
	}
	if addr < 0 || addr > len(m.mem)-n {
		return ErrOutOfRange
	}
	return nil
}

func (m *model) program(t *testing.T, fl *Flash, addr int, p []byte) error {
	if err := m.access(addr, len(p)); err != nil {
		return err
	}
	w := m.l.WordSize
	if addr%w != 0 || len(p)%w != 0 {
		return ErrAlignment
	}
	for i := 0; i < len(p); i += w {
		a := atom{addr: addr + i, data: p[i : i+w]}
		if m.tick() {
			m.interrupted(t, fl, a)
			return ErrPowerLost
		}
		a.apply(m.l, m.mem)
		m.ops++
		if !bytes.Equal(m.mem[addr+i:addr+i+w], a.data) {
			return ErrProgramSetsBit
		}
	}
	return nil
}

func (m *model) expect(t *testing.T, got, want error) {
	t.Helper()
	if want == nil && got != nil || want != nil && !errors.Is(got, want) {
		t.Fatalf("got error %v, want %v", got, want)
	}
}

func (m *model) checkCounters(t *testing.T, fl *Flash) {
	t.Helper()
	if got := fl.Ops(); got != m.ops {
		t.Fatalf("Ops = %d, model counted %d", got, m.ops)
	}
	for s, n := range m.erases {
		if got := fl.EraseCount(s); got != n {
			t.Fatalf("EraseCount(%d) = %d, model counted %d", s, got, n)
		}
	}
	if fl.PoweredOff() != m.off {
		t.Fatalf("PoweredOff = %v, model says %v", fl.PoweredOff(), m.off)
	}
}
