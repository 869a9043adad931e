package identity

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"drey/image/keys"
)

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %04o, want %04o", filepath.Base(path), got, want)
	}
}

// TestCredentialsRoundTrip saves a device's credentials and loads them
// back: private keys in files only the owner may read, identity.json
// naming the device and its key ids, and a second Save refused rather
// than replacing a device's identity (REQ-SEP-3).
func TestCredentialsRoundTrip(t *testing.T) {
	c := enroll(t, newTestCA(t))
	dir := filepath.Join(t.TempDir(), "device")
	if err := c.Save(dir); err != nil {
		t.Fatal(err)
	}
	checkMode(t, dir, 0o700)
	checkMode(t, filepath.Join(dir, DeviceKeyFile), 0o600)
	checkMode(t, filepath.Join(dir, WrapKeyFile), 0o600)
	for _, f := range []string{DeviceCertFile, PinnedCAFile, IdentityJSONFile} {
		checkMode(t, filepath.Join(dir, f), 0o644)
	}

	got, err := LoadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.DeviceID != c.DeviceID || got.Model != c.Model || !got.TLSKey.Equal(c.TLSKey) || !got.WrapKey.Equal(c.WrapKey) ||
		!got.TLSCert.Equal(c.TLSCert) || !got.CACert.Equal(c.CACert) {
		t.Errorf("loaded %v, saved %v: credentials differ", got, c)
	}

	js, err := os.ReadFile(filepath.Join(dir, IdentityJSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var summary map[string]any
	if err := json.Unmarshal(js, &summary); err != nil {
		t.Fatal(err)
	}
	reg, _ := c.Registration()
	tlsPub, _ := keys.ParsePublicDER(reg.TLSPublicKeyDER)
	wrapPub, _ := keys.ParsePublicDER(reg.WrapPublicKeyDER)
	want := map[string]any{"format": 1.0, "device_id": c.DeviceID, "model": testModel,
		"tls_key_id": tlsPub.ID().String(), "wrap_key_id": wrapPub.ID().String()}
	for k, v := range want {
		if summary[k] != v {
			t.Errorf("identity.json %s = %v, want %v", k, summary[k], v)
		}
	}

	other := enroll(t, newTestCA(t))
	if err := other.Save(dir); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second Save: %v, want fs.ErrExist", err)
	}
	if again, err := LoadCredentials(dir); err != nil || again.DeviceID != c.DeviceID {
		t.Fatalf("after a refused Save: %v, %v", again, err)
	}
}

// TestCredentialsPermissions checks that a device key file that others
// may read is refused before it is used.
func TestCredentialsPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	c := enroll(t, newTestCA(t))
	for _, name := range []string{DeviceKeyFile, WrapKeyFile} {
		for _, mode := range []os.FileMode{0o640, 0o604, 0o644} {
			dir := t.TempDir()
			if err := c.Save(dir); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, name)
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadCredentials(dir); !errors.Is(err, keys.ErrInsecurePermissions) || !strings.Contains(err.Error(), path) {
				t.Errorf("%s mode %04o: %v, want ErrInsecurePermissions naming the file", name, mode, err)
			}
		}
	}
}

