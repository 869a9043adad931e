package suit

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"

	"github.com/veraison/go-cose"
)

// MinRSABits is the smallest RSA modulus a KeySet accepts (REQ-SEC-1).
const MinRSABits = 3072

// Key is a public key trusted to sign manifests.
type Key struct {
	// ID is the COSE kid that signatures made with this key may carry. It
	// may be empty; signatures without a kid are tried against every key of
	// their algorithm.
	ID []byte
	// Algorithm is the COSE algorithm the key signs with: ES256, ES384,
	// ES512, PS256, PS384, PS512 or EdDSA.
	Algorithm cose.Algorithm
	// Public is an *ecdsa.PublicKey, *rsa.PublicKey or ed25519.PublicKey.
	Public crypto.PublicKey
}

// KeySet is the set of keys Verify trusts. Each key counts once toward a
// threshold, however many signatures it made, and no public key or kid
// appears twice, so k valid signatures mean k distinct signers (REQ-SEC-5).
type KeySet struct {
	keys []trustedKey
}

type trustedKey struct {
	Key
	verifier cose.Verifier
}

// NewKeySet returns a KeySet holding keys. It rejects a key whose algorithm
// does not match its type or curve, an RSA key below MinRSABits, and a
// public key or non-empty kid that appears twice.
func NewKeySet(keys ...Key) (*KeySet, error) {
	ks := &KeySet{}
	for i, k := range keys {
		if err := checkKey(k); err != nil {
			return nil, fmt.Errorf("suit: key %d (kid %q): %w", i, k.ID, err)
		}
		v, err := cose.NewVerifier(k.Algorithm, k.Public)
		if err != nil {
			return nil, fmt.Errorf("suit: key %d (kid %q): %w", i, k.ID, err)
		}
		for j, o := range ks.keys {
			if len(k.ID) > 0 && bytes.Equal(k.ID, o.ID) {
				return nil, fmt.Errorf("suit: key %d: kid %q already used by key %d", i, k.ID, j)
			}
			if eq, ok := k.Public.(interface{ Equal(crypto.PublicKey) bool }); ok && eq.Equal(o.Public) {
				return nil, fmt.Errorf("suit: key %d: same public key as key %d", i, j)
			}
		}
		ks.keys = append(ks.keys, trustedKey{Key: k, verifier: v})
	}
	return ks, nil
}

// Len returns the number of keys in the set.
func (ks *KeySet) Len() int {
	if ks == nil {
		return 0
	}
	return len(ks.keys)
}

func checkKey(k Key) error {
	switch pub := k.Public.(type) {
	case *ecdsa.PublicKey:
		want := map[cose.Algorithm]elliptic.Curve{
			cose.AlgorithmES256: elliptic.P256(),
			cose.AlgorithmES384: elliptic.P384(),
			cose.AlgorithmES512: elliptic.P521(),
		}[k.Algorithm]
		if want == nil || pub.Curve != want {
			return fmt.Errorf("ECDSA key on %s cannot sign %v", pub.Curve.Params().Name, k.Algorithm)
		}
	case *rsa.PublicKey:
		switch k.Algorithm {
		case cose.AlgorithmPS256, cose.AlgorithmPS384, cose.AlgorithmPS512:
		default:
			return fmt.Errorf("RSA key cannot sign %v (only RSASSA-PSS)", k.Algorithm)
		}
		if pub.N.BitLen() < MinRSABits {
			return fmt.Errorf("RSA key of %d bits is below %d", pub.N.BitLen(), MinRSABits)
		}
	case ed25519.PublicKey:
		if k.Algorithm != cose.AlgorithmEdDSA {
			return fmt.Errorf("Ed25519 key cannot sign %v", k.Algorithm)
		}
	default:
		return fmt.Errorf("unsupported public key type %T", k.Public)
	}
	return nil
}

// match returns the index of the key that verifies sig over payload. It
// returns ErrUnknownKey when sig names a kid the set lacks or uses an
// algorithm no key has, and ErrBadSignature when the candidate keys exist
// but none verifies it.
func (ks *KeySet) match(field string, sig Signature, payload []byte) (int, error) {
	msg := *sig.msg
	msg.Payload = payload
	candidates := 0
	for i, k := range ks.keys {
		if sig.KeyID != nil {
			if !bytes.Equal(sig.KeyID, k.ID) {
				continue
			}
			if k.Algorithm != sig.Algorithm {
				return -1, fail(ErrBadSignature, field, "kid %q is a %v key, the block says %v", sig.KeyID, k.Algorithm, sig.Algorithm)
			}
		} else if k.Algorithm != sig.Algorithm {
			continue
		}
		candidates++
		if msg.Verify(nil, k.verifier) == nil {
			return i, nil
		}
	}
	switch {
	case candidates == 0 && sig.KeyID != nil:
		return -1, fail(ErrUnknownKey, field, "kid %q", sig.KeyID)
	case candidates == 0:
		return -1, fail(ErrUnknownKey, field, "no trusted %v key", sig.Algorithm)
	case sig.KeyID != nil:
		return -1, fail(ErrBadSignature, field, "%v signature does not verify with kid %q", sig.Algorithm, sig.KeyID)
	}
	return -1, fail(ErrBadSignature, field, "%v signature verifies with none of %d trusted keys", sig.Algorithm, candidates)
}
