package blobbuf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

func TestWriteNReadN(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name  string
		in    Num
		typ   int
		bytes string
		out   Num
	}{
		{"c positive", IntNum(5), TypeInt8, "\x05", IntNum(5)},
		{"c -1", IntNum(-1), TypeInt8, "\xff", IntNum(-1)},
		{"c -128", IntNum(-128), TypeInt8, "\x80", IntNum(-128)},
		{"c 128 wraps", IntNum(128), TypeInt8, "\x80", IntNum(-128)},
		{"c 0x1ff wraps", IntNum(0x1ff), TypeInt8, "\xff", IntNum(-1)},
		{"b -1 reads 255", IntNum(-1), TypeUint8, "\xff", IntNum(255)},
		{"b 256 wraps", IntNum(256), TypeUint8, "\x00", IntNum(0)},
		{"b 200", IntNum(200), TypeUint8, "\xc8", IntNum(200)},
		{"s -2", IntNum(-2), TypeInt16, "\xfe\xff", IntNum(-2)},
		{"s 40000 wraps", IntNum(40000), TypeInt16, "\x40\x9c", IntNum(40000 - 65536)},
		{"s 0x1234", IntNum(0x1234), TypeInt16, "\x34\x12", IntNum(0x1234)},
		{"w -1 reads 65535", IntNum(-1), TypeUint16, "\xff\xff", IntNum(65535)},
		{"w 0x12345 wraps", IntNum(0x12345), TypeUint16, "\x45\x23", IntNum(0x2345)},
		{"i 0x12345678", IntNum(0x12345678), TypeInt32, "\x78\x56\x34\x12", IntNum(0x12345678)},
		{"i -1", IntNum(-1), TypeInt32, "\xff\xff\xff\xff", IntNum(-1)},
		{"i min", IntNum(math.MinInt32), TypeInt32, "\x00\x00\x00\x80", IntNum(math.MinInt32)},
		{"i max", IntNum(math.MaxInt32), TypeInt32, "\xff\xff\xff\x7f", IntNum(math.MaxInt32)},
		{"l -2", IntNum(-2), TypeInteger, "\xfe\xff\xff\xff", IntNum(-2)},
		{"i from float truncates", FloatNum(3.9), TypeInt32, "\x03\x00\x00\x00", IntNum(3)},
		{"i from negative float truncates", FloatNum(-3.9), TypeInt32, "\xfd\xff\xff\xff", IntNum(-3)},
		{"i from huge float saturates", FloatNum(1e20), TypeInt32, "\xff\xff\xff\x7f", IntNum(math.MaxInt32)},
		{"i from 2^31 saturates", FloatNum(2147483648), TypeInt32, "\xff\xff\xff\x7f", IntNum(math.MaxInt32)},
		{"i from -huge float saturates", FloatNum(-1e20), TypeInt32, "\x00\x00\x00\x80", IntNum(math.MinInt32)},
		{"i from -2^31", FloatNum(-2147483648.5), TypeInt32, "\x00\x00\x00\x80", IntNum(math.MinInt32)},
		{"i from +Inf", FloatNum(math.Inf(1)), TypeInt32, "\xff\xff\xff\x7f", IntNum(math.MaxInt32)},
		{"i from NaN is 0", FloatNum(nan), TypeInt32, "\x00\x00\x00\x00", IntNum(0)},
		{"b from float", FloatNum(300.7), TypeUint8, "\x2c", IntNum(44)},
		{"c from negative float", FloatNum(-1.5), TypeInt8, "\xff", IntNum(-1)},
		{"f 1.5", FloatNum(1.5), TypeFloat32, "\x00\x00\xc0\x3f", FloatNum(1.5)},
		{"f -2", FloatNum(-2), TypeFloat32, "\x00\x00\x00\xc0", FloatNum(-2)},
		{"f 0.1 rounds", FloatNum(0.1), TypeFloat32, "\xcd\xcc\xcc\x3d", FloatNum(float64(float32(0.1)))},
		{"f from int", IntNum(3), TypeFloat32, "\x00\x00\x40\x40", FloatNum(3)},
		{"f from big int rounds", IntNum(16777217), TypeFloat32, "\x00\x00\x80\x4b", FloatNum(16777216)},
		{"f overflow is Inf", FloatNum(1e300), TypeFloat32, "\x00\x00\x80\x7f", FloatNum(math.Inf(1))},
		{"d 0.1 exact", FloatNum(0.1), TypeFloat64, "\x9a\x99\x99\x99\x99\x99\xb9\x3f", FloatNum(0.1)},
		{"d -1", FloatNum(-1), TypeFloat64, "\x00\x00\x00\x00\x00\x00\xf0\xbf", FloatNum(-1)},
		{"d from int", IntNum(-7), TypeFloat64, "\x00\x00\x00\x00\x00\x00\x1c\xc0", FloatNum(-7)},
		{"zero Num c", Num{}, TypeInt8, "\x00", IntNum(0)},
		{"zero Num f", Num{}, TypeFloat32, "\x00\x00\x00\x00", FloatNum(0)},
		{"zero Num d", Num{}, TypeFloat64, "\x00\x00\x00\x00\x00\x00\x00\x00", FloatNum(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mk(t, "<>", 1)
			if err := b.WriteN(tt.in, tt.typ); err != nil {
				t.Fatalf("WriteN: %v", err)
			}
			want := "<" + tt.bytes
			if len(tt.bytes) == 0 {
				t.Fatal("bad test")
			}
			check(t, b, want, len(want))
			if _, err := b.Seek(1, SeekBegin); err != nil {
				t.Fatal(err)
			}
			got, err := b.ReadN(tt.typ)
			if err != nil {
				t.Fatalf("ReadN: %v", err)
			}
			if got != tt.out && !(got.IsFloat && tt.out.IsFloat && got.Float != got.Float && tt.out.Float != tt.out.Float) {
				t.Errorf("ReadN = %+v, want %+v", got, tt.out)
			}
			check(t, b, want, len(want))
		})
	}
}

