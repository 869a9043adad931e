package keys

import (
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/veraison/go-cose"
)

// Sign signs msg with key as a COSE signer signs its to-be-signed bytes
// (the encoded Sig_structure): PS256 and ES256 hash msg with SHA-256,
// EdDSA signs it whole. An ES256 signature is r||s, 64 bytes.
func Sign(key PrivateKey, msg []byte) ([]byte, error) {
	s, err := key.Signer()
	if err != nil {
		return nil, err
	}
	sig, err := s.Sign(rand.Reader, msg)
	if err != nil {
		return nil, fmt.Errorf("sign with %s (%s): %w", key, s.Algorithm(), err)
	}
	return sig, nil
}

// Verify checks sig over msg under pub through go-cose's Verifier, exactly
// as a device checks a COSE signature over its Sig_structure. A signature
// that does not verify gives an error wrapping ErrBadSignature that names
// the key id and algorithm.
func Verify(pub PublicKey, msg, sig []byte) error {
	v, err := pub.Verifier()
	if err != nil {
		return err
	}
	if err := v.Verify(msg, sig); err != nil {
		if errors.Is(err, cose.ErrVerification) {
			return fmt.Errorf("key %s (%s): %w", pub.ID(), v.Algorithm(), ErrBadSignature)
		}
		return fmt.Errorf("key %s (%s): %w: %v", pub.ID(), v.Algorithm(), ErrBadSignature, err)
	}
	return nil
}
