// Package trust is Drey's root of trust for platform firmware: root
// metadata, its rotation, signing thresholds and key revocation.
//
// The key hierarchy has two levels (REQ-SEC-4). Root keys, kept offline,
// sign root metadata; root metadata names the release keys, which sign
// firmware images, and how many of each must sign (REQ-SEC-5). A device is
// built with a factory root; it moves to root version N+1 only when a
// threshold of the version N root keys and a threshold of the version N+1
// root keys have signed it (REQ-SEC-6), one version at a time (REQ-SEC-7).
// Revoking a release key is a root update that lists the key as revoked;
// from then on its signatures count for nothing (REQ-SEC-8).
//
// The package follows the TUF client workflow for the root role (§5.3) and
// the shape of go-tuf's trustedmetadata:
//
//   - format.go and envelope.go parse and write the bytes (documented at
//     their top), refusing anything outside the grammar before acting on it;
//   - quorum.go counts distinct valid signatures against a threshold;
//   - trusted.go is the state machine a device runs: Trusted accepts a new
//     root only in the order the workflow allows and replaces its state
//     only after every check has passed;
//   - offline.go builds, rotates and signs roots on the operator's machine.
//
// Errors wrap one of the Err values of errors.go, so that a caller can tell
// a rollback (ErrVersion) from a forgery (ErrTooFewSignatures) from
// corrupt input (ErrMalformed).
package trust
