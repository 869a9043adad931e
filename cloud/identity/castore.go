package identity

// The CA on disk: ca.key encrypted by image/keys, ca.crt in the clear.

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"drey/image/keys"
)

// File names in a CA directory.
const (
	CAKeyFile  = "ca.key"
	CACertFile = "ca.crt"
)

// PEM block types of the files written here.
const (
	certPEMType = "CERTIFICATE"
	keyPEMType  = "PRIVATE KEY"
)

// Save writes the CA to dir, creating it with mode 0700 if needed: ca.key,
// the private key encrypted under passphrase with keys.WritePrivateFile
// (PEM "ENCRYPTED PRIVATE KEY", mode 0600; REQ-SEC-11), and ca.crt, the
// certificate (mode 0644). An empty passphrase is refused with
// keys.ErrEmptyPassphrase, and existing files are never replaced. opts
// pass to keys.WritePrivateFile (keys.ScryptLogN, say, for fast tests); a
// keys.Overwrite among them does not let Save replace a key.
func (ca *CA) Save(dir, passphrase string, opts ...keys.Option) error {
	if ca == nil || ca.Cert == nil {
		return fmt.Errorf("save CA: no CA")
	}
	if passphrase == "" {
		return fmt.Errorf("save CA: %w", keys.ErrEmptyPassphrase)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// Checked here, not left to keys.WritePrivateFile, so that a
	// keys.Overwrite among opts cannot replace a CA key.
	keyPath := filepath.Join(dir, CAKeyFile)
	if _, err := os.Lstat(keyPath); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("save CA: %s: %w; refusing to overwrite it", keyPath, fs.ErrExist)
	}
	certPath := filepath.Join(dir, CACertFile)
	if err := writeNew(certPath, encodePEM(certPEMType, ca.Cert.Raw), 0o644); err != nil {
		return err
	}
	if err := keys.WritePrivateFile(keyPath, ca.key, passphrase, opts...); err != nil {
		os.Remove(certPath)
		return err
	}
	return nil
}

// LoadCA reads a CA saved by Save, decrypting ca.key with passphrase. It
// refuses a key file others may read (keys.ErrInsecurePermissions), a
// wrong passphrase (keys.ErrBadPassphrase), a certificate that is not a
// CA, and a key that is not the certificate's (ErrMismatch).
func LoadCA(dir, passphrase string) (*CA, error) {
	certPath := filepath.Join(dir, CACertFile)
	cert, err := readCert(certPath)
	if err != nil {
		return nil, err
	}
	if !cert.IsCA || !cert.BasicConstraintsValid {
		return nil, fmt.Errorf("%s: not a CA certificate", certPath)
	}
	key, err := keys.ReadPrivateFile(filepath.Join(dir, CAKeyFile), passphrase)
	if err != nil {
		return nil, err
	}
	if key.Type() != keys.P256 {
		return nil, fmt.Errorf("%s: %s key, want %s: %w", CAKeyFile, key.Type(), keys.P256, keys.ErrUnsupportedKey)
	}
	certKey, err := keys.NewPublicKey(cert.PublicKey)
	if err != nil || !certKey.Equal(key.Public()) {
		return nil, fmt.Errorf("%s is not the key of %s: %w", CAKeyFile, certPath, ErrMismatch)
	}
	return &CA{Cert: cert, key: key}, nil
}

// readCert reads a file holding one PEM "CERTIFICATE".
func readCert(path string) (*x509.Certificate, error) {
	data, err := readFile(path, false)
	if err != nil {
		return nil, err
	}
	der, err := decodePEM(data, certPEMType, path)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cert, nil
}
