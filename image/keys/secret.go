package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"runtime"

	"golang.org/x/crypto/scrypt"
)

// Secrets that are not key pairs, a firmware image's content key or a
// per-model AES key, are kept like private keys: encrypted under a
// passphrase, in files only their owner can read. The PEM block
// "DREY ENCRYPTED SECRET" holds
//
//	version (1 byte, 1) || scrypt log2 N (1 byte; r = 8, p = 1) || salt (16) || nonce (12) || AES-256-GCM(secret)
//
// with the secret's kind (the PEM header "Kind", e.g. "content-key") as
// the additional data, so a secret of one kind cannot be passed off as
// another.

const secretPEMType = "DREY ENCRYPTED SECRET"

// SealSecret encrypts secret, of the given kind, under passphrase.
func SealSecret(secret []byte, kind, passphrase string) ([]byte, error) {
	if passphrase == "" {
		return nil, ErrEmptyPassphrase
	}
	logN := DefaultScryptLogN
	salt := make([]byte, 16)
	nonce := make([]byte, 12)
	rand.Read(salt)
	rand.Read(nonce)
	aead, err := secretAEAD(passphrase, salt, logN)
	if err != nil {
		return nil, err
	}
	body := append([]byte{1, byte(logN)}, salt...)
	body = append(body, nonce...)
	body = aead.Seal(body, nonce, secret, []byte(kind))
	return pem.EncodeToMemory(&pem.Block{Type: secretPEMType, Headers: map[string]string{"Kind": kind}, Bytes: body}), nil
}

// OpenSecret decrypts a secret sealed by SealSecret, which must be of the
// given kind.
func OpenSecret(data []byte, kind, passphrase string) ([]byte, error) {
	b, _ := pem.Decode(data)
	if b == nil || b.Type != secretPEMType {
		return nil, fmt.Errorf("not a %q PEM block: %w", secretPEMType, ErrFormat)
	}
	if got := b.Headers["Kind"]; got != kind {
		return nil, fmt.Errorf("secret of kind %q, want %q: %w", got, kind, ErrFormat)
	}
	body := b.Bytes
	if len(body) < 2+16+12+16 || body[0] != 1 {
		return nil, fmt.Errorf("secret: unknown version or too short: %w", ErrFormat)
	}
	logN := int(body[1])
	if logN < 10 || logN > 20 {
		return nil, fmt.Errorf("secret: scrypt log2 N %d outside 10..20: %w", logN, ErrFormat)
	}
	aead, err := secretAEAD(passphrase, body[2:18], logN)
	if err != nil {
		return nil, err
	}
	secret, err := aead.Open(nil, body[18:30], body[30:], []byte(kind))
	if err != nil {
		return nil, ErrBadPassphrase
	}
	return secret, nil
}

func secretAEAD(passphrase string, salt []byte, logN int) (cipher.AEAD, error) {
	k, err := scrypt.Key([]byte(passphrase), salt, 1<<logN, 8, 1, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// WriteSecretFile seals secret and writes it to a new file with mode 0600.
func WriteSecretFile(path string, secret []byte, kind, passphrase string, opts ...Option) error {
	data, err := SealSecret(secret, kind, passphrase)
	if err != nil {
		return err
	}
	return writeFile(path, data, 0o600, collect(opts).overwrite)
}

// ReadSecretFile reads a secret file, refusing one that others may read,
// as ReadPrivateFile does.
func ReadSecretFile(path, kind, passphrase string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("secret %s: mode %04o: %w; run chmod 600 %s", path, perm, ErrInsecurePermissions, path)
	}
	data, err := readLimited(f, path)
	if err != nil {
		return nil, err
	}
	s, err := OpenSecret(data, kind, passphrase)
	if err != nil {
		return nil, fmt.Errorf("secret %s: %w", path, err)
	}
	return s, nil
}