// TestCredentialsMismatch mixes the files of two devices, and of two CAs,
// and checks that LoadCredentials notices (REQ-SEP-3).
func TestCredentialsMismatch(t *testing.T) {
	ca := newTestCA(t)
	a, b := enroll(t, ca), enroll(t, ca)
	foreign := enroll(t, newTestCA(t))
	dirA, dirB, dirF := t.TempDir(), t.TempDir(), t.TempDir()
	for dir, c := range map[string]*Credentials{dirA: a, dirB: b, dirF: foreign} {
		if err := c.Save(dir); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		from     string // directory to copy file from
		file     string
		to       string // file to replace, if not file
		edit     func([]byte) []byte
		mismatch bool // want ErrMismatch, not just an error
	}{
		{"another device's key", dirB, DeviceKeyFile, "", nil, true},
		{"another device's wrap key", dirB, WrapKeyFile, "", nil, true},
		{"another device's certificate", dirB, DeviceCertFile, "", nil, true},
		{"another device's identity.json", dirB, IdentityJSONFile, "", nil, true},
		{"another CA", dirF, PinnedCAFile, "", nil, true},
		{"edited model", dirA, IdentityJSONFile, "", func(b []byte) []byte {
			return bytes.Replace(b, []byte(testModel), []byte("imp002"), 1)
		}, true},
		{"unknown field", dirA, IdentityJSONFile, "", func(b []byte) []byte {
			return bytes.Replace(b, []byte("{"), []byte(`{"extra": 1,`), 1)
		}, false},
		{"future format", dirA, IdentityJSONFile, "", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"format": 1`), []byte(`"format": 2`), 1)
		}, false},
		{"certificate as key", dirA, DeviceCertFile, DeviceKeyFile, nil, false},
		{"trailing data", dirA, DeviceCertFile, "", func(b []byte) []byte { return append(b, "junk"...) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{DeviceKeyFile, WrapKeyFile, DeviceCertFile, PinnedCAFile, IdentityJSONFile} {
				copyFile(t, filepath.Join(dirA, f), filepath.Join(dir, f))
			}
			dst := tt.file
			if tt.to != "" {
				dst = tt.to
			}
			data, err := os.ReadFile(filepath.Join(tt.from, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				data = tt.edit(data)
			}
			if err := os.WriteFile(filepath.Join(dir, dst), data, 0o600); err != nil {
				t.Fatal(err)
			}
			_, err = LoadCredentials(dir)
			if err == nil || tt.mismatch && !errors.Is(err, ErrMismatch) {
				t.Fatalf("loaded: %v", err)
			}
			t.Logf("refused: %v", err)
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
		t.Fatal(err)
	}
}

// TestCAKeyEncrypted saves a CA and checks that its key is on disk only
// encrypted: PEM "ENCRYPTED PRIVATE KEY", mode 0600, and neither the raw
// scalar nor the plain PKCS#8 anywhere in the file. A wrong or empty
// passphrase, a readable file and a second Save are refused (REQ-SEC-11).
func TestCAKeyEncrypted(t *testing.T) {
	ca := newTestCA(t)
	dir := filepath.Join(t.TempDir(), "ca")
	if err := ca.Save(dir, "", fastScrypt); !errors.Is(err, keys.ErrEmptyPassphrase) {
		t.Fatalf("empty passphrase: %v", err)
	}
	if err := ca.Save(dir, testPassphrase, fastScrypt); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, CAKeyFile)
	checkMode(t, keyPath, 0o600)
	checkMode(t, filepath.Join(dir, CACertFile), 0o644)

	data, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "ENCRYPTED PRIVATE KEY" {
		t.Fatalf("ca.key is not an encrypted PEM key:\n%s", data)
	}
	signer, err := ca.key.CryptoSigner()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := signer.(*ecdsa.PrivateKey).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := x509.MarshalPKCS8PrivateKey(signer)
	if err != nil {
		t.Fatal(err)
	}
	for name, secret := range map[string][]byte{"raw key": raw, "plain PKCS#8": plain} {
		if bytes.Contains(data, secret) || bytes.Contains(block.Bytes, secret) {
			t.Errorf("ca.key contains the %s", name)
		}
	}

	if _, err := LoadCA(dir, "wrong"); !errors.Is(err, keys.ErrBadPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if err := ca.Save(dir, testPassphrase, fastScrypt, keys.Overwrite()); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Save, with Overwrite: %v, want fs.ErrExist", err)
	}
	if runtime.GOOS != "windows" {
		os.Chmod(keyPath, 0o644)
		if _, err := LoadCA(dir, testPassphrase); !errors.Is(err, keys.ErrInsecurePermissions) {
			t.Errorf("readable key: %v", err)
		}
		os.Chmod(keyPath, 0o600)
	}
}

// TestCARoundTrip loads a saved CA and checks it is the same CA: devices
// it enrols connect to a gateway configured with the original, and it
// refuses a key that is not its certificate's (REQ-SEP-3).
func TestCARoundTrip(t *testing.T) {
	ca := newTestCA(t)
	dir := t.TempDir()
	if err := ca.Save(dir, testPassphrase, fastScrypt); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadCA(dir, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Cert.Equal(ca.Cert) || !loaded.key.Public().Equal(ca.key.Public()) {
		t.Fatalf("loaded %v, saved %v", loaded, ca)
	}
	var rev revocations
	srv := startServer(t, ServerTLSConfig(serverCert(t, ca), ca.Cert, rev.isRevoked))
	creds := enroll(t, loaded)
	if _, err := connect(t, srv.addr, ClientTLSConfig(creds, testServerName)); err != nil {
		t.Fatalf("device enrolled by the loaded CA: %v", err)
	}
	if h := srv.next(t); h.id != creds.DeviceID {
		t.Fatalf("server learned %q, %v", h.id, h.err)
	}

	// Another CA's key beside this certificate.
	other := newTestCA(t)
	otherDir := t.TempDir()
	if err := other.Save(otherDir, testPassphrase, fastScrypt); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(otherDir, CAKeyFile), filepath.Join(dir, CAKeyFile))
	if _, err := LoadCA(dir, testPassphrase); !errors.Is(err, ErrMismatch) {
		t.Errorf("mismatched key: %v, want ErrMismatch", err)
	}

	// A device certificate is not a CA certificate.
	leafDir := t.TempDir()
	copyFile(t, filepath.Join(otherDir, CAKeyFile), filepath.Join(leafDir, CAKeyFile))
	if err := os.WriteFile(filepath.Join(leafDir, CACertFile), encodePEM("CERTIFICATE", creds.TLSCert.Raw), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCA(leafDir, testPassphrase); err == nil {
		t.Error("a device certificate loaded as a CA")
	}
}
