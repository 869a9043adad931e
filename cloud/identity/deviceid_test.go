package identity

import (
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net/url"
	"strings"
	"testing"
)

// TestDeviceIDFromCert checks which certificates name a device: exactly
// one drey:device URI with a well-formed id that equals the common name,
// on a certificate that is not a CA.
func TestDeviceIDFromCert(t *testing.T) {
	id := strings.Repeat("5a", 16)
	uri := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	good := func() *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: id}, URIs: []*url.URL{uri("drey:device:" + id)}}
	}
	if got, err := DeviceIDFromCert(good()); err != nil || got != id {
		t.Fatalf("good certificate: %q, %v", got, err)
	}
	tests := []struct {
		name   string
		change func(c *x509.Certificate)
	}{
		{"CA", func(c *x509.Certificate) { c.IsCA = true }},
		{"no URI", func(c *x509.Certificate) { c.URIs = nil }},
		{"two URIs", func(c *x509.Certificate) { c.URIs = append(c.URIs, uri("drey:device:"+id)) }},
		{"other scheme", func(c *x509.Certificate) { c.URIs[0] = uri("spiffe:device:" + id) }},
		{"URI with host", func(c *x509.Certificate) { c.URIs[0] = uri("drey://device/" + id) }},
		{"query", func(c *x509.Certificate) { c.URIs[0] = uri("drey:device:" + id + "?x") }},
		{"upper-case id", func(c *x509.Certificate) {
			c.URIs[0] = uri("drey:device:" + strings.ToUpper(id))
			c.Subject.CommonName = strings.ToUpper(id)
		}},
		{"short id", func(c *x509.Certificate) { c.URIs[0] = uri("drey:device:" + id[2:]); c.Subject.CommonName = id[2:] }},
		{"common name differs", func(c *x509.Certificate) { c.Subject.CommonName = strings.Repeat("a5", 16) }},
		{"no common name", func(c *x509.Certificate) { c.Subject.CommonName = "" }},
	}
	for _, tt := range tests {
		c := good()
		tt.change(c)
		if got, err := DeviceIDFromCert(c); !errors.Is(err, ErrNotDeviceCert) {
			t.Errorf("%s: %q, %v; want ErrNotDeviceCert", tt.name, got, err)
		}
	}
	if _, err := DeviceIDFromCert(nil); !errors.Is(err, ErrNotDeviceCert) {
		t.Errorf("nil: %v", err)
	}
}

// TestDeviceIDFromConn checks that only a verified chain names the device
// at the other end: a peer certificate alone does not.
func TestDeviceIDFromConn(t *testing.T) {
	c := enroll(t, newTestCA(t))
	verified := &tls.ConnectionState{PeerCertificates: []*x509.Certificate{c.TLSCert}, VerifiedChains: [][]*x509.Certificate{{c.TLSCert}}}
	if id, err := DeviceIDFromConn(verified); err != nil || id != c.DeviceID {
		t.Errorf("verified: %q, %v", id, err)
	}
	for name, cs := range map[string]*tls.ConnectionState{
		"nil":         nil,
		"unverified":  {PeerCertificates: []*x509.Certificate{c.TLSCert}},
		"empty chain": {VerifiedChains: [][]*x509.Certificate{{}}},
	} {
		if id, err := DeviceIDFromConn(cs); !errors.Is(err, ErrUnverified) {
			t.Errorf("%s: %q, %v; want ErrUnverified", name, id, err)
		}
	}
}

// TestCheckDeviceID checks the device id syntax.
func TestCheckDeviceID(t *testing.T) {
	if err := CheckDeviceID(strings.Repeat("0f", 16)); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"", strings.Repeat("0F", 16), strings.Repeat("0f", 15), strings.Repeat("0f", 17), strings.Repeat("g", 32), strings.Repeat("0f", 15) + "0\n"} {
		if err := CheckDeviceID(bad); !errors.Is(err, ErrBadDeviceID) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
