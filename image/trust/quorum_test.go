package trust

import (
	"crypto"
	"crypto/rand"
	"fmt"
	"testing"

	"github.com/veraison/go-cose"
)

// addSign1 signs payload as a COSE_Sign1 with s, as an image signature
// would be, and offers it to q.
func addSign1(t testing.TB, q *Quorum, s crypto.Signer, payload []byte) {
	t.Helper()
	k, err := NewKey(s.Public())
	if err != nil {
		t.Fatal(err)
	}
	cs, err := cose.NewSigner(k.Algorithm(), s)
	if err != nil {
		t.Fatal(err)
	}
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(k.Algorithm())
	msg.Payload = payload
	if err := msg.Sign(rand.Reader, nil, cs); err != nil {
		t.Fatal(err)
	}
	q.Add(k.ID(), func(v cose.Verifier) error { return msg.Verify(nil, v) })
}

// TestReleaseThresholds checks k-of-n release signing: an image counts as
// signed when, and only when, k distinct release keys sign it, with keys of
// mixed algorithms (REQ-SEC-5, REQ-SEC-4).
func TestReleaseThresholds(t *testing.T) {
	root := edKeys(0, 1)
	pool := []crypto.Signer{edKey(10), p256Key(t), edKey(11), p256Key(t), edKey(12)}
	image := []byte("manifest")
	for _, c := range []struct{ k, n int }{{1, 1}, {1, 3}, {2, 3}, {3, 3}, {3, 5}, {5, 5}} {
		r := mustRoot(t, Spec{
			Expires:  inYear,
			RootKeys: pubs(root), RootThreshold: 1,
			ReleaseKeys: pubs(pool[:c.n]), ReleaseThreshold: c.k,
		})
		signed, err := r.Sign(root...)
		wantErr(t, err)
		tr, err := NewTrusted(signed)
		wantErr(t, err)
		for m := 0; m <= c.n; m++ {
			t.Run(fmt.Sprintf("%d-of-%d signed by %d", c.k, c.n, m), func(t *testing.T) {
				q := tr.ReleaseQuorum()
				for _, s := range pool[:m] {
					addSign1(t, q, s, image)
				}
				if m >= c.k {
					wantErr(t, q.Err())
					if len(q.Signers()) != m {
						t.Fatalf("%d signers counted, want %d", len(q.Signers()), m)
					}
				} else {
					wantErr(t, q.Err(), ErrTooFewSignatures)
				}
			})
		}
	}
}

// TestQuorumCountsKeysOnce checks that signatures count per key, not per
// signature: a repeat, an unknown key and a bad signature add nothing
// (REQ-SEC-5).
func TestQuorumCountsKeysOnce(t *testing.T) {
	a, b := edKey(10), edKey(11)
	keys := make([]Key, 0, 2)
	for _, s := range []crypto.Signer{a, b} {
		k, err := NewKey(s)
		wantErr(t, err)
		keys = append(keys, k)
	}
	image := []byte("manifest")

	q := newQuorum("release", keys, 2, nil)
	addSign1(t, q, a, image)
	addSign1(t, q, a, image)
	wantErr(t, q.Err(), ErrTooFewSignatures)

	addSign1(t, q, edKey(99), image)
	wantErr(t, q.Err(), ErrTooFewSignatures, ErrUnknownKey)

	err := q.Add(keys[1].ID(), func(cose.Verifier) error { return cose.ErrVerification })
	wantErr(t, err, ErrBadSignature)
	wantErr(t, q.Err(), ErrTooFewSignatures, ErrBadSignature)

	addSign1(t, q, b, image)
	wantErr(t, q.Err())
	if q.Threshold() != 2 || len(q.Signers()) != 2 {
		t.Fatalf("threshold %d, %d signers", q.Threshold(), len(q.Signers()))
	}
}
