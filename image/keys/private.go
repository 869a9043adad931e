package keys

import (
	"bytes"
	"encoding/pem"
	"fmt"
)

// PEM block types of private keys.
const (
	encryptedPEMType = "ENCRYPTED PRIVATE KEY"
	plainPEMType     = "PRIVATE KEY"
)

// Option changes how a private key is encrypted or a key file written.
type Option func(*options)

type options struct {
	logN      int
	overwrite bool
}

// ScryptLogN sets the scrypt cost of a newly encrypted key to N = 2^logN,
// from MinScryptLogN (for tests, to run fast) to MaxScryptLogN; the
// default is DefaultScryptLogN. OpenSSL 3 cannot read keys written with
// logN above 14.
func ScryptLogN(logN int) Option { return func(o *options) { o.logN = logN } }

// Overwrite lets WritePrivateFile and WritePublicFile replace an existing
// file; without it they refuse to.
func Overwrite() Option { return func(o *options) { o.overwrite = true } }

func collect(opts []Option) options {
	o := options{logN: DefaultScryptLogN}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// MarshalPrivatePEM encrypts key under passphrase and returns it as a PEM
// "ENCRYPTED PRIVATE KEY" block (see pkcs8.go). An empty passphrase is
// refused with ErrEmptyPassphrase: keys are never stored in the clear
// (REQ-SEC-11).
func MarshalPrivatePEM(key PrivateKey, passphrase string, opts ...Option) ([]byte, error) {
	if key.k == nil {
		return nil, fmt.Errorf("zero PrivateKey: %w", ErrUnsupportedKey)
	}
	o := collect(opts)
	if o.logN < MinScryptLogN || o.logN > MaxScryptLogN {
		return nil, fmt.Errorf("scrypt cost 2^%d: want 2^%d to 2^%d", o.logN, MinScryptLogN, MaxScryptLogN)
	}
	der, err := encryptPKCS8(key.k.key, []byte(passphrase), o.logN)
	if err != nil {
		return nil, fmt.Errorf("encrypt %s: %w", key, err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: encryptedPEMType, Bytes: der}), nil
}

// ParsePrivatePEM decrypts a PEM "ENCRYPTED PRIVATE KEY" block with
// passphrase. A wrong passphrase gives ErrBadPassphrase; an unencrypted
// "PRIVATE KEY" block, other encryption schemes and malformed data give
// ErrFormat; keys of other types or too weak give ErrUnsupportedKey or
// ErrWeakKey.
func ParsePrivatePEM(data []byte, passphrase string) (PrivateKey, error) {
	return parsePrivatePEM(data, passphrase, MaxScryptLogN)
}

func parsePrivatePEM(data []byte, passphrase string, maxLogN int) (PrivateKey, error) {
	block, rest := pem.Decode(data)
	switch {
	case block == nil:
		return PrivateKey{}, fmt.Errorf("no PEM block: %w", ErrFormat)
	case block.Type == plainPEMType:
		return PrivateKey{}, fmt.Errorf("private key is not encrypted (encrypt it with `openssl pkcs8 -topk8 -scrypt`): %w", ErrFormat)
	case block.Type != encryptedPEMType:
		return PrivateKey{}, fmt.Errorf("PEM block %q, want %q: %w", block.Type, encryptedPEMType, ErrFormat)
	case len(block.Headers) != 0:
		return PrivateKey{}, fmt.Errorf("PEM headers in a PKCS#8 block: %w", ErrFormat)
	case len(bytes.TrimSpace(rest)) != 0:
		return PrivateKey{}, fmt.Errorf("data after the PEM block: %w", ErrFormat)
	}
	return parsePrivateDER(block.Bytes, passphrase, maxLogN)
}

func parsePrivateDER(der []byte, passphrase string, maxLogN int) (PrivateKey, error) {
	key, err := decryptPKCS8(der, []byte(passphrase), maxLogN)
	if err != nil {
		return PrivateKey{}, err
	}
	return NewPrivateKey(key)
}
