package identity

// A device's credentials on disk: the files a simulated device keeps in
// its state directory, and the checks that they belong together.

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"drey/image/keys"
)

// File names in a device directory.
const (
	DeviceKeyFile    = "device.key"
	DeviceCertFile   = "device.crt"
	WrapKeyFile      = "wrap.key"
	PinnedCAFile     = "ca.crt"
	IdentityJSONFile = "identity.json"
)

// identityFormat is the version of identity.json this package writes.
const identityFormat = 1

// identityFile is identity.json: a readable summary of a device's
// identity, which LoadCredentials also checks the other files against.
// Key ids are keys.KeyID: the SHA-256 of the key's PKIX DER, in hex, the
// same ids `drey keys` and the image tools print.
//
//	{
//	  "format": 1,
//	  "device_id": "<32 hex digits>",
//	  "model": "imp001",
//	  "tls_key_id": "<64 hex digits>",
//	  "wrap_key_id": "<64 hex digits>",
//	  "ca_key_id": "<64 hex digits>"
//	}
type identityFile struct {
	Format    int    `json:"format"`
	DeviceID  string `json:"device_id"`
	Model     string `json:"model"`
	TLSKeyID  string `json:"tls_key_id"`
	WrapKeyID string `json:"wrap_key_id"`
	CAKeyID   string `json:"ca_key_id"`
}

// Save writes the credentials to dir, creating it with mode 0700 if
// needed: device.key and wrap.key (unencrypted PKCS#8, mode 0600; see the
// package comment for why), device.crt, ca.crt and identity.json (mode
// 0644). It never replaces an existing file; on error it removes what it
// wrote.
func (c *Credentials) Save(dir string) (err error) {
	summary, err := c.summary()
	if err != nil {
		return fmt.Errorf("save %v: %w", c, err)
	}
	tlsDER, err := x509.MarshalPKCS8PrivateKey(c.TLSKey)
	if err != nil {
		return fmt.Errorf("save %v: %w", c, err)
	}
	defer clear(tlsDER)
	wrapDER, err := x509.MarshalPKCS8PrivateKey(c.WrapKey)
	if err != nil {
		return fmt.Errorf("save %v: %w", c, err)
	}
	defer clear(wrapDER)
	js, err := json.MarshalIndent(summary, "", "  ")
	if err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
		perm os.FileMode
	}{
		{DeviceKeyFile, encodePEM(keyPEMType, tlsDER), 0o600},
		{WrapKeyFile, encodePEM(keyPEMType, wrapDER), 0o600},
		{DeviceCertFile, encodePEM(certPEMType, c.TLSCert.Raw), 0o644},
		{PinnedCAFile, encodePEM(certPEMType, c.CACert.Raw), 0o644},
		{IdentityJSONFile, append(js, '\n'), 0o644},
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// Refuse before writing anything, so a refused Save leaves a
	// directory as it found it.
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, f.name)); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("save %v: %s: %w; refusing to overwrite it", c, filepath.Join(dir, f.name), fs.ErrExist)
		}
	}
	var written []string
	defer func() {
		if err != nil {
			for _, p := range written {
				os.Remove(p)
			}
		}
	}()
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := writeNew(p, f.data, f.perm); err != nil {
			return err
		}
		written = append(written, p)
	}
	return nil
}

