package crypt

// COSE_recipient: one wrapped copy of the CEK. Parsing is shared by both
// key distribution modes; recipient_kw.go and recipient_ecdh.go hold the
// mode-specific wrapping. The shapes are in encinfo.go's grammar.

import (
	"bytes"
	"crypto/ecdh"
	"fmt"
)

// COSE header labels used by this package (RFC 9052 §3.1; RFC 9053 §5.1
// for the salt, §6.3.1 for the ephemeral key).
const (
	hdrAlg       = 1
	hdrKID       = 4
	hdrIV        = 5
	hdrEphemeral = -1
	hdrSalt      = -20
)

// maxSalt bounds the optional HKDF salt of an ES-DH recipient.
const maxSalt = 64

// Recipient is one parsed COSE_recipient of a SUIT_Encryption_Info.
type Recipient struct {
	alg       Alg
	kid       []byte
	ephemeral *ecdh.PublicKey // ES-DH only
	salt      []byte          // ES-DH only, usually nil
	wrapped   []byte          // AES-KW(KEK, CEK)
	protected []byte          // serialized protected header, bound into the KDF context
	raw       []byte          // the COSE_recipient as encoded
}

// Alg returns the recipient's key distribution algorithm.
func (r *Recipient) Alg() Alg { return r.alg }

// KID returns the recipient's key identifier, or nil if it has none.
func (r *Recipient) KID() []byte { return r.kid }

// Bytes returns the COSE_recipient exactly as it was encoded.
func (r *Recipient) Bytes() []byte { return r.raw }

// String describes the recipient by algorithm and key identifier, for
// error messages and logs.
func (r *Recipient) String() string {
	if r.kid == nil {
		return r.alg.String()
	}
	return fmt.Sprintf("%s kid %q", r.alg, r.kid)
}

// parseRecipient decodes and validates one COSE_recipient; field names it
// in errors. The wrapped CEK must be 16 or 32 bytes; the caller checks it
// against the content algorithm.
func parseRecipient(raw []byte, field string) (*Recipient, error) {
	a, err := decodeArray(raw, field, 3)
	if err != nil {
		return nil, err
	}
	r := &Recipient{raw: raw}
	if r.protected, err = decodeBstr(a[0], field+".protected"); err != nil {
		return nil, err
	}
	ph, err := decodeProtected(r.protected, field+".protected")
	if err != nil {
		return nil, err
	}
	uh, err := decodeHeaders(a[1], field+".unprotected")
	if err != nil {
		return nil, err
	}
	if r.wrapped, err = decodeBstr(a[2], field+".ciphertext"); err != nil {
		return nil, err
	}
	alg, inProtected, err := findAlg(ph, uh, field)
	if err != nil {
		return nil, err
	}
	r.alg = alg
	switch {
	case alg.isKW():
		// RFC 3394 has no per-message parameters: nothing to protect.
		if len(ph) != 0 {
			return nil, fieldErr(ErrMalformed, field+".protected", r.protected, "h'' or << {} >> for AES-KW")
		}
		if err := uh.only(field+".unprotected", hdrAlg, hdrKID); err != nil {
			return nil, err
		}
	case alg.isECDH():
		// The KDF context binds the protected header, so the algorithm
		// must be there to be bound.
		if !inProtected {
			return nil, fieldErr(ErrMalformed, field+".protected.alg", nil, alg.String()+" in the protected header")
		}
		if err := ph.only(field+".protected", hdrAlg); err != nil {
			return nil, err
		}
		if err := uh.only(field+".unprotected", hdrEphemeral, hdrKID, hdrSalt); err != nil {
			return nil, err
		}
		ek, ok := uh[hdrEphemeral]
		if !ok {
			return nil, fieldErr(ErrMalformed, field+".unprotected.ephemeral_key", nil, "the sender's ephemeral COSE_Key")
		}
		if r.ephemeral, err = parseCOSEKey(ek, field+".unprotected.ephemeral_key"); err != nil {
			return nil, err
		}
		if r.salt, _, err = uh.bytes(hdrSalt, field+".unprotected.salt"); err != nil {
			return nil, err
		} else if len(r.salt) > maxSalt {
			return nil, fieldErr(ErrKeySize, field+".unprotected.salt", len(r.salt), fmt.Sprintf("at most %d bytes", maxSalt))
		}
	default:
		return nil, fieldErr(ErrUnsupportedAlg, field+".alg", alg, recipAlgs)
	}
	if r.kid, _, err = uh.bytes(hdrKID, field+".unprotected.kid"); err != nil {
		return nil, err
	}
	if n := len(r.wrapped); n != 16+8 && n != 32+8 {
		return nil, fieldErr(ErrKeySize, field+".ciphertext", r.wrapped, "24 or 40 bytes: a wrapped 16- or 32-byte CEK")
	}
	return r, nil
}

// findAlg returns the alg header parameter from whichever bucket holds it,
// and whether that was the protected one. COSE forbids a label in both.
func findAlg(ph, uh headers, field string) (Alg, bool, error) {
	if field != "" {
		field += "."
	}
	p, inP, err := ph.int(hdrAlg, field+"protected.alg")
	if err != nil {
		return 0, false, err
	}
	u, inU, err := uh.int(hdrAlg, field+"unprotected.alg")
	if err != nil {
		return 0, false, err
	}
	switch {
	case inP && inU:
		return 0, false, fieldErr(ErrMalformed, field+"alg", "in both protected and unprotected headers", "exactly one")
	case inP:
		return Alg(p), true, nil
	case inU:
		return Alg(u), false, nil
	}
	return 0, false, fieldErr(ErrMalformed, field+"alg", nil, "an algorithm identifier")
}

// kidMatches reports whether a recipient with key identifier have may be
// meant for a key named want. A missing identifier on either side matches.
func kidMatches(have, want []byte) bool {
	return have == nil || want == nil || bytes.Equal(have, want)
}

// encodeRecipient encodes a COSE_recipient.
func encodeRecipient(protected []byte, unprotected map[int64]any, wrapped []byte) ([]byte, error) {
	b, err := encMode.Marshal([]any{protected, unprotected, wrapped})
	if err != nil {
		return nil, fmt.Errorf("crypt: encoding COSE_recipient: %w", err)
	}
	return b, nil
}

// checkCEK rejects CEKs that no content algorithm of this package uses.
func checkCEK(cek []byte) error {
	if len(cek) != 16 && len(cek) != 32 {
		return fieldErr(ErrKeySize, "CEK", len(cek), "16 or 32 bytes")
	}
	return nil
}
