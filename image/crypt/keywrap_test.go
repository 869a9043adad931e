package crypt

import (
	"bytes"
	"errors"
	"testing"
)

// TestKeyWrapRFC3394 checks the 256-bit KEK, 256-bit key example of
// RFC 3394 §4.6.
func TestKeyWrapRFC3394(t *testing.T) {
	kek := unhex(t, "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
	key := unhex(t, "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
	want := unhex(t, "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21")
	got, err := Wrap(kek, key)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Wrap = %X, %v; want %X", got, err, want)
	}
	back, err := Unwrap(kek, got)
	if err != nil || !bytes.Equal(back, key) {
		t.Fatalf("Unwrap = %X, %v; want %X", back, err, key)
	}
}

type keywrapCase struct {
	wycheproofCase
	Key string `json:"key"`
	Msg string `json:"msg"`
	CT  string `json:"ct"`
}

// TestWycheproofKeyWrap runs every case of Wycheproof's aes_wrap_test.json:
// valid cases must wrap to the expected ciphertext and unwrap back; invalid
// cases must fail to unwrap with ErrUnwrap or ErrKeySize (and never wrap to
// the given ciphertext). "Acceptable" cases are 8-byte keys, which RFC 3394
// wraps but NIST SP 800-38F does not; we refuse them.
func TestWycheproofKeyWrap(t *testing.T) {
	c := tally{}
	for _, tc := range readWycheproof[keywrapCase](t, "aes_wrap_test.json") {
		kek, msg, ct := unhex(t, tc.Key), unhex(t, tc.Msg), unhex(t, tc.CT)
		wrapped, werr := Wrap(kek, msg)
		plain, uerr := Unwrap(kek, ct)
		switch tc.Result {
		case "valid":
			if werr != nil || !bytes.Equal(wrapped, ct) {
				t.Errorf("tcId %d (%s): Wrap = %X, %v; want %X", tc.TcID, tc.Comment, wrapped, werr, ct)
			}
			if uerr != nil || !bytes.Equal(plain, msg) {
				t.Errorf("tcId %d (%s): Unwrap = %X, %v; want %X", tc.TcID, tc.Comment, plain, uerr, msg)
			}
			c["valid"]++
		case "invalid":
			if uerr == nil {
				t.Errorf("tcId %d (%s, %v): Unwrap accepted an invalid ciphertext", tc.TcID, tc.Comment, tc.Flags)
			} else if !errors.Is(uerr, ErrUnwrap) && !errors.Is(uerr, ErrKeySize) {
				t.Errorf("tcId %d: Unwrap error %v is neither ErrUnwrap nor ErrKeySize", tc.TcID, uerr)
			}
			if werr == nil && bytes.Equal(wrapped, ct) {
				t.Errorf("tcId %d (%s): Wrap produced the invalid ciphertext", tc.TcID, tc.Comment)
			}
			c["invalid"]++
		default:
			if uerr == nil {
				c["acceptable accepted"]++
			} else {
				c["acceptable rejected"]++
			}
		}
	}
	c.log(t, "aes_wrap_test.json")
}

// TestKeyWrapTamper flips every bit of a wrapped key in turn: each must
// fail the integrity check.
func TestKeyWrapTamper(t *testing.T) {
	kek := bytes.Repeat([]byte{7}, 32)
	wrapped, err := Wrap(kek, bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(wrapped) * 8 {
		bad := bytes.Clone(wrapped)
		bad[i/8] ^= 1 << (i % 8)
		if k, err := Unwrap(kek, bad); !errors.Is(err, ErrUnwrap) || k != nil {
			t.Fatalf("bit %d flipped: Unwrap = %X, %v; want ErrUnwrap", i, k, err)
		}
	}
}

// TestKeyWrapLengths checks that impossible key and KEK sizes are refused
// before any work.
func TestKeyWrapLengths(t *testing.T) {
	kek := make([]byte, 32)
	for _, n := range []int{0, 8, 15, 17, 31} {
		if _, err := Wrap(kek, make([]byte, n)); !errors.Is(err, ErrKeySize) {
			t.Errorf("Wrap of %d-byte key: %v, want ErrKeySize", n, err)
		}
	}
	for _, n := range []int{0, 8, 16, 23, 25} {
		if _, err := Unwrap(kek, make([]byte, n)); !errors.Is(err, ErrKeySize) {
			t.Errorf("Unwrap of %d bytes: %v, want ErrKeySize", n, err)
		}
	}
	for _, n := range []int{0, 15, 20, 33} {
		if _, err := Wrap(make([]byte, n), make([]byte, 16)); !errors.Is(err, ErrKeySize) {
			t.Errorf("Wrap under %d-byte KEK: %v, want ErrKeySize", n, err)
		}
		if _, err := Unwrap(make([]byte, n), make([]byte, 24)); !errors.Is(err, ErrKeySize) {
			t.Errorf("Unwrap under %d-byte KEK: %v, want ErrKeySize", n, err)
		}
	}
}
