package trust

import (
	"crypto"
	"testing"
	"time"
)

// TestNewTrustedFactoryRoot checks that a device accepts the factory root
// signed by a threshold of its own root keys, and nothing less (REQ-SEC-4,
// REQ-SEC-5).
func TestNewTrustedFactoryRoot(t *testing.T) {
	w := newWorld(t)
	tr := w.device(t)
	if tr.Version() != 1 || !tr.Expires().Equal(inYear) {
		t.Fatalf("version %d expires %v, want 1 and %v", tr.Version(), tr.Expires(), inYear)
	}
	keys, threshold := tr.ReleaseKeys()
	if len(keys) != 3 || threshold != 2 {
		t.Fatalf("%d release keys, threshold %d; want 3 and 2", len(keys), threshold)
	}
	again, err := NewTrusted(tr.Bytes())
	wantErr(t, err)
	if again.Version() != 1 {
		t.Fatal("restored state differs")
	}

	for _, c := range []struct {
		name    string
		signers []crypto.Signer
		want    []error
	}{
		{"one of two", w.rootSigners[:1], []error{ErrTooFewSignatures}},
		{"release keys", w.releaseSigners, []error{ErrTooFewSignatures, ErrUnknownKey}},
		{"two of two", w.rootSigners[1:], nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewTrusted(rawSign(t, w.root, c.signers...))
			wantErr(t, err, c.want...)
		})
	}
}

// TestUpdateRootRotation checks a rotation that replaces every root and
// release key: the device accepts it, trusts the new keys and no longer
// the old ones (REQ-SEC-6, REQ-SEC-4).
func TestUpdateRootRotation(t *testing.T) {
	w := newWorld(t)
	tr := w.device(t)
	newRoot, newRelease := edKeys(20, 3), edKeys(30, 2)
	next, signed, err := Rotate(w.root, Rotation{
		Expires:  inYear,
		RootKeys: pubs(newRoot), RootThreshold: 3,
		ReleaseKeys: pubs(newRelease), ReleaseThreshold: 1,
	}, w.rootSigners[:2], newRoot)
	wantErr(t, err)
	wantErr(t, tr.UpdateRoot(signed))
	if tr.Version() != 2 || next.Version != 2 {
		t.Fatalf("device at version %d, rotated root %d; want 2", tr.Version(), next.Version)
	}
	keys, threshold := tr.ReleaseKeys()
	if _, ok := keys[kidOf(t, newRelease[0])]; !ok || len(keys) != 2 || threshold != 1 {
		t.Fatalf("release keys %v threshold %d after rotation", keys, threshold)
	}
	_, err = tr.ReleaseKey(kidOf(t, w.releaseSigners[0]))
	wantErr(t, err, ErrUnknownKey)

	// Version 3 signed by the retired keys alone is not a rotation.
	v3 := next.clone()
	v3.Version = 3
	v3.RootKeys, v3.RootThreshold = w.root.RootKeys, 2
	before := tr.Bytes()
	wantErr(t, tr.UpdateRoot(rawSign(t, v3, w.rootSigners...)), ErrTooFewSignatures)
	unchanged(t, tr, before)
}

// TestUpdateRootSignatureRules checks that version N+1 needs a threshold of
// the current root keys and a threshold of its own root keys, and that a
// refused root leaves the device as it was (REQ-SEC-6, REQ-SEC-5).
func TestUpdateRootSignatureRules(t *testing.T) {
	w := newWorld(t)
	old := w.rootSigners // threshold 2 of 3
	nu := edKeys(40, 3)  // threshold 2 of 3
	next := mustRoot(t, Spec{
		Version: 2, Expires: inYear,
		RootKeys: pubs(nu), RootThreshold: 2,
		ReleaseKeys: pubs(w.releaseSigners), ReleaseThreshold: 2,
	})
	for _, c := range []struct {
		name    string
		signers []crypto.Signer
		want    []error
	}{
		{"old and new thresholds", []crypto.Signer{old[0], old[2], nu[1], nu[2]}, nil},
		{"only old keys", old, []error{ErrTooFewSignatures}},
		{"only new keys", nu, []error{ErrTooFewSignatures}},
		{"old below threshold", []crypto.Signer{old[0], nu[0], nu[1]}, []error{ErrTooFewSignatures}},
		{"new below threshold", []crypto.Signer{old[0], old[1], nu[0]}, []error{ErrTooFewSignatures}},
		{"old key twice", []crypto.Signer{old[0], old[0], nu[0], nu[1]}, []error{ErrTooFewSignatures}},
		{"unknown key instead", []crypto.Signer{old[0], edKey(99), nu[0], nu[1]}, []error{ErrTooFewSignatures, ErrUnknownKey}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := w.device(t)
			err := tr.UpdateRoot(rawSign(t, next, c.signers...))
			wantErr(t, err, c.want...)
			if err != nil {
				unchanged(t, tr, w.signed)
			}
		})
	}
}

