package shamir

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The field arithmetic matches FIPS-197's worked examples and its axioms.
func TestGF256(t *testing.T) {
	for _, tt := range []struct{ a, b, want byte }{
		{0x57, 0x83, 0xc1}, // FIPS-197 §4.2
		{0x57, 0x13, 0xfe}, // FIPS-197 §4.2.1
		{0x53, 0xca, 0x01}, // inverses, FIPS-197 §5.1.1
		{0x00, 0x9d, 0x00},
		{0x01, 0x9d, 0x9d},
	} {
		if got := mul(tt.a, tt.b); got != tt.want {
			t.Errorf("mul(%#x, %#x) = %#x, want %#x", tt.a, tt.b, got, tt.want)
		}
	}
	for a := 1; a < 256; a++ {
		if got := mul(byte(a), inv(byte(a))); got != 1 {
			t.Fatalf("%#x * inv(%#x) = %#x", a, a, got)
		}
		for b := range 256 {
			if mul(byte(a), byte(b)) != mul(byte(b), byte(a)) {
				t.Fatalf("mul(%#x, %#x) not commutative", a, b)
			}
			// Distributive over addition (XOR), against a fixed c.
			if mul(byte(a), byte(b)^0x3c) != mul(byte(a), byte(b))^mul(byte(a), 0x3c) {
				t.Fatalf("mul(%#x, %#x ^ 0x3c) not distributive", a, b)
			}
		}
	}
}

// subsets calls f with every subset of shares of size m.
func subsets(shares []Share, m int, f func([]Share)) {
	var pick func(start int, chosen []Share)
	pick = func(start int, chosen []Share) {
		if len(chosen) == m {
			f(chosen)
			return
		}
		for i := start; i < len(shares); i++ {
			pick(i+1, append(chosen[:len(chosen):len(chosen)], shares[i]))
		}
	}
	pick(0, nil)
}

// Every 3-subset of a 3-of-5 split recovers the escrow key, in any order,
// and so do larger subsets; no 2-subset does (REQ-LIFE-4: signing
// capability under a threshold).
func TestEveryThresholdSubset(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef") // a 256-bit key
	shares, err := Split(secret, 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for m := 3; m <= 5; m++ {
		subsets(shares, m, func(sub []Share) {
			count++
			rev := make([]Share, len(sub))
			for i, s := range sub {
				rev[len(sub)-1-i] = s
			}
			for _, order := range [][]Share{sub, rev} {
				got, err := Combine(order)
				if err != nil || !bytes.Equal(got, secret) {
					t.Errorf("shares x=%s: %q, %v", xs(order), got, err)
				}
			}
		})
	}
	if count != 10+5+1 {
		t.Errorf("tried %d subsets, want 16", count)
	}
	subsets(shares, 2, func(sub []Share) {
		if _, err := Combine(sub); !errors.Is(err, ErrTooFewShares) || !strings.Contains(err.Error(), "2 shares of secret "+shares[0].ID.String()+", 3 are needed") {
			t.Errorf("shares x=%s: %v, want ErrTooFewShares", xs(sub), err)
		}
	})
}

// Thresholds and share counts at their limits, and secrets of every
// small length, round-trip.
func TestSplitSizes(t *testing.T) {
	for _, tt := range []struct{ k, n, size int }{
		{2, 2, 1}, {2, 3, 32}, {5, 9, 17}, {255, 255, 8}, {2, 255, 33}, {3, 5, MaxSecret},
	} {
		secret := bytes.Repeat([]byte{0xa5, 0x00, 0xff}, tt.size)[:tt.size]
		shares, err := Split(secret, tt.k, tt.n)
		if err != nil {
			t.Fatalf("Split(%d bytes, %d, %d): %v", tt.size, tt.k, tt.n, err)
		}
		if len(shares) != tt.n {
			t.Fatalf("Split gave %d shares, want %d", len(shares), tt.n)
		}
		got, err := Combine(shares[tt.n-tt.k:])
		if err != nil || !bytes.Equal(got, secret) {
			t.Errorf("%d of %d, %d bytes: %v", tt.k, tt.n, tt.size, err)
		}
	}
}

// Two splits of the same secret share nothing: fresh identifiers and
// fresh polynomials.
func TestSplitIsRandomised(t *testing.T) {
	secret := []byte("same secret")
	a, _ := Split(secret, 2, 3)
	b, _ := Split(secret, 2, 3)
	if a[0].ID == b[0].ID || bytes.Equal(a[0].Y, b[0].Y) {
		t.Errorf("two splits gave the same identifier or share")
	}
	if bytes.Contains(a[0].Y, secret) {
		t.Errorf("a share contains the secret")
	}
}

func TestSplitParams(t *testing.T) {
	for _, tt := range []struct {
		name   string
		secret []byte
		k, n   int
		want   string
	}{
		{"k=1", []byte("s"), 1, 3, "threshold k = 1, want 2 to 255"},
		{"k=0", []byte("s"), 0, 3, "threshold k = 0"},
		{"k>n", []byte("s"), 4, 3, "3 shares with threshold 4"},
		{"n=256", []byte("s"), 3, 256, "256 shares with threshold 3"},
		{"k=256", []byte("s"), 256, 256, "threshold k = 256"},
		{"empty secret", nil, 2, 3, "secret of 0 bytes"},
		{"long secret", make([]byte, MaxSecret+1), 2, 3, fmt.Sprintf("secret of %d bytes, want 1 to %d", MaxSecret+1, MaxSecret)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Split(tt.secret, tt.k, tt.n)
			if !errors.Is(err, ErrParams) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrParams with %q", err, tt.want)
			}
		})
	}
}

