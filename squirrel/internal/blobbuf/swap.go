package blobbuf

import (
	"math"
	"math/bits"
)

// The blob library also gives scripts global functions that reinterpret or
// byte-swap single numbers. They are pure functions of 32-bit values, the
// widths of the imp's integers and floats.

// Swap2Int returns the low 16 bits of v with their two bytes swapped, and
// the upper 16 bits zero, as the imp's global swap2() does: 0x1A2B3C4D
// gives 0x4D3C. (The reference's swap2() ORs the high byte into the
// sign-extended value shifted left by 8, so 0x1A2B gives 0x1A2B1A; the
// imp documents the clean result.)
func Swap2Int(v int32) int32 {
	u := uint32(v)
	return int32((u&0xFF)<<8 | (u>>8)&0xFF)
}

// Swap4Int returns v with its four bytes in reverse order (the global
// swap4()): 0x1A2B3C4D gives 0x4D3C2B1A.
func Swap4Int(v int32) int32 {
	return int32(bits.ReverseBytes32(uint32(v)))
}

// SwapFloat returns the float whose bits are those of f with the four
// bytes reversed (the reference's global swapfloat()). The result may be a
// NaN whose payload a conversion to float64 would not preserve; callers
// that need the bits should use math.Float32bits on the result directly.
func SwapFloat(f float32) float32 {
	return math.Float32frombits(bits.ReverseBytes32(math.Float32bits(f)))
}

// CastI2F returns the float whose bits are those of i (the reference's
// global casti2f()).
func CastI2F(i int32) float32 { return math.Float32frombits(uint32(i)) }

// CastF2I returns the integer whose bits are those of f (the reference's
// global castf2i()).
func CastF2I(f float32) int32 { return int32(math.Float32bits(f)) }