// TestUpdateRootVersionRules checks that only exactly version N+1 is
// accepted: a rollback, a replay of the same version and a skipped version
// are refused with ErrVersion even when properly signed (REQ-SEC-6,
// REQ-SEC-7).
func TestUpdateRootVersionRules(t *testing.T) {
	w := newWorld(t)
	at := func(v uint64) []byte {
		r := w.root.clone()
		r.Version = v
		return rawSign(t, r, w.rootSigners...)
	}
	tr := w.device(t)
	wantErr(t, tr.UpdateRoot(at(2)))
	for _, c := range []struct {
		name    string
		version uint64
	}{
		{"rollback", 1},
		{"same version", 2},
		{"skip", 4},
		{"far future", 1 << 62},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := tr.Bytes()
			wantErr(t, tr.UpdateRoot(at(c.version)), ErrVersion)
			unchanged(t, tr, before)
		})
	}
	wantErr(t, tr.UpdateRoot(at(3)))
}

// TestUpdateRootChain checks that a device offline through five rotations,
// each replacing every root key, catches up by applying each version in
// order, although the intermediate roots have expired meanwhile, and that
// it cannot jump or reorder the chain (REQ-SEC-7, REQ-SEC-6).
func TestUpdateRootChain(t *testing.T) {
	w := newWorld(t)
	tr := w.device(t)
	cur, signers := w.root, w.rootSigners
	var chain [][]byte
	for i := 1; i <= 5; i++ {
		nu := edKeys(100+10*i, 3)
		expires := epoch.AddDate(0, 0, -i) // long expired by the time the device wakes
		if i == 5 {
			expires = inYear
		}
		next, signed, err := Rotate(cur, Rotation{Expires: expires, RootKeys: pubs(nu)}, signers, nu)
		wantErr(t, err)
		chain = append(chain, signed)
		cur, signers = next, nu
	}

	for _, skip := range [][]byte{chain[1], chain[4]} {
		wantErr(t, tr.UpdateRoot(skip), ErrTooFewSignatures)
	}
	for i, signed := range chain {
		if err := tr.UpdateRoot(signed); err != nil {
			t.Fatalf("rotation %d: %v", i+2, err)
		}
	}
	if tr.Version() != 6 {
		t.Fatalf("version %d after the chain, want 6", tr.Version())
	}
	wantErr(t, tr.CheckExpiry(epoch))
	wantErr(t, tr.UpdateRoot(chain[2]), ErrTooFewSignatures)
}

// TestCheckExpiry checks that the root in use is refused once it has
// expired, while an expired factory root can still be rotated away from
// (REQ-PROC-7).
func TestCheckExpiry(t *testing.T) {
	w := newWorld(t)
	tr := w.device(t)
	for _, c := range []struct {
		name string
		now  time.Time
		want []error
	}{
		{"valid", epoch, nil},
		{"last second", inYear.Add(-time.Second), nil},
		{"at expiry", inYear, []error{ErrExpired}},
		{"after", inYear.AddDate(1, 0, 0), []error{ErrExpired}},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantErr(t, tr.CheckExpiry(c.now), c.want...)
		})
	}

	later := inYear.AddDate(2, 0, 0)
	_, signed, err := Rotate(w.root, Rotation{Expires: later.AddDate(1, 0, 0)}, w.rootSigners, w.rootSigners)
	wantErr(t, err)
	wantErr(t, tr.UpdateRoot(signed))
	wantErr(t, tr.CheckExpiry(later))
}

// TestRevokedReleaseKey checks that a revoked release key leaves the
// release keys, that its signatures no longer count, and that a later root
// cannot forget the revocation (REQ-SEC-8).
func TestRevokedReleaseKey(t *testing.T) {
	w := newWorld(t)
	tr := w.device(t)
	stolen := kidOf(t, w.releaseSigners[0])
	v2, signed, err := Rotate(w.root, Rotation{
		Expires:     inYear,
		ReleaseKeys: append(pubs(w.releaseSigners), edKey(13).Public()),
		Revoke:      []KeyID{stolen},
	}, w.rootSigners, w.rootSigners)
	wantErr(t, err)
	wantErr(t, tr.UpdateRoot(signed))

	keys, threshold := tr.ReleaseKeys()
	if _, ok := keys[stolen]; ok || len(keys) != 3 || threshold != 2 {
		t.Fatalf("release keys after revocation: %d keys, threshold %d, stolen present %v", len(keys), threshold, ok)
	}
	if !tr.IsRevoked(stolen) || tr.IsRevoked(kidOf(t, w.releaseSigners[1])) {
		t.Fatal("IsRevoked wrong")
	}
	_, err = tr.ReleaseKey(stolen)
	wantErr(t, err, ErrRevoked)

	// An image signed by the stolen key and one good key falls short.
	image := []byte("firmware manifest digest")
	q := tr.ReleaseQuorum()
	for _, s := range []crypto.Signer{w.releaseSigners[0], w.releaseSigners[1]} {
		addSign1(t, q, s, image)
	}
	wantErr(t, q.Err(), ErrTooFewSignatures, ErrRevoked)

	// Version 3 that lists the key again, or just forgets it, is refused.
	forget := v2.clone()
	forget.Version, forget.Revoked = 3, nil
	before := tr.Bytes()
	wantErr(t, tr.UpdateRoot(rawSign(t, forget, w.rootSigners...)), ErrRevoked)
	unchanged(t, tr, before)
}