// Shares that do not belong together are refused with an error that says
// why, never combined into a wrong secret (REQ-LIFE-4).
func TestCombineRefuses(t *testing.T) {
	secret := []byte("the escrow key, 32 bytes long!!!")
	a, _ := Split(secret, 3, 5)
	b, _ := Split(secret, 3, 5)
	c, _ := Split(secret, 2, 5)
	damaged := func(s Share, i int) Share {
		s.Y = bytes.Clone(s.Y)
		s.Y[i] ^= 0x40
		return s
	}
	retargeted := a[2]
	retargeted.Threshold = 2
	short := a[2]
	short.Y = short.Y[:len(short.Y)-1]
	zero := a[2]
	zero.X = 0
	for _, tt := range []struct {
		name   string
		shares []Share
		err    error
		want   string
	}{
		{"none", nil, ErrTooFewShares, "no shares"},
		{"two of three", a[:2], ErrTooFewShares, "2 shares of secret " + a[0].ID.String() + ", 3 are needed"},
		{"other secret", []Share{a[0], a[1], b[2]}, ErrMixedShares, "share x=3 to secret " + b[0].ID.String()},
		{"other threshold", []Share{c[0], a[1], a[2]}, ErrMixedShares, "share x=1 belongs to secret " + c[0].ID.String() + ", share x=2 to secret " + a[0].ID.String()},
		{"threshold changed", []Share{a[0], a[1], retargeted}, ErrMixedShares, "disagree on the threshold: x=1 says 3, x=3 says 2"},
		{"length changed", []Share{a[0], a[1], short}, ErrMixedShares, "disagree on its length"},
		{"duplicate", []Share{a[0], a[1], a[1]}, ErrDuplicateShare, "share x=2 of secret " + a[0].ID.String() + " given twice"},
		{"duplicate, too few", []Share{a[0], a[0]}, ErrDuplicateShare, "given twice"},
		{"x=0", []Share{a[0], a[1], zero}, ErrFormat, "x=0"},
		{"damaged secret byte", []Share{a[0], damaged(a[1], 0), a[2]}, ErrCorrupt, "shares x=1,2,3"},
		{"damaged check byte", []Share{a[0], a[1], damaged(a[2], len(a[2].Y)-1)}, ErrCorrupt, "damaged or forged"},
		{"damaged extra share", []Share{a[0], a[1], a[2], damaged(a[4], 5)}, ErrCorrupt, "share x=5 of secret " + a[0].ID.String() + " does not lie on the polynomial of shares x=1,2,3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Combine(tt.shares)
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, %v; want %v with %q", got, err, tt.err, tt.want)
			}
		})
	}
}

func TestShareEncoding(t *testing.T) {
	shares, err := Split([]byte("secret"), 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shares {
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != headerSize+len("secret")+checkSize {
			t.Errorf("encoded share of %d bytes", len(b))
		}
		got, err := ParseShare(b)
		if err != nil || got.ID != s.ID || got.X != s.X || got.Threshold != s.Threshold || !bytes.Equal(got.Y, s.Y) {
			t.Errorf("round trip of %v: %v, %v", s, got, err)
		}
	}
	id, err := ParseID(shares[0].ID.String())
	if err != nil || id != shares[0].ID {
		t.Errorf("ParseID(%s) = %s, %v", shares[0].ID, id, err)
	}
	if _, err := ParseID("abc"); !errors.Is(err, ErrFormat) {
		t.Errorf("ParseID(abc): %v", err)
	}
}

func TestParseShareRefuses(t *testing.T) {
	shares, _ := Split([]byte("secret"), 2, 3)
	good, _ := shares[1].MarshalBinary()
	edit := func(i int, v byte) []byte {
		b := bytes.Clone(good)
		b[i] = v
		return b
	}
	for _, tt := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "share of 0 bytes, shorter than its 25-byte header"},
		{"header only", good[:headerSize], "says 22 bytes of y, has 0"},
		{"magic", edit(0, 'X'), `share starts with "XRSS", want "DRSS"`},
		{"version", edit(4, 2), "share format version 2, want 1"},
		{"k=1", edit(21, 1), "threshold 1, want 2 to 255"},
		{"k=0", edit(21, 0), "threshold 0"},
		{"x=0", edit(22, 0), "has x=0"},
		{"truncated", good[:len(good)-1], "says 22 bytes of y, has 21"},
		{"trailing", append(bytes.Clone(good), 0), "1 bytes after its end"},
		{"y too short", append(edit(24, 16)[:headerSize], make([]byte, 16)...), "16 bytes of y, want 17"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseShare(tt.in)
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrFormat with %q", err, tt.want)
			}
		})
	}
}

// Printing a share, by mistake or in a log line, never shows y.
func TestShareFormatHidesY(t *testing.T) {
	shares, _ := Split([]byte("a secret worth keeping"), 2, 2)
	s := shares[0]
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%d", "%q"} {
		out := fmt.Sprintf(verb, s) + fmt.Sprintf(verb, []Share{s})
		if strings.Contains(out, fmt.Sprintf("%x", s.Y[:4])) || strings.Contains(out, fmt.Sprint(s.Y[:4])[1:8]) {
			t.Errorf("%s printed y: %s", verb, out)
		}
		if !strings.Contains(out, s.ID.String()) {
			t.Errorf("%s did not print the identifier: %s", verb, out)
		}
	}
}
