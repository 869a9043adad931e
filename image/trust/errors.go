package trust

import "errors"

// The errors below classify why root metadata or a signature was refused,
// so that a caller (and a test) can tell an attack from a fault with
// errors.Is. Every error this package returns wraps one of them, together
// with the field and value that failed.
var (
	// ErrMalformed reports bytes that are not a well-formed, canonical,
	// size-bounded signed root as documented in format.go.
	ErrMalformed = errors.New("malformed root metadata")

	// ErrWeakKey reports a key or algorithm outside the allow-list of
	// REQ-SEC-1: PS256 with RSA of at least 3072 bits, ES256 on P-256, and
	// EdDSA on Ed25519.
	ErrWeakKey = errors.New("key not allowed")

	// ErrBadSignature reports a signature by a known key that does not
	// verify.
	ErrBadSignature = errors.New("bad signature")

	// ErrTooFewSignatures reports fewer distinct valid signatures than the
	// threshold that applies.
	ErrTooFewSignatures = errors.New("too few signatures")

	// ErrUnknownKey reports a key id that the root of trust does not list
	// for the role in question.
	ErrUnknownKey = errors.New("unknown key")

	// ErrRevoked reports a key id that the root of trust has revoked, or a
	// new root that would forget a revocation.
	ErrRevoked = errors.New("revoked key")

	// ErrVersion reports a root whose version is not exactly the trusted
	// version plus one: a rollback, a replay, or a skipped rotation.
	ErrVersion = errors.New("root version not accepted")

	// ErrExpired reports a trusted root whose validity period has ended.
	ErrExpired = errors.New("root expired")
)
