package crypt

// Per-device key distribution: ECDH-ES+AES-KW (the draft's "Content Key
// Distribution with Ephemeral-Static Diffie-Hellman", RFC 9052 §8.5.5,
// RFC 9053 §6.4.1). For each recipient the sender makes a fresh ephemeral
// key pair, agrees a secret with the device's static public key, derives a
// KEK from it (kdf.go), wraps the CEK, and throws the ephemeral private key
// away.
//
// The draft's examples use P-256 only; X25519 is the same construction
// with an OKP ephemeral key (RFC 9053 §6.3.1 allows EC2 and OKP keys), and
// the SUIT algorithm profile suit-sha256-ed25519-ecdh-a128ctr uses it.

import (
	"crypto/ecdh"
	cryptorand "crypto/rand"
	"errors"
	"fmt"
	"io"
)

// WrapForDevice wraps cek (16 or 32 bytes) for the device whose static
// public key is devicePub (P-256 or X25519), using ECDH-ES+A128KW for a
// 16-byte CEK and ECDH-ES+A256KW for a 32-byte one, and returns the
// encoded COSE_recipient. kid, if not nil, names the device key so the
// device can find its recipient. The ephemeral key is drawn from rand
// (crypto/rand if nil) and never leaves this function.
func WrapForDevice(cek []byte, devicePub *ecdh.PublicKey, kid []byte, rand io.Reader) ([]byte, error) {
	if err := checkCEK(cek); err != nil {
		return nil, err
	}
	if devicePub == nil || !supportedCurve(devicePub.Curve()) {
		c := "none"
		if devicePub != nil {
			c = curveName(devicePub.Curve())
		}
		return nil, fieldErr(ErrUnsupportedAlg, "device public key curve", c, "P-256 or X25519")
	}
	alg, _ := kwFor(len(cek), true)
	protected, err := encMode.Marshal(map[int64]any{hdrAlg: int64(alg)})
	if err != nil {
		return nil, fmt.Errorf("crypt: encoding recipient protected header: %w", err)
	}
	eph, err := newEphemeral(devicePub.Curve(), rand)
	if err != nil {
		return nil, err
	}
	shared, err := eph.ECDH(devicePub)
	if err != nil {
		return nil, fieldErr(ErrMalformed, "device public key", "a low-order point", "a valid "+curveName(devicePub.Curve())+" public key")
	}
	defer clear(shared)
	kek, err := deriveKEK(shared, alg, protected, nil)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	wrapped, err := Wrap(kek, cek)
	if err != nil {
		return nil, err
	}
	uh := map[int64]any{hdrEphemeral: coseKey(eph.PublicKey())}
	if kid != nil {
		uh[hdrKID] = kid
	}
	return encodeRecipient(protected, uh, wrapped)
}

// UnwrapForDevice returns the CEK of an ECDH-ES+AES-KW COSE_recipient
// using the device's static private key. It fails with ErrWrongKey if the
// recipient is AES-KW or its ephemeral key is on another curve, and with
// ErrUnwrap if the recipient was made for another device or was altered.
func UnwrapForDevice(recipient []byte, devicePriv *ecdh.PrivateKey) ([]byte, error) {
	r, err := parseRecipient(recipient, "recipient")
	if err != nil {
		return nil, err
	}
	return r.unwrapDevice(devicePriv)
}

func (r *Recipient) unwrapDevice(priv *ecdh.PrivateKey) ([]byte, error) {
	if !r.alg.isECDH() {
		return nil, fmt.Errorf("crypt: recipient %v needs a model key, not a device private key: %w", r, ErrWrongKey)
	}
	if priv == nil || priv.Curve() != r.ephemeral.Curve() {
		c := "none"
		if priv != nil {
			c = curveName(priv.Curve())
		}
		return nil, fmt.Errorf("crypt: recipient %v has a %s ephemeral key, device key is %s: %w",
			r, curveName(r.ephemeral.Curve()), c, ErrWrongKey)
	}
	shared, err := priv.ECDH(r.ephemeral)
	if err != nil {
		// Only X25519 can fail here: a low-order ephemeral key.
		return nil, fmt.Errorf("crypt: recipient %v: ephemeral key gives no shared secret: %w", r, ErrUnwrap)
	}
	defer clear(shared)
	kek, err := deriveKEK(shared, r.alg, r.protected, r.salt)
	if err != nil {
		return nil, err
	}
	defer clear(kek)
	cek, err := unwrap(kek, r.wrapped)
	if err != nil {
		return nil, fmt.Errorf("crypt: recipient %v: not wrapped for this device key, or altered: %w", r, err)
	}
	return cek, nil
}

// newEphemeral draws an ephemeral private key from rand. Since Go 1.26,
// Curve.GenerateKey ignores its reader; drawing the scalar ourselves keeps
// rand meaningful, so that tests can be deterministic and deployments can
// name their entropy source. P-256 scalars at or above the group order are
// redrawn (probability about 2^-32 per draw).
func newEphemeral(c ecdh.Curve, rand io.Reader) (*ecdh.PrivateKey, error) {
	if rand == nil {
		rand = cryptorand.Reader
	}
	var b [32]byte
	defer clear(b[:])
	for range 16 {
		if _, err := io.ReadFull(rand, b[:]); err != nil {
			return nil, fmt.Errorf("crypt: reading ephemeral key: %w", err)
		}
		if k, err := c.NewPrivateKey(b[:]); err == nil {
			return k, nil
		}
	}
	return nil, errors.New("crypt: random source gave no valid ephemeral scalar in 16 draws")
}
