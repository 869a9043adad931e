package identity

import "errors"

// Errors callers can test for with errors.Is. Returned errors carry more
// context (a device id, a path) and wrap one of these.
var (
	// ErrBadDeviceID means a string is not a device id: 32 lower-case hex
	// digits.
	ErrBadDeviceID = errors.New("malformed device id")

	// ErrNotDeviceCert means a certificate does not name a device: it is
	// a CA, lacks the single "drey:device:<id>" URI, or its common name
	// disagrees with that URI.
	ErrNotDeviceCert = errors.New("not a device certificate")

	// ErrUnverified means a TLS connection state has no verified
	// certificate chain, so the identity it shows proves nothing.
	ErrUnverified = errors.New("peer certificate not verified")

	// ErrRevoked means a device's credential has been revoked and the
	// service refuses its connections (REQ-SEP-4).
	ErrRevoked = errors.New("device revoked")

	// ErrNoRevocationCheck means a server was configured without a
	// revocation callback; it refuses every device rather than none.
	ErrNoRevocationCheck = errors.New("no revocation check configured")

	// ErrMismatch means the files of a credential or CA directory do not
	// belong together: a key that is not the certificate's, a certificate
	// not signed by the CA, an identity.json naming another device.
	ErrMismatch = errors.New("credential files do not match")
)
