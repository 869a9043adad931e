package blobbuf

import (
	"encoding/binary"
	"math"
)

// Number types for ReadN and WriteN, as Squirrel scripts write them.
// Every one is stored little-endian.
const (
	// TypeInt8 is 'c', an 8-bit signed integer.
	TypeInt8 = 'c'
	// TypeUint8 is 'b', an 8-bit unsigned integer.
	TypeUint8 = 'b'
	// TypeInt16 is 's', a 16-bit signed integer.
	TypeInt16 = 's'
	// TypeUint16 is 'w', a 16-bit unsigned integer.
	TypeUint16 = 'w'
	// TypeInt32 is 'i', a 32-bit signed integer.
	TypeInt32 = 'i'
	// TypeInteger is 'l', the VM's native integer: 32 bits on the imp, so
	// the same as TypeInt32. The reference library has it; the imp's
	// documentation does not list it.
	TypeInteger = 'l'
	// TypeFloat32 is 'f', a 32-bit IEEE 754 float.
	TypeFloat32 = 'f'
	// TypeFloat64 is 'd', a 64-bit IEEE 754 float.
	TypeFloat64 = 'd'
)

// Num is a Squirrel number: an integer (32 bits, as on the imp) when
// IsFloat is false, otherwise a float. The zero Num is the integer 0, and
// writing it stores zero bytes of any type, which is what the imp does
// when a script passes writen() something that is not a number.
type Num struct {
	// IsFloat reports whether the number is a float.
	IsFloat bool
	// Int is the value of an integer; it is ignored for a float.
	Int int32
	// Float is the value of a float; it is ignored for an integer.
	Float float64
}

// IntNum returns the integer i as a Num.
func IntNum(i int32) Num { return Num{Int: i} }

// FloatNum returns the float f as a Num.
func FloatNum(f float64) Num { return Num{IsFloat: true, Float: f} }

// asInt returns n as an integer. A float is truncated toward zero,
// saturating at the int32 limits, with NaN giving 0: the conversion the
// imp's ARM processors perform.
func (n Num) asInt() int32 {
	if !n.IsFloat {
		return n.Int
	}
	f := n.Float
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt32+1:
		return math.MaxInt32
	case f < math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}

// asFloat returns n as a float.
func (n Num) asFloat() float64 {
	if n.IsFloat {
		return n.Float
	}
	return float64(n.Int)
}

// numSize returns the number of bytes a number of type typ takes, or 0 if
// typ is not a number type.
func numSize(typ int) int {
	switch typ {
	case TypeInt8, TypeUint8:
		return 1
	case TypeInt16, TypeUint16:
		return 2
	case TypeInt32, TypeInteger, TypeFloat32:
		return 4
	case TypeFloat64:
		return 8
	}
	return 0
}

// WriteN writes v at the cursor as a little-endian number of type typ
// (Squirrel's writen()), growing the blob as needed, and advances the
// cursor past it. An integer type stores the low bits of v's integer value
// (a float v is truncated first); 'f' rounds v to the nearest float32; 'd'
// stores v as a float64, so a VM with 32-bit floats should pass values it
// has already rounded. It fails for an unknown type, writing nothing, and
// when the blob would exceed MaxSize.
func (b *Blob) WriteN(v Num, typ int) error {
	if b == nil {
		return ErrInvalid
	}
	var tmp [8]byte
	size := numSize(typ)
	switch typ {
	case TypeInt8, TypeUint8:
		tmp[0] = byte(v.asInt())
	case TypeInt16, TypeUint16:
		binary.LittleEndian.PutUint16(tmp[:], uint16(v.asInt()))
	case TypeInt32, TypeInteger:
		binary.LittleEndian.PutUint32(tmp[:], uint32(v.asInt()))
	case TypeFloat32:
		binary.LittleEndian.PutUint32(tmp[:], math.Float32bits(float32(v.asFloat())))
	case TypeFloat64:
		binary.LittleEndian.PutUint64(tmp[:], math.Float64bits(v.asFloat()))
	default:
		return ErrInvalidFormat
	}
	return b.WriteBytes(tmp[:size])
}

// ReadN reads a little-endian number of type typ at the cursor (Squirrel's
// readn()) and advances the cursor past it. 'c' and 's' are sign-extended,
// 'b' and 'w' are not; 'f' and 'd' give floats, every other type an
// integer. It fails for an unknown type, leaving the cursor alone. When
// fewer bytes remain than the type needs it fails with ErrIO, and, like the
// reference, leaves the cursor at the end of the blob.
func (b *Blob) ReadN(typ int) (Num, error) {
	if b == nil {
		return Num{}, ErrInvalid
	}
	size := numSize(typ)
	if size == 0 {
		return Num{}, ErrInvalidFormat
	}
	p := b.readUpTo(size)
	if len(p) != size {
		return Num{}, ErrIO
	}
	switch typ {
	case TypeInt8:
		return IntNum(int32(int8(p[0]))), nil
	case TypeUint8:
		return IntNum(int32(p[0])), nil
	case TypeInt16:
		return IntNum(int32(int16(binary.LittleEndian.Uint16(p)))), nil
	case TypeUint16:
		return IntNum(int32(binary.LittleEndian.Uint16(p))), nil
	case TypeInt32, TypeInteger:
		return IntNum(int32(binary.LittleEndian.Uint32(p))), nil
	case TypeFloat32:
		return FloatNum(float64(math.Float32frombits(binary.LittleEndian.Uint32(p)))), nil
	default: // TypeFloat64
		return FloatNum(math.Float64frombits(binary.LittleEndian.Uint64(p))), nil
	}
}
