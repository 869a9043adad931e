package identity

// The two ends of the device link: TLS 1.3 only, mutual authentication,
// the device pinning the CA and the gateway asking about revocation on
// every handshake.

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
)

// ServerTLSConfig returns the gateway's TLS configuration: TLS 1.3 only,
// serverCert as its certificate, and a client certificate required and
// verified against ca alone. Its VerifyConnection reads the device id
// from the verified leaf (DeviceIDFromConn) and refuses the handshake,
// with an error wrapping ErrRevoked, when isRevoked(id) is true
// (REQ-SEP-4).
//
// isRevoked is called on every handshake, from the handshake's goroutine,
// so it must be safe for concurrent use; a revocation applies to the next
// handshake without rebuilding the configuration. It does not close
// connections already open: the gateway must do that itself. A nil
// isRevoked refuses every device (ErrNoRevocationCheck) rather than
// silently checking none. Session tickets are off, so every connection
// proves possession of the device key afresh.
//
// In TLS 1.3 the client finishes its handshake before the server has
// checked the client certificate: a refused device sees the error on its
// first read, not from Handshake.
func ServerTLSConfig(serverCert tls.Certificate, ca *x509.Certificate, isRevoked func(deviceID string) bool) *tls.Config {
	pool := x509.NewCertPool()
	if ca != nil {
		pool.AddCert(ca)
	}
	return &tls.Config{
		MinVersion:             tls.VersionTLS13,
		MaxVersion:             tls.VersionTLS13,
		Certificates:           []tls.Certificate{serverCert},
		ClientAuth:             tls.RequireAndVerifyClientCert,
		ClientCAs:              pool,
		SessionTicketsDisabled: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			id, err := DeviceIDFromConn(&cs)
			if err != nil {
				return err
			}
			if isRevoked == nil {
				return fmt.Errorf("device %s: %w", id, ErrNoRevocationCheck)
			}
			if isRevoked(id) {
				return fmt.Errorf("device %s: %w", id, ErrRevoked)
			}
			return nil
		},
	}
}

// ClientTLSConfig returns a device's TLS configuration for connecting to
// serverName (a DNS name or an IP address in the server's certificate):
// TLS 1.3 only, the device's certificate as its client certificate, and
// creds.CACert as the only trusted root. The system roots are never
// consulted (pinning): with no CA in creds, every server is refused.
func ClientTLSConfig(creds *Credentials, serverName string) *tls.Config {
	// A nil RootCAs would mean the system roots, so the pool is never nil.
	roots := x509.NewCertPool()
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS13,
		MaxVersion: tls.VersionTLS13,
		RootCAs:    roots,
		ServerName: serverName,
	}
	if creds != nil {
		if creds.CACert != nil {
			roots.AddCert(creds.CACert)
		}
		if cert := creds.TLSCertificate(); cert.Leaf != nil {
			cfg.Certificates = []tls.Certificate{cert}
		}
	}
	return cfg
}
