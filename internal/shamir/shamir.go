package shamir

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"slices"
)

// Limits on a sharing.
const (
	// MinThreshold is the smallest k: with k = 1 every share would be the
	// secret itself.
	MinThreshold = 2
	// MaxShares is the largest n: x coordinates are the non-zero
	// elements of GF(2^8).
	MaxShares = 255
	// MaxSecret bounds the length of a secret in bytes. Shares are meant
	// for keys, not for documents.
	MaxSecret = 1024
)

// checkSize is the length of the check appended to the secret before it
// is shared (see the package comment).
const checkSize = 16

// Split shares secret so that any k of the n shares it returns recover
// it and k-1 reveal nothing about it. Share i has x coordinate i+1 and
// all carry a fresh random identifier. It needs 2 <= k <= n <= 255 and a
// secret of 1 to MaxSecret bytes. The randomness comes from crypto/rand.
func Split(secret []byte, k, n int) ([]Share, error) {
	switch {
	case k < MinThreshold || k > MaxShares:
		return nil, fmt.Errorf("shamir: threshold k = %d, want %d to %d: %w", k, MinThreshold, MaxShares, ErrParams)
	case n < k || n > MaxShares:
		return nil, fmt.Errorf("shamir: %d shares with threshold %d, want k <= n <= %d: %w", n, k, MaxShares, ErrParams)
	case len(secret) == 0 || len(secret) > MaxSecret:
		return nil, fmt.Errorf("shamir: secret of %d bytes, want 1 to %d: %w", len(secret), MaxSecret, ErrParams)
	}
	var id ID
	rand.Read(id[:]) // crypto/rand.Read never fails
	value := append(slices.Clone(secret), check(id, k, secret)...)
	defer clear(value)

	// coef[j*len(value)+b] is the coefficient of x^(j+1) in byte b's
	// polynomial; the constant term is value[b].
	coef := make([]byte, (k-1)*len(value))
	defer clear(coef)
	rand.Read(coef)

	shares := make([]Share, n)
	for i := range shares {
		x := byte(i + 1)
		y := make([]byte, len(value))
		for b := range value {
			// Horner: f(x) = (...(c[k-1] x + c[k-2]) x + ...) x + value[b].
			var acc byte
			for j := k - 2; j >= 0; j-- {
				acc = mul(acc, x) ^ coef[j*len(value)+b]
			}
			y[b] = mul(acc, x) ^ value[b]
		}
		shares[i] = Share{ID: id, Threshold: k, X: x, Y: y}
	}
	return shares, nil
}

// Combine recovers the secret from at least Threshold distinct shares of
// it. It refuses shares of different secrets (ErrMixedShares), the same
// x coordinate twice (ErrDuplicateShare), fewer shares than the threshold
// (ErrTooFewShares), and shares that do not reconstruct the secret they
// belong to (ErrCorrupt): it interpolates through the first k shares by
// x, checks the result against the shared check, and checks that every
// further share lies on the same polynomials.
func Combine(shares []Share) ([]byte, error) {
	if len(shares) == 0 {
		return nil, fmt.Errorf("shamir: no shares: %w", ErrTooFewShares)
	}
	first := shares[0]
	seen := map[byte]bool{}
	for _, s := range shares {
		if err := s.validate(); err != nil {
			return nil, err
		}
		switch {
		case s.ID != first.ID:
			return nil, fmt.Errorf("shamir: share x=%d belongs to secret %s, share x=%d to secret %s: %w", first.X, first.ID, s.X, s.ID, ErrMixedShares)
		case s.Threshold != first.Threshold:
			return nil, fmt.Errorf("shamir: shares of secret %s disagree on the threshold: x=%d says %d, x=%d says %d: %w", s.ID, first.X, first.Threshold, s.X, s.Threshold, ErrMixedShares)
		case len(s.Y) != len(first.Y):
			return nil, fmt.Errorf("shamir: shares of secret %s disagree on its length: x=%d has %d bytes, x=%d has %d: %w", s.ID, first.X, len(first.Y), s.X, len(s.Y), ErrMixedShares)
		case seen[s.X]:
			return nil, fmt.Errorf("shamir: share x=%d of secret %s given twice: %w", s.X, s.ID, ErrDuplicateShare)
		}
		seen[s.X] = true
	}
	k := first.Threshold
	if len(shares) < k {
		return nil, fmt.Errorf("shamir: %d shares of secret %s, %d are needed: %w", len(shares), first.ID, k, ErrTooFewShares)
	}
	sorted := slices.SortedFunc(slices.Values(shares), func(a, b Share) int { return int(a.X) - int(b.X) })
	basis, extra := sorted[:k], sorted[k:]

	value := interpolate(basis, 0)
	defer clear(value)
	secret, sum := value[:len(value)-checkSize], value[len(value)-checkSize:]
	if subtle.ConstantTimeCompare(sum, check(first.ID, k, secret)) != 1 {
		return nil, fmt.Errorf("shamir: shares x=%s of secret %s: %w; one of them is damaged or forged", xs(basis), first.ID, ErrCorrupt)
	}
	for _, s := range extra {
		if subtle.ConstantTimeCompare(interpolate(basis, s.X), s.Y) != 1 {
			return nil, fmt.Errorf("shamir: share x=%d of secret %s does not lie on the polynomial of shares x=%s: %w", s.X, s.ID, xs(basis), ErrCorrupt)
		}
	}
	return slices.Clone(secret), nil
}

// interpolate returns, for every byte position, the value at x = at of
// the polynomial through the shares' points, by Lagrange's formula:
//
//	f(at) = sum_i y_i * prod_{j != i} (at - x_j) / (x_i - x_j)
//
// where subtraction is XOR. The x coordinates are distinct and non-zero.
func interpolate(shares []Share, at byte) []byte {
	out := make([]byte, len(shares[0].Y))
	for i, si := range shares {
		l := byte(1)
		for j, sj := range shares {
			if i != j {
				l = mul(l, div(at^sj.X, si.X^sj.X))
			}
		}
		for b, y := range si.Y {
			out[b] ^= mul(l, y)
		}
	}
	return out
}

// check is the value appended to a secret before it is shared: the first
// 16 bytes of SHA-256 over a label, the identifier, the threshold and the
// secret.
func check(id ID, k int, secret []byte) []byte {
	h := sha256.New()
	h.Write([]byte("drey shamir check v1\x00"))
	h.Write(id[:])
	h.Write([]byte{byte(k)})
	h.Write(secret)
	return h.Sum(nil)[:checkSize]
}

// xs lists the x coordinates of shares, as "1,3,4".
func xs(shares []Share) string {
	out := ""
	for i, s := range shares {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprint(s.X)
	}
	return out
}
