package crypt

import (
	"errors"
	"fmt"
)

// The error kinds of this package. Every error caused by the input or the
// keys wraps exactly one of them (failures to read randomness do not), so
// callers can tell an attack (ErrUnwrap, ErrDecrypt) from a fault
// in the input (ErrMalformed, ErrUnsupportedAlg) or in their own arguments
// (ErrKeySize, ErrWrongKey) with errors.Is.
var (
	// ErrMalformed means the CBOR is not the shape the draft defines.
	ErrMalformed = errors.New("malformed")
	// ErrUnsupportedAlg means an algorithm, curve or key type is not on
	// this package's allow-list.
	ErrUnsupportedAlg = errors.New("unsupported algorithm")
	// ErrKeySize means a key, CEK or IV has the wrong length.
	ErrKeySize = errors.New("wrong length")
	// ErrWrongKey means the key offered cannot be used with the recipient
	// at all (a model key for an ECDH recipient, a P-256 key for an X25519
	// recipient), or no recipient matched it.
	ErrWrongKey = errors.New("key does not match recipient")
	// ErrUnwrap means AES key unwrap failed its integrity check: the key is
	// wrong or the wrapped key was altered.
	ErrUnwrap = errors.New("key unwrap failed")
	// ErrDecrypt means an AES-GCM payload failed authentication.
	ErrDecrypt = errors.New("payload authentication failed")
)

// FieldError reports which field of an encoded structure was rejected, the
// value found there, and what was wanted.
type FieldError struct {
	Field string // path of the field, e.g. "recipients[0].unprotected.alg"
	Value any    // the offending value, or nil if the field was missing
	Want  string // what would have been accepted
	Err   error  // one of the package's sentinel errors
}

func (e *FieldError) Error() string {
	v := "missing"
	if e.Value != nil {
		v = fmt.Sprintf("%v", e.Value)
		if b, ok := e.Value.([]byte); ok {
			v = fmt.Sprintf("h'%X' (%d bytes)", b, len(b))
		}
	}
	msg := fmt.Sprintf("crypt: %s: %s: %v", e.Field, v, e.Err)
	if e.Want != "" {
		msg += " (want " + e.Want + ")"
	}
	return msg
}

// Unwrap returns the sentinel error e wraps.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(err error, field string, value any, want string) error {
	return &FieldError{Field: field, Value: value, Want: want, Err: err}
}
