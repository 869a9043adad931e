package crypt

// AES-GCM content encryption as COSE uses it (RFC 9052 §5.3, RFC 9053
// §4.1): 12-byte nonce, 16-byte tag appended to the ciphertext, and the
// additional data is the Enc_structure
//
//	[ "Encrypt", protected : bstr, external_aad : h'' ]
//
// where protected is the COSE_Encrypt's serialized protected header and
// external_aad is empty, as the SUIT encryption draft requires.

import (
	"crypto/aes"
	"crypto/cipher"
	"fmt"
)

// SealGCM encrypts and authenticates plaintext with AES-GCM under key (16 or
// 32 bytes) and the 12-byte iv, binding the serialized protected header.
// The result is the ciphertext followed by the 16-byte tag.
func SealGCM(key, iv, protected, plaintext []byte) ([]byte, error) {
	aead, err := newGCM(key, iv)
	if err != nil {
		return nil, err
	}
	aad, err := encStructure(protected)
	if err != nil {
		return nil, err
	}
	return aead.Seal(nil, iv, plaintext, aad), nil
}

// OpenGCM authenticates and decrypts ciphertext (with its tag) produced by
// SealGCM. It returns an error wrapping ErrDecrypt, and no plaintext, if the
// key, IV, protected header or any byte of the ciphertext differ.
func OpenGCM(key, iv, protected, ciphertext []byte) ([]byte, error) {
	aead, err := newGCM(key, iv)
	if err != nil {
		return nil, err
	}
	aad, err := encStructure(protected)
	if err != nil {
		return nil, err
	}
	pt, err := aead.Open(nil, iv, ciphertext, aad)
	if err != nil {
		return nil, fmt.Errorf("crypt: AES-GCM open of %d bytes: %w", len(ciphertext), ErrDecrypt)
	}
	return pt, nil
}

func newGCM(key, iv []byte) (cipher.AEAD, error) {
	if len(key) != 16 && len(key) != 32 {
		return nil, fieldErr(ErrKeySize, "AES-GCM key", len(key), "16 or 32 bytes")
	}
	if len(iv) != 12 {
		return nil, fieldErr(ErrKeySize, "AES-GCM IV", iv, "12 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// encStructure encodes the COSE Enc_structure for a COSE_Encrypt with an
// empty external_aad.
func encStructure(protected []byte) ([]byte, error) {
	b, err := encMode.Marshal([]any{"Encrypt", protected, []byte{}})
	if err != nil {
		return nil, fmt.Errorf("crypt: encoding Enc_structure: %w", err)
	}
	return b, nil
}
