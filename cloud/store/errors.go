package store

import "errors"

// The errors every Store method wraps, with context, so callers can decide
// with errors.Is whatever the implementation underneath.
var (
	// ErrNotFound means the record does not exist, or belongs to an owner
	// other than the one the call acts for: the two are indistinguishable
	// on purpose, so one owner cannot probe for another's ids.
	ErrNotFound = errors.New("not found")

	// ErrConflict means the change would duplicate a unique value: an
	// owner or group name, a device id or public key.
	ErrConflict = errors.New("already exists")

	// ErrRevoked means the credential (a token or a device) was revoked.
	ErrRevoked = errors.New("revoked")

	// ErrInvalid means an argument breaks a rule of the data, such as an
	// empty name or an unknown log source.
	ErrInvalid = errors.New("invalid")
)
