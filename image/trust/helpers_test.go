package trust

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// epoch is the tests' "now"; roots expire a year later unless a test says
// otherwise.
var (
	epoch  = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	inYear = epoch.AddDate(1, 0, 0)
)

// edKey returns the Ed25519 key numbered n, the same in every run, so that
// fuzz seeds signed with it stay valid.
func edKey(n int) ed25519.PrivateKey {
	seed := sha256.Sum256(fmt.Appendf(nil, "drey trust test key %d", n))
	return ed25519.NewKeyFromSeed(seed[:])
}

// edKeys returns keys numbered from, from+1, ... as signers.
func edKeys(from, n int) []crypto.Signer {
	out := make([]crypto.Signer, n)
	for i := range out {
		out[i] = edKey(from + i)
	}
	return out
}

// p256Key returns a fresh ECDSA P-256 key.
func p256Key(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// RSA key generation is slow: each size is made once per test binary.
var (
	rsaOnce          sync.Once
	rsa2048, rsa3072 *rsa.PrivateKey
	rsaErr           error
)

func rsaKeys(t testing.TB) (weak, strong *rsa.PrivateKey) {
	t.Helper()
	rsaOnce.Do(func() {
		if rsa2048, rsaErr = rsa.GenerateKey(rand.Reader, 2048); rsaErr != nil {
			return
		}
		rsa3072, rsaErr = rsa.GenerateKey(rand.Reader, 3072)
	})
	if rsaErr != nil {
		t.Fatal(rsaErr)
	}
	return rsa2048, rsa3072
}

// pubs returns the public halves of signers.
func pubs(signers []crypto.Signer) []crypto.PublicKey {
	out := make([]crypto.PublicKey, len(signers))
	for i, s := range signers {
		out[i] = s.Public()
	}
	return out
}

// kidOf returns the key id of a signer.
func kidOf(t testing.TB, s crypto.Signer) KeyID {
	t.Helper()
	k, err := NewKey(s.Public())
	if err != nil {
		t.Fatal(err)
	}
	return k.ID()
}

// mustRoot builds a root with NewRoot or fails the test.
func mustRoot(t testing.TB, s Spec) *Root {
	t.Helper()
	r, err := NewRoot(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rawSign signs r with exactly signers, in order, repeats included, with no
// check of who they are: the tool for making roots a device must refuse.
func rawSign(t testing.TB, r *Root, signers ...crypto.Signer) []byte {
	t.Helper()
	payload, err := encodeRoot(r)
	if err != nil {
		t.Fatal(err)
	}
	return rawSeal(t, payload, signers...)
}

// rawSeal wraps any payload in a signed root.
func rawSeal(t testing.TB, payload []byte, signers ...crypto.Signer) []byte {
	t.Helper()
	b, err := sealRoot(payload, signers)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wireOf returns r as rootWire, for tests that then break it.
func wireOf(r *Root) rootWire {
	w := rootWire{
		Type:             rootType,
		Version:          r.Version,
		Expires:          uint64(r.Expires.Unix()),
		RootKeys:         keysToWire(r.RootKeys),
		RootThreshold:    uint64(r.RootThreshold),
		ReleaseKeys:      keysToWire(r.ReleaseKeys),
		ReleaseThreshold: uint64(r.ReleaseThreshold),
		Revoked:          [][]byte{},
	}
	for _, id := range r.Revoked {
		w.Revoked = append(w.Revoked, id[:])
	}
	return w
}

// sealWire encodes w deterministically and signs it.
func sealWire(t testing.TB, w any, signers ...crypto.Signer) []byte {
	t.Helper()
	payload, err := metaEnc.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	return rawSeal(t, payload, signers...)
}

// world is a factory root of trust and the keys behind it: root keys 0-2
// (threshold 2) and release keys 10-12 (threshold 2), all Ed25519.
type world struct {
	rootSigners, releaseSigners []crypto.Signer
	root                        *Root
	signed                      []byte
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{rootSigners: edKeys(0, 3), releaseSigners: edKeys(10, 3)}
	w.root = mustRoot(t, Spec{
		Expires:  inYear,
		RootKeys: pubs(w.rootSigners), RootThreshold: 2,
		ReleaseKeys: pubs(w.releaseSigners), ReleaseThreshold: 2,
	})
	var err error
	if w.signed, err = w.root.Sign(w.rootSigners...); err != nil {
		t.Fatal(err)
	}
	return w
}

// device returns a Trusted holding the world's factory root.
func (w *world) device(t testing.TB) *Trusted {
	t.Helper()
	tr, err := NewTrusted(w.signed)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// wantErr fails the test unless err wraps every one of want (or is nil
// when want is empty).
func wantErr(t testing.TB, err error, want ...error) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %v", want)
	}
	for _, w := range want {
		if !errors.Is(err, w) {
			t.Fatalf("error %q does not wrap %q", err, w)
		}
	}
}

// unchanged fails the test if tr no longer holds the signed root before.
func unchanged(t testing.TB, tr *Trusted, before []byte) {
	t.Helper()
	if string(tr.Bytes()) != string(before) {
		t.Fatalf("trusted root changed after a refused update (now version %d)", tr.Version())
	}
}
