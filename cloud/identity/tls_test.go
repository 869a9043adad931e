package identity

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestEnrolledDeviceConnects runs a real TLS 1.3 handshake between an
// enrolled device and the gateway's configuration: the gateway learns the
// device's own id from its certificate (REQ-SEP-3).
func TestEnrolledDeviceConnects(t *testing.T) {
	ca := newTestCA(t)
	var rev revocations
	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, rev.isRevoked))
	for _, name := range []string{testServerName, "127.0.0.1"} {
		creds := enroll(t, ca)
		d, err := connect(t, srv.addr, ClientTLSConfig(creds, name))
		if err != nil {
			t.Fatalf("server name %s: %v", name, err)
		}
		if h := srv.next(t); h.err != nil || h.id != creds.DeviceID {
			t.Fatalf("server learned %q, %v; want %s", h.id, h.err, creds.DeviceID)
		}
		if d.hello != "hello "+creds.DeviceID {
			t.Errorf("greeting %q", d.hello)
		}
		if v := d.conn.ConnectionState().Version; v != tls.VersionTLS13 {
			t.Errorf("negotiated %s, want TLS 1.3", tls.VersionName(v))
		}
		d.echo(t, "temp 21.5")
	}
	if n := rev.count(); n != 2 {
		t.Errorf("revocation list consulted %d times for 2 handshakes", n)
	}
}

// TestRefusedClients checks that the gateway accepts only a certificate
// the CA issued to a device: not one from another CA, not one a device
// signed itself for another device's id, not the server's own, and not
// none (REQ-SEP-1, REQ-SEP-3).
func TestRefusedClients(t *testing.T) {
	ca := newTestCA(t)
	var rev revocations
	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, rev.isRevoked))
	victim := enroll(t, ca)
	thief := enroll(t, ca)

	// A second CA with the same name: names prove nothing.
	other := newTestCA(t)
	foreign := enroll(t, other)
	foreign.CACert = ca.Cert // it pins the right CA; only its own certificate is wrong

	// The thief uses its genuine device key to sign a certificate naming
	// the victim, chained to its own genuine certificate.
	forged := forgeDeviceCert(t, thief, victim.DeviceID)

	serverAsClient := serverCert(t, ca)

	tests := []struct {
		name  string
		certs []tls.Certificate
	}{
		{"device of another CA", []tls.Certificate{foreign.TLSCertificate()}},
		{"certificate signed by another device", []tls.Certificate{forged}},
		{"server certificate", []tls.Certificate{serverAsClient}},
		{"no certificate", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ClientTLSConfig(victim, testServerName)
			cfg.Certificates = tt.certs
			err := mustRefuse(t, srv, cfg)
			if strings.Contains(err.Error(), victim.DeviceID) {
				t.Errorf("server error names the victim: %v", err)
			}
		})
	}
	if n := rev.count(); n != 0 {
		t.Errorf("revocation list consulted %d times; no refused certificate should get that far", n)
	}
}

// forgeDeviceCert returns a certificate naming deviceID, signed with the
// TLS key of creds and chained to creds' genuine certificate.
func forgeDeviceCert(t *testing.T, creds *Credentials, deviceID string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: creds.TLSCert.SerialNumber,
		Subject:      pkix.Name{CommonName: deviceID, OrganizationalUnit: []string{testModel}},
		URIs:         []*url.URL{{Scheme: "drey", Opaque: "device:" + deviceID}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, creds.TLSCert, &key.PublicKey, creds.TLSKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der, creds.TLSCert.Raw}, PrivateKey: key}
}

// TestRevokedDeviceRefused revokes a device and checks that its next
// connection is refused with ErrRevoked, with no restart of the server:
// the list is consulted on every handshake (REQ-SEP-4).
func TestRevokedDeviceRefused(t *testing.T) {
	ca := newTestCA(t)
	var rev revocations
	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, rev.isRevoked))
	creds := enroll(t, ca)
	cfg := ClientTLSConfig(creds, testServerName)

	if _, err := connect(t, srv.addr, cfg); err != nil {
		t.Fatal(err)
	}
	srv.next(t)

	rev.set(creds.DeviceID, true)
	err := mustRefuse(t, srv, cfg)
	if !errors.Is(err, ErrRevoked) || !strings.Contains(err.Error(), creds.DeviceID) {
		t.Errorf("server error %v, want ErrRevoked naming %s", err, creds.DeviceID)
	}

	// Reinstated: the next handshake sees that too.
	rev.set(creds.DeviceID, false)
	if _, err := connect(t, srv.addr, cfg); err != nil {
		t.Fatalf("after reinstating: %v", err)
	}
	if h := srv.next(t); h.id != creds.DeviceID {
		t.Fatalf("after reinstating, server learned %q, %v", h.id, h.err)
	}
}

