package keys

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"

	"github.com/veraison/go-cose"
)

// RSA modulus sizes accepted when reading a key. The floor is REQ-SEC-1's;
// the ceiling bounds the work a device does per verification.
const (
	MinRSABits = 3072
	MaxRSABits = 8192
)

// PEM block type of a public key file.
const publicPEMType = "PUBLIC KEY"

// PublicKey is the public half of a key of one of the supported types.
// The zero value holds no key.
type PublicKey struct {
	typ string
	key crypto.PublicKey // *rsa.PublicKey, ed25519.PublicKey, *ecdsa.PublicKey or *ecdh.PublicKey
	der []byte           // PKIX SubjectPublicKeyInfo
	id  KeyID
}

// KeyID identifies a key: the SHA-256 of its PKIX (SubjectPublicKeyInfo)
// DER encoding.
type KeyID [sha256.Size]byte

// String returns the id in lower-case hex.
func (id KeyID) String() string { return hex.EncodeToString(id[:]) }

// ParseKeyID parses the hex form of a key id.
func ParseKeyID(s string) (KeyID, error) {
	var id KeyID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("key id %q: want %d hex digits", s, 2*len(id))
	}
	copy(id[:], b)
	return id, nil
}

// NewPublicKey wraps a Go public key: *rsa.PublicKey, ed25519.PublicKey,
// *ecdsa.PublicKey on P-256 or *ecdh.PublicKey on X25519. It refuses RSA
// keys under MinRSABits or with an exponent other than 65537 with
// ErrWeakKey (REQ-SEC-1), and other algorithms and curves with
// ErrUnsupportedKey.
func NewPublicKey(pub crypto.PublicKey) (PublicKey, error) {
	var typ string
	switch k := pub.(type) {
	case *rsa.PublicKey:
		bits := k.N.BitLen()
		switch {
		case bits < MinRSABits:
			return PublicKey{}, fmt.Errorf("RSA key of %d bits, want at least %d: %w", bits, MinRSABits, ErrWeakKey)
		case bits > MaxRSABits:
			return PublicKey{}, fmt.Errorf("RSA key of %d bits, want at most %d: %w", bits, MaxRSABits, ErrUnsupportedKey)
		case k.E != 65537:
			return PublicKey{}, fmt.Errorf("RSA key with exponent %d, want 65537: %w", k.E, ErrWeakKey)
		}
		typ = fmt.Sprintf("rsa%d", bits)
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return PublicKey{}, fmt.Errorf("ed25519 public key of %d bytes: %w", len(k), ErrFormat)
		}
		typ = Ed25519
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return PublicKey{}, fmt.Errorf("ECDSA key on curve %s, want P-256: %w", k.Curve.Params().Name, ErrUnsupportedKey)
		}
		if _, err := k.ECDH(); err != nil {
			return PublicKey{}, fmt.Errorf("P-256 public key: %v: %w", err, ErrFormat)
		}
		typ = P256
	case *ecdh.PublicKey:
		if k.Curve() != ecdh.X25519() {
			return PublicKey{}, fmt.Errorf("ECDH key on curve %v, want X25519: %w", k.Curve(), ErrUnsupportedKey)
		}
		typ = X25519
	default:
		return PublicKey{}, fmt.Errorf("public key of Go type %T: %w", pub, ErrUnsupportedKey)
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return PublicKey{}, fmt.Errorf("%s public key: %w", typ, err)
	}
	return PublicKey{typ: typ, key: pub, der: der, id: sha256.Sum256(der)}, nil
}

// ParsePublicDER parses a PKIX SubjectPublicKeyInfo and applies the checks
// of NewPublicKey.
func ParsePublicDER(der []byte) (PublicKey, error) {
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return PublicKey{}, fmt.Errorf("public key: %v: %w", err, ErrFormat)
	}
	p, err := NewPublicKey(pub)
	if err != nil {
		return PublicKey{}, err
	}
	if !bytes.Equal(p.der, der) {
		// The key id is the hash of the DER; a non-canonical encoding
		// would give the same key two ids.
		return PublicKey{}, fmt.Errorf("public key is not in canonical DER: %w", ErrFormat)
	}
	return p, nil
}

// ParsePublicPEM parses one PEM "PUBLIC KEY" block, as written by
// MarshalPublicPEM or `openssl pkey -pubout`.
func ParsePublicPEM(data []byte) (PublicKey, error) {
	block, rest := pem.Decode(data)
	if block == nil {
		return PublicKey{}, fmt.Errorf("no PEM block: %w", ErrFormat)
	}
	if block.Type != publicPEMType {
		return PublicKey{}, fmt.Errorf("PEM block %q, want %q: %w", block.Type, publicPEMType, ErrFormat)
	}
	if len(bytes.TrimSpace(rest)) != 0 {
		return PublicKey{}, fmt.Errorf("data after the PEM block: %w", ErrFormat)
	}
	return ParsePublicDER(block.Bytes)
}

// MarshalPublicPEM returns the key as a PEM "PUBLIC KEY" block.
func MarshalPublicPEM(pub PublicKey) ([]byte, error) {
	if pub.der == nil {
		return nil, fmt.Errorf("zero PublicKey: %w", ErrUnsupportedKey)
	}
	return pem.EncodeToMemory(&pem.Block{Type: publicPEMType, Bytes: pub.der}), nil
}

// Type returns the key's type name, such as "ed25519" or "rsa4096".
func (p PublicKey) Type() string { return p.typ }

// ID returns the key id, the SHA-256 of the PKIX DER.
func (p PublicKey) ID() KeyID { return p.id }

// PKIX returns the key's PKIX SubjectPublicKeyInfo DER encoding.
func (p PublicKey) PKIX() []byte { return bytes.Clone(p.der) }

// Key returns the Go public key: *rsa.PublicKey, ed25519.PublicKey,
// *ecdsa.PublicKey or *ecdh.PublicKey.
func (p PublicKey) Key() crypto.PublicKey { return p.key }

// Equal reports whether p and q are the same key.
func (p PublicKey) Equal(q PublicKey) bool { return p.der != nil && p.id == q.id }

// String returns the key's type and id, such as "ed25519 key 5f0c…".
func (p PublicKey) String() string {
	if p.der == nil {
		return "no public key"
	}
	return p.typ + " key " + p.id.String()
}

// Alg returns the COSE algorithm of signatures made with the key (PS256,
// EdDSA or ES256), which COSE headers carry to identify it (REQ-SEC-9).
// An x25519 key signs nothing: its Alg is cose.AlgorithmReserved (0).
func (p PublicKey) Alg() cose.Algorithm {
	switch p.key.(type) {
	case *rsa.PublicKey:
		return cose.AlgorithmPS256
	case ed25519.PublicKey:
		return cose.AlgorithmEdDSA
	case *ecdsa.PublicKey:
		return cose.AlgorithmES256
	}
	return cose.AlgorithmReserved
}

// Verifier returns the go-cose Verifier for the key, the one devices use.
// It fails with ErrCannotSign for an x25519 key.
func (p PublicKey) Verifier() (cose.Verifier, error) {
	alg := p.Alg()
	if alg == cose.AlgorithmReserved {
		return nil, fmt.Errorf("%s: %w", p, ErrCannotSign)
	}
	v, err := cose.NewVerifier(alg, p.key)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return v, nil
}
