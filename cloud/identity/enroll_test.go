package identity

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"drey/image/keys"
)

// secretsOf returns the private key bytes a device holds, in the raw
// encodings and in PKCS#8, by name.
func secretsOf(t *testing.T, c *Credentials) map[string][]byte {
	t.Helper()
	tlsRaw, err := c.TLSKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	tlsDER, err := x509.MarshalPKCS8PrivateKey(c.TLSKey)
	if err != nil {
		t.Fatal(err)
	}
	wrapDER, err := x509.MarshalPKCS8PrivateKey(c.WrapKey)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{
		"TLS key":         tlsRaw,
		"TLS key PKCS#8":  tlsDER,
		"wrap key":        c.WrapKey.Bytes(),
		"wrap key PKCS#8": wrapDER,
	}
}

// TestEnrollmentsShareNoKeyMaterial enrols several devices and compares
// every key byte they hold: no private key, public key, id or serial
// number repeats, no device's files contain another device's secret or
// the CA's, and a device certificate cannot sign certificates
// (REQ-SEP-1, REQ-SEP-3).
func TestEnrollmentsShareNoKeyMaterial(t *testing.T) {
	ca := newTestCA(t)
	caSigner, err := ca.key.CryptoSigner()
	if err != nil {
		t.Fatal(err)
	}
	caRaw, err := caSigner.(*ecdsa.PrivateKey).Bytes()
	if err != nil {
		t.Fatal(err)
	}

	const n = 4
	devices := make([]*Credentials, n)
	dirs := make([]string, n)
	seen := map[string]string{} // every key, id and serial, hex → where it came from
	note := func(what string, b []byte) {
		t.Helper()
		k := fmt.Sprintf("%x", b)
		if prev, ok := seen[k]; ok {
			t.Errorf("%s repeats %s", what, prev)
		}
		seen[k] = what
	}
	for i := range devices {
		c := enroll(t, ca)
		devices[i], dirs[i] = c, filepath.Join(t.TempDir(), "dev")
		if err := c.Save(dirs[i]); err != nil {
			t.Fatal(err)
		}
		reg, err := c.Registration()
		if err != nil {
			t.Fatal(err)
		}
		note(fmt.Sprintf("device %d id", i), []byte(c.DeviceID))
		note(fmt.Sprintf("device %d serial", i), c.TLSCert.SerialNumber.Bytes())
		note(fmt.Sprintf("device %d TLS public key", i), reg.TLSPublicKeyDER)
		note(fmt.Sprintf("device %d wrap public key", i), reg.WrapPublicKeyDER)
		for name, b := range secretsOf(t, c) {
			note(fmt.Sprintf("device %d %s", i, name), b)
		}
		if c.TLSCert.IsCA || c.TLSCert.KeyUsage&x509.KeyUsageCertSign != 0 {
			t.Errorf("device %d certificate can sign certificates", i)
		}
	}

	// What each device holds on disk: its own secrets, and nobody else's.
	for i, dir := range dirs {
		files, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var disk []byte
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			disk = append(disk, b...)
			disk = append(disk, decodeAllPEM(b)...)
		}
		if bytes.Contains(disk, caRaw) {
			t.Errorf("device %d holds the CA private key", i)
		}
		for j, other := range devices {
			for name, secret := range secretsOf(t, other) {
				if in := bytes.Contains(disk, secret); in != (i == j) {
					t.Errorf("device %d's files contain device %d's %s: %v", i, j, name, in)
				}
			}
		}
	}
}

// decodeAllPEM returns the concatenated bytes of the PEM blocks in b, so
// that a search for raw key bytes also looks inside base64.
func decodeAllPEM(b []byte) []byte {
	var out []byte
	for {
		block, rest := pem.Decode(b)
		if block == nil {
			return out
		}
		out = append(out, block.Bytes...)
		b = rest
	}
}