// summary checks that c is complete and consistent and returns its
// identity.json.
func (c *Credentials) summary() (identityFile, error) {
	if c == nil || c.TLSKey == nil || c.TLSCert == nil || c.WrapKey == nil || c.CACert == nil {
		return identityFile{}, fmt.Errorf("incomplete credentials")
	}
	id, err := DeviceIDFromCert(c.TLSCert)
	if err != nil {
		return identityFile{}, err
	}
	if id != c.DeviceID {
		return identityFile{}, fmt.Errorf("certificate names device %s, not %s: %w", id, c.DeviceID, ErrMismatch)
	}
	if err := checkModel(c.Model); err != nil {
		return identityFile{}, err
	}
	if ou := c.TLSCert.Subject.OrganizationalUnit; len(ou) != 1 || ou[0] != c.Model {
		return identityFile{}, fmt.Errorf("certificate names model %q, want %q: %w", ou, c.Model, ErrMismatch)
	}
	tlsID, err := keyID(&c.TLSKey.PublicKey)
	if err != nil {
		return identityFile{}, err
	}
	if certID, err := keyID(c.TLSCert.PublicKey); err != nil || certID != tlsID {
		return identityFile{}, fmt.Errorf("%s is not the key of %s: %w", DeviceKeyFile, DeviceCertFile, ErrMismatch)
	}
	if err := c.TLSCert.CheckSignatureFrom(c.CACert); err != nil {
		return identityFile{}, fmt.Errorf("%s is not signed by %s: %v: %w", DeviceCertFile, PinnedCAFile, err, ErrMismatch)
	}
	wrapID, err := keyID(c.WrapKey.PublicKey())
	if err != nil {
		return identityFile{}, err
	}
	caID, err := keyID(c.CACert.PublicKey)
	if err != nil {
		return identityFile{}, err
	}
	return identityFile{
		Format:    identityFormat,
		DeviceID:  c.DeviceID,
		Model:     c.Model,
		TLSKeyID:  tlsID,
		WrapKeyID: wrapID,
		CAKeyID:   caID,
	}, nil
}

// keyID returns the image/keys key id of pub in hex.
func keyID(pub any) (string, error) {
	p, err := keys.NewPublicKey(pub)
	if err != nil {
		return "", err
	}
	return p.ID().String(), nil
}

// LoadCredentials reads credentials saved by Save. It refuses a private
// key file others may access (keys.ErrInsecurePermissions), and files
// that do not belong together (ErrMismatch): a key that is not the
// certificate's, a certificate the pinned CA did not sign, or an
// identity.json that describes another device. It does not check expiry:
// the TLS handshake does.
func LoadCredentials(dir string) (*Credentials, error) {
	path := func(name string) string { return filepath.Join(dir, name) }
	js, err := readFile(path(IdentityJSONFile), false)
	if err != nil {
		return nil, err
	}
	var want identityFile
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		return nil, fmt.Errorf("%s: %w", path(IdentityJSONFile), err)
	}
	if want.Format != identityFormat {
		return nil, fmt.Errorf("%s: format %d, want %d", path(IdentityJSONFile), want.Format, identityFormat)
	}
	tlsKey, err := readPrivateKey(path(DeviceKeyFile))
	if err != nil {
		return nil, err
	}
	ecKey, ok := tlsKey.(*ecdsa.PrivateKey)
	if !ok || ecKey.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%s: %T, want an ECDSA P-256 key: %w", path(DeviceKeyFile), tlsKey, keys.ErrUnsupportedKey)
	}
	wrapKey, err := readPrivateKey(path(WrapKeyFile))
	if err != nil {
		return nil, err
	}
	xKey, ok := wrapKey.(*ecdh.PrivateKey)
	if !ok || xKey.Curve() != ecdh.X25519() {
		return nil, fmt.Errorf("%s: %T, want an X25519 key: %w", path(WrapKeyFile), wrapKey, keys.ErrUnsupportedKey)
	}
	cert, err := readCert(path(DeviceCertFile))
	if err != nil {
		return nil, err
	}
	ca, err := readCert(path(PinnedCAFile))
	if err != nil {
		return nil, err
	}
	c := &Credentials{DeviceID: want.DeviceID, Model: want.Model, TLSKey: ecKey, TLSCert: cert, WrapKey: xKey, CACert: ca}
	got, err := c.summary()
	if err != nil {
		return nil, fmt.Errorf("credentials in %s: %w", dir, err)
	}
	if got != want {
		return nil, fmt.Errorf("credentials in %s: %s describes other keys than the files hold: %w", dir, IdentityJSONFile, ErrMismatch)
	}
	return c, nil
}

// readPrivateKey reads an unencrypted PKCS#8 PEM key file that only its
// owner may access.
func readPrivateKey(path string) (any, error) {
	data, err := readFile(path, true)
	if err != nil {
		return nil, err
	}
	defer clear(data)
	der, err := decodePEM(data, keyPEMType, path)
	if err != nil {
		return nil, err
	}
	defer clear(der)
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return key, nil
}
