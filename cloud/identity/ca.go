package identity

// The service CA: making it, and issuing the two kinds of certificate it
// signs. Persisting it is castore.go.

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/url"
	"time"

	"drey/image/keys"
)

// clockSkew backdates every certificate's NotBefore, so that a device whose
// clock is a little behind still accepts a certificate issued just now.
const clockSkew = 5 * time.Minute

// CA is the service's ECDSA P-256 certificate authority. It signs server
// certificates for the gateway and client certificates for devices. Its
// private key is used only by these methods and Save; printing a CA shows
// only the key's type and id.
type CA struct {
	// Cert is the CA's self-signed certificate, the one devices pin.
	Cert *x509.Certificate
	key  keys.PrivateKey
}

// String names the CA and its key's id, and never shows the key.
func (ca *CA) String() string {
	if ca == nil || ca.Cert == nil {
		return "no CA"
	}
	return fmt.Sprintf("CA %q (%v)", ca.Cert.Subject.CommonName, ca.key)
}

// Format makes every fmt verb print String, so that %+v or %#v of a CA
// cannot put its private key in a log.
func (ca *CA) Format(f fmt.State, verb rune) { io.WriteString(f, ca.String()) }

// NewCA makes a CA with a fresh P-256 key and a self-signed certificate
// named name, valid from now for validity. It may sign leaf certificates
// only (path length 0).
func NewCA(name string, validity time.Duration) (*CA, error) {
	if name == "" || len(name) > maxNameLen {
		return nil, fmt.Errorf("CA name %.80q: want 1 to %d bytes", name, maxNameLen)
	}
	if validity <= 0 {
		return nil, fmt.Errorf("CA validity %v: want a positive duration", validity)
	}
	key, err := keys.Generate(keys.P256)
	if err != nil {
		return nil, err
	}
	signer, err := key.CryptoSigner()
	if err != nil {
		return nil, err
	}
	serial, err := newSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.Add(validity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, signer.Public(), signer)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	return &CA{Cert: cert, key: key}, nil
}

// IssueServer makes a fresh P-256 key and a server certificate for hosts,
// each a DNS name or an IP address, valid for validity (but not beyond
// the CA's own expiry). The result is ready for tls.Config.Certificates;
// it does not include the CA certificate, which devices already hold.
func (ca *CA) IssueServer(hosts []string, validity time.Duration) (tls.Certificate, error) {
	if len(hosts) == 0 {
		return tls.Certificate{}, fmt.Errorf("server certificate: no host names")
	}
	// No common name: verifiers match the subject alternative names.
	tmpl := &x509.Certificate{
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
			continue
		}
		if err := checkHostName(h); err != nil {
			return tls.Certificate{}, err
		}
		tmpl.DNSNames = append(tmpl.DNSNames, h)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	cert, err := ca.issue(tmpl, &key.PublicKey, validity)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("server certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{cert.Raw}, PrivateKey: key, Leaf: cert}, nil
}

// IssueDevice returns the DER client certificate of device deviceID, of
// the given model, for its P-256 public key pub, valid for validity (but
// not beyond the CA's own expiry). The id is the Subject common name and
// the URI "drey:device:<id>"; the model is the Subject organizational
// unit.
func (ca *CA) IssueDevice(deviceID, model string, pub crypto.PublicKey, validity time.Duration) ([]byte, error) {
	if err := CheckDeviceID(deviceID); err != nil {
		return nil, err
	}
	if err := checkModel(model); err != nil {
		return nil, err
	}
	p, err := keys.NewPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("device %s: %w", deviceID, err)
	}
	if p.Type() != keys.P256 {
		return nil, fmt.Errorf("device %s: %s key, want %s: %w", deviceID, p.Type(), keys.P256, keys.ErrUnsupportedKey)
	}
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: deviceID, OrganizationalUnit: []string{model}},
		URIs:        []*url.URL{{Scheme: "drey", Opaque: "device:" + deviceID}},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	cert, err := ca.issue(tmpl, pub, validity)
	if err != nil {
		return nil, fmt.Errorf("device %s certificate: %w", deviceID, err)
	}
	return cert.Raw, nil
}

// issue fills in the serial number and validity of tmpl and signs it for
// pub. NotAfter is clamped to the CA's: a certificate cannot usefully
// outlive its issuer.
func (ca *CA) issue(tmpl *x509.Certificate, pub crypto.PublicKey, validity time.Duration) (*x509.Certificate, error) {
	if ca == nil || ca.Cert == nil {
		return nil, fmt.Errorf("no CA")
	}
	if validity <= 0 {
		return nil, fmt.Errorf("validity %v: want a positive duration", validity)
	}
	signer, err := ca.key.CryptoSigner()
	if err != nil {
		return nil, err
	}
	if tmpl.SerialNumber, err = newSerial(); err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl.NotBefore = now.Add(-clockSkew)
	tmpl.NotAfter = now.Add(validity)
	if tmpl.NotAfter.After(ca.Cert.NotAfter) {
		tmpl.NotAfter = ca.Cert.NotAfter
	}
	if !tmpl.NotAfter.After(now) {
		return nil, fmt.Errorf("CA %q expired at %v", ca.Cert.Subject.CommonName, ca.Cert.NotAfter)
	}
	tmpl.BasicConstraintsValid = true
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, pub, signer)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// newSerial returns a random positive 127-bit certificate serial number.
func newSerial() (*big.Int, error) {
	for {
		n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
		if err != nil {
			return nil, fmt.Errorf("serial number: %w", err)
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}
