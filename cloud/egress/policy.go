package egress

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"syscall"
	"time"
)

// Defaults for a Policy's zero fields.
const (
	DefaultMaxResponse  = 4 << 20
	DefaultMaxRequest   = 4 << 20
	DefaultTimeout      = 60 * time.Second
	DefaultMaxRedirects = 10
)

// Policy is what the operator lets agents reach. The zero Policy is the
// safe default: public addresses only, with the default limits.
type Policy struct {
	// AllowPrivate turns address filtering off: agents may reach any
	// address, including the host's own and its private networks. It is
	// for a deployment whose agents are all trusted.
	AllowPrivate bool
	// Allow lists the exceptions: addresses in these prefixes may be
	// reached even though a rule blocks them (an internal API, say). An
	// IPv4 prefix also covers the IPv4-mapped IPv6 form of its addresses.
	Allow []netip.Prefix
	// MaxResponse bounds a response body in bytes (0: DefaultMaxResponse).
	MaxResponse int64
	// MaxRequest bounds a request body in bytes (0: DefaultMaxRequest).
	MaxRequest int64
	// Timeout bounds a whole request, redirects and reading the body
	// included (0: DefaultTimeout).
	Timeout time.Duration
	// MaxRedirects is how many redirects one request follows (0:
	// DefaultMaxRedirects; negative: none, the redirect response itself
	// is returned).
	MaxRedirects int
	// Resolver, if set, replaces DNS for host names (not for IP
	// literals); tests use it to map names to chosen addresses. The
	// addresses it returns are checked like any other, when dialled.
	Resolver func(ctx context.Context, host string) ([]netip.Addr, error)
}

// withDefaults fills in the zero limits and copies Allow, so that the
// caller changing its slice later cannot change a client's policy.
func (p Policy) withDefaults() Policy {
	if p.MaxResponse <= 0 {
		p.MaxResponse = DefaultMaxResponse
	}
	if p.MaxRequest <= 0 {
		p.MaxRequest = DefaultMaxRequest
	}
	if p.Timeout <= 0 {
		p.Timeout = DefaultTimeout
	}
	if p.MaxRedirects == 0 {
		p.MaxRedirects = DefaultMaxRedirects
	}
	p.Allow = slices.Clone(p.Allow)
	return p
}

// Check reports whether an agent may connect to addr: nil, or a
// *BlockedError naming the rule that refuses it (REQ-SEP-6). A zone
// (fe80::1%eth0) is ignored: the address decides.
func (p Policy) Check(addr netip.Addr) error {
	addr = addr.WithZone("")
	if p.AllowPrivate {
		return nil
	}
	if !addr.IsValid() {
		return &BlockedError{Addr: addr, Rule: "invalid address"}
	}
	if why, ok := p.blocked(addr); ok {
		return &BlockedError{Addr: addr, Rule: why}
	}
	return nil
}

// blocked returns the rule that refuses a, if one does and no Allow
// prefix lets it through.
func (p Policy) blocked(a netip.Addr) (string, bool) {
	if p.allowed(a) {
		return "", false
	}
	if a.Is4In6() {
		why, ok := p.blocked(a.Unmap())
		return why + " (IPv4-mapped, in ::ffff:0:0/96)", ok
	}
	if v4, via, ok := embedded4(a); ok {
		why, ok := p.blocked(v4)
		return why + " (embedded in " + via + ")", ok
	}
	rules := blocked4
	if a.Is6() {
		rules = blocked6
	}
	for _, r := range rules {
		if r.prefix.Contains(a) {
			return r.String(), true
		}
	}
	if a.Is6() && !globalUnicast.prefix.Contains(a) {
		return globalUnicast.String(), true
	}
	return "", false
}

// allowed reports whether an Allow prefix holds a. Prefixes written in
// IPv4-mapped form are compared as the IPv4 prefixes they stand for,
// since the dialer connects to such addresses over IPv4.
func (p Policy) allowed(a netip.Addr) bool {
	for _, pre := range p.Allow {
		if pre.Addr().Is4In6() && pre.Bits() >= 96 {
			pre = netip.PrefixFrom(pre.Addr().Unmap(), pre.Bits()-96)
		}
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// control is the net.Dialer's Control function: it runs after the name
// is resolved and the socket made, just before connect, with the very
// address about to be connected to. Refusing here is what makes the
// policy hold against DNS rebinding and redirects (REQ-SEP-6).
func (p Policy) control(network, address string, _ syscall.RawConn) error {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return fmt.Errorf("egress: network %q is not allowed", network)
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &BlockedError{Rule: fmt.Sprintf("unparsable address %q", address)}
	}
	return p.Check(ap.Addr())
}
