package suit

import (
	"errors"
	"fmt"
)

// Verify authenticates the envelope and only then decodes its manifest
// (REQ-SEC-3). In order, it
//
//  1. checks that the authentication wrapper's digest is the SHA-256 of the
//     bstr-wrapped manifest exactly as received;
//  2. verifies every COSE_Sign1 block over that digest and counts the
//     distinct keys of keys that verified one, which must reach threshold
//     (REQ-SEC-5). The detached payload is the SUIT_Digest exactly as
//     received: §8.3's "bstr-wrapped SUIT_Digest" is the content of the
//     wrapper's first bstr, which the Sig_structure then wraps as its
//     payload bstr (the published examples verify only this way);
//  3. decodes the manifest, checks its version, checks every severed member
//     the envelope carries against the digest the manifest holds for it,
//     and checks that the manifest is in deterministic encoding, so that the
//     Manifest returned encodes back to exactly the bytes that were signed.
//
// A block that names a kid keys lacks, or an algorithm none of its keys
// uses, is skipped (another signer may be unknown to this device), but it
// does not count; a block that a candidate key fails to verify rejects the
// whole envelope, since it can only be a forgery or corruption.
func (e *Envelope) Verify(keys *KeySet, threshold int) (*Manifest, error) {
	if threshold < 1 {
		return nil, fmt.Errorf("suit: threshold %d: must be at least 1", threshold)
	}
	if keys == nil {
		keys = &KeySet{}
	}
	if !e.Digest.Matches(e.manifest) {
		return nil, fail(ErrDigestMismatch, "authentication-wrapper digest", "manifest SHA-256 is %x, the wrapper says %x", SHA256(e.manifest).Bytes, e.Digest.Bytes)
	}
	used := make(map[int]bool)
	var unknown []error
	for i, sig := range e.Signatures {
		idx, err := keys.match("authentication block "+itoa(int64(i)), sig, e.payload)
		switch {
		case errors.Is(err, ErrUnknownKey):
			unknown = append(unknown, err)
		case err != nil:
			return nil, err
		default:
			used[idx] = true
		}
	}
	if len(used) < threshold {
		err := fail(ErrTooFewSignatures, "authentication-wrapper", "%d distinct trusted keys signed, %d required", len(used), threshold)
		for _, u := range unknown {
			err = fmt.Errorf("%w; skipped %w", err, u)
		}
		return nil, err
	}
	inner, err := readBstr("manifest", e.manifest)
	if err != nil {
		return nil, err
	}
	return decodeManifest(inner, e.severed)
}
