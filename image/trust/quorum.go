package trust

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/veraison/go-cose"
)

// Quorum counts, for one role, the distinct keys whose signature over one
// item has verified, and says whether they reach the role's threshold
// (REQ-SEC-5). It counts keys, not signatures: a key that signs twice counts
// once, and a signature by an unknown or revoked key (REQ-SEC-8) is never
// verified and never counts. The image verifier gets one from
// Trusted.ReleaseQuorum; the root checks in this package use the same code.
// A Quorum is for one item and one goroutine.
type Quorum struct {
	role      string
	keys      map[KeyID]Key
	revoked   map[KeyID]bool
	threshold int
	valid     map[KeyID]bool
	// Why signatures did not count, for the error message.
	bad, unknown, revokedSeen int
}

// newQuorum returns an empty count for keys with threshold.
func newQuorum(role string, keys []Key, threshold int, revoked []KeyID) *Quorum {
	q := &Quorum{
		role:      role,
		keys:      make(map[KeyID]Key, len(keys)),
		revoked:   make(map[KeyID]bool, len(revoked)),
		threshold: threshold,
		valid:     make(map[KeyID]bool, len(keys)),
	}
	for _, k := range keys {
		q.keys[k.id] = k
	}
	for _, id := range revoked {
		q.revoked[id] = true
	}
	return q
}

// Add offers one signature said to be by kid. If kid is a key of the role
// that has not yet been counted, Add calls verify with that key's verifier
// and counts the key if verify returns nil. Add returns why the signature
// did not count (ErrRevoked, ErrUnknownKey or ErrBadSignature, wrapped), or
// nil; counting goes on either way, so the caller may ignore it.
func (q *Quorum) Add(kid KeyID, verify func(cose.Verifier) error) error {
	if q.revoked[kid] {
		q.revokedSeen++
		return fmt.Errorf("%s signature by key %s: %w", q.role, kid, ErrRevoked)
	}
	k, ok := q.keys[kid]
	if !ok {
		q.unknown++
		return fmt.Errorf("%s signature by key %s: %w", q.role, kid, ErrUnknownKey)
	}
	if q.valid[kid] {
		return nil
	}
	if err := verify(k.verifier); err != nil {
		q.bad++
		return fmt.Errorf("%s signature by key %s: %v: %w", q.role, kid, err, ErrBadSignature)
	}
	q.valid[kid] = true
	return nil
}

// Err returns nil once a threshold of distinct keys has verified, and
// otherwise ErrTooFewSignatures, also wrapping ErrBadSignature,
// ErrUnknownKey or ErrRevoked for each kind of signature that was refused.
func (q *Quorum) Err() error {
	if len(q.valid) >= q.threshold {
		return nil
	}
	err := fmt.Errorf("%s keys: %d of %d required signed: %w", q.role, len(q.valid), q.threshold, ErrTooFewSignatures)
	for _, why := range []struct {
		n   int
		err error
	}{{q.bad, ErrBadSignature}, {q.unknown, ErrUnknownKey}, {q.revokedSeen, ErrRevoked}} {
		if why.n > 0 {
			err = fmt.Errorf("%w; %d ignored: %w", err, why.n, why.err)
		}
	}
	return err
}

// Threshold returns the number of distinct keys that must sign.
func (q *Quorum) Threshold() int { return q.threshold }

// Signers returns the ids of the keys counted so far, sorted.
func (q *Quorum) Signers() []KeyID {
	ids := make([]KeyID, 0, len(q.valid))
	for id := range q.valid {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b KeyID) int { return bytes.Compare(a[:], b[:]) })
	return ids
}