// TestRevocationIsPerDevice revokes one of two connected devices: the
// other keeps its connection and can reconnect; only the revoked one is
// refused (REQ-SEP-4). Revocation does not cut a connection that is
// already open; the gateway does that, and the test pins this contract.
func TestRevocationIsPerDevice(t *testing.T) {
	ca := newTestCA(t)
	var rev revocations
	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, rev.isRevoked))
	a, b := enroll(t, ca), enroll(t, ca)

	da, err := connect(t, srv.addr, ClientTLSConfig(a, testServerName))
	if err != nil {
		t.Fatal(err)
	}
	srv.next(t)
	db, err := connect(t, srv.addr, ClientTLSConfig(b, testServerName))
	if err != nil {
		t.Fatal(err)
	}
	srv.next(t)

	rev.set(a.DeviceID, true)
	if err := mustRefuse(t, srv, ClientTLSConfig(a, testServerName)); !errors.Is(err, ErrRevoked) {
		t.Errorf("revoked device: server error %v, want ErrRevoked", err)
	}
	db.echo(t, "b still connected")
	if _, err := connect(t, srv.addr, ClientTLSConfig(b, testServerName)); err != nil {
		t.Fatalf("device b reconnecting: %v", err)
	}
	if h := srv.next(t); h.id != b.DeviceID {
		t.Fatalf("device b reconnecting: server learned %q, %v", h.id, h.err)
	}
	da.echo(t, "a's open connection is the gateway's to close")
}

// TestNilRevocationFailsClosed checks that a gateway configured without a
// revocation check refuses devices instead of checking none (REQ-SEP-4).
func TestNilRevocationFailsClosed(t *testing.T) {
	ca := newTestCA(t)
	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, nil))
	err := mustRefuse(t, srv, ClientTLSConfig(enroll(t, ca), testServerName))
	if !errors.Is(err, ErrNoRevocationCheck) {
		t.Errorf("server error %v, want ErrNoRevocationCheck", err)
	}
}

// TestDevicePinsCA checks that a device trusts only the CA it pinned: a
// server whose certificate comes from another CA, a device set up with
// another CA, a server certificate for another name, and a device with no
// CA at all are all refused by the device. The root pool holds the CA and
// nothing else, never the system roots.
func TestDevicePinsCA(t *testing.T) {
	ca := newTestCA(t)
	rogueCA := newTestCA(t)
	creds := enroll(t, ca)
	var rev revocations

	cfg := ClientTLSConfig(creds, testServerName)
	want := x509.NewCertPool()
	want.AddCert(ca.Cert)
	if !cfg.RootCAs.Equal(want) {
		t.Error("RootCAs is not exactly the pinned CA")
	}
	if sys, err := x509.SystemCertPool(); err == nil && cfg.RootCAs.Equal(sys) {
		t.Error("RootCAs is the system pool")
	}

	// A rogue gateway with a certificate for the right name from another CA.
	rogue := startServer(t, ServerTLSConfig(serverCert(t, rogueCA), ca.Cert, rev.isRevoked))
	if _, err := connect(t, rogue.addr, cfg); !isUnknownAuthority(err) {
		t.Errorf("rogue server: %v, want unknown authority", err)
	}
	rogue.next(t)

	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, rev.isRevoked))
	misled := *creds
	misled.CACert = rogueCA.Cert
	if _, err := connect(t, srv.addr, ClientTLSConfig(&misled, testServerName)); !isUnknownAuthority(err) {
		t.Errorf("device pinning another CA: %v, want unknown authority", err)
	}
	srv.next(t)

	if _, err := connect(t, srv.addr, ClientTLSConfig(creds, "other.drey.test")); err == nil {
		t.Error("device accepted a certificate for another name")
	}
	srv.next(t)

	bare := *creds
	bare.CACert = nil
	if _, err := connect(t, srv.addr, ClientTLSConfig(&bare, testServerName)); err == nil {
		t.Error("device without a pinned CA accepted the server")
	}
	srv.next(t)
}

func isUnknownAuthority(err error) bool {
	var ua x509.UnknownAuthorityError
	return errors.As(err, &ua)
}

// TestDeviceCannotServe checks that one device's credentials do not let
// it pose as the gateway to another device, although the same CA signed
// them: device certificates are for client authentication and name no
// host (REQ-SEP-1).
func TestDeviceCannotServe(t *testing.T) {
	ca := newTestCA(t)
	thief, victim := enroll(t, ca), enroll(t, ca)
	var rev revocations
	cfg := ServerTLSConfig(thief.TLSCertificate(), ca.Cert, rev.isRevoked)
	srv := startServer(t, cfg)
	for _, name := range []string{testServerName, thief.DeviceID, DeviceURIPrefix + thief.DeviceID} {
		if _, err := connect(t, srv.addr, ClientTLSConfig(victim, name)); err == nil {
			t.Errorf("server name %q: device accepted another device as its server", name)
		}
		srv.next(t)
	}
}

// TestTLS12Refused checks that neither end speaks anything below TLS 1.3.
func TestTLS12Refused(t *testing.T) {
	ca := newTestCA(t)
	creds := enroll(t, ca)
	var rev revocations

	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, rev.isRevoked))
	old := ClientTLSConfig(creds, testServerName)
	old.MinVersion, old.MaxVersion = tls.VersionTLS12, tls.VersionTLS12
	if err := mustRefuse(t, srv, old); !strings.Contains(err.Error(), "version") {
		t.Errorf("TLS 1.2 client: server error %v, want a protocol version error", err)
	}

	oldSrv := startServer(t, &tls.Config{
		MinVersion:   tls.VersionTLS12,
		MaxVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{serverCert(t, ca)},
	})
	if _, err := connect(t, oldSrv.addr, ClientTLSConfig(creds, testServerName)); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("TLS 1.2 server: device got %v, want a protocol version error", err)
	}
	oldSrv.next(t)
}
