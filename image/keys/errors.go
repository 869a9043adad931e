package keys

import "errors"

// Errors callers can test for with errors.Is. The errors returned carry
// more context (a path, a key id) and wrap one of these.
var (
	// ErrBadPassphrase means an encrypted private key did not decrypt: the
	// passphrase is wrong or the ciphertext is damaged. The two cases are
	// deliberately not told apart.
	ErrBadPassphrase = errors.New("wrong passphrase or damaged key")

	// ErrBadSignature means a signature does not verify under a key.
	ErrBadSignature = errors.New("bad signature")

	// ErrWeakKey means a key is below REQ-SEC-1's strength: an RSA
	// modulus under 3072 bits or an RSA exponent other than 65537.
	ErrWeakKey = errors.New("key too weak")

	// ErrUnsupportedKey means a key's algorithm or curve is not one of
	// the key types this package supports.
	ErrUnsupportedKey = errors.New("unsupported key type")

	// ErrCannotSign means a signing operation was asked of an x25519 key,
	// which is for key agreement only.
	ErrCannotSign = errors.New("key cannot sign")

	// ErrFormat means a key file or key encoding is malformed or uses an
	// encryption scheme other than PBES2 with scrypt and AES-256-CBC.
	ErrFormat = errors.New("malformed key")

	// ErrInsecurePermissions means a private key file can be read or
	// written by users other than its owner.
	ErrInsecurePermissions = errors.New("private key file is accessible by group or others")

	// ErrEmptyPassphrase means no passphrase was given where one is
	// required: private keys are never stored unencrypted (REQ-SEC-11).
	ErrEmptyPassphrase = errors.New("empty passphrase")
)
