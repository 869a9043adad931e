package shamir

import (
	"bytes"
	"testing"
)

// ParseShare never panics, and whatever it accepts it encodes back to the
// same bytes: one share has one encoding (REQ-LIFE-4). The seed corpus is
// in testdata/fuzz/FuzzParseShare.
func FuzzParseShare(f *testing.F) {
	shares, err := Split([]byte("fuzz seed secret"), 2, 3)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range shares {
		b, _ := s.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseShare(b)
		if err != nil {
			return
		}
		out, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("parsed share %v does not encode: %v", s, err)
		}
		if !bytes.Equal(out, b) {
			t.Fatalf("share %v encodes to %x, was read from %x", s, out, b)
		}
		// A share parsed alone is too few to combine.
		if _, err := Combine([]Share{s}); err == nil {
			t.Fatalf("one share %v combined", s)
		}
	})
}
