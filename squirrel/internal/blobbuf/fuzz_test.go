package blobbuf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// model is a deliberately naive blob: the behaviour FuzzOps holds Blob to.
type model struct {
	buf []byte
	ptr int
}

func (m *model) write(p []byte) {
	p = bytes.Clone(p) // p may be m's own content
	if end := m.ptr + len(p); end > len(m.buf) {
		nb := make([]byte, end)
		copy(nb, m.buf)
		m.buf = nb
	}
	copy(m.buf[m.ptr:], p)
	m.ptr += len(p)
}

func (m *model) read(n int) []byte {
	if n < 0 {
		n = 0
	}
	if rem := len(m.buf) - m.ptr; n > rem {
		n = rem
	}
	p := bytes.Clone(m.buf[m.ptr : m.ptr+n])
	m.ptr += n
	return p
}

// seek returns what Seek should: 0 or -1, or ok false for a bad origin.
func (m *model) seek(off, origin int) (ret int, ok bool) {
	var target int
	switch origin {
	case 'b':
		target = off
	case 'c':
		target = m.ptr + off
	case 'e':
		target = len(m.buf) + off
	default:
		return 0, false
	}
	if target < 0 || target > len(m.buf) {
		return -1, true
	}
	m.ptr = target
	return 0, true
}

func (m *model) resize(n int) {
	if n < len(m.buf) {
		m.buf = bytes.Clone(m.buf[:n])
		m.ptr = min(m.ptr, n)
	}
}

var fuzzTypes = []int{'c', 'b', 's', 'w', 'i', 'l', 'f', 'd', 'x', 0}

var typeSizes = map[int]int{'c': 1, 'b': 1, 's': 2, 'w': 2, 'i': 4, 'l': 4, 'f': 4, 'd': 8}

// encode is the model's writen: conversions spelled out independently of
// Num's methods.
func encode(v Num, typ int) []byte {
	var i int32
	var f float64
	if v.IsFloat {
		f = v.Float
		t := math.Trunc(f)
		switch {
		case math.IsNaN(f):
			i = 0
		case t > math.MaxInt32:
			i = math.MaxInt32
		case t < math.MinInt32:
			i = math.MinInt32
		default:
			i = int32(t)
		}
	} else {
		i = v.Int
		f = float64(v.Int)
	}
	le := binary.LittleEndian
	switch typ {
	case 'c', 'b':
		return []byte{uint8(i)}
	case 's', 'w':
		return le.AppendUint16(nil, uint16(i))
	case 'i', 'l':
		return le.AppendUint32(nil, uint32(i))
	case 'f':
		return le.AppendUint32(nil, math.Float32bits(float32(f)))
	case 'd':
		return le.AppendUint64(nil, math.Float64bits(f))
	}
	return nil
}

// decode is the model's readn.
func decode(p []byte, typ int) Num {
	le := binary.LittleEndian
	switch typ {
	case 'c':
		return Num{Int: int32(int8(p[0]))}
	case 'b':
		return Num{Int: int32(p[0])}
	case 's':
		return Num{Int: int32(int16(le.Uint16(p)))}
	case 'w':
		return Num{Int: int32(le.Uint16(p))}
	case 'i', 'l':
		return Num{Int: int32(le.Uint32(p))}
	case 'f':
		return Num{IsFloat: true, Float: float64(math.Float32frombits(le.Uint32(p)))}
	}
	return Num{IsFloat: true, Float: math.Float64frombits(le.Uint64(p))}
}

func sameNum(a, b Num) bool {
	if a.IsFloat != b.IsFloat {
		return false
	}
	if a.IsFloat {
		return math.Float64bits(a.Float) == math.Float64bits(b.Float)
	}
	return a.Int == b.Int
}

// opReader hands out the fuzz input a piece at a time, zeros once spent.
type opReader struct {
	data []byte
	i    int
}

func (r *opReader) more() bool { return r.i < len(r.data) }

func (r *opReader) u8() byte {
	if r.i >= len(r.data) {
		return 0
	}
	c := r.data[r.i]
	r.i++
	return c
}

func (r *opReader) i16() int { return int(int16(uint16(r.u8()) | uint16(r.u8())<<8)) }

