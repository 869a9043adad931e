package identity

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// TestNewCA checks the CA certificate: self-signed, P-256, a CA that may
// sign leaves only.
func TestNewCA(t *testing.T) {
	ca := newTestCA(t)
	c := ca.Cert
	if !c.IsCA || !c.BasicConstraintsValid || c.MaxPathLen != 0 || !c.MaxPathLenZero {
		t.Errorf("CA constraints: IsCA %v, path length %d (zero %v)", c.IsCA, c.MaxPathLen, c.MaxPathLenZero)
	}
	if c.KeyUsage != x509.KeyUsageCertSign|x509.KeyUsageCRLSign {
		t.Errorf("key usage %b", c.KeyUsage)
	}
	if pub, ok := c.PublicKey.(*ecdsa.PublicKey); !ok || pub.Curve != elliptic.P256() {
		t.Errorf("CA key %T, want P-256", c.PublicKey)
	}
	if err := c.CheckSignatureFrom(c); err != nil {
		t.Errorf("not self-signed: %v", err)
	}
	if c.Subject.CommonName != "Drey test CA" {
		t.Errorf("name %q", c.Subject.CommonName)
	}
	for _, bad := range []struct {
		name     string
		validity time.Duration
	}{{"", time.Hour}, {strings.Repeat("n", 65), time.Hour}, {"ok", 0}, {"ok", -time.Hour}} {
		if _, err := NewCA(bad.name, bad.validity); err == nil {
			t.Errorf("NewCA(%q, %v) succeeded", bad.name, bad.validity)
		}
	}
	signer, _ := ca.key.CryptoSigner()
	raw, _ := signer.(*ecdsa.PrivateKey).Bytes()
	if s := fmt.Sprintf("%v %+v %#v %x", ca, ca, ca, ca); !strings.Contains(s, "p256 private key") || strings.Contains(s, fmt.Sprintf("%x", raw)) {
		t.Errorf("printed CA shows %s, want only its name and key id", s)
	}
}

// TestIssueDevice checks a device certificate: the id in the common name
// and the drey:device URI, the model, client authentication only, not a
// CA, and no life beyond the CA's (REQ-SEP-3).
func TestIssueDevice(t *testing.T) {
	ca := newTestCA(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.Repeat("0123456789abcdef", 2)
	der, err := ca.IssueDevice(id, testModel, &key.PublicKey, 100*365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject.CommonName != id || len(c.URIs) != 1 || c.URIs[0].String() != "drey:device:"+id {
		t.Errorf("names: CN %q, URIs %v", c.Subject.CommonName, c.URIs)
	}
	if c.URIs[0].Host != "" {
		t.Errorf("URI has host %q", c.URIs[0].Host)
	}
	if len(c.DNSNames)+len(c.IPAddresses)+len(c.EmailAddresses) != 0 {
		t.Errorf("device certificate names hosts: %v %v %v", c.DNSNames, c.IPAddresses, c.EmailAddresses)
	}
	if ou := c.Subject.OrganizationalUnit; len(ou) != 1 || ou[0] != testModel {
		t.Errorf("model %q", ou)
	}
	if c.IsCA || c.KeyUsage != x509.KeyUsageDigitalSignature || len(c.ExtKeyUsage) != 1 || c.ExtKeyUsage[0] != x509.ExtKeyUsageClientAuth {
		t.Errorf("usage: CA %v, key usage %b, extended %v", c.IsCA, c.KeyUsage, c.ExtKeyUsage)
	}
	if !c.NotAfter.Equal(ca.Cert.NotAfter) {
		t.Errorf("expires %v, CA expires %v: want clamped", c.NotAfter, ca.Cert.NotAfter)
	}
	if got, err := DeviceIDFromCert(c); err != nil || got != id {
		t.Errorf("DeviceIDFromCert = %q, %v", got, err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	if _, err := c.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("does not verify as a client: %v", err)
	}
	if _, err := c.Verify(x509.VerifyOptions{Roots: roots}); err == nil {
		t.Error("verifies as a server certificate")
	}

	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	refused := []struct {
		name      string
		id, model string
		pub       any
		validity  time.Duration
	}{
		{"upper-case id", strings.ToUpper(id), testModel, &key.PublicKey, time.Hour},
		{"short id", id[:30], testModel, &key.PublicKey, time.Hour},
		{"id with a slash", id[:31] + "/", testModel, &key.PublicKey, time.Hour},
		{"empty model", id, "", &key.PublicKey, time.Hour},
		{"model with a comma", id, "imp,001", &key.PublicKey, time.Hour},
		{"P-384 key", id, testModel, &p384.PublicKey, time.Hour},
		{"Ed25519 key", id, testModel, edPub, time.Hour},
		{"no key", id, testModel, nil, time.Hour},
		{"zero validity", id, testModel, &key.PublicKey, 0},
	}
	for _, tt := range refused {
		if _, err := ca.IssueDevice(tt.id, tt.model, tt.pub, tt.validity); err == nil {
			t.Errorf("%s: issued", tt.name)
		}
	}
}

// TestIssueServer checks a server certificate: DNS and IP names, server
// authentication only, verifying under the CA for each name.
func TestIssueServer(t *testing.T) {
	ca := newTestCA(t)
	if _, err := ca.IssueServer([]string{"*.drey.test"}, time.Hour); err != nil {
		t.Errorf("wildcard: %v", err)
	}
	cert, err := ca.IssueServer([]string{testServerName, "127.0.0.1", "::1"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c := cert.Leaf
	if len(c.DNSNames) != 1 || c.DNSNames[0] != testServerName || len(c.IPAddresses) != 2 || !c.IPAddresses[0].Equal(net.ParseIP("127.0.0.1")) {
		t.Errorf("names: DNS %v, IP %v", c.DNSNames, c.IPAddresses)
	}
	if c.IsCA || len(c.ExtKeyUsage) != 1 || c.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth {
		t.Errorf("usage: CA %v, extended %v", c.IsCA, c.ExtKeyUsage)
	}
	if _, err := DeviceIDFromCert(c); err == nil {
		t.Error("a server certificate names a device")
	}
	if len(cert.Certificate) != 1 {
		t.Errorf("chain of %d certificates, want the leaf alone", len(cert.Certificate))
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	for _, name := range []string{testServerName, "127.0.0.1", "::1"} {
		if _, err := c.Verify(x509.VerifyOptions{Roots: roots, DNSName: name}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, hosts := range [][]string{nil, {""}, {"gw drey"}, {"https://gw.drey.test"}, {"gw.*.drey.test"}, {"*"}} {
		if _, err := ca.IssueServer(hosts, time.Hour); err == nil {
			t.Errorf("hosts %q accepted", hosts)
		}
	}
	if _, err := ca.IssueServer([]string{testServerName}, 0); err == nil {
		t.Error("zero validity accepted")
	}
}