// TestEnrollRandomSource checks what Enroll takes from its reader: the
// device id only. A reader that repeats itself repeats the id, which the
// registry must refuse, but never a key; one that returns only zeros is
// refused (REQ-SEP-3).
func TestEnrollRandomSource(t *testing.T) {
	ca := newTestCA(t)
	a, err := Enroll(ca, testModel, strings.NewReader(strings.Repeat("x", 16)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Enroll(ca, testModel, strings.NewReader(strings.Repeat("x", 16)))
	if err != nil {
		t.Fatal(err)
	}
	if a.DeviceID != b.DeviceID || a.DeviceID != strings.Repeat("78", 16) {
		t.Errorf("ids %s and %s, want both from the reader", a.DeviceID, b.DeviceID)
	}
	if a.TLSKey.Equal(b.TLSKey) || a.WrapKey.Equal(b.WrapKey) {
		t.Error("a repeating reader repeated a key")
	}
	if _, err := Enroll(ca, testModel, bytes.NewReader(make([]byte, 16))); err == nil {
		t.Error("a reader of zeros was accepted")
	}
	if _, err := Enroll(ca, testModel, strings.NewReader("short")); err == nil {
		t.Error("a short reader was accepted")
	}
}

// TestRegistration checks what the service records: the id, the model and
// the two public keys, matching the credentials and holding no secret.
func TestRegistration(t *testing.T) {
	c := enroll(t, newTestCA(t))
	reg, err := c.Registration()
	if err != nil {
		t.Fatal(err)
	}
	if reg.DeviceID != c.DeviceID || reg.Model != testModel {
		t.Errorf("registration names %s (%s), want %s (%s)", reg.DeviceID, reg.Model, c.DeviceID, testModel)
	}
	tlsPub, err := keys.ParsePublicDER(reg.TLSPublicKeyDER)
	if err != nil || tlsPub.Type() != keys.P256 || !c.TLSKey.PublicKey.Equal(tlsPub.Key()) {
		t.Errorf("TLS public key %v, %v", tlsPub, err)
	}
	if !c.TLSKey.PublicKey.Equal(c.TLSCert.PublicKey) {
		t.Error("certificate is not for the TLS key")
	}
	wrapPub, err := keys.ParsePublicDER(reg.WrapPublicKeyDER)
	if err != nil || wrapPub.Type() != keys.X25519 || !c.WrapKey.PublicKey().Equal(wrapPub.Key().(*ecdh.PublicKey)) {
		t.Errorf("wrap public key %v, %v", wrapPub, err)
	}
	all := fmt.Sprintf("%x", [][]byte{reg.TLSPublicKeyDER, reg.WrapPublicKeyDER, []byte(reg.DeviceID), []byte(reg.Model)})
	for name, secret := range secretsOf(t, c) {
		if strings.Contains(all, fmt.Sprintf("%x", secret)) {
			t.Errorf("registration contains the %s", name)
		}
	}
	if _, err := (&Credentials{DeviceID: c.DeviceID}).Registration(); err == nil {
		t.Error("registration of incomplete credentials succeeded")
	}
}

// TestCredentialsPrintNoKey checks that printing credentials, with any
// verb, shows the device and not its keys.
func TestCredentialsPrintNoKey(t *testing.T) {
	c := enroll(t, newTestCA(t))
	out := fmt.Sprintf("%v %+v %#v %s %x %d", c, c, c, c, c, c)
	for name, secret := range secretsOf(t, c) {
		if strings.Contains(out, fmt.Sprintf("%x", secret)) {
			t.Errorf("printed credentials contain the %s: %s", name, out)
		}
	}
	if !strings.Contains(out, c.DeviceID) {
		t.Errorf("printed credentials do not name the device: %s", out)
	}
}

// TestEnrollChecks checks Enroll's refusals.
func TestEnrollChecks(t *testing.T) {
	ca := newTestCA(t)
	for _, model := range []string{"", "imp 001", "imp/001", strings.Repeat("m", 65)} {
		if _, err := Enroll(ca, model, nil); err == nil {
			t.Errorf("model %q accepted", model)
		}
	}
	if _, err := Enroll(nil, testModel, nil); err == nil {
		t.Error("nil CA accepted")
	}
}