func (r *opReader) i32() int32 {
	return int32(uint32(r.u8()) | uint32(r.u8())<<8 | uint32(r.u8())<<16 | uint32(r.u8())<<24)
}

func (r *opReader) bytes(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = r.u8()
	}
	return p
}

func (r *opReader) num() Num {
	switch r.u8() % 3 {
	case 0:
		return IntNum(r.i32())
	case 1:
		return FloatNum(float64(r.i32()) / 16)
	}
	var bits uint64
	for range 8 {
		bits = bits<<8 | uint64(r.u8())
	}
	return FloatNum(math.Float64frombits(bits))
}

// edge maps a few 16-bit arguments to extreme values, so that the fuzzer
// reaches the overflow checks.
func edge(n int) int {
	switch n {
	case math.MaxInt16:
		return math.MaxInt
	case math.MinInt16:
		return math.MinInt
	case math.MaxInt16 - 1:
		return MaxSize + 1
	}
	return n
}

// FuzzOps runs the fuzz input as a sequence of blob operations, comparing
// each result with the naive model and checking the invariants after each.
func FuzzOps(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x00\x05hello\x04\x00\x00b\x09\x03\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &opReader{data: data}
		b := &Blob{}
		m := &model{}
		for step := 0; r.more(); step++ {
			op := r.u8() % 15
			fail := func(format string, args ...any) {
				t.Helper()
				t.Fatalf("step %d op %d: "+format, append([]any{step, op}, args...)...)
			}
			switch op {
			case 0: // WriteBytes
				p := r.bytes(int(r.u8() % 17))
				if err := b.WriteBytes(p); err != nil {
					fail("WriteBytes: %v", err)
				}
				m.write(p)
			case 1: // WriteString
				p := r.bytes(int(r.u8() % 17))
				if err := b.WriteString(string(p)); err != nil {
					fail("WriteString: %v", err)
				}
				m.write(p)
			case 2: // WriteN
				typ := fuzzTypes[int(r.u8())%len(fuzzTypes)]
				v := r.num()
				err := b.WriteN(v, typ)
				if _, ok := typeSizes[typ]; !ok {
					if !errors.Is(err, ErrInvalidFormat) {
						fail("WriteN(%q) = %v, want invalid format", rune(typ), err)
					}
					break
				}
				if err != nil {
					fail("WriteN: %v", err)
				}
				m.write(encode(v, typ))
			case 3: // ReadN
				typ := fuzzTypes[int(r.u8())%len(fuzzTypes)]
				got, err := b.ReadN(typ)
				size, ok := typeSizes[typ]
				if !ok {
					if !errors.Is(err, ErrInvalidFormat) {
						fail("ReadN(%q) = %v, want invalid format", rune(typ), err)
					}
					break
				}
				p := m.read(size)
				if len(p) < size {
					if !errors.Is(err, ErrIO) {
						fail("short ReadN(%q) = %v, want io error", rune(typ), err)
					}
					break
				}
				if err != nil || !sameNum(got, decode(p, typ)) {
					fail("ReadN(%q) = %+v, %v; want %+v", rune(typ), got, err, decode(p, typ))
				}
			case 4: // Seek
				off := edge(r.i16())
				origin := []int{'b', 'c', 'e', 'x'}[r.u8()%4]
				ret, err := b.Seek(off, origin)
				want, ok := m.seek(off, origin)
				if !ok {
					if !errors.Is(err, ErrInvalidOrigin) {
						fail("Seek origin %q: %v", rune(origin), err)
					}
				} else if err != nil || ret != want {
					fail("Seek(%d, %q) = %d, %v; want %d", off, rune(origin), ret, err, want)
				}
			case 5: // Resize
				n := edge(r.i16())
				err := b.Resize(n)
				switch {
				case n < 0:
					if !errors.Is(err, ErrResizeFailed) {
						fail("Resize(%d) = %v", n, err)
					}
				case n > MaxSize:
					if !errors.Is(err, ErrTooLarge) {
						fail("Resize(%d) = %v", n, err)
					}
				default:
					if err != nil {
						fail("Resize(%d) = %v", n, err)
					}
					if b.Cap() != n {
						fail("Cap() after Resize(%d) = %d", n, b.Cap())
					}
					m.resize(n)
				}
			case 6: // At
				i := edge(r.i16())
				got, err := b.At(i)
				if i < 0 || i >= len(m.buf) {
					if !errors.Is(err, ErrIndexOutOfRange) {
						fail("At(%d) = %v", i, err)
					}
				} else if err != nil || got != m.buf[i] {
					fail("At(%d) = %d, %v; want %d", i, got, err, m.buf[i])
				}
			case 7: // SetAt
				i := edge(r.i16())
				v := r.i32()
				err := b.SetAt(i, v)
				if i < 0 || i >= len(m.buf) {
					if !errors.Is(err, ErrIndexOutOfRange) {
						fail("SetAt(%d) = %v", i, err)
					}
				} else if err != nil {
					fail("SetAt(%d) = %v", i, err)
				} else {
					m.buf[i] = byte(v)
				}
			case 8, 9: // ReadBlob, ReadString
				n := int(int8(r.u8()))
				if n == math.MaxInt8 {
					n = math.MaxInt
				}
				var got []byte
				var err error
				if op == 8 {
					var nb *Blob
					nb, err = b.ReadBlob(n)
					if err == nil {
						if nb.Tell() != 0 {
							fail("ReadBlob result cursor %d", nb.Tell())
						}
						got = nb.Bytes()
					}
				} else {
					var s string
					s, err = b.ReadString(n)
					got = []byte(s)
				}
				want := m.read(n)
				if len(want) == 0 {
					if !errors.Is(err, ErrNoData) {
						fail("read %d at end = %v", n, err)
					}
				} else if err != nil || !bytes.Equal(got, want) {
					fail("read %d = %q, %v; want %q", n, got, err, want)
				}
			case 10: // Swap2
				b.Swap2()
				for i := 0; i+1 < len(m.buf); i += 2 {
					m.buf[i], m.buf[i+1] = m.buf[i+1], m.buf[i]
				}
			case 11: // Swap4
				b.Swap4()
				for i := 0; i+3 < len(m.buf); i += 4 {
					w := binary.BigEndian.Uint32(m.buf[i:])
					binary.LittleEndian.PutUint32(m.buf[i:], w)
				}
			case 12: // WriteBlob, of itself, a clone, or fresh bytes
				if b.Len() > 1<<16 {
					break // keep self-doubling from eating memory
				}
				var src *Blob
				switch r.u8() % 3 {
				case 0:
					src = b
				case 1:
					src = b.Clone()
				default:
					src = FromBytes(r.bytes(int(r.u8() % 9)))
				}
				p := bytes.Clone(src.Bytes())
				if err := b.WriteBlob(src); err != nil {
					fail("WriteBlob: %v", err)
				}
				m.write(p)
			case 13: // Clone, Equal, String, Flush
				c := b.Clone()
				if !c.Equal(b) || !b.Equal(c) || c.Tell() != 0 || c.String() != string(m.buf) {
					fail("Clone mismatch")
				}
				if len(m.buf) > 0 {
					c.Bytes()[0] ^= 1
					if c.Equal(b) {
						fail("Equal ignores the first byte")
					}
				}
				b.Flush()
			case 14: // New
				n := edge(r.i16()) % 4096
				nb, err := New(n)
				if n < 0 {
					if !errors.Is(err, ErrNegativeSize) {
						fail("New(%d) = %v", n, err)
					}
					break
				}
				if err != nil {
					fail("New(%d) = %v", n, err)
				}
				b, m = nb, &model{buf: make([]byte, n)}
			}
			// Invariants.
			if !(0 <= b.Tell() && b.Tell() <= b.Len() && b.Len() <= b.Cap() && b.Cap() <= MaxSize) {
				fail("bad state: tell %d len %d cap %d", b.Tell(), b.Len(), b.Cap())
			}
			if b.Tell() != m.ptr || !bytes.Equal(b.Bytes(), m.buf) {
				fail("state = %q@%d, model %q@%d", b.Bytes(), b.Tell(), m.buf, m.ptr)
			}
			if b.EOS() != (m.ptr == len(m.buf)) {
				fail("EOS() = %v", b.EOS())
			}
		}
	})
}
