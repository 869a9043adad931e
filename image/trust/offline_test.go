package trust

import (
	"crypto"
	"testing"

	"github.com/veraison/go-cose"
)

// TestSignChecksSigners checks that Root.Sign signs only with root keys,
// at least a threshold of distinct ones, and signs once per key (REQ-SEC-5).
func TestSignChecksSigners(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		name    string
		signers []crypto.Signer
		want    []error
	}{
		{"threshold", w.rootSigners[:2], nil},
		{"release key", []crypto.Signer{w.rootSigners[0], w.releaseSigners[0]}, []error{ErrUnknownKey}},
		{"one key twice", []crypto.Signer{w.rootSigners[0], w.rootSigners[0]}, []error{ErrTooFewSignatures}},
		{"none", nil, []error{ErrTooFewSignatures}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := w.root.Sign(c.signers...)
			wantErr(t, err, c.want...)
		})
	}
	signed, err := w.root.Sign(w.rootSigners[0], w.rootSigners[1], w.rootSigners[0])
	wantErr(t, err)
	if n := signatureCount(t, signed); n != 2 {
		t.Fatalf("%d signatures, want 2", n)
	}
}

// TestRotateChecksSigners checks that Rotate refuses to produce a rotation
// that devices would refuse: too few outgoing or incoming root keys, or a
// signer that is not a root key of its side (REQ-SEC-6).
func TestRotateChecksSigners(t *testing.T) {
	w := newWorld(t)
	nu := edKeys(20, 2)
	change := Rotation{Expires: inYear, RootKeys: pubs(nu), RootThreshold: 2}
	for _, c := range []struct {
		name     string
		old, new []crypto.Signer
		want     []error
	}{
		{"both thresholds", w.rootSigners[:2], nu, nil},
		{"old below threshold", w.rootSigners[:1], nu, []error{ErrTooFewSignatures}},
		{"new below threshold", w.rootSigners[:2], nu[:1], []error{ErrTooFewSignatures}},
		{"new keys as old", nu, nu, []error{ErrUnknownKey}},
		{"old keys as new", w.rootSigners, w.rootSigners, []error{ErrUnknownKey}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Rotate(w.root, change, c.old, c.new)
			wantErr(t, err, c.want...)
		})
	}
}

// TestRotateKeepsAndRevokes checks what Rotate carries forward: unchanged
// roles, every revocation, and a key that stays a root key signs once
// (REQ-SEC-8, REQ-SEC-6).
func TestRotateKeepsAndRevokes(t *testing.T) {
	w := newWorld(t)
	gone := kidOf(t, w.releaseSigners[2])
	v2, signed, err := Rotate(w.root, Rotation{Expires: inYear, Revoke: []KeyID{gone}}, w.rootSigners, w.rootSigners)
	wantErr(t, err)
	if v2.Version != 2 || len(v2.RootKeys) != 3 || len(v2.ReleaseKeys) != 2 || !v2.IsRevoked(gone) {
		t.Fatalf("rotated root: version %d, %d root keys, %d release keys, revoked %v",
			v2.Version, len(v2.RootKeys), len(v2.ReleaseKeys), v2.Revoked)
	}
	if n := signatureCount(t, signed); n != 3 {
		t.Fatalf("%d signatures on a rotation by the same three keys, want 3", n)
	}
	v3, _, err := Rotate(v2, Rotation{Expires: inYear, ReleaseKeys: pubs(edKeys(30, 1)), ReleaseThreshold: 1}, w.rootSigners, w.rootSigners)
	wantErr(t, err)
	if !v3.IsRevoked(gone) {
		t.Fatal("revocation not carried forward")
	}

	// Revoking a release key that the threshold needs is refused offline.
	_, _, err = Rotate(v2, Rotation{Expires: inYear, Revoke: []KeyID{kidOf(t, w.releaseSigners[0])}}, w.rootSigners, w.rootSigners)
	wantErr(t, err, ErrMalformed)
	// So is a rotation without an expiry.
	_, _, err = Rotate(v2, Rotation{}, w.rootSigners, w.rootSigners)
	wantErr(t, err, ErrMalformed)
	// Revoke is idempotent and leaves the caller's slices alone.
	r := w.root.clone()
	keys := r.ReleaseKeys
	r.Revoke(gone)
	r.Revoke(gone)
	if len(r.Revoked) != 1 || len(r.ReleaseKeys) != 2 || keys[2].ID() != gone {
		t.Fatalf("Revoke twice: revoked %v, %d release keys", r.Revoked, len(r.ReleaseKeys))
	}
}

// signatureCount returns how many signatures a signed root carries.
func signatureCount(t testing.TB, signed []byte) int {
	t.Helper()
	var msg cose.SignMessage
	wantErr(t, msg.UnmarshalCBOR(signed))
	return len(msg.Signatures)
}
