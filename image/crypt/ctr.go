package crypt

// AES-CTR content encryption (RFC 9459). The IV is the whole 16-byte
// initial counter block, incremented per 16-byte block as crypto/cipher's
// CTR does it: the whole block as a 128-bit big-endian integer. The draft's
// examples decrypt this way (they are too short to show a carry past the
// low byte).

import (
	"crypto/aes"
	"crypto/cipher"
	"io"
)

// NewCTRReader returns a reader that decrypts the AES-CTR ciphertext read
// from r with key (16 or 32 bytes, for A128CTR or A256CTR) and the 16-byte
// initial counter block iv. CTR is its own inverse, so the same reader
// encrypts plaintext.
//
// The reader keeps no buffer of its own: each Read decrypts in place the
// bytes r returned, so memory stays bounded by the caller's buffer whatever
// the payload size. AES-CTR does not authenticate: the plaintext must be
// checked against the signed image digest before it is trusted.
func NewCTRReader(key, iv []byte, r io.Reader) (io.Reader, error) {
	s, err := newCTR(key, iv)
	if err != nil {
		return nil, err
	}
	return &cipher.StreamReader{S: s, R: r}, nil
}

func newCTR(key, iv []byte) (cipher.Stream, error) {
	if len(key) != 16 && len(key) != 32 {
		return nil, fieldErr(ErrKeySize, "AES-CTR key", len(key), "16 or 32 bytes")
	}
	if len(iv) != aes.BlockSize {
		return nil, fieldErr(ErrKeySize, "AES-CTR IV", iv, "16 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewCTR(block, iv), nil
}
