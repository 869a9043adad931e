package identity

import (
	"crypto/x509"
	"testing"
	"time"
)

// FuzzDeviceIDFromCert parses arbitrary DER as a certificate and reads a
// device id from it: no input may panic, and any id returned must be well
// formed and be the certificate's common name. The seed corpus in
// testdata/fuzz/FuzzDeviceIDFromCert holds a device, a server and a CA
// certificate from this package, and malformed DER.
func FuzzDeviceIDFromCert(f *testing.F) {
	ca, err := NewCA("Drey fuzz CA", time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	creds, err := Enroll(ca, testModel, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(creds.TLSCert.Raw)
	f.Add(ca.Cert.Raw)
	f.Fuzz(func(t *testing.T, der []byte) {
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return
		}
		id, err := DeviceIDFromCert(cert)
		if err != nil {
			return
		}
		if CheckDeviceID(id) != nil || cert.Subject.CommonName != id {
			t.Fatalf("DeviceIDFromCert returned %q for common name %q", id, cert.Subject.CommonName)
		}
	})
}
