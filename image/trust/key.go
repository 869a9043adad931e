package trust

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"

	"github.com/veraison/go-cose"
)

// The key policy of REQ-SEC-1. RSA keys are bounded above as well as below:
// the upper bound keeps the cost of one verification on a device small.
const (
	minRSABits = 3072
	maxRSABits = 8192
	// maxKeyDER bounds the PKIX encoding of one key; an RSA-8192 key needs
	// about 1,100 bytes.
	maxKeyDER = 2048
)

// KeyID names a public key: the SHA-256 of its PKIX (SubjectPublicKeyInfo)
// DER encoding. Because a Key is only built from a DER encoding that
// re-encodes to itself, one key has exactly one KeyID, which is what lets a
// threshold count keys rather than signatures.
type KeyID [sha256.Size]byte

// String returns the key id in lower-case hex.
func (id KeyID) String() string { return hex.EncodeToString(id[:]) }

// Key is a public key that the key policy allows, with its COSE algorithm,
// its PKIX DER encoding and its KeyID. The zero Key is not valid; build one
// with NewKey.
type Key struct {
	id       KeyID
	alg      cose.Algorithm
	der      []byte
	public   crypto.PublicKey
	verifier cose.Verifier
}

// NewKey returns the Key for pub, which is an *rsa.PublicKey,
// *ecdsa.PublicKey or ed25519.PublicKey, or a crypto.Signer holding one (its
// public half is taken). The algorithm follows from the key: PS256 for RSA,
// ES256 for P-256, EdDSA for Ed25519. Any other key, or an RSA key outside
// 3072 to 8192 bits, is refused with ErrWeakKey (REQ-SEC-1).
func NewKey(pub crypto.PublicKey) (Key, error) {
	if s, ok := pub.(crypto.Signer); ok {
		pub = s.Public()
	}
	alg, err := algorithmFor(pub)
	if err != nil {
		return Key{}, err
	}
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return Key{}, fmt.Errorf("public key %T: %v: %w", pub, err, ErrMalformed)
	}
	return makeKey(alg, der, pub)
}

// parseKey rebuilds a Key from its encoded fields, refusing a DER encoding
// that is not the one canonical encoding of its key and a kid that is not
// the SHA-256 of that encoding.
func parseKey(kid []byte, alg int64, der []byte) (Key, error) {
	if len(der) > maxKeyDER {
		return Key{}, fmt.Errorf("public key of %d bytes, limit %d: %w", len(der), maxKeyDER, ErrMalformed)
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return Key{}, fmt.Errorf("public key: %v: %w", err, ErrMalformed)
	}
	canonical, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil || !bytes.Equal(canonical, der) {
		return Key{}, fmt.Errorf("public key %T: not canonical DER: %w", pub, ErrMalformed)
	}
	k, err := makeKey(cose.Algorithm(alg), der, pub)
	if err != nil {
		return Key{}, err
	}
	if !bytes.Equal(kid, k.id[:]) {
		return Key{}, fmt.Errorf("kid %x, want SHA-256 of the key %s: %w", kid, k.id, ErrMalformed)
	}
	return k, nil
}

// makeKey checks alg against the policy and against the key, and builds the
// verifier once so that it is shared by every later check.
func makeKey(alg cose.Algorithm, der []byte, pub crypto.PublicKey) (Key, error) {
	want, err := algorithmFor(pub)
	if err != nil {
		return Key{}, err
	}
	if alg != want {
		return Key{}, fmt.Errorf("key algorithm %v for a %T, want %v: %w", alg, pub, want, ErrWeakKey)
	}
	v, err := cose.NewVerifier(alg, pub)
	if err != nil {
		return Key{}, fmt.Errorf("key algorithm %v: %v: %w", alg, err, ErrMalformed)
	}
	return Key{
		id:       sha256.Sum256(der),
		alg:      alg,
		der:      bytes.Clone(der),
		public:   pub,
		verifier: v,
	}, nil
}

// algorithmFor is the allow-list of REQ-SEC-1: it names the one algorithm a
// key may be used with, or refuses the key.
func algorithmFor(pub crypto.PublicKey) (cose.Algorithm, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		bits := k.N.BitLen()
		if bits < minRSABits || bits > maxRSABits {
			return 0, fmt.Errorf("RSA key of %d bits, want %d to %d: %w", bits, minRSABits, maxRSABits, ErrWeakKey)
		}
		return cose.AlgorithmPS256, nil
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return 0, fmt.Errorf("ECDSA curve %s, want P-256: %w", k.Curve.Params().Name, ErrWeakKey)
		}
		return cose.AlgorithmES256, nil
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return 0, fmt.Errorf("Ed25519 key of %d bytes: %w", len(k), ErrMalformed)
		}
		return cose.AlgorithmEdDSA, nil
	default:
		return 0, fmt.Errorf("public key type %T: %w", pub, ErrWeakKey)
	}
}

// ID returns the key id.
func (k Key) ID() KeyID { return k.id }

// Algorithm returns the COSE algorithm the key signs with.
func (k Key) Algorithm() cose.Algorithm { return k.alg }

// Public returns the public key: an *rsa.PublicKey, *ecdsa.PublicKey or
// ed25519.PublicKey.
func (k Key) Public() crypto.PublicKey { return k.public }

// DER returns a copy of the key's PKIX DER encoding.
func (k Key) DER() []byte { return bytes.Clone(k.der) }

// Verifier returns a COSE verifier for the key.
func (k Key) Verifier() cose.Verifier { return k.verifier }

// valid reports whether k was built by NewKey or parseKey.
func (k Key) valid() bool { return k.verifier != nil }
