package keys

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"fmt"

	"github.com/veraison/go-cose"
)

// Key type names, as `drey keys gen --type` spells them.
const (
	RSA4096 = "rsa4096" // RSASSA-PSS-SHA256, COSE PS256
	Ed25519 = "ed25519" // EdDSA, COSE EdDSA
	P256    = "p256"    // ECDSA P-256 SHA-256, COSE ES256
	X25519  = "x25519"  // key agreement only
)

// Types returns the key types Generate makes, in the order help text
// shows them.
func Types() []string { return []string{Ed25519, RSA4096, P256, X25519} }

// PrivateKey is a private key of one of the supported types. The zero
// value holds no key. Its secret lives behind a pointer, so even printing
// a struct that holds a PrivateKey in an unexported field shows an address
// and not the key; its own String, GoString and Format show only the type
// and key id.
type PrivateKey struct {
	k *privateKey
}

type privateKey struct {
	key crypto.PrivateKey // *rsa.PrivateKey, ed25519.PrivateKey, *ecdsa.PrivateKey or *ecdh.PrivateKey
	pub PublicKey
}

// Generate makes a new private key of type typ (RSA4096, Ed25519, P256 or
// X25519) from crypto/rand.
func Generate(typ string) (PrivateKey, error) {
	var (
		key crypto.PrivateKey
		err error
	)
	switch typ {
	case RSA4096:
		key, err = rsa.GenerateKey(rand.Reader, 4096)
	case Ed25519:
		_, key, err = ed25519.GenerateKey(rand.Reader)
	case P256:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case X25519:
		key, err = ecdh.X25519().GenerateKey(rand.Reader)
	default:
		return PrivateKey{}, fmt.Errorf("key type %q: %w (want %s, %s, %s or %s)", typ, ErrUnsupportedKey, Ed25519, RSA4096, P256, X25519)
	}
	if err != nil {
		return PrivateKey{}, fmt.Errorf("generate %s key: %w", typ, err)
	}
	return NewPrivateKey(key)
}

// NewPrivateKey wraps a Go private key: *rsa.PrivateKey, ed25519.PrivateKey,
// *ecdsa.PrivateKey on P-256 or *ecdh.PrivateKey on X25519. The public half
// must pass the checks of NewPublicKey.
func NewPrivateKey(key crypto.PrivateKey) (PrivateKey, error) {
	var pub crypto.PublicKey
	switch k := key.(type) {
	case *rsa.PrivateKey:
		pub = &k.PublicKey
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return PrivateKey{}, fmt.Errorf("ed25519 private key of %d bytes: %w", len(k), ErrFormat)
		}
		pub = k.Public()
	case *ecdsa.PrivateKey:
		pub = &k.PublicKey
	case *ecdh.PrivateKey:
		pub = k.PublicKey()
	default:
		return PrivateKey{}, fmt.Errorf("private key of Go type %T: %w", key, ErrUnsupportedKey)
	}
	p, err := NewPublicKey(pub)
	if err != nil {
		return PrivateKey{}, err
	}
	return PrivateKey{&privateKey{key: key, pub: p}}, nil
}

// Type returns the key's type name, such as "ed25519", or "" for the zero
// PrivateKey.
func (k PrivateKey) Type() string {
	if k.k == nil {
		return ""
	}
	return k.k.pub.typ
}

// Public returns the public half of the key.
func (k PrivateKey) Public() PublicKey {
	if k.k == nil {
		return PublicKey{}
	}
	return k.k.pub
}

// Signer returns a go-cose Signer for the key, for PS256, EdDSA or ES256.
// It fails with ErrCannotSign for an x25519 key.
func (k PrivateKey) Signer() (cose.Signer, error) {
	if k.k == nil {
		return nil, fmt.Errorf("zero PrivateKey: %w", ErrCannotSign)
	}
	signer, ok := k.k.key.(crypto.Signer)
	alg := k.k.pub.Alg()
	if !ok || alg == cose.AlgorithmReserved {
		return nil, fmt.Errorf("%s key %s: %w", k.Type(), k.k.pub.ID(), ErrCannotSign)
	}
	s, err := cose.NewSigner(alg, signer)
	if err != nil {
		return nil, fmt.Errorf("%s key %s: %w", k.Type(), k.k.pub.ID(), err)
	}
	return s, nil
}

// ECDH returns the key as a crypto/ecdh key, for per-device key wrapping.
// Only x25519 keys have one.
func (k PrivateKey) ECDH() (*ecdh.PrivateKey, error) {
	if dk, ok := k.key().(*ecdh.PrivateKey); ok {
		return dk, nil
	}
	return nil, fmt.Errorf("%s key %s is not an x25519 key: %w", k.Type(), k.Public().ID(), ErrUnsupportedKey)
}

func (k PrivateKey) key() crypto.PrivateKey {
	if k.k == nil {
		return nil
	}
	return k.k.key
}

// CryptoSigner returns the key as a crypto.Signer, for packages that sign
// with the standard library's interface (image/trust signs root metadata
// with it). An x25519 key cannot sign.
func (k PrivateKey) CryptoSigner() (crypto.Signer, error) {
	s, ok := k.key().(crypto.Signer)
	if !ok || k.Type() == X25519 {
		return nil, fmt.Errorf("%s key: %w", k.Type(), ErrCannotSign)
	}
	return s, nil
}
