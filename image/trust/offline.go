package trust

import (
	"crypto"
	"fmt"
	"time"
)

// This file is the offline side: building, rotating and signing roots on
// the operator's machine. Keys arrive as plain Go crypto keys; reading them
// from files is image/keys' job.

// Spec describes a new root of trust for NewRoot.
type Spec struct {
	// Version is the root's version; 0 means 1, the factory root.
	Version uint64
	// Expires is the end of the validity period; it is kept to the second.
	Expires time.Time
	// RootKeys and RootThreshold: who signs the root metadata.
	RootKeys      []crypto.PublicKey
	RootThreshold int
	// ReleaseKeys and ReleaseThreshold: who signs firmware images.
	ReleaseKeys      []crypto.PublicKey
	ReleaseThreshold int
}

// NewRoot builds and validates a root from s. Each key may also be given as
// a crypto.Signer, whose public half is taken.
func NewRoot(s Spec) (*Root, error) {
	r := &Root{
		Version:          max(s.Version, 1),
		Expires:          s.Expires.Truncate(time.Second).UTC(),
		RootThreshold:    s.RootThreshold,
		ReleaseThreshold: s.ReleaseThreshold,
	}
	var err error
	if r.RootKeys, err = newKeys("root", s.RootKeys); err != nil {
		return nil, err
	}
	if r.ReleaseKeys, err = newKeys("release", s.ReleaseKeys); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

func newKeys(role string, pubs []crypto.PublicKey) ([]Key, error) {
	keys := make([]Key, 0, len(pubs))
	for i, p := range pubs {
		k, err := NewKey(p)
		if err != nil {
			return nil, fmt.Errorf("%s key %d: %w", role, i, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// Sign returns r signed by signers, each of which must hold one of r's root
// keys, at least RootThreshold distinct ones: this is how the factory root
// is made, which devices accept with NewTrusted. A signer listed twice
// signs once. To sign the next version of a root, use Rotate.
func (r *Root) Sign(signers ...crypto.Signer) ([]byte, error) {
	payload, err := encodeRoot(r)
	if err != nil {
		return nil, err
	}
	chosen, err := pickSigners(fmt.Sprintf("root version %d", r.Version), signers, r.RootKeys, r.RootThreshold)
	if err != nil {
		return nil, err
	}
	signed, err := sealRoot(payload, chosen)
	if err != nil {
		return nil, err
	}
	// Check the result as a device will, so that a mistake shows here.
	if _, err := NewTrusted(signed); err != nil {
		return nil, fmt.Errorf("signed root refused by its own check: %w", err)
	}
	return signed, nil
}

// Rotation says what changes from one root version to the next. A nil key
// list keeps the current keys of that role and a zero threshold keeps the
// current threshold.
type Rotation struct {
	// Expires is the new root's end of validity; it is required.
	Expires time.Time
	// RootKeys and RootThreshold: the new root keys.
	RootKeys      []crypto.PublicKey
	RootThreshold int
	// ReleaseKeys and ReleaseThreshold: the new release keys.
	ReleaseKeys      []crypto.PublicKey
	ReleaseThreshold int
	// Revoke lists key ids to revoke; each is also removed from the keys.
	Revoke []KeyID
}

// Rotate builds version current.Version+1 of the root as change says,
// carrying every revocation forward, and signs it with oldSigners (a
// threshold of current's root keys) and newSigners (a threshold of the new
// root keys), as devices require (REQ-SEC-6). A key in both sets signs once.
// It returns the new root and its signed bytes, which it has checked as
// Trusted.UpdateRoot will.
func Rotate(current *Root, change Rotation, oldSigners, newSigners []crypto.Signer) (*Root, []byte, error) {
	if err := current.Validate(); err != nil {
		return nil, nil, fmt.Errorf("current root: %w", err)
	}
	next := current.clone()
	next.Version++
	next.Expires = change.Expires.Truncate(time.Second).UTC()
	var err error
	if change.RootKeys != nil {
		if next.RootKeys, err = newKeys("root", change.RootKeys); err != nil {
			return nil, nil, err
		}
	}
	if change.RootThreshold != 0 {
		next.RootThreshold = change.RootThreshold
	}
	if change.ReleaseKeys != nil {
		if next.ReleaseKeys, err = newKeys("release", change.ReleaseKeys); err != nil {
			return nil, nil, err
		}
	}
	if change.ReleaseThreshold != 0 {
		next.ReleaseThreshold = change.ReleaseThreshold
	}
	for _, id := range change.Revoke {
		next.Revoke(id)
	}
	payload, err := encodeRoot(next)
	if err != nil {
		return nil, nil, err
	}
	old, err := pickSigners(fmt.Sprintf("rotation to version %d, current root", next.Version), oldSigners, current.RootKeys, current.RootThreshold)
	if err != nil {
		return nil, nil, err
	}
	nu, err := pickSigners(fmt.Sprintf("rotation to version %d, new root", next.Version), newSigners, next.RootKeys, next.RootThreshold)
	if err != nil {
		return nil, nil, err
	}
	signed, err := sealRoot(payload, union(old, nu))
	if err != nil {
		return nil, nil, err
	}
	accepted, err := acceptNext(current, signed)
	if err != nil {
		return nil, nil, fmt.Errorf("rotated root refused by its own check: %w", err)
	}
	return accepted, signed, nil
}

// pickSigners returns signers without repeats, after checking that each
// holds one of keys and that they are at least threshold.
func pickSigners(what string, signers []crypto.Signer, keys []Key, threshold int) ([]crypto.Signer, error) {
	allowed := make(map[KeyID]bool, len(keys))
	for _, k := range keys {
		allowed[k.id] = true
	}
	seen := make(map[KeyID]bool, len(signers))
	var out []crypto.Signer
	for i, s := range signers {
		k, err := NewKey(s.Public())
		if err != nil {
			return nil, fmt.Errorf("%s: signer %d: %w", what, i, err)
		}
		if !allowed[k.id] {
			return nil, fmt.Errorf("%s: signer %d holds key %s, not a root key: %w", what, i, k.id, ErrUnknownKey)
		}
		if !seen[k.id] {
			seen[k.id] = true
			out = append(out, s)
		}
	}
	if len(out) < threshold {
		return nil, fmt.Errorf("%s: %d distinct signers, threshold %d: %w", what, len(out), threshold, ErrTooFewSignatures)
	}
	return out, nil
}

// union returns a followed by the signers of b whose keys a lacks.
func union(a, b []crypto.Signer) []crypto.Signer {
	out := append([]crypto.Signer(nil), a...)
	seen := make(map[KeyID]bool, len(a))
	for _, s := range a {
		k, _ := NewKey(s.Public()) // checked by pickSigners
		seen[k.id] = true
	}
	for _, s := range b {
		if k, _ := NewKey(s.Public()); !seen[k.id] {
			out = append(out, s)
		}
	}
	return out
}
