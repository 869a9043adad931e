package format

import (
	"bytes"
	"errors"
	"testing"
)

// The header frames the envelope and nothing else: it reads back exactly,
// consumes only its own bytes, and refuses what is not a Drey image.
func TestHeader(t *testing.T) {
	h := AppendHeader(nil, 865)
	r := bytes.NewReader(append(h, "envelope..."...))
	n, err := ReadHeader(r)
	if err != nil || n != 865 || r.Len() != len("envelope...") {
		t.Fatalf("n %d, err %v, %d bytes left", n, err, r.Len())
	}
	for name, b := range map[string][]byte{
		"magic":   append([]byte("XRIM\x01"), 5),
		"version": append([]byte("DRIM\x02"), 5),
		"zero":    append([]byte("DRIM\x01"), 0),
		"huge":    AppendHeader(nil, MaxEnvelope+1),
		"short":   []byte("DRI"),
	} {
		if _, err := ReadHeader(bytes.NewReader(b)); !errors.Is(err, ErrHeader) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Class ids are version 5 UUIDs, one per model.
func TestClassID(t *testing.T) {
	a, b := ClassID("imp001"), ClassID("imp003")
	if bytes.Equal(a, b) || len(a) != 16 || a[6]>>4 != 5 || a[8]>>6 != 2 {
		t.Fatalf("class ids %x %x", a, b)
	}
	if !bytes.Equal(a, ClassID("imp001")) {
		t.Fatal("class id not stable")
	}
}

// The commitment changes with the key, the algorithm and the IV.
func TestCEKCommitment(t *testing.T) {
	cek, iv := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 16)
	base := CEKCommitment(-65532, iv, cek)
	cek2 := bytes.Clone(cek)
	cek2[0] ^= 1
	iv2 := bytes.Clone(iv)
	iv2[15] ^= 1
	for name, c := range map[string][32]byte{
		"key": CEKCommitment(-65532, iv, cek2), "alg": CEKCommitment(-65534, iv, cek), "iv": CEKCommitment(-65532, iv2, cek),
	} {
		if c == base {
			t.Errorf("changing the %s leaves the commitment unchanged", name)
		}
	}
}
