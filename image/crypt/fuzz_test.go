package crypt

import (
	"bytes"
	"crypto/ecdh"
	"encoding/hex"
	"errors"
	"testing"
)

// Fixed keys the fuzz targets try on every input, so that fuzzed
// recipients reach the unwrap paths. The seed corpora hold recipients made
// for them (see testdata/fuzz).
var (
	fuzzP256, _   = ecdh.P256().NewPrivateKey(mustHex(suitReceiverD)) // the draft's receiver
	fuzzX25519, _ = ecdh.X25519().NewPrivateKey(bytes.Repeat([]byte{0x22}, 32))
	fuzzKEK16     = []byte("aaaaaaaaaaaaaaaa") // the draft's AES-KW key
	fuzzKEK32     = bytes.Repeat([]byte{0x33}, 32)
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

var sentinels = []error{ErrMalformed, ErrUnsupportedAlg, ErrKeySize, ErrWrongKey, ErrUnwrap, ErrDecrypt}

func isSentinel(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// FuzzParseEncryptionInfo feeds arbitrary bytes to the parser a device runs
// on untrusted input. Refusals must be *FieldErrors; anything accepted
// must re-encode to something that parses to the same algorithm, IV and
// recipients, with re-encoding stable; and unwrapping and decrypting with
// the fixed keys must not panic.
//
// REQ-PROC-3
func FuzzParseEncryptionInfo(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := ParseEncryptionInfo(data)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || !isSentinel(err) || info != nil {
				t.Fatalf("refusal is not a FieldError with a sentinel: %v", err)
			}
			return
		}
		enc, err := info.Marshal()
		if err != nil {
			t.Fatalf("accepted info does not re-encode: %v", err)
		}
		again, err := ParseEncryptionInfo(enc)
		if err != nil {
			t.Fatalf("re-encoded info refused: %v\n%X", err, enc)
		}
		enc2, _ := again.Marshal()
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("re-encoding unstable:\n%X\n%X", enc, enc2)
		}
		rs, rs2 := info.Recipients(), again.Recipients()
		if again.Alg() != info.Alg() || !bytes.Equal(again.IV(), info.IV()) || len(rs) != len(rs2) {
			t.Fatal("re-encoded info differs")
		}
		for i := range rs {
			if !bytes.Equal(rs[i].Bytes(), rs2[i].Bytes()) {
				t.Fatalf("recipient %d changed", i)
			}
		}
		for _, try := range []func() ([]byte, error){
			func() ([]byte, error) { return info.DeviceCEK(fuzzP256, nil) },
			func() ([]byte, error) { return info.DeviceCEK(fuzzX25519, nil) },
			func() ([]byte, error) { return info.ModelCEK(fuzzKEK16, nil) },
			func() ([]byte, error) { return info.ModelCEK(fuzzKEK32, nil) },
		} {
			cek, err := try()
			if err != nil {
				if !isSentinel(err) {
					t.Fatalf("unwrap error without a sentinel: %v", err)
				}
				continue
			}
			if len(cek) != info.Alg().KeySize() {
				t.Fatalf("unwrapped a %d-byte CEK for %v", len(cek), info.Alg())
			}
			if _, err := info.Open(cek, data); err != nil && !errors.Is(err, ErrDecrypt) {
				t.Fatalf("Open: %v", err)
			}
		}
	})
}

// FuzzUnwrap feeds arbitrary bytes to AES key unwrap and to both recipient
// unwrappers. Key unwrap must refuse with ErrUnwrap or ErrKeySize, or
// return a key that wraps back to exactly the input; the recipient
// unwrappers must refuse with a sentinel or return a 16- or 32-byte CEK.
func FuzzUnwrap(f *testing.F) {
	f.Fuzz(func(t *testing.T, kek, wrapped []byte) {
		key, err := Unwrap(kek, wrapped)
		if err != nil {
			if key != nil || !errors.Is(err, ErrUnwrap) && !errors.Is(err, ErrKeySize) {
				t.Fatalf("Unwrap = %X, %v", key, err)
			}
		} else if again, err := Wrap(kek, key); err != nil || !bytes.Equal(again, wrapped) {
			t.Fatalf("unwrapped key wraps to %X, %v; want %X", again, err, wrapped)
		}
		for _, try := range []func() ([]byte, error){
			func() ([]byte, error) { return UnwrapForModel(wrapped, kek) },
			func() ([]byte, error) { return UnwrapForDevice(wrapped, fuzzP256) },
			func() ([]byte, error) { return UnwrapForDevice(wrapped, fuzzX25519) },
		} {
			cek, err := try()
			if err != nil && !isSentinel(err) {
				t.Fatalf("recipient unwrap error without a sentinel: %v", err)
			}
			if err == nil && len(cek) != 16 && len(cek) != 32 {
				t.Fatalf("recipient unwrap gave a %d-byte CEK", len(cek))
			}
		}
	})
}