func TestReadNNaN(t *testing.T) {
	b := &Blob{}
	if err := b.WriteN(FloatNum(math.NaN()), TypeFloat32); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteN(FloatNum(math.NaN()), TypeFloat64); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Seek(0, SeekBegin); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []int{TypeFloat32, TypeFloat64} {
		n, err := b.ReadN(typ)
		if err != nil || !n.IsFloat || !math.IsNaN(n.Float) {
			t.Errorf("ReadN(%q) = %+v, %v; want NaN", rune(typ), n, err)
		}
	}
}

func TestReadNErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		ptr  int
		typ  int
		err  error
		end  int
	}{
		{"invalid format", "abcdefgh", 2, 'x', ErrInvalidFormat, 2},
		{"format zero", "abcdefgh", 2, 0, ErrInvalidFormat, 2},
		{"format aliasing i", "abcdefgh", 2, TypeInt32 + 256, ErrInvalidFormat, 2},
		{"negative format", "abcdefgh", 2, -1, ErrInvalidFormat, 2},
		{"empty blob c", "", 0, TypeInt8, ErrIO, 0},
		{"at end b", "ab", 2, TypeUint8, ErrIO, 2},
		// Like the reference, a short read consumes what was there.
		{"short s", "abc", 2, TypeInt16, ErrIO, 3},
		{"short w", "a", 0, TypeUint16, ErrIO, 1},
		{"short i", "abcdef", 3, TypeInt32, ErrIO, 6},
		{"short l", "abc", 0, TypeInteger, ErrIO, 3},
		{"short f", "abcdef", 4, TypeFloat32, ErrIO, 6},
		{"short d", "abcdefg", 0, TypeFloat64, ErrIO, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mk(t, tt.data, tt.ptr)
			n, err := b.ReadN(tt.typ)
			if !errors.Is(err, tt.err) {
				t.Errorf("ReadN(%q) error = %v, want %v", rune(tt.typ), err, tt.err)
			}
			if n != (Num{}) {
				t.Errorf("ReadN returned %+v with an error", n)
			}
			check(t, b, tt.data, tt.end)
		})
	}
}

func TestWriteNInvalidFormat(t *testing.T) {
	for _, typ := range []int{'x', 0, -1, TypeFloat32 + 256, 'I', 'n'} {
		b := mk(t, "abc", 1)
		if err := b.WriteN(IntNum(1), typ); !errors.Is(err, ErrInvalidFormat) {
			t.Errorf("WriteN(1, %d) = %v", typ, err)
		}
		check(t, b, "abc", 1)
	}
}

func TestWriteNSequence(t *testing.T) {
	// A record written field by field reads back field by field, and the
	// cursor lands after each field.
	b := &Blob{}
	fields := []struct {
		v   Num
		typ int
		end int
	}{
		{IntNum(-3), TypeInt8, 1},
		{IntNum(70000), TypeInt32, 5},
		{FloatNum(2.5), TypeFloat64, 13},
		{IntNum(-300), TypeInt16, 15},
		{FloatNum(0.25), TypeFloat32, 19},
		{IntNum(250), TypeUint8, 20},
	}
	for _, f := range fields {
		if err := b.WriteN(f.v, f.typ); err != nil {
			t.Fatal(err)
		}
		if b.Tell() != f.end || b.Len() != f.end {
			t.Fatalf("after writing %q: Tell %d Len %d, want %d", rune(f.typ), b.Tell(), b.Len(), f.end)
		}
	}
	if _, err := b.Seek(0, SeekBegin); err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		got, err := b.ReadN(f.typ)
		if err != nil || got != f.v {
			t.Errorf("ReadN(%q) = %+v, %v; want %+v", rune(f.typ), got, err, f.v)
		}
		if b.Tell() != f.end {
			t.Errorf("after reading %q: Tell %d, want %d", rune(f.typ), b.Tell(), f.end)
		}
	}
	if !b.EOS() {
		t.Error("not at end after reading every field")
	}
}

