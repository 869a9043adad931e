package escrow

// A custodian's share of the escrow key is sealed to the custodian's
// X25519 public key (`drey keys gen --type x25519`) and written as a PEM
// block "DREY ESCROW SHARE" holding
//
//	version      1 byte    1
//	escrow      16 bytes   the escrow's identifier
//	name         1 byte length, then the custodian's name
//	key id      32 bytes   SHA-256 of the custodian's public key (PKIX DER)
//	ephemeral   32 bytes   an X25519 public key made for this share alone
//	sealed      AES-256-GCM of the share (internal/shamir's encoding)
//
// The AES key is HKDF-SHA-256 of the X25519 shared secret between the
// ephemeral key and the custodian's key, with salt ephemeral || custodian
// public key and info "drey escrow share v1" (ECDH-ES, as image/crypt
// wraps content keys for devices, with a label of its own). The key
// serves once, so the nonce is twelve zero bytes. The additional data is
// the label followed by every byte before sealed, which binds the share
// to its escrow and its custodian.
//
// Anyone may seal a share to a public key, so a valid seal proves nothing
// about who made it; what stops a forged share is MANIFEST for shares in
// the package, and for every share the check that internal/shamir
// recomputes when combining.

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/pem"
	"fmt"

	"drey/image/keys"
	"drey/internal/shamir"
)

const (
	sharePEMType = "DREY ESCROW SHARE"
	shareLabel   = "drey escrow share v1"
)

// SealedShare is a custodian's share of an escrow key as a share file
// holds it: whose it is and for which escrow can be read by anyone, the
// share itself only with the custodian's private key.
type SealedShare struct {
	Escrow    shamir.ID  // the escrow it belongs to
	Custodian string     // the custodian's name
	KeyID     keys.KeyID // the id of the X25519 key it is sealed to
	ephemeral []byte
	aad       []byte
	sealed    []byte
}

// sealShare seals share to the custodian called name, whose X25519 public
// key is to.
func sealShare(share shamir.Share, name string, to keys.PublicKey) ([]byte, error) {
	pub, ok := to.Key().(*ecdh.PublicKey)
	if !ok || to.Type() != keys.X25519 {
		return nil, fmt.Errorf("escrow: custodian %s: key %s is %s, want an x25519 key (drey keys gen --type x25519): %w", name, to.ID(), to.Type(), ErrWrongKey)
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("escrow: custodian %s: ephemeral key: %w", name, err)
	}
	plain, err := share.MarshalBinary()
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	id := to.ID()
	b := appendHeader(nil, share.ID, name)
	b = append(b, id[:]...)
	b = append(b, eph.PublicKey().Bytes()...)
	shared, err := eph.ECDH(pub)
	if err != nil {
		return nil, fmt.Errorf("escrow: custodian %s: key %s: X25519: %w", name, to.ID(), err)
	}
	defer clear(shared)
	aead, err := shareAEAD(shared, eph.PublicKey().Bytes(), pub.Bytes())
	if err != nil {
		return nil, fmt.Errorf("escrow: custodian %s: %w", name, err)
	}
	aad := append([]byte(shareLabel), b...)
	b = aead.Seal(b, make([]byte, aead.NonceSize()), plain, aad)
	return pem.EncodeToMemory(&pem.Block{Type: sharePEMType, Bytes: b}), nil
}

// shareAEAD derives the AES-256-GCM cipher of one share from the X25519
// shared secret and the two public keys, ephemeral and custodian's.
func shareAEAD(shared, eph, custodian []byte) (cipher.AEAD, error) {
	salt := append(append([]byte{}, eph...), custodian...)
	key, err := hkdf.Key(sha256.New, shared, salt, shareLabel, 32)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// ParseSealedShare reads a share file. what names it in errors (its
// path, say).
func ParseSealedShare(data []byte, what string) (*SealedShare, error) {
	b, err := decodePEM(data, sharePEMType, what)
	if err != nil {
		return nil, err
	}
	id, name, rest, err := header(b, what)
	if err != nil {
		return nil, err
	}
	const minSealed = 25 + 17 + 16 // shamir header, one byte and check, GCM tag
	if len(rest) < 32+32+minSealed {
		return nil, fmt.Errorf("escrow: %s: share of %s cut short: %w", what, name, ErrFormat)
	}
	s := &SealedShare{Escrow: id, Custodian: name, ephemeral: rest[32:64], sealed: rest[64:]}
	copy(s.KeyID[:], rest[:32])
	s.aad = append([]byte(shareLabel), b[:len(b)-len(s.sealed)]...)
	return s, nil
}

// Open decrypts the share with the custodian's X25519 private key. A key
// other than the one the share was sealed to gives ErrWrongKey, naming
// both; a share that does not decrypt, or that holds a share of another
// secret than its escrow's, is refused.
func (s *SealedShare) Open(key keys.PrivateKey) (shamir.Share, error) {
	if got := key.Public().ID(); got != s.KeyID {
		return shamir.Share{}, fmt.Errorf("escrow: the share of custodian %s is sealed to key %s, not to %s (%s): %w", s.Custodian, s.KeyID, key.Type(), got, ErrWrongKey)
	}
	priv, err := key.ECDH()
	if err != nil {
		return shamir.Share{}, fmt.Errorf("escrow: custodian %s: %w", s.Custodian, err)
	}
	eph, err := ecdh.X25519().NewPublicKey(s.ephemeral)
	if err != nil {
		return shamir.Share{}, fmt.Errorf("escrow: the share of custodian %s: ephemeral key: %v: %w", s.Custodian, err, ErrFormat)
	}
	shared, err := priv.ECDH(eph)
	if err != nil {
		// Only a low-order ephemeral key fails here.
		return shamir.Share{}, fmt.Errorf("escrow: the share of custodian %s: X25519: %v: %w", s.Custodian, err, ErrFormat)
	}
	defer clear(shared)
	aead, err := shareAEAD(shared, s.ephemeral, priv.PublicKey().Bytes())
	if err != nil {
		return shamir.Share{}, fmt.Errorf("escrow: the share of custodian %s: %w", s.Custodian, err)
	}
	plain, err := aead.Open(nil, make([]byte, aead.NonceSize()), s.sealed, s.aad)
	if err != nil {
		return shamir.Share{}, fmt.Errorf("escrow: the share of custodian %s does not decrypt with key %s: it is damaged: %w", s.Custodian, s.KeyID, ErrWrongKey)
	}
	defer clear(plain)
	share, err := shamir.ParseShare(plain)
	if err != nil {
		return shamir.Share{}, fmt.Errorf("escrow: the share of custodian %s: %w", s.Custodian, err)
	}
	if share.ID != s.Escrow {
		return shamir.Share{}, fmt.Errorf("escrow: the share of custodian %s, for escrow %s, holds a share of %s: %w", s.Custodian, s.Escrow, share.ID, ErrOtherEscrow)
	}
	return share, nil
}
