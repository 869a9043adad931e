package identity

// Device ids and how they are read back out of certificates and TLS
// connections. Only DeviceIDFromConn is for deciding who is connected: it
// refuses a certificate that the handshake did not verify.

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// DeviceURIPrefix starts the URI subject alternative name of a device
// certificate, "drey:device:<id>". The URI is opaque: it has no host.
const DeviceURIPrefix = "drey:device:"

// deviceIDBytes is the number of random bytes in a device id.
const deviceIDBytes = 16

// newDeviceID reads 128 random bits from rand and returns them as 32
// lower-case hex digits. All zeros is refused: it means a broken source,
// which would hand every device the same id.
func newDeviceID(rand io.Reader) (string, error) {
	b := make([]byte, deviceIDBytes)
	if _, err := io.ReadFull(rand, b); err != nil {
		return "", fmt.Errorf("device id: %w", err)
	}
	zero := true
	for _, c := range b {
		zero = zero && c == 0
	}
	if zero {
		return "", fmt.Errorf("device id: random source returned only zeros")
	}
	return hex.EncodeToString(b), nil
}

// CheckDeviceID returns nil if id is a well-formed device id, 32
// lower-case hex digits, and an error wrapping ErrBadDeviceID otherwise.
// Ids are compared as strings, so the upper-case form is refused rather
// than treated as the same device.
func CheckDeviceID(id string) error {
	if len(id) != 2*deviceIDBytes {
		return fmt.Errorf("device id %.80q: %d characters, want %d: %w", id, len(id), 2*deviceIDBytes, ErrBadDeviceID)
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return fmt.Errorf("device id %q: want lower-case hex digits: %w", id, ErrBadDeviceID)
		}
	}
	return nil
}

// DeviceIDFromCert returns the device id a certificate names: the id in
// its single "drey:device:<id>" URI, which must equal its Subject common
// name. It does not check the signature or validity of the certificate;
// use DeviceIDFromConn on a verified connection for that.
func DeviceIDFromCert(cert *x509.Certificate) (string, error) {
	if cert == nil {
		return "", fmt.Errorf("no certificate: %w", ErrNotDeviceCert)
	}
	if cert.IsCA {
		return "", fmt.Errorf("certificate %q is a CA: %w", cert.Subject.CommonName, ErrNotDeviceCert)
	}
	if len(cert.URIs) != 1 {
		return "", fmt.Errorf("certificate has %d URI names, want 1: %w", len(cert.URIs), ErrNotDeviceCert)
	}
	id, ok := strings.CutPrefix(cert.URIs[0].String(), DeviceURIPrefix)
	if !ok {
		return "", fmt.Errorf("certificate URI %.100q does not start %q: %w", cert.URIs[0].String(), DeviceURIPrefix, ErrNotDeviceCert)
	}
	if err := CheckDeviceID(id); err != nil {
		return "", fmt.Errorf("certificate URI: %w (%w)", err, ErrNotDeviceCert)
	}
	if cn := cert.Subject.CommonName; cn != id {
		return "", fmt.Errorf("certificate common name %.80q, URI names %s: %w", cn, id, ErrNotDeviceCert)
	}
	return id, nil
}

// DeviceIDFromConn returns the id of the device at the other end of a TLS
// connection, from the leaf of its verified chain. A state without a
// verified chain gives ErrUnverified: the peer's certificate alone proves
// nothing. It may be called from tls.Config.VerifyConnection, where the
// handshake is not yet complete but the chain is already verified.
func DeviceIDFromConn(cs *tls.ConnectionState) (string, error) {
	if cs == nil || len(cs.VerifiedChains) == 0 || len(cs.VerifiedChains[0]) == 0 {
		return "", ErrUnverified
	}
	return DeviceIDFromCert(cs.VerifiedChains[0][0])
}
