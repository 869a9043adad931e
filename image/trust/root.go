package trust

import (
	"fmt"
	"slices"
	"time"
)

// Limits on one root, so that a device can bound the memory and time it
// spends on a root before it knows whether the root is genuine.
const (
	// MaxKeys is the most keys one role (root or release) may list.
	MaxKeys = 16
	// MaxRevoked is the most key ids a root may list as revoked.
	MaxRevoked = 256
	// MaxSignatures is the most signatures a signed root may carry: enough
	// for every key of the outgoing and the incoming root during a rotation.
	MaxSignatures = 2 * MaxKeys
	// MaxRootSize is the largest signed root, in bytes, that is parsed at
	// all.
	MaxRootSize = 64 << 10
)

// Root is one version of the root metadata: the keys and threshold that
// sign the root itself, the release keys and threshold that sign firmware
// images (REQ-SEC-4, REQ-SEC-5), and the key ids that are revoked for good
// (REQ-SEC-8). The offline tools edit a Root and sign it; a device only ever
// sees one through Trusted.
type Root struct {
	// Version counts from 1; each rotation adds exactly one.
	Version uint64
	// Expires is the end of the validity period, to the second.
	Expires time.Time
	// RootKeys sign the root metadata, RootThreshold of them at a time.
	RootKeys      []Key
	RootThreshold int
	// ReleaseKeys sign firmware images, ReleaseThreshold of them at a time.
	ReleaseKeys      []Key
	ReleaseThreshold int
	// Revoked lists key ids that may never sign again, in either role.
	Revoked []KeyID
}

// Validate checks the rules every root obeys, whoever made it: a version of
// at least 1, an expiry after 1970, thresholds from 1 to the number of keys
// (REQ-SEC-5), at most MaxKeys keys per role, every key allowed by the key
// policy (REQ-SEC-1), no key listed twice (in one role or across both: a
// root key must never be exposed by use as a release key, REQ-SEC-4), no
// revoked key id listed twice, and no revoked key among the current keys
// (REQ-SEC-8).
func (r *Root) Validate() error {
	if r.Version == 0 {
		return fmt.Errorf("root version 0, want at least 1: %w", ErrMalformed)
	}
	if r.Expires.Unix() <= 0 {
		return fmt.Errorf("root expires %v, want a time after 1970: %w", r.Expires, ErrMalformed)
	}
	if err := checkRole("root", r.RootKeys, r.RootThreshold); err != nil {
		return err
	}
	if err := checkRole("release", r.ReleaseKeys, r.ReleaseThreshold); err != nil {
		return err
	}
	if len(r.Revoked) > MaxRevoked {
		return fmt.Errorf("%d revoked key ids, limit %d: %w", len(r.Revoked), MaxRevoked, ErrMalformed)
	}
	seen := make(map[KeyID]string, len(r.RootKeys)+len(r.ReleaseKeys)+len(r.Revoked))
	for _, k := range r.RootKeys {
		if where, dup := seen[k.id]; dup {
			return fmt.Errorf("root key %s already listed as a %s key: %w", k.id, where, ErrMalformed)
		}
		seen[k.id] = "root"
	}
	for _, k := range r.ReleaseKeys {
		if where, dup := seen[k.id]; dup {
			return fmt.Errorf("release key %s already listed as a %s key: %w", k.id, where, ErrMalformed)
		}
		seen[k.id] = "release"
	}
	revoked := make(map[KeyID]bool, len(r.Revoked))
	for _, id := range r.Revoked {
		if revoked[id] {
			return fmt.Errorf("revoked key id %s listed twice: %w", id, ErrMalformed)
		}
		revoked[id] = true
		if where, listed := seen[id]; listed {
			return fmt.Errorf("revoked key id %s is also a current %s key: %w", id, where, ErrRevoked)
		}
	}
	return nil
}

// checkRole checks one role's key count, keys and threshold.
func checkRole(role string, keys []Key, threshold int) error {
	if len(keys) > MaxKeys {
		return fmt.Errorf("%d %s keys, limit %d: %w", len(keys), role, MaxKeys, ErrMalformed)
	}
	for i, k := range keys {
		if !k.valid() {
			return fmt.Errorf("%s key %d: not built by NewKey: %w", role, i, ErrMalformed)
		}
	}
	if threshold < 1 || threshold > len(keys) {
		return fmt.Errorf("%s threshold %d with %d keys, want 1 to %d: %w", role, threshold, len(keys), len(keys), ErrMalformed)
	}
	return nil
}

// Revoke adds id to the revoked key ids, once, and removes the key from the
// root and release keys if it is listed there. The thresholds are left as
// they are: if one now exceeds its keys, Validate (and so Sign) says so.
func (r *Root) Revoke(id KeyID) {
	drop := func(k Key) bool { return k.id == id }
	// Clone first: the caller's slices may share an array with another Root.
	r.RootKeys = slices.DeleteFunc(slices.Clone(r.RootKeys), drop)
	r.ReleaseKeys = slices.DeleteFunc(slices.Clone(r.ReleaseKeys), drop)
	if !slices.Contains(r.Revoked, id) {
		r.Revoked = append(r.Revoked, id)
	}
}

// IsRevoked reports whether r lists id as revoked.
func (r *Root) IsRevoked(id KeyID) bool { return slices.Contains(r.Revoked, id) }

// clone returns a copy of r that shares nothing mutable with it (a Key is
// immutable, so copying the slices is enough).
func (r *Root) clone() *Root {
	c := *r
	c.RootKeys = slices.Clone(r.RootKeys)
	c.ReleaseKeys = slices.Clone(r.ReleaseKeys)
	c.Revoked = slices.Clone(r.Revoked)
	return &c
}
