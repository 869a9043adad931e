package egress

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// Every kind of address an agent could use to reach the host or its
// networks is refused by default, with the rule named; public addresses,
// including public IPv4 inside NAT64 and 6to4, pass (REQ-SEP-6).
func TestCheckDefaultPolicy(t *testing.T) {
	for _, tc := range []struct {
		addr string
		rule string // a word of the refusing rule; "" for allowed
	}{
		// IPv4
		{"127.0.0.1", "loopback"},
		{"127.255.255.254", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"169.254.169.254", "link-local"}, // cloud metadata
		{"169.254.0.1", "link-local"},
		{"100.64.0.1", "carrier-grade NAT"},
		{"100.127.255.255", "carrier-grade NAT"},
		{"0.0.0.0", "this network"},
		{"0.1.2.3", "this network"},
		{"255.255.255.255", "broadcast"},
		{"224.0.0.1", "multicast"},
		{"239.255.255.250", "multicast"},
		{"240.0.0.1", "reserved"},
		{"192.0.0.192", "IETF"},
		{"192.0.2.1", "documentation"},
		{"198.51.100.7", "documentation"},
		{"203.0.113.9", "documentation"},
		{"198.18.0.1", "benchmarking"},
		{"198.19.255.255", "benchmarking"},
		{"192.88.99.1", "6to4 relay"},
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"198.20.0.1", ""},
		{"169.255.0.1", ""},
		// IPv6
		{"::1", "loopback"},
		{"::", "unspecified"},
		{"fe80::1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"fc00::1", "unique local"},
		{"fd00:ec2::254", "unique local"}, // AWS metadata over IPv6
		{"fec0::1", "site-local"},
		{"ff02::1", "multicast"},
		{"::127.0.0.1", "IPv4-compatible"},
		{"2001:db8::1", "documentation"},
		{"3fff::1", "documentation"},
		{"2001::1", "Teredo"},
		{"100::1", "discard"},
		{"64:ff9b:1::1", "local-use NAT64"},
		{"5f00::1", "outside global unicast"},
		{"4000::1", "outside global unicast"},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001::1", ""},
		// IPv4 dressed as IPv6: the IPv4 address inside decides.
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:169.254.169.254", "link-local"},
		{"::ffff:10.0.0.1", "IPv4-mapped"},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::127.0.0.1", "loopback"},
		{"64:ff9b::a9fe:a9fe", "link-local"}, // 169.254.169.254
		{"64:ff9b::192.168.0.1", "NAT64"},
		{"64:ff9b::8.8.8.8", ""},
		{"2002:7f00:1::", "loopback"}, // 6to4 of 127.0.0.1
		{"2002:a9fe:a9fe::1", "link-local"},
		{"2002:0a00:0001::", "embedded in 6to4 2002::/16"},
		{"2002:0808:0808::1", ""},
	} {
		err := Policy{}.Check(netip.MustParseAddr(tc.addr))
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%s: %v, want allowed", tc.addr, err)
			}
			continue
		}
		var be *BlockedError
		if !errors.As(err, &be) || !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s: error %v, want a BlockedError", tc.addr, err)
			continue
		}
		if !strings.Contains(be.Rule, tc.rule) {
			t.Errorf("%s: rule %q, want it to mention %q", tc.addr, be.Rule, tc.rule)
		}
	}
}

// The operator's exceptions: AllowPrivate lets everything through, an
// Allow prefix lets exactly its addresses through, in IPv4 or mapped
// form, and nothing next to them (REQ-SEP-6).
func TestCheckOperatorExceptions(t *testing.T) {
	all := Policy{AllowPrivate: true}
	for _, a := range []string{"127.0.0.1", "169.254.169.254", "::1", "fe80::1%lo", "10.0.0.1"} {
		if err := all.Check(netip.MustParseAddr(a)); err != nil {
			t.Errorf("AllowPrivate: %s refused: %v", a, err)
		}
	}
	p := Policy{Allow: []netip.Prefix{
		netip.MustParsePrefix("127.0.0.1/32"),
		netip.MustParsePrefix("10.20.0.0/16"),
		netip.MustParsePrefix("::ffff:192.168.7.0/120"),
		netip.MustParsePrefix("fd12:3456::/32"),
	}}
	for _, tc := range []struct {
		addr    string
		allowed bool
	}{
		{"127.0.0.1", true},
		{"::ffff:127.0.0.1", true},
		{"127.0.0.2", false},
		{"::1", false},
		{"10.20.1.2", true},
		{"10.21.1.2", false},
		{"64:ff9b::10.20.1.2", true},
		{"64:ff9b::10.21.1.2", false},
		{"192.168.7.9", true},
		{"192.168.8.9", false},
		{"fd12:3456::1", true},
		{"fd12:3457::1", false},
		{"169.254.169.254", false},
	} {
		err := p.Check(netip.MustParseAddr(tc.addr))
		if tc.allowed != (err == nil) {
			t.Errorf("%s: error %v, want allowed=%v", tc.addr, err, tc.allowed)
		}
	}
}

// The dialer's Control function sees "ip:port" after resolution and
// applies the same rules; it fails closed on anything it cannot parse
// and on networks other than TCP (REQ-SEP-6).
func TestControl(t *testing.T) {
	p := Policy{}
	for _, tc := range []struct {
		network, address string
		ok               bool
	}{
		{"tcp4", "127.0.0.1:80", false},
		{"tcp4", "169.254.169.254:80", false},
		{"tcp6", "[::1]:443", false},
		{"tcp6", "[fe80::1%eth0]:80", false},
		{"tcp6", "[::ffff:127.0.0.1]:80", false},
		{"tcp6", "[fd00:ec2::254]:80", false},
		{"tcp4", "8.8.8.8:443", true},
		{"tcp6", "[2606:4700:4700::1111]:443", true},
		{"tcp4", "localhost:80", false},
		{"tcp4", "garbage", false},
		{"udp4", "8.8.8.8:53", false},
	} {
		err := p.control(tc.network, tc.address, nil)
		if tc.ok != (err == nil) {
			t.Errorf("%s %s: error %v, want ok=%v", tc.network, tc.address, err, tc.ok)
		}
	}
}
