package egress

import (
	"errors"
	"fmt"
	"net/netip"
)

// The errors a request can end with. Each is wrapped with the details
// (the address, the limit, the offending header), so test them with
// errors.Is, and use errors.As with *BlockedError for the address and
// the rule.
var (
	// ErrBlockedAddress means the request would have connected to an
	// address the policy refuses (REQ-SEP-6).
	ErrBlockedAddress = errors.New("destination address is blocked")
	// ErrResponseTooLarge means the response body exceeded the policy's
	// MaxResponse.
	ErrResponseTooLarge = errors.New("response body too large")
	// ErrRequestTooLarge means the request body exceeded the policy's
	// MaxRequest.
	ErrRequestTooLarge = errors.New("request body too large")
	// ErrTimeout means the request did not complete in time.
	ErrTimeout = errors.New("request timed out")
	// ErrTooManyRedirects means the response redirected more times than
	// the policy's MaxRedirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrBadRequest means the request itself is malformed or not
	// allowed: its method, URL scheme, or a header.
	ErrBadRequest = errors.New("bad request")
)

// BlockedError says which address a connection was refused for and by
// which rule. It matches ErrBlockedAddress with errors.Is.
type BlockedError struct {
	// Addr is the address the dialer was about to connect to.
	Addr netip.Addr
	// Rule names the blocked range, such as "loopback 127.0.0.0/8" or
	// "private 10.0.0.0/8 (in NAT64 64:ff9b::/96)".
	Rule string
}

// Error reports the address and the rule.
func (e *BlockedError) Error() string {
	return fmt.Sprintf("egress: connection to %s refused: %s (not allowed by the operator)", e.Addr, e.Rule)
}

// Unwrap returns ErrBlockedAddress.
func (e *BlockedError) Unwrap() error { return ErrBlockedAddress }
