package identity

// Factory enrolment: one device's keys, id and certificate, made together
// and never reused (REQ-SEP-3).

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"time"
)

// Credentials are everything one device holds to prove who it is and to
// receive firmware keys: its own TLS key and certificate, its own X25519
// wrap key, and the CA certificate it pins. Printing Credentials shows the
// device id and model, never a key.
type Credentials struct {
	// DeviceID is the device's id, as its certificate names it.
	DeviceID string
	// Model is the device's model, such as "imp001".
	Model string
	// TLSKey is the device's ECDSA P-256 key for TLS client authentication.
	TLSKey *ecdsa.PrivateKey
	// TLSCert is the device's client certificate, signed by the CA.
	TLSCert *x509.Certificate
	// WrapKey is the device's X25519 key, to which firmware content keys
	// are wrapped (image/crypt.WrapForDevice).
	WrapKey *ecdh.PrivateKey
	// CACert is the service CA, the only root the device trusts.
	CACert *x509.Certificate
}

// Registration is what the service must record about a newly enrolled
// device: its id, its model, and the PKIX DER of its two public keys. It
// holds nothing secret.
type Registration struct {
	// DeviceID is the id the device's certificate names; the registry
	// must refuse an id it already holds.
	DeviceID string
	// Model is the device's model.
	Model string
	// TLSPublicKeyDER is the PKIX DER of the device's ECDSA P-256 TLS key.
	TLSPublicKeyDER []byte
	// WrapPublicKeyDER is the PKIX DER of the device's X25519 wrap key,
	// the recipient key for image/crypt.WrapForDevice.
	WrapPublicKeyDER []byte
}

// Enroll makes a new device of the given model, as the factory does: a
// fresh ECDSA P-256 TLS key, a fresh X25519 wrap key, a device id of 128
// bits read from rand (crypto/rand.Reader if nil), and a client
// certificate from ca valid until the CA expires.
//
// Since Go 1.26 the standard library draws key pairs from its own secure
// source and ignores the reader it is given, so rand decides only the id:
// even a broken rand cannot make two devices share a key. It can make
// them share an id, so the service must refuse to register an id twice.
func Enroll(ca *CA, model string, rand io.Reader) (*Credentials, error) {
	if ca == nil || ca.Cert == nil {
		return nil, fmt.Errorf("enroll: no CA")
	}
	if err := checkModel(model); err != nil {
		return nil, fmt.Errorf("enroll: %w", err)
	}
	if rand == nil {
		rand = cryptoRand
	}
	id, err := newDeviceID(rand)
	if err != nil {
		return nil, fmt.Errorf("enroll: %w", err)
	}
	tlsKey, err := ecdsa.GenerateKey(elliptic.P256(), cryptoRand)
	if err != nil {
		return nil, fmt.Errorf("enroll %s: TLS key: %w", id, err)
	}
	wrapKey, err := ecdh.X25519().GenerateKey(cryptoRand)
	if err != nil {
		return nil, fmt.Errorf("enroll %s: wrap key: %w", id, err)
	}
	der, err := ca.IssueDevice(id, model, &tlsKey.PublicKey, time.Until(ca.Cert.NotAfter))
	if err != nil {
		return nil, fmt.Errorf("enroll: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("enroll %s: %w", id, err)
	}
	return &Credentials{
		DeviceID: id,
		Model:    model,
		TLSKey:   tlsKey,
		TLSCert:  cert,
		WrapKey:  wrapKey,
		CACert:   ca.Cert,
	}, nil
}

// cryptoRand is the secure random source, named so that Enroll's
// parameter can be called rand.
var cryptoRand = rand.Reader

// Registration returns what the service must record for these
// credentials.
func (c *Credentials) Registration() (Registration, error) {
	if c == nil || c.TLSKey == nil || c.WrapKey == nil {
		return Registration{}, fmt.Errorf("registration: incomplete credentials")
	}
	tlsPub, err := x509.MarshalPKIXPublicKey(&c.TLSKey.PublicKey)
	if err != nil {
		return Registration{}, fmt.Errorf("registration %s: TLS key: %w", c.DeviceID, err)
	}
	wrapPub, err := x509.MarshalPKIXPublicKey(c.WrapKey.PublicKey())
	if err != nil {
		return Registration{}, fmt.Errorf("registration %s: wrap key: %w", c.DeviceID, err)
	}
	return Registration{DeviceID: c.DeviceID, Model: c.Model, TLSPublicKeyDER: tlsPub, WrapPublicKeyDER: wrapPub}, nil
}

// TLSCertificate returns the device's certificate and key in the form
// tls.Config.Certificates takes.
func (c *Credentials) TLSCertificate() tls.Certificate {
	if c == nil || c.TLSCert == nil || c.TLSKey == nil {
		return tls.Certificate{}
	}
	return tls.Certificate{Certificate: [][]byte{c.TLSCert.Raw}, PrivateKey: c.TLSKey, Leaf: c.TLSCert}
}

// String names the device and its model, and never shows a key.
func (c *Credentials) String() string {
	if c == nil {
		return "no credentials"
	}
	return fmt.Sprintf("device %s (%s)", c.DeviceID, c.Model)
}

// Format makes every fmt verb print String, so that %+v or %#v of
// Credentials cannot put a private key in a log.
func (c *Credentials) Format(f fmt.State, verb rune) { io.WriteString(f, c.String()) }
