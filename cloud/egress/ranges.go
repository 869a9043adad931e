package egress

import "net/netip"

// The address ranges agents may not reach by default, from the IANA
// special-purpose address registries (RFC 6890 and its updates). The
// rule is "refuse what is not ordinary public unicast": besides the
// host's own and private networks, that takes in ranges that are never
// a legitimate public web service (documentation, benchmarking,
// reserved), because on some networks they are routed internally
// (198.18.0.0/15 is a common choice for lab and VPN address pools) and a
// sandbox loses nothing by refusing them. An operator who needs one of
// them lists it in Policy.Allow.

// rule is a blocked range and why it is blocked.
type rule struct {
	prefix netip.Prefix
	why    string
}

func (r rule) String() string { return r.why + " " + r.prefix.String() }

func mustRules(pairs ...string) []rule {
	rules := make([]rule, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		rules = append(rules, rule{netip.MustParsePrefix(pairs[i]), pairs[i+1]})
	}
	return rules
}

// blocked4 are the IPv4 ranges refused by default. Earlier entries win,
// so the broadcast address is named before the reserved block holding
// it. Two entries matter more than they look: connecting to 0.0.0.0
// reaches the host itself on Linux, and link-local 169.254.169.254 is
// where the cloud providers' metadata services hand out credentials.
var blocked4 = mustRules(
	"0.0.0.0/8", "this network",
	"10.0.0.0/8", "private",
	"100.64.0.0/10", "shared address space (carrier-grade NAT)",
	"127.0.0.0/8", "loopback",
	"169.254.0.0/16", "link-local",
	"172.16.0.0/12", "private",
	"192.0.0.0/24", "IETF protocol assignments",
	"192.0.2.0/24", "documentation (TEST-NET-1)",
	"192.88.99.0/24", "6to4 relay anycast (deprecated)",
	"192.168.0.0/16", "private",
	"198.18.0.0/15", "benchmarking",
	"198.51.100.0/24", "documentation (TEST-NET-2)",
	"203.0.113.0/24", "documentation (TEST-NET-3)",
	"224.0.0.0/4", "multicast",
	"255.255.255.255/32", "broadcast",
	"240.0.0.0/4", "reserved",
)

// blocked6 are the IPv6 ranges refused by default, besides everything
// outside global unicast (globalUnicast). Ranges that hold an IPv4
// address (IPv4-mapped, NAT64, 6to4) are not listed: the IPv4 address
// inside is checked instead (see embedded4).
var blocked6 = mustRules(
	"::/128", "unspecified",
	"::1/128", "loopback",
	"::/96", "IPv4-compatible (deprecated)",
	"64:ff9b:1::/48", "local-use NAT64",
	"100::/64", "discard-only",
	"2001::/23", "IETF protocol assignments (Teredo, ORCHID, benchmarking)",
	"2001:db8::/32", "documentation",
	"3fff::/20", "documentation",
	"fc00::/7", "unique local (private)",
	"fe80::/10", "link-local",
	"fec0::/10", "site-local (deprecated)",
	"ff00::/8", "multicast",
)

// globalUnicast is the only IPv6 space with public destinations; an
// address outside it that no other rule names is refused as this.
var globalUnicast = rule{netip.MustParsePrefix("2000::/3"), "outside global unicast"}

// Prefixes whose addresses carry an IPv4 address, which then decides.
var (
	nat64  = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052: the last 32 bits
	sixTo4 = netip.MustParsePrefix("2002::/16")    // RFC 3056: bits 16 to 48
)

// embedded4 returns the IPv4 address inside a NAT64 or 6to4 address and
// the name of the range it came from. (IPv4-mapped addresses are
// unmapped by the caller; Teredo's obfuscated addresses fall under
// 2001::/23.)
func embedded4(a netip.Addr) (netip.Addr, string, bool) {
	b := a.As16()
	switch {
	case nat64.Contains(a):
		return netip.AddrFrom4([4]byte(b[12:16])), "NAT64 " + nat64.String(), true
	case sixTo4.Contains(a):
		return netip.AddrFrom4([4]byte(b[2:6])), "6to4 " + sixTo4.String(), true
	}
	return netip.Addr{}, "", false
}
