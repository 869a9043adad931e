package crypt

import "fmt"

// Alg is a COSE algorithm identifier from the IANA "COSE Algorithms"
// registry. Only the values below are accepted anywhere in this package.
type Alg int64

// Content encryption algorithms (RFC 9053 §4.1 for GCM, RFC 9459 for
// CTR). The AES-CTR identifiers are the ones RFC 9459 registered
// (-65533 is A192CTR, -65531 is A128CBC; neither is accepted).
const (
	A128GCM Alg = 1
	A256GCM Alg = 3
	A128CTR Alg = -65534
	A256CTR Alg = -65532
)

// Key distribution algorithms (RFC 9053 §6.2.1 and §6.4.1). The ECDH-ES
// variants derive the key-encryption key with HKDF-SHA-256.
const (
	A128KW       Alg = -3
	A256KW       Alg = -5
	ECDHESA128KW Alg = -29
	ECDHESA256KW Alg = -31
)

var algNames = map[Alg]string{
	A128GCM:      "A128GCM",
	A256GCM:      "A256GCM",
	A128CTR:      "A128CTR",
	A256CTR:      "A256CTR",
	A128KW:       "A128KW",
	A256KW:       "A256KW",
	ECDHESA128KW: "ECDH-ES+A128KW",
	ECDHESA256KW: "ECDH-ES+A256KW",
}

// String returns the registry name of a, or its number if a is not one of
// the algorithms this package knows.
func (a Alg) String() string {
	if n, ok := algNames[a]; ok {
		return n
	}
	return fmt.Sprintf("alg(%d)", int64(a))
}

// IsContent reports whether a encrypts payloads.
func (a Alg) IsContent() bool { return a.isGCM() || a.isCTR() }

func (a Alg) isGCM() bool { return a == A128GCM || a == A256GCM }
func (a Alg) isCTR() bool { return a == A128CTR || a == A256CTR }

// isKW reports whether a wraps the CEK directly under a pre-shared key.
func (a Alg) isKW() bool { return a == A128KW || a == A256KW }

// isECDH reports whether a wraps the CEK under a key agreed by ECDH-ES.
func (a Alg) isECDH() bool { return a == ECDHESA128KW || a == ECDHESA256KW }

// KeySize returns the length in bytes of the key a uses: the CEK for a
// content algorithm, the key-encryption key for a key distribution
// algorithm. It returns 0 for algorithms this package does not accept.
func (a Alg) KeySize() int {
	switch a {
	case A128GCM, A128CTR, A128KW, ECDHESA128KW:
		return 16
	case A256GCM, A256CTR, A256KW, ECDHESA256KW:
		return 32
	}
	return 0
}

// IVSize returns the length in bytes of the IV content algorithm a needs:
// the 96-bit GCM nonce, or the full 128-bit initial counter block of CTR.
func (a Alg) IVSize() int {
	switch {
	case a.isGCM():
		return 12
	case a.isCTR():
		return 16
	}
	return 0
}

// kwFor returns the key wrap algorithm, plain or ECDH-ES, whose KEK has
// the given length.
func kwFor(keyLen int, ecdh bool) (Alg, bool) {
	switch {
	case keyLen == 16 && ecdh:
		return ECDHESA128KW, true
	case keyLen == 32 && ecdh:
		return ECDHESA256KW, true
	case keyLen == 16:
		return A128KW, true
	case keyLen == 32:
		return A256KW, true
	}
	return 0, false
}

const (
	contentAlgs = "A128GCM, A256GCM, A128CTR, A256CTR"
	recipAlgs   = "A128KW, A256KW, ECDH-ES+A128KW, ECDH-ES+A256KW"
)
