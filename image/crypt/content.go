package crypt

// The sender's and the device's view of one encrypted image: fresh keys
// and IVs, payload encryption under the EncryptionInfo's algorithm, and
// finding the recipient meant for a given key.

import (
	"crypto/ecdh"
	cryptorand "crypto/rand"
	"fmt"
	"io"
)

// NewCEK returns a fresh 32-byte content encryption key read from rand
// (crypto/rand if nil). Every image gets its own.
func NewCEK(rand io.Reader) ([]byte, error) {
	return readRandom(rand, 32, "CEK")
}

// NewIV returns a fresh IV of the size content algorithm alg needs, read
// from rand (crypto/rand if nil). The CEK is never reused across images,
// so the IV needs only to be unique under it.
func NewIV(alg Alg, rand io.Reader) ([]byte, error) {
	if !alg.IsContent() {
		return nil, fieldErr(ErrUnsupportedAlg, "content alg", alg, contentAlgs)
	}
	return readRandom(rand, alg.IVSize(), "IV")
}

func readRandom(rand io.Reader, n int, what string) ([]byte, error) {
	if rand == nil {
		rand = cryptorand.Reader
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(rand, b); err != nil {
		return nil, fmt.Errorf("crypt: reading %s: %w", what, err)
	}
	return b, nil
}

func (e *EncryptionInfo) checkCEK(cek []byte) error {
	if len(cek) != e.alg.KeySize() {
		return fieldErr(ErrKeySize, "CEK", len(cek), fmt.Sprintf("%d bytes for %v", e.alg.KeySize(), e.alg))
	}
	return nil
}

// Seal encrypts a whole payload under cek with e's algorithm and IV. For
// AES-GCM the result carries the tag and authenticates e's protected
// header; for AES-CTR it is as long as the plaintext.
func (e *EncryptionInfo) Seal(cek, plaintext []byte) ([]byte, error) {
	if err := e.checkCEK(cek); err != nil {
		return nil, err
	}
	if e.alg.isGCM() {
		return SealGCM(cek, e.iv, e.protected, plaintext)
	}
	return e.xorCTR(cek, plaintext)
}

// Open decrypts a whole payload. For AES-GCM it fails with ErrDecrypt
// unless the ciphertext, IV and protected header are exactly what was
// sealed. AES-CTR output is unauthenticated until checked against the
// signed image digest.
func (e *EncryptionInfo) Open(cek, ciphertext []byte) ([]byte, error) {
	if err := e.checkCEK(cek); err != nil {
		return nil, err
	}
	if e.alg.isGCM() {
		return OpenGCM(cek, e.iv, e.protected, ciphertext)
	}
	return e.xorCTR(cek, ciphertext)
}

func (e *EncryptionInfo) xorCTR(cek, in []byte) ([]byte, error) {
	s, err := newCTR(cek, e.iv)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(in))
	s.XORKeyStream(out, in)
	return out, nil
}

// NewReader streams the decryption of an AES-CTR payload read from r, in
// bounded memory (see NewCTRReader). AES-GCM payloads cannot be streamed:
// nothing may be released before the tag is checked, so use Open.
func (e *EncryptionInfo) NewReader(cek []byte, r io.Reader) (io.Reader, error) {
	if !e.alg.isCTR() {
		return nil, fieldErr(ErrUnsupportedAlg, "streaming alg", e.alg, "A128CTR or A256CTR; open AEAD payloads whole")
	}
	if err := e.checkCEK(cek); err != nil {
		return nil, err
	}
	return NewCTRReader(cek, e.iv, r)
}

// DeviceCEK returns the CEK from the first ES-DH recipient that opens with
// the device's private key. Recipients whose key identifier differs from
// kid, or whose ephemeral key is on another curve, are skipped; a nil kid
// tries every ES-DH recipient.
func (e *EncryptionInfo) DeviceCEK(priv *ecdh.PrivateKey, kid []byte) ([]byte, error) {
	if priv == nil || !supportedCurve(priv.Curve()) {
		c := "none"
		if priv != nil {
			c = curveName(priv.Curve())
		}
		return nil, fieldErr(ErrUnsupportedAlg, "device private key curve", c, "P-256 or X25519")
	}
	tried, last := 0, error(nil)
	for _, r := range e.recipients {
		if !r.alg.isECDH() || r.ephemeral.Curve() != priv.Curve() || !kidMatches(r.kid, kid) {
			continue
		}
		tried++
		cek, err := r.unwrapDevice(priv)
		if err == nil {
			return cek, nil
		}
		last = err
	}
	return nil, noRecipient(len(e.recipients), tried, curveName(priv.Curve())+" device key", kid, last)
}

// ModelCEK returns the CEK from the first AES-KW recipient that opens with
// modelKey, skipping recipients whose key identifier differs from kid.
func (e *EncryptionInfo) ModelCEK(modelKey, kid []byte) ([]byte, error) {
	tried, last := 0, error(nil)
	for _, r := range e.recipients {
		if !r.alg.isKW() || r.alg.KeySize() != len(modelKey) || !kidMatches(r.kid, kid) {
			continue
		}
		tried++
		cek, err := r.unwrapModel(modelKey)
		if err == nil {
			return cek, nil
		}
		last = err
	}
	return nil, noRecipient(len(e.recipients), tried, fmt.Sprintf("%d-byte model key", len(modelKey)), kid, last)
}

func noRecipient(n, tried int, key string, kid []byte, last error) error {
	if tried == 0 {
		return fmt.Errorf("crypt: none of %d recipients is for a %s with kid %q: %w", n, key, kid, ErrWrongKey)
	}
	return fmt.Errorf("crypt: %d of %d recipients tried, none opened with this %s (last: %v): %w", tried, n, key, last, ErrUnwrap)
}
