package escrow

// Each escrowed private key is written as a PEM block "DREY ESCROWED KEY"
// holding
//
//	version      1 byte    1
//	escrow      16 bytes   the escrow's identifier
//	name         1 byte length, then the key's name (its file name)
//	key id      32 bytes   SHA-256 of the public key (PKIX DER)
//	nonce       12 bytes   random
//	sealed      AES-256-GCM of the private key's PKCS#8 DER
//
// under the escrow key, with the label "drey escrowed key v1" followed by
// every byte before sealed as the additional data. The key is sealed in
// the clear of its passphrase: release needs k custodians and nothing of
// the operator's (docs/escrow.md, "Design"). Random nonces are safe: one
// escrow key seals a handful of keys.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"drey/image/keys"
	"drey/internal/shamir"
)

const (
	keyPEMType = "DREY ESCROWED KEY"
	keyLabel   = "drey escrowed key v1"
)

// sealedKey is an escrowed private key as its file holds it.
type sealedKey struct {
	Escrow shamir.ID
	Name   string
	KeyID  keys.KeyID
	nonce  []byte
	aad    []byte
	sealed []byte
}

func escrowAEAD(escrowKey []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(escrowKey)
	if err != nil {
		return nil, fmt.Errorf("escrow: escrow key: %w", err)
	}
	return cipher.NewGCM(block)
}

// sealKey encrypts key, called name, under escrowKey for escrow id.
func sealKey(escrowKey []byte, id shamir.ID, name string, key keys.PrivateKey) ([]byte, error) {
	der, err := marshalPKCS8(key)
	if err != nil {
		return nil, fmt.Errorf("escrow: key %s: %w", name, err)
	}
	defer clear(der)
	aead, err := escrowAEAD(escrowKey)
	if err != nil {
		return nil, err
	}
	kid := key.Public().ID()
	b := appendHeader(nil, id, name)
	b = append(b, kid[:]...)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	b = append(b, nonce...)
	aad := append([]byte(keyLabel), b...)
	b = aead.Seal(b, nonce, der, aad)
	return pem.EncodeToMemory(&pem.Block{Type: keyPEMType, Bytes: b}), nil
}

// marshalPKCS8 returns the unencrypted PKCS#8 DER of key, to be sealed at
// once: image/keys writes private keys only under a passphrase.
func marshalPKCS8(key keys.PrivateKey) ([]byte, error) {
	var raw any
	var err error
	if key.Type() == keys.X25519 {
		raw, err = key.ECDH()
	} else {
		raw, err = key.CryptoSigner()
	}
	if err != nil {
		return nil, err
	}
	return x509.MarshalPKCS8PrivateKey(raw)
}

// parseSealedKey reads a key file; what names it in errors.
func parseSealedKey(data []byte, what string) (*sealedKey, error) {
	b, err := decodePEM(data, keyPEMType, what)
	if err != nil {
		return nil, err
	}
	id, name, rest, err := header(b, what)
	if err != nil {
		return nil, err
	}
	if len(rest) < 32+12+16 {
		return nil, fmt.Errorf("escrow: %s: key %s cut short: %w", what, name, ErrFormat)
	}
	k := &sealedKey{Escrow: id, Name: name, nonce: rest[32:44], sealed: rest[44:]}
	copy(k.KeyID[:], rest[:32])
	k.aad = append([]byte(keyLabel), b[:len(b)-len(k.sealed)]...)
	return k, nil
}

// open decrypts the key with the escrow key and checks that it is the
// key the file names.
func (k *sealedKey) open(escrowKey []byte) (keys.PrivateKey, error) {
	aead, err := escrowAEAD(escrowKey)
	if err != nil {
		return keys.PrivateKey{}, err
	}
	der, err := aead.Open(nil, k.nonce, k.sealed, k.aad)
	if err != nil {
		return keys.PrivateKey{}, fmt.Errorf("escrow: key %s does not decrypt under the escrow key: it is damaged, or of another escrow: %w", k.Name, ErrWrongKey)
	}
	defer clear(der)
	raw, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return keys.PrivateKey{}, fmt.Errorf("escrow: key %s: %v: %w", k.Name, err, ErrFormat)
	}
	key, err := keys.NewPrivateKey(raw)
	if err != nil {
		return keys.PrivateKey{}, fmt.Errorf("escrow: key %s: %w", k.Name, err)
	}
	if got := key.Public().ID(); got != k.KeyID {
		return keys.PrivateKey{}, fmt.Errorf("escrow: key %s holds key %s, its file says %s: %w", k.Name, got, k.KeyID, ErrFormat)
	}
	return key, nil
}
