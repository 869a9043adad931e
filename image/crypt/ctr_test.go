package crypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func readAll(t testing.TB, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCTRReaderMatchesCTR streams a payload whose counter carries across
// the low 64 bits through readers that return one byte, half reads and
// whole reads, and checks each against crypto/cipher's CTR over the whole
// buffer; decrypting the result gives the plaintext back.
func TestCTRReaderMatchesCTR(t *testing.T) {
	key := bytes.Repeat([]byte{0x42}, 32)
	iv := unhex(t, "00112233445566770FFFFFFFFFFFFFFE") // carries out of the low word after 2 blocks
	plain := make([]byte, 5000)
	for i := range plain {
		plain[i] = byte(i * 7)
	}
	block, _ := aes.NewCipher(key)
	want := make([]byte, len(plain))
	cipher.NewCTR(block, iv).XORKeyStream(want, plain)

	for name, wrap := range map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	} {
		r, err := NewCTRReader(key, iv, wrap(bytes.NewReader(plain)))
		if err != nil {
			t.Fatal(err)
		}
		if got := readAll(t, r); !bytes.Equal(got, want) {
			t.Errorf("%s: streamed ciphertext differs from cipher.NewCTR", name)
		}
		r, _ = NewCTRReader(key, iv, wrap(bytes.NewReader(want)))
		if got := readAll(t, r); !bytes.Equal(got, plain) {
			t.Errorf("%s: decryption did not round trip", name)
		}
	}
}

// TestCTRReaderErrors passes read errors through and refuses bad keys and
// IVs.
func TestCTRReaderErrors(t *testing.T) {
	boom := errors.New("boom")
	r, err := NewCTRReader(make([]byte, 16), make([]byte, 16), iotest.ErrReader(boom))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(r); !errors.Is(err, boom) {
		t.Errorf("read error = %v, want boom", err)
	}
	for _, tc := range []struct{ key, iv int }{{24, 16}, {0, 16}, {33, 16}, {32, 12}, {32, 0}, {16, 17}} {
		if _, err := NewCTRReader(make([]byte, tc.key), make([]byte, tc.iv), nil); !errors.Is(err, ErrKeySize) {
			t.Errorf("key %d, IV %d: %v, want ErrKeySize", tc.key, tc.iv, err)
		}
	}
}

// TestGCM round trips AES-GCM and checks that the protected header is
// authenticated and that a flipped bit or wrong key fails with ErrDecrypt.
func TestGCM(t *testing.T) {
	key, iv := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 12)
	protected := unhex(t, "A10103")
	ct, err := SealGCM(key, iv, protected, suitPlaintext)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := OpenGCM(key, iv, protected, ct); err != nil || !bytes.Equal(pt, suitPlaintext) {
		t.Fatalf("OpenGCM = %q, %v", pt, err)
	}
	bad := bytes.Clone(ct)
	bad[3] ^= 1
	for name, f := range map[string]func() ([]byte, error){
		"flipped bit":     func() ([]byte, error) { return OpenGCM(key, iv, protected, bad) },
		"other protected": func() ([]byte, error) { return OpenGCM(key, iv, unhex(t, "A10101"), ct) },
		"empty protected": func() ([]byte, error) { return OpenGCM(key, iv, nil, ct) },
		"wrong key":       func() ([]byte, error) { return OpenGCM(bytes.Repeat([]byte{3}, 32), iv, protected, ct) },
		"truncated":       func() ([]byte, error) { return OpenGCM(key, iv, protected, ct[:10]) },
	} {
		if pt, err := f(); !errors.Is(err, ErrDecrypt) || pt != nil {
			t.Errorf("%s: %q, %v; want ErrDecrypt", name, pt, err)
		}
	}
	for _, tc := range []struct{ key, iv int }{{24, 12}, {16, 16}, {32, 0}} {
		if _, err := SealGCM(make([]byte, tc.key), make([]byte, tc.iv), nil, nil); !errors.Is(err, ErrKeySize) {
			t.Errorf("key %d, IV %d: %v, want ErrKeySize", tc.key, tc.iv, err)
		}
	}
}
