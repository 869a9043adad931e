package trust

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/veraison/go-cose"
)

// Trusted is a device's root of trust: the one root it currently trusts,
// which it replaces only by the next version, and only when that version
// is signed as the TUF client workflow (§5.3) requires. It is the state
// machine of this package, after go-tuf's trustedmetadata: parse, verify,
// decide, and only then replace. A Trusted is safe for concurrent use;
// the zero Trusted is not usable: make one with NewTrusted.
type Trusted struct {
	mu     sync.RWMutex
	root   *Root  // validated; never handed out
	signed []byte // the signed root that root came from
}

// NewTrusted returns the root of trust installed at the factory from
// rootBytes, a signed root that a threshold of its own root keys signed.
// Its expiry is not checked here (TUF §5.2 and §5.3.10): an old device must
// still be able to rotate forward from it; call CheckExpiry once the updates
// are done.
func NewTrusted(rootBytes []byte) (*Trusted, error) {
	e, err := openRoot(rootBytes)
	if err != nil {
		return nil, err
	}
	r, err := decodeRoot(e.payload())
	if err != nil {
		return nil, err
	}
	if err := checkSigned(e, r); err != nil {
		return nil, err
	}
	return &Trusted{root: r, signed: bytes.Clone(rootBytes)}, nil
}

// UpdateRoot replaces the trusted root, version N, with newRootBytes if
// they hold version N+1 signed by a threshold of the version N root keys
// and by a threshold of the version N+1 root keys (REQ-SEC-6, TUF §5.3.4),
// and if version N+1 keeps every revocation of version N (REQ-SEC-8). Any
// other version is refused with ErrVersion (TUF §5.3.5): a device that
// missed several rotations applies each version in order (REQ-SEC-7). On
// any error the trusted root is unchanged. The new root's expiry is not
// checked (TUF §5.3.6): an intermediate root may have expired while the
// device was offline; CheckExpiry applies to the final one.
func (t *Trusted) UpdateRoot(newRootBytes []byte) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	next, err := acceptNext(t.root, newRootBytes)
	if err != nil {
		return err
	}
	t.root, t.signed = next, bytes.Clone(newRootBytes)
	return nil
}

// acceptNext decides whether signed holds the successor of cur, and returns
// it. It is what a device runs, and what Rotate runs on what it has just
// signed.
func acceptNext(cur *Root, signed []byte) (*Root, error) {
	e, err := openRoot(signed)
	if err != nil {
		return nil, err
	}
	// TUF §5.3.4 (1): a threshold of the keys the device trusts now. This
	// comes before the payload is even parsed: without those keys, no
	// input reaches the metadata decoder.
	q := newQuorum("current root", cur.RootKeys, cur.RootThreshold, cur.Revoked)
	e.count(q)
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("new root, signed by version %d keys: %w", cur.Version, err)
	}
	next, err := decodeRoot(e.payload())
	if err != nil {
		return nil, err
	}
	// TUF §5.3.4 (2): a threshold of its own keys, which proves they work.
	if err := checkSigned(e, next); err != nil {
		return nil, err
	}
	// TUF §5.3.5: exactly N+1, so no rollback, replay or skipped rotation.
	if next.Version != cur.Version+1 {
		return nil, fmt.Errorf("root version %d, want %d: %w", next.Version, cur.Version+1, ErrVersion)
	}
	// A revocation is for good: a root that forgets one could bring the
	// stolen key back.
	for _, id := range cur.Revoked {
		if !next.IsRevoked(id) {
			return nil, fmt.Errorf("root version %d drops the revocation of key %s: %w", next.Version, id, ErrRevoked)
		}
	}
	return next, nil
}

// checkSigned requires a threshold of r's own root keys to have signed e.
func checkSigned(e *envelope, r *Root) error {
	q := newQuorum("root", r.RootKeys, r.RootThreshold, r.Revoked)
	e.count(q)
	if err := q.Err(); err != nil {
		return fmt.Errorf("root version %d, self-signed: %w", r.Version, err)
	}
	return nil
}

// CheckExpiry returns ErrExpired if the trusted root's validity period has
// ended by now (REQ-PROC-7, TUF §5.3.10). Call it after applying every
// available root update, and refuse to act on release signatures while it
// fails: a device kept on stale metadata cannot learn of a revocation.
func (t *Trusted) CheckExpiry(now time.Time) error {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if !now.Before(t.root.Expires) {
		return fmt.Errorf("root version %d expired at %s, now %s: %w",
			t.root.Version, t.root.Expires.Format(time.RFC3339), now.UTC().Format(time.RFC3339), ErrExpired)
	}
	return nil
}

// Version returns the version of the trusted root.
func (t *Trusted) Version() uint64 {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.root.Version
}

// Expires returns the end of the trusted root's validity period.
func (t *Trusted) Expires() time.Time {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.root.Expires
}

// Bytes returns a copy of the signed root now trusted, which a device
// stores so that NewTrusted can restore this state after a restart.
func (t *Trusted) Bytes() []byte {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return bytes.Clone(t.signed)
}

// Root returns a copy of the trusted root metadata, from which the offline
// tools Rotate.
func (t *Trusted) Root() *Root {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.root.clone()
}

// ReleaseKeys returns the verifiers of the current release keys by key id,
// and how many distinct keys must sign an image (REQ-SEC-4, REQ-SEC-5). A
// revoked key is never among them (REQ-SEC-8). The map is the caller's own.
func (t *Trusted) ReleaseKeys() (keys map[KeyID]cose.Verifier, threshold int) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	keys = make(map[KeyID]cose.Verifier, len(t.root.ReleaseKeys))
	for _, k := range t.root.ReleaseKeys {
		keys[k.id] = k.verifier
	}
	return keys, t.root.ReleaseThreshold
}

// ReleaseKey returns the verifier of release key kid, or ErrRevoked or
// ErrUnknownKey.
func (t *Trusted) ReleaseKey(kid KeyID) (cose.Verifier, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for _, k := range t.root.ReleaseKeys {
		if k.id == kid {
			return k.verifier, nil
		}
	}
	if t.root.IsRevoked(kid) {
		return nil, fmt.Errorf("release key %s: %w", kid, ErrRevoked)
	}
	return nil, fmt.Errorf("release key %s: %w", kid, ErrUnknownKey)
}

// IsRevoked reports whether the trusted root has revoked kid.
func (t *Trusted) IsRevoked(kid KeyID) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.root.IsRevoked(kid)
}

// ReleaseQuorum returns an empty count of release signatures against the
// current release keys and threshold, for checking one image: offer each
// signature with Quorum.Add, then accept the image only if Quorum.Err is
// nil. It keeps the keys it started with even if the root is updated
// meanwhile.
func (t *Trusted) ReleaseQuorum() *Quorum {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return newQuorum("release", t.root.ReleaseKeys, t.root.ReleaseThreshold, t.root.Revoked)
}
