package crypt

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"errors"
	"testing"
)

func deviceKey(t *testing.T, c ecdh.Curve) *ecdh.PrivateKey {
	t.Helper()
	k, err := c.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var curves = []ecdh.Curve{ecdh.X25519(), ecdh.P256()}

// TestRoundTripDevice wraps 16- and 32-byte CEKs for X25519 and P-256
// device keys and unwraps them with the device's private key.
//
// REQ-SEP-2: per-device wrapping is the default mode.
func TestRoundTripDevice(t *testing.T) {
	for _, c := range curves {
		for _, n := range []int{16, 32} {
			dev := deviceKey(t, c)
			cek := bytes.Repeat([]byte{byte(n)}, n)
			rec, err := WrapForDevice(cek, dev.PublicKey(), []byte("dev-1"), nil)
			if err != nil {
				t.Fatalf("%s, %d-byte CEK: %v", curveName(c), n, err)
			}
			got, err := UnwrapForDevice(rec, dev)
			if err != nil || !bytes.Equal(got, cek) {
				t.Fatalf("%s, %d-byte CEK: UnwrapForDevice = %X, %v", curveName(c), n, got, err)
			}
			r, _ := parseRecipient(rec, "r")
			if want, _ := kwFor(n, true); r.Alg() != want || string(r.KID()) != "dev-1" {
				t.Errorf("%s: recipient alg %v kid %q, want %v dev-1", curveName(c), r.Alg(), r.KID(), want)
			}
		}
	}
}

// TestRoundTripModel wraps CEKs under 16- and 32-byte model keys.
func TestRoundTripModel(t *testing.T) {
	for _, tc := range []struct{ cek, key int }{{16, 16}, {16, 32}, {32, 32}} {
		cek, key := bytes.Repeat([]byte{1}, tc.cek), bytes.Repeat([]byte{2}, tc.key)
		rec, err := WrapForModel(cek, key, []byte("model-7"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := UnwrapForModel(rec, key); err != nil || !bytes.Equal(got, cek) {
			t.Fatalf("CEK %d, key %d: %X, %v", tc.cek, tc.key, got, err)
		}
	}
}

// TestRoundTripImage runs the whole flow for each content algorithm and
// mode: fresh CEK and IV, payload encrypted once, one recipient per device
// (plus a model recipient), the info encoded and parsed as a device would,
// and each device recovering the CEK by its kid and decrypting.
func TestRoundTripImage(t *testing.T) {
	payload := bytes.Repeat([]byte("firmware "), 1000)
	for _, alg := range []Alg{A256CTR, A256GCM, A128CTR, A128GCM} {
		cek, _ := NewCEK(nil)
		cek = cek[:alg.KeySize()]
		iv, _ := NewIV(alg, nil)
		info, err := NewEncryptionInfo(alg, iv)
		if err != nil {
			t.Fatal(err)
		}
		ct, err := info.Seal(cek, payload)
		if err != nil {
			t.Fatal(err)
		}
		devs := map[string]*ecdh.PrivateKey{"a": deviceKey(t, ecdh.X25519()), "b": deviceKey(t, ecdh.P256()), "c": deviceKey(t, ecdh.X25519())}
		for _, kid := range []string{"a", "b", "c"} {
			rec, err := WrapForDevice(cek, devs[kid].PublicKey(), []byte(kid), nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := info.AddRecipient(rec); err != nil {
				t.Fatal(err)
			}
		}
		modelKey := bytes.Repeat([]byte{9}, 32)
		rec, _ := WrapForModel(cek, modelKey, []byte("model"))
		if err := info.AddRecipient(rec); err != nil {
			t.Fatal(err)
		}
		enc, err := info.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := ParseEncryptionInfo(enc)
		if err != nil {
			t.Fatalf("%v: %v", alg, err)
		}
		for kid, dev := range devs {
			got, err := parsed.DeviceCEK(dev, []byte(kid))
			if err != nil || !bytes.Equal(got, cek) {
				t.Fatalf("%v device %s: %X, %v", alg, kid, got, err)
			}
			if pt, err := parsed.Open(got, ct); err != nil || !bytes.Equal(pt, payload) {
				t.Fatalf("%v device %s: Open: %v", alg, kid, err)
			}
		}
		if got, err := parsed.ModelCEK(modelKey, nil); err != nil || !bytes.Equal(got, cek) {
			t.Fatalf("%v model: %X, %v", alg, got, err)
		}
		if alg.isCTR() {
			r, _ := parsed.NewReader(cek, bytes.NewReader(ct))
			if !bytes.Equal(readAll(t, r), payload) {
				t.Fatalf("%v: streamed payload differs", alg)
			}
		} else if _, err := parsed.NewReader(cek, bytes.NewReader(ct)); !errors.Is(err, ErrUnsupportedAlg) {
			t.Fatalf("%v: NewReader = %v, want ErrUnsupportedAlg", alg, err)
		}
	}
}

// TestDeviceSeparation checks that a CEK wrapped for device A cannot be
// unwrapped with device B's key, on either curve, whether B presents A's
// recipient directly or searches an EncryptionInfo that lists A and B
// (where B finds only its own). Each recipient has its own ephemeral key,
// so one device's key says nothing about another's wrap.
//
// REQ-SEP-2
func TestDeviceSeparation(t *testing.T) {
	for _, c := range curves {
		a, b := deviceKey(t, c), deviceKey(t, c)
		cekA, cekB := bytes.Repeat([]byte{0xA}, 32), bytes.Repeat([]byte{0xB}, 32)
		recA, _ := WrapForDevice(cekA, a.PublicKey(), []byte("A"), nil)
		recA2, _ := WrapForDevice(cekA, a.PublicKey(), []byte("A"), nil)
		if got, err := UnwrapForDevice(recA, b); !errors.Is(err, ErrUnwrap) || got != nil {
			t.Fatalf("%s: device B unwrapped A's recipient: %X, %v", curveName(c), got, err)
		}
		ra, _ := parseRecipient(recA, "a")
		ra2, _ := parseRecipient(recA2, "a")
		if ra.ephemeral.Equal(ra2.ephemeral) || bytes.Equal(ra.wrapped, ra2.wrapped) {
			t.Fatalf("%s: two wraps for the same device share an ephemeral key or ciphertext", curveName(c))
		}

		info, _ := NewEncryptionInfo(A256CTR, make([]byte, 16))
		recB, _ := WrapForDevice(cekB, b.PublicKey(), []byte("B"), nil)
		info.AddRecipient(recA)
		info.AddRecipient(recB)
		if got, err := info.DeviceCEK(b, []byte("A")); !errors.Is(err, ErrUnwrap) || got != nil {
			t.Fatalf("%s: device B opened the recipient named A: %X, %v", curveName(c), got, err)
		}
		if got, err := info.DeviceCEK(b, nil); err != nil || !bytes.Equal(got, cekB) {
			t.Fatalf("%s: device B searching all recipients got %X, %v; want its own CEK", curveName(c), got, err)
		}
	}
	other := deviceKey(t, ecdh.P256())
	rec, _ := WrapForDevice(make([]byte, 32), deviceKey(t, ecdh.X25519()).PublicKey(), nil, nil)
	if _, err := UnwrapForDevice(rec, other); !errors.Is(err, ErrWrongKey) {
		t.Errorf("P-256 key on an X25519 recipient: %v, want ErrWrongKey", err)
	}
}

// TestModelModeClassBreak documents what per-model mode gives away: the
// one model key opens every recipient made for any device of the model,
// so extracting it from one device is a class break. A different model's
// key opens nothing.
//
// REQ-SEP-2: why per-model mode is kept for compatibility only.
func TestModelModeClassBreak(t *testing.T) {
	modelKey, otherModel := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	for i := range 3 {
		cek, _ := NewCEK(nil)
		rec, _ := WrapForModel(cek, modelKey, []byte{byte(i)})
		if got, err := UnwrapForModel(rec, modelKey); err != nil || !bytes.Equal(got, cek) {
			t.Fatalf("image %d: the model key did not open it: %v", i, err)
		}
		if _, err := UnwrapForModel(rec, otherModel); !errors.Is(err, ErrUnwrap) {
			t.Fatalf("image %d: another model's key: %v, want ErrUnwrap", i, err)
		}
	}
}

// TestTamperedRecipient flips the low and the high bit of every byte of a
// device recipient (X25519 and P-256) and of a model recipient: each flip
// must make the unwrap fail, except inside the kid, which COSE leaves
// unauthenticated because it is only a hint for finding the recipient.
func TestTamperedRecipient(t *testing.T) {
	cek := bytes.Repeat([]byte{5}, 32)
	kid := []byte("k")
	check := func(name string, rec []byte, unwrap func([]byte) ([]byte, error)) {
		at := bytes.Index(rec, []byte{hdrKID, 0x41, 'k'}) + 2
		for i := range rec {
			for _, bit := range []byte{0x01, 0x80} {
				bad := bytes.Clone(rec)
				bad[i] ^= bit
				got, err := unwrap(bad)
				switch {
				case i == at && (err != nil || !bytes.Equal(got, cek)):
					t.Errorf("%s: kid byte flipped: %X, %v; want the CEK", name, got, err)
				case i != at && err == nil:
					t.Errorf("%s: byte %d ^ %#x: still unwrapped to %X", name, i, bit, got)
				}
			}
		}
	}
	for _, c := range curves {
		dev := deviceKey(t, c)
		rec, _ := WrapForDevice(cek, dev.PublicKey(), kid, nil)
		check(curveName(c), rec, func(b []byte) ([]byte, error) { return UnwrapForDevice(b, dev) })
	}
	key := bytes.Repeat([]byte{3}, 32)
	rec, _ := WrapForModel(cek, key, kid)
	check("A256KW", rec, func(b []byte) ([]byte, error) { return UnwrapForModel(b, key) })
}

// TestWrongLengthKeys checks that CEKs, model keys and device keys of the
// wrong size or kind are refused with the right error.
func TestWrongLengthKeys(t *testing.T) {
	dev := deviceKey(t, ecdh.P256())
	for _, n := range []int{0, 8, 24, 31, 33, 64} {
		if _, err := WrapForDevice(make([]byte, n), dev.PublicKey(), nil, nil); !errors.Is(err, ErrKeySize) {
			t.Errorf("WrapForDevice %d-byte CEK: %v, want ErrKeySize", n, err)
		}
		if _, err := WrapForModel(make([]byte, n), make([]byte, 32), nil); !errors.Is(err, ErrKeySize) {
			t.Errorf("WrapForModel %d-byte CEK: %v, want ErrKeySize", n, err)
		}
		if n != 16 && n != 32 {
			if _, err := WrapForModel(make([]byte, 16), make([]byte, n), nil); !errors.Is(err, ErrKeySize) {
				t.Errorf("WrapForModel %d-byte model key: %v, want ErrKeySize", n, err)
			}
		}
	}
	if _, err := WrapForModel(make([]byte, 32), make([]byte, 16), nil); !errors.Is(err, ErrKeySize) {
		t.Errorf("256-bit CEK under a 128-bit model key: %v, want ErrKeySize", err)
	}
	rec, _ := WrapForModel(make([]byte, 32), make([]byte, 32), nil)
	if _, err := UnwrapForModel(rec, make([]byte, 16)); !errors.Is(err, ErrKeySize) {
		t.Errorf("UnwrapForModel with a 16-byte key on A256KW: %v, want ErrKeySize", err)
	}
	if _, err := UnwrapForDevice(rec, dev); !errors.Is(err, ErrWrongKey) {
		t.Errorf("UnwrapForDevice on an AES-KW recipient: %v, want ErrWrongKey", err)
	}
	drec, _ := WrapForDevice(make([]byte, 32), dev.PublicKey(), nil, nil)
	if _, err := UnwrapForModel(drec, make([]byte, 32)); !errors.Is(err, ErrWrongKey) {
		t.Errorf("UnwrapForModel on an ES-DH recipient: %v, want ErrWrongKey", err)
	}
	p384, _ := ecdh.P384().GenerateKey(rand.Reader)
	if _, err := WrapForDevice(make([]byte, 32), p384.PublicKey(), nil, nil); !errors.Is(err, ErrUnsupportedAlg) {
		t.Errorf("P-384 device key: %v, want ErrUnsupportedAlg", err)
	}
	lowOrder, _ := ecdh.X25519().NewPublicKey(make([]byte, 32))
	if _, err := WrapForDevice(make([]byte, 32), lowOrder, nil, nil); !errors.Is(err, ErrMalformed) {
		t.Errorf("low-order X25519 device key: %v, want ErrMalformed", err)
	}
	if _, err := WrapForDevice(make([]byte, 32), nil, nil, nil); !errors.Is(err, ErrUnsupportedAlg) {
		t.Errorf("nil device key: %v, want ErrUnsupportedAlg", err)
	}
	info, _ := NewEncryptionInfo(A256GCM, make([]byte, 12))
	for _, n := range []int{0, 16, 24} {
		if _, err := info.Seal(make([]byte, n), nil); !errors.Is(err, ErrKeySize) {
			t.Errorf("Seal with %d-byte CEK under A256GCM: %v, want ErrKeySize", n, err)
		}
	}
	small, _ := WrapForModel(make([]byte, 16), make([]byte, 16), nil)
	if err := info.AddRecipient(small); !errors.Is(err, ErrKeySize) {
		t.Errorf("16-byte CEK recipient in an A256GCM info: %v, want ErrKeySize", err)
	}
	for _, tc := range []struct {
		alg Alg
		iv  int
	}{{A256GCM, 16}, {A256CTR, 12}, {A128CTR, 0}} {
		if _, err := NewEncryptionInfo(tc.alg, make([]byte, tc.iv)); !errors.Is(err, ErrKeySize) {
			t.Errorf("%v with %d-byte IV: %v, want ErrKeySize", tc.alg, tc.iv, err)
		}
	}
	if _, err := NewEncryptionInfo(A128KW, make([]byte, 16)); !errors.Is(err, ErrUnsupportedAlg) {
		t.Errorf("A128KW as content alg: %v, want ErrUnsupportedAlg", err)
	}
}

// TestDeterministicRand checks that WrapForDevice draws its ephemeral key
// from the reader it is given, so that the same reader gives the same
// recipient.
func TestDeterministicRand(t *testing.T) {
	dev := deviceKey(t, ecdh.X25519())
	r1, _ := WrapForDevice(make([]byte, 32), dev.PublicKey(), nil, bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	r2, _ := WrapForDevice(make([]byte, 32), dev.PublicKey(), nil, bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if !bytes.Equal(r1, r2) {
		t.Error("same reader, different recipients")
	}
	if _, err := WrapForDevice(make([]byte, 32), dev.PublicKey(), nil, bytes.NewReader(nil)); err == nil {
		t.Error("an empty reader gave an ephemeral key")
	}
}
