package shamir

// Arithmetic in GF(2^8) with the reduction polynomial
// x^8 + x^4 + x^3 + x + 1 (0x11b), the field of AES. Addition and
// subtraction are both XOR. Multiplication is shift-and-add with masks
// instead of branches or log tables, so its time does not depend on the
// secret bytes it multiplies.

// mul returns a*b in GF(2^8).
func mul(a, b byte) byte {
	var p byte
	for range 8 {
		p ^= -(b & 1) & a // add a when the low bit of b is set
		carry := a >> 7
		a = a<<1 ^ -carry&0x1b // multiply a by x, reducing by 0x11b
		b >>= 1
	}
	return p
}

// inv returns the multiplicative inverse of a, which must not be 0: the
// multiplicative group has order 255, so a^254 = a^-1.
func inv(a byte) byte {
	// a^254 = a^(2+4+8+16+32+64+128), by repeated squaring.
	result := byte(1)
	sq := a
	for range 7 {
		sq = mul(sq, sq) // a^2, a^4, ..., a^128
		result = mul(result, sq)
	}
	return result
}

// div returns a/b in GF(2^8); b must not be 0.
func div(a, b byte) byte { return mul(a, inv(b)) }
