package crypt

// Per-model key distribution: the CEK wrapped with AES-KW under a key
// pre-shared with the recipient (the draft's "Content Key Distribution with
// AES Key Wrap", RFC 9053 §6.2.1). Drey keeps one such key per device model
// for compatibility with devices that have no key pair; the same functions
// serve per-device symmetric keys.

import "fmt"

// WrapForModel wraps cek (16 or 32 bytes) under modelKey with A128KW or
// A256KW, chosen by the length of modelKey, and returns the encoded
// COSE_recipient. kid, if not nil, names the key. A modelKey shorter than
// cek is refused, since it would weaken the CEK.
func WrapForModel(cek, modelKey, kid []byte) ([]byte, error) {
	if err := checkCEK(cek); err != nil {
		return nil, err
	}
	alg, ok := kwFor(len(modelKey), false)
	if !ok {
		return nil, fieldErr(ErrKeySize, "model key", len(modelKey), "16 (A128KW) or 32 (A256KW) bytes")
	}
	if len(modelKey) < len(cek) {
		return nil, fieldErr(ErrKeySize, "model key", len(modelKey), fmt.Sprintf("at least the CEK's %d bytes", len(cek)))
	}
	wrapped, err := Wrap(modelKey, cek)
	if err != nil {
		return nil, err
	}
	uh := map[int64]any{hdrAlg: int64(alg)}
	if kid != nil {
		uh[hdrKID] = kid
	}
	return encodeRecipient([]byte{}, uh, wrapped)
}

// UnwrapForModel returns the CEK of an AES-KW COSE_recipient. It fails
// with ErrWrongKey if the recipient is not AES-KW, ErrKeySize if modelKey
// does not fit its algorithm, and ErrUnwrap if modelKey is not the key the
// CEK was wrapped under or the recipient was altered.
func UnwrapForModel(recipient, modelKey []byte) ([]byte, error) {
	r, err := parseRecipient(recipient, "recipient")
	if err != nil {
		return nil, err
	}
	return r.unwrapModel(modelKey)
}

func (r *Recipient) unwrapModel(key []byte) ([]byte, error) {
	if !r.alg.isKW() {
		return nil, fmt.Errorf("crypt: recipient %v needs a device private key, not a model key: %w", r, ErrWrongKey)
	}
	if len(key) != r.alg.KeySize() {
		return nil, fieldErr(ErrKeySize, fmt.Sprintf("model key for recipient %v", r), len(key), fmt.Sprintf("%d bytes", r.alg.KeySize()))
	}
	cek, err := unwrap(key, r.wrapped)
	if err != nil {
		return nil, fmt.Errorf("crypt: recipient %v: wrong model key or altered recipient: %w", r, err)
	}
	return cek, nil
}
