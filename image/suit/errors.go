package suit

import (
	"errors"
	"fmt"
)

// Errors returned by this package. Each is wrapped with the field and the
// value that caused it, so test with errors.Is.
var (
	// ErrMalformed reports input that is not the strict CBOR this package
	// accepts: not well-formed, a wrong type, a duplicate map key, an
	// indefinite length, a tag where none is allowed, a size over a limit,
	// trailing bytes, or an encoding that is not core deterministic.
	ErrMalformed = errors.New("suit: malformed")
	// ErrBadSignature reports a COSE_Sign1 that does not verify with the key
	// it names, or with any trusted key of its algorithm when it names none.
	ErrBadSignature = errors.New("suit: bad signature")
	// ErrUnknownKey reports a signature by a key id the KeySet does not hold,
	// or an algorithm none of its keys uses.
	ErrUnknownKey = errors.New("suit: unknown key")
	// ErrTooFewSignatures reports fewer distinct trusted keys than the
	// threshold (REQ-SEC-5).
	ErrTooFewSignatures = errors.New("suit: too few signatures")
	// ErrDigestMismatch reports a manifest or severed member whose SHA-256
	// differs from the digest that authenticates it, or a severed member the
	// manifest holds no digest for.
	ErrDigestMismatch = errors.New("suit: digest mismatch")
	// ErrUnsupportedVersion reports a manifest-version other than 1.
	ErrUnsupportedVersion = errors.New("suit: unsupported manifest version")
	// ErrUnsupportedElement reports a SUIT element this package rejects (see
	// the package documentation for the list).
	ErrUnsupportedElement = errors.New("suit: unsupported element")
	// ErrConditionFailed reports a condition that did not hold while
	// processing a command sequence.
	ErrConditionFailed = errors.New("suit: condition failed")
	// ErrSevered reports a command sequence that the manifest holds only as a
	// digest and that the envelope did not carry, so it cannot be run.
	ErrSevered = errors.New("suit: severed member not present")
	// ErrProcessing reports a command the interpreter could not carry out: a
	// directive that failed, a parameter missing, an index out of range, or a
	// limit reached.
	ErrProcessing = errors.New("suit: processing failed")
)

// fail wraps a sentinel with the field it concerns and a description that
// names the offending value.
func fail(sentinel error, field, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", sentinel, field, fmt.Sprintf(format, args...))
}

// malformed wraps a CBOR decoding error as ErrMalformed for field.
func malformed(field string, err error) error {
	return fmt.Errorf("%w: %s: %v", ErrMalformed, field, err)
}
