package suit

import (
	"crypto/rand"
	"fmt"

	"github.com/veraison/go-cose"
)

// keyedSigner is a cose.Signer whose signatures carry a kid.
type keyedSigner struct {
	cose.Signer
	kid []byte
}

// WithKeyID returns a signer that Sign labels with kid in the protected
// header of each COSE_Sign1 it makes.
func WithKeyID(s cose.Signer, kid []byte) cose.Signer {
	return keyedSigner{Signer: s, kid: append([]byte(nil), kid...)}
}

// Sign returns a tag-107 envelope holding manifest (the output of
// Marshal) and one COSE_Sign1 per signer over its digest.
func Sign(manifest []byte, signers ...cose.Signer) ([]byte, error) {
	return SignSevered(manifest, nil, signers...)
}

// SignSevered is Sign for a manifest with severed members: severed maps
// each member's label to its encoded body, as returned by MarshalSevered,
// and the envelope carries them beside the manifest. The manifest and
// members must decode as Verify would decode them, so that nothing is
// signed that devices would refuse.
func SignSevered(manifest []byte, severed map[int64][]byte, signers ...cose.Signer) ([]byte, error) {
	if len(signers) == 0 {
		return nil, fmt.Errorf("suit: sign: no signers")
	}
	if len(signers) > MaxSignatures {
		return nil, fmt.Errorf("suit: sign: %d signers exceeds the limit of %d", len(signers), MaxSignatures)
	}
	wrapped := make(map[int64][]byte, len(severed))
	for label, body := range severed {
		wrapped[label] = encBstr(body)
	}
	if _, err := decodeManifest(manifest, wrapped); err != nil {
		return nil, fmt.Errorf("suit: sign: %w", err)
	}
	wrappedManifest := encBstr(manifest)
	digest := SHA256(wrappedManifest).encode()
	auth := [][]byte{encBstr(digest)}
	for i, s := range signers {
		block, err := sign1(s, digest)
		if err != nil {
			return nil, fmt.Errorf("suit: sign: signer %d: %w", i, err)
		}
		auth = append(auth, encBstr(block))
	}
	env := encodeEnvelope(encBstr(encArray(auth...)), wrappedManifest, wrapped)
	if len(env) > MaxEnvelopeSize {
		return nil, fmt.Errorf("suit: sign: envelope of %d bytes exceeds the limit of %d", len(env), MaxEnvelopeSize)
	}
	return env, nil
}

// sign1 returns a COSE_Sign1_Tagged over the detached payload, with alg and,
// if the signer has one, kid in the protected header and an empty
// unprotected header.
func sign1(s cose.Signer, payload []byte) ([]byte, error) {
	hdr := cose.ProtectedHeader{cose.HeaderLabelAlgorithm: s.Algorithm()}
	if k, ok := s.(keyedSigner); ok && len(k.kid) > 0 {
		hdr[cose.HeaderLabelKeyID] = k.kid
	}
	msg := &cose.Sign1Message{
		Headers: cose.Headers{Protected: hdr, Unprotected: cose.UnprotectedHeader{}},
		Payload: payload,
	}
	if err := msg.Sign(rand.Reader, nil, s); err != nil {
		return nil, err
	}
	protected, err := msg.Headers.MarshalProtected()
	if err != nil {
		return nil, err
	}
	return append([]byte{0xd2}, encArray(protected, encMap(nil), encNull, encBstr(msg.Signature))...), nil
}
