package crypt

// COSE_Key encoding of the sender's ephemeral public key (RFC 9052 §7,
// RFC 9053 §7.1 and §7.2). Only the two curves Drey provisions are
// accepted: P-256 as an EC2 key with both coordinates, and X25519 as an
// OKP key.

import (
	"crypto/ecdh"
	"fmt"
)

const (
	keyKty = 1
	keyCrv = -1
	keyX   = -2
	keyY   = -3

	ktyOKP    = 1
	ktyEC2    = 2
	crvP256   = 1
	crvX25519 = 4
)

// curveName names c for error messages.
func curveName(c ecdh.Curve) string {
	switch c {
	case ecdh.P256():
		return "P-256"
	case ecdh.X25519():
		return "X25519"
	}
	return fmt.Sprint(c)
}

// supportedCurve reports whether c is P-256 or X25519.
func supportedCurve(c ecdh.Curve) bool {
	return c == ecdh.P256() || c == ecdh.X25519()
}

// coseKey returns pub as a COSE_Key map ready to encode.
func coseKey(pub *ecdh.PublicKey) map[int64]any {
	b := pub.Bytes()
	if pub.Curve() == ecdh.X25519() {
		return map[int64]any{keyKty: ktyOKP, keyCrv: crvX25519, keyX: b}
	}
	// P-256: b is the uncompressed point 0x04 || x || y.
	return map[int64]any{keyKty: ktyEC2, keyCrv: crvP256, keyX: b[1:33], keyY: b[33:65]}
}

// parseCOSEKey decodes an ephemeral public key and checks that it is a
// valid point: crypto/ecdh rejects P-256 points off the curve, at infinity
// or compressed; X25519 low-order points are caught later, when ECDH
// refuses to return an all-zero secret.
func parseCOSEKey(raw []byte, field string) (*ecdh.PublicKey, error) {
	h, err := decodeHeaders(raw, field)
	if err != nil {
		return nil, err
	}
	kty, ok, err := h.int(keyKty, field+".kty")
	if err != nil {
		return nil, err
	} else if !ok {
		return nil, fieldErr(ErrMalformed, field+".kty", nil, "EC2 (2) or OKP (1)")
	}
	crv, ok, err := h.int(keyCrv, field+".crv")
	if err != nil {
		return nil, err
	} else if !ok {
		return nil, fieldErr(ErrMalformed, field+".crv", nil, "P-256 (1) or X25519 (4)")
	}
	switch {
	case kty == ktyEC2 && crv == crvP256:
		if err := h.only(field, keyKty, keyCrv, keyX, keyY); err != nil {
			return nil, err
		}
		x, err := coord(h, keyX, field+".x")
		if err != nil {
			return nil, err
		}
		if y, ok := h[keyY]; ok && len(y) == 1 && (y[0] == 0xf4 || y[0] == 0xf5) {
			return nil, fieldErr(ErrUnsupportedAlg, field+".y", "a sign bit (compressed point)", "the 32-byte y coordinate")
		}
		y, err := coord(h, keyY, field+".y")
		if err != nil {
			return nil, err
		}
		pub, err := ecdh.P256().NewPublicKey(append(append([]byte{4}, x...), y...))
		if err != nil {
			return nil, fieldErr(ErrMalformed, field, "(x, y) not on P-256", "a valid P-256 point")
		}
		return pub, nil
	case kty == ktyOKP && crv == crvX25519:
		if err := h.only(field, keyKty, keyCrv, keyX); err != nil {
			return nil, err
		}
		x, err := coord(h, keyX, field+".x")
		if err != nil {
			return nil, err
		}
		if !canonicalX25519(x) {
			return nil, fieldErr(ErrMalformed, field+".x", x, "a canonical X25519 u-coordinate, below 2^255-19")
		}
		return ecdh.X25519().NewPublicKey(x)
	case kty != ktyEC2 && kty != ktyOKP:
		return nil, fieldErr(ErrUnsupportedAlg, field+".kty", kty, "EC2 (2) or OKP (1)")
	}
	return nil, fieldErr(ErrUnsupportedAlg, field+".crv", crv, "P-256 (1) with EC2, or X25519 (4) with OKP")
}

// canonicalX25519 reports whether the little-endian u-coordinate u is below
// p = 2^255-19. X25519 masks bit 255 and reduces modulo p (RFC 7748 §5), so
// without this check 20 encodings of some points, and two of every other,
// would give the same shared secret: the recipient would be malleable.
func canonicalX25519(u []byte) bool {
	if u[31] != 0x7f {
		return u[31] < 0x7f
	}
	for _, b := range u[1:31] {
		if b != 0xff {
			return true
		}
	}
	return u[0] < 0xed
}

// coord reads a required 32-byte coordinate.
func coord(h headers, label int64, field string) ([]byte, error) {
	b, ok, err := h.bytes(label, field)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fieldErr(ErrMalformed, field, nil, "a 32-byte coordinate")
	}
	if len(b) != 32 {
		return nil, fieldErr(ErrKeySize, field, b, "32 bytes")
	}
	return b, nil
}