// TestEndianness checks WriteN and ReadN against encoding/binary's
// little-endian encoding over a spread of values.
func TestEndianness(t *testing.T) {
	ints := []int32{0, 1, -1, 2, -2, 127, -128, 128, 255, 256, 32767, -32768, 32768, 65535, 65536,
		0x12345678, -0x12345678, math.MaxInt32, math.MinInt32, 0x7f80, -0x7f81}
	for x := int32(1); x != 0 && x < 1<<30; x *= 3 {
		ints = append(ints, x, -x, x+1, -x-1)
	}
	for _, v := range ints {
		encs := []struct {
			typ  int
			want any
			read int32
		}{
			{TypeInt8, int8(v), int32(int8(v))},
			{TypeUint8, uint8(v), int32(uint8(v))},
			{TypeInt16, int16(v), int32(int16(v))},
			{TypeUint16, uint16(v), int32(uint16(v))},
			{TypeInt32, v, v},
			{TypeInteger, v, v},
		}
		for _, e := range encs {
			var want bytes.Buffer
			if err := binary.Write(&want, binary.LittleEndian, e.want); err != nil {
				t.Fatal(err)
			}
			b := &Blob{}
			if err := b.WriteN(IntNum(v), e.typ); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want.Bytes()) {
				t.Errorf("WriteN(%d, %q) = % x, want % x", v, rune(e.typ), b.Bytes(), want.Bytes())
			}
			if _, err := b.Seek(0, SeekBegin); err != nil {
				t.Fatal(err)
			}
			if got, err := b.ReadN(e.typ); err != nil || got != IntNum(e.read) {
				t.Errorf("ReadN(%q) of %d = %+v, %v; want %d", rune(e.typ), v, got, err, e.read)
			}
		}
	}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 1e-40, 1e38, 3.4028235e38, 1e39,
		math.Pi, math.SmallestNonzeroFloat64, math.MaxFloat64, math.Inf(1), math.Inf(-1)}
	for _, f := range floats {
		for _, typ := range []int{TypeFloat32, TypeFloat64} {
			var want bytes.Buffer
			var read float64
			if typ == TypeFloat32 {
				_ = binary.Write(&want, binary.LittleEndian, float32(f))
				read = float64(float32(f))
			} else {
				_ = binary.Write(&want, binary.LittleEndian, f)
				read = f
			}
			b := &Blob{}
			if err := b.WriteN(FloatNum(f), typ); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want.Bytes()) {
				t.Errorf("WriteN(%g, %q) = % x, want % x", f, rune(typ), b.Bytes(), want.Bytes())
			}
			if _, err := b.Seek(0, SeekBegin); err != nil {
				t.Fatal(err)
			}
			got, err := b.ReadN(typ)
			if err != nil || !got.IsFloat || math.Float64bits(got.Float) != math.Float64bits(read) {
				t.Errorf("ReadN(%q) of %g = %+v, %v; want %g", rune(typ), f, got, err, read)
			}
		}
	}
}

func TestSwapHelpers(t *testing.T) {
	// Examples from the imp's documentation of the global swap functions.
	if got := Swap2Int(0x1A2B); got != 0x2B1A {
		t.Errorf("Swap2Int(0x1A2B) = %#x", got)
	}
	if got := Swap2Int(0x1A2B3C4D); got != 0x4D3C {
		t.Errorf("Swap2Int(0x1A2B3C4D) = %#x", got)
	}
	if got := Swap2Int(-1); got != 0xFFFF {
		t.Errorf("Swap2Int(-1) = %#x", got)
	}
	if got := Swap2Int(0x80); got != 0x8000 {
		t.Errorf("Swap2Int(0x80) = %#x", got)
	}
	if got := Swap4Int(0x1A2B3C4D); got != 0x4D3C2B1A {
		t.Errorf("Swap4Int(0x1A2B3C4D) = %#x", got)
	}
	if got := Swap4Int(0x80); got != math.MinInt32 {
		t.Errorf("Swap4Int(0x80) = %#x", got)
	}
	if got := CastF2I(1); got != 0x3F800000 {
		t.Errorf("CastF2I(1) = %#x", got)
	}
	if got := CastI2F(0x3F800000); got != 1 {
		t.Errorf("CastI2F(0x3F800000) = %g", got)
	}
	if got := CastF2I(CastI2F(-12345)); got != -12345 {
		t.Errorf("CastF2I(CastI2F(-12345)) = %d", got)
	}
	if got := math.Float32bits(SwapFloat(1)); got != 0x803F {
		t.Errorf("SwapFloat(1) bits = %#x", got)
	}
	if got := SwapFloat(SwapFloat(2.5)); got != 2.5 {
		t.Errorf("SwapFloat(SwapFloat(2.5)) = %g", got)
	}
}
