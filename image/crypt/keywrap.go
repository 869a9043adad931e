package crypt

// AES Key Wrap, RFC 3394 §2.2.1 and §2.2.2 in the index-based form. The
// standard library has no implementation; this one is small enough to read
// against the RFC line by line.

import (
	"crypto/aes"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
)

// kwIV is the default initial value of RFC 3394 §2.2.3.1.
var kwIV = [8]byte{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6}

// Wrap encrypts key under kek with AES Key Wrap (RFC 3394). kek must be an
// AES key (16, 24 or 32 bytes); key must be at least 16 bytes and a multiple
// of 8. The result is 8 bytes longer than key.
func Wrap(kek, key []byte) ([]byte, error) {
	if len(key) < 16 || len(key)%8 != 0 {
		return nil, fieldErr(ErrKeySize, "key wrap: key to wrap", len(key), "a multiple of 8 bytes, at least 16")
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fieldErr(ErrKeySize, "key wrap: KEK", len(kek), "16, 24 or 32 bytes")
	}
	n := len(key) / 8
	out := make([]byte, 8+len(key))
	copy(out[8:], key)
	var a [8]byte = kwIV
	var b [16]byte
	for j := range 6 {
		for i := 1; i <= n; i++ {
			r := out[8*i : 8*i+8]
			copy(b[:8], a[:])
			copy(b[8:], r)
			block.Encrypt(b[:], b[:])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(a[:], binary.BigEndian.Uint64(b[:8])^t)
			copy(r, b[8:])
		}
	}
	copy(out[:8], a[:])
	clear(b[:])
	return out, nil
}

// Unwrap decrypts a key wrapped with AES Key Wrap (RFC 3394) under kek. It
// returns an error wrapping ErrUnwrap if the integrity check fails (the
// check runs in constant time), and ErrKeySize if wrapped or kek has an
// impossible length. No partial result is ever returned.
func Unwrap(kek, wrapped []byte) ([]byte, error) {
	key, err := unwrap(kek, wrapped)
	if err == ErrUnwrap {
		return nil, fmt.Errorf("crypt: AES key unwrap of %d bytes: %w", len(wrapped), ErrUnwrap)
	}
	return key, err
}

// unwrap is Unwrap returning the bare ErrUnwrap, for callers that add
// their own context.
func unwrap(kek, wrapped []byte) ([]byte, error) {
	if len(wrapped) < 24 || len(wrapped)%8 != 0 {
		return nil, fieldErr(ErrKeySize, "key unwrap: wrapped key", len(wrapped), "a multiple of 8 bytes, at least 24")
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fieldErr(ErrKeySize, "key unwrap: KEK", len(kek), "16, 24 or 32 bytes")
	}
	n := len(wrapped)/8 - 1
	key := make([]byte, 8*n)
	copy(key, wrapped[8:])
	var a [8]byte
	copy(a[:], wrapped[:8])
	var b [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			r := key[8*(i-1) : 8*i]
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(a[:])^t)
			copy(b[8:], r)
			block.Decrypt(b[:], b[:])
			copy(a[:], b[:8])
			copy(r, b[8:])
		}
	}
	clear(b[:])
	if subtle.ConstantTimeCompare(a[:], kwIV[:]) != 1 {
		clear(key)
		return nil, ErrUnwrap
	}
	return key, nil
}
