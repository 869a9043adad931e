package crypt

// SUIT_Encryption_Info, as this file writes and reads it. It is the
// COSE_Encrypt of draft-ietf-suit-firmware-encryption ("Content Key
// Distribution") with a detached payload (CDDL in the draft's
// cddls/aeskw.cddl and cddls/esdh_aeskw.cddl), narrowed to the algorithms
// Drey accepts:
//
//	SUIT_Encryption_Info = #6.96([           ; COSE_Encrypt_Tagged, never #6.16
//	    protected   : h''                    ; AES-CTR: MUST be empty (no AAD)
//	                / << { 1: 1 / 3 } >>,    ; AES-GCM: alg, authenticated as AAD
//	    unprotected : { ? 1: -65534 / -65532, ; AES-CTR alg (GCM: absent)
//	                    5: bstr },           ; IV: 16 bytes CTR, 12 bytes GCM
//	    ciphertext  : null,                  ; the payload travels separately
//	    recipients  : [ 1*1024 COSE_recipient ],
//	])
//
//	COSE_recipient = [                       ; AES-KW, per model
//	    protected   : h'' / << {} >>,
//	    unprotected : { 1: -3 / -5, ? 4: kid: bstr },
//	    ciphertext  : bstr,                  ; AES-KW(KEK, CEK), len(CEK)+8 bytes
//	] / [                                    ; ES-DH, per device
//	    protected   : << { 1: -29 / -31 } >>,
//	    unprotected : { -1: COSE_Key, ? 4: kid: bstr, ? -20: salt: bstr },
//	    ciphertext  : bstr,                  ; AES-KW(HKDF(ECDH, context), CEK)
//	]
//
//	COSE_Key = { 1: 2, -1: 1, -2: x: bstr .size 32, -3: y: bstr .size 32 }  ; P-256
//	         / { 1: 1, -1: 4, -2: x: bstr .size 32 }                         ; X25519
//
// The CEK length is the content algorithm's (16 bytes for A128*, 32 for
// A256*); every recipient must wrap a CEK of that length. Labels not shown
// are refused, as are text labels, duplicate labels, indefinite lengths,
// trailing bytes, and input over MaxEncryptionInfoSize.

import (
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

const (
	tagEncrypt  = 96
	tagEncrypt0 = 16
)

// EncryptionInfo is a validated SUIT_Encryption_Info: the content
// algorithm, its IV, and the recipients that each carry the CEK wrapped for
// one key. Build one with NewEncryptionInfo and AddRecipient, or get one
// from ParseEncryptionInfo.
type EncryptionInfo struct {
	alg        Alg
	iv         []byte
	protected  []byte // serialized protected header, as authenticated by GCM
	recipients []*Recipient
}

// NewEncryptionInfo returns an EncryptionInfo for content algorithm alg
// (A128GCM, A256GCM, A128CTR or A256CTR) and iv, with no recipients yet.
func NewEncryptionInfo(alg Alg, iv []byte) (*EncryptionInfo, error) {
	if !alg.IsContent() {
		return nil, fieldErr(ErrUnsupportedAlg, "content alg", alg, contentAlgs)
	}
	if len(iv) != alg.IVSize() {
		return nil, fieldErr(ErrKeySize, "IV", iv, fmt.Sprintf("%d bytes for %v", alg.IVSize(), alg))
	}
	e := &EncryptionInfo{alg: alg, iv: append([]byte(nil), iv...), protected: []byte{}}
	if alg.isGCM() {
		p, err := encMode.Marshal(map[int64]any{hdrAlg: int64(alg)})
		if err != nil {
			return nil, fmt.Errorf("crypt: encoding protected header: %w", err)
		}
		e.protected = p
	}
	return e, nil
}

// AddRecipient validates an encoded COSE_recipient, as returned by
// WrapForDevice or WrapForModel, and appends it.
func (e *EncryptionInfo) AddRecipient(recipient []byte) error {
	if len(e.recipients) >= MaxRecipients {
		return fieldErr(ErrMalformed, "recipients", len(e.recipients)+1, fmt.Sprintf("at most %d", MaxRecipients))
	}
	field := fmt.Sprintf("recipients[%d]", len(e.recipients))
	r, err := parseRecipient(append([]byte(nil), recipient...), field)
	if err != nil {
		return err
	}
	if err := e.checkWrapped(r, field); err != nil {
		return err
	}
	e.recipients = append(e.recipients, r)
	return nil
}

func (e *EncryptionInfo) checkWrapped(r *Recipient, field string) error {
	if want := e.alg.KeySize() + 8; len(r.wrapped) != want {
		return fieldErr(ErrKeySize, field+".ciphertext", r.wrapped,
			fmt.Sprintf("%d bytes: the %d-byte CEK of %v, wrapped", want, e.alg.KeySize(), e.alg))
	}
	return nil
}

// Alg returns the content encryption algorithm.
func (e *EncryptionInfo) Alg() Alg { return e.alg }

// IV returns the content encryption IV.
func (e *EncryptionInfo) IV() []byte { return e.iv }

// Recipients returns the recipients in encoded order.
func (e *EncryptionInfo) Recipients() []*Recipient { return append([]*Recipient(nil), e.recipients...) }

// Marshal encodes e as a tagged COSE_Encrypt with a null ciphertext.
// Recipients are written byte for byte as they were added or parsed.
func (e *EncryptionInfo) Marshal() ([]byte, error) {
	if len(e.recipients) == 0 {
		return nil, fieldErr(ErrMalformed, "recipients", 0, "at least one")
	}
	uh := map[int64]any{hdrIV: e.iv}
	if e.alg.isCTR() {
		uh[hdrAlg] = int64(e.alg)
	}
	rs := make([]cbor.RawMessage, len(e.recipients))
	for i, r := range e.recipients {
		rs[i] = r.raw
	}
	b, err := encMode.Marshal(cbor.Tag{Number: tagEncrypt, Content: []any{e.protected, uh, nil, rs}})
	if err != nil {
		return nil, fmt.Errorf("crypt: encoding SUIT_Encryption_Info: %w", err)
	}
	return b, nil
}

// ParseEncryptionInfo decodes and validates a SUIT_Encryption_Info. Every
// rejection is a *FieldError naming the field and wrapping ErrMalformed,
// ErrUnsupportedAlg or ErrKeySize.
func ParseEncryptionInfo(b []byte) (*EncryptionInfo, error) {
	if len(b) > MaxEncryptionInfoSize {
		return nil, fieldErr(ErrMalformed, "SUIT_Encryption_Info size", len(b), fmt.Sprintf("at most %d bytes", MaxEncryptionInfoSize))
	}
	if len(b) == 0 || b[0]>>5 != 6 {
		return nil, fieldErr(ErrMalformed, "SUIT_Encryption_Info", cborKind(b), "COSE_Encrypt tag 96")
	}
	var tag cbor.RawTag
	if err := tagMode.Unmarshal(b, &tag); err != nil {
		return nil, fieldErr(ErrMalformed, "SUIT_Encryption_Info", err, "one well-formed CBOR item")
	}
	switch tag.Number {
	case tagEncrypt:
	case tagEncrypt0:
		return nil, fieldErr(ErrMalformed, "SUIT_Encryption_Info tag", "16 (COSE_Encrypt0, no recipients)", "96 (COSE_Encrypt)")
	default:
		return nil, fieldErr(ErrMalformed, "SUIT_Encryption_Info tag", tag.Number, "96 (COSE_Encrypt)")
	}
	a, err := decodeArray(tag.Content, "COSE_Encrypt", 4)
	if err != nil {
		return nil, err
	}
	protected, err := decodeBstr(a[0], "protected")
	if err != nil {
		return nil, err
	}
	e := &EncryptionInfo{protected: protected}
	if err := e.parseHeaders(a[1]); err != nil {
		return nil, err
	}
	if len(a[2]) != 1 || a[2][0] != 0xf6 {
		return nil, fieldErr(ErrMalformed, "ciphertext", cborKind(a[2]), "null: the payload is detached")
	}
	rs, err := decodeArray(a[3], "recipients", -1)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, fieldErr(ErrMalformed, "recipients", 0, "at least one")
	}
	for i, raw := range rs {
		field := fmt.Sprintf("recipients[%d]", i)
		r, err := parseRecipient(raw, field)
		if err != nil {
			return nil, err
		}
		if err := e.checkWrapped(r, field); err != nil {
			return nil, err
		}
		e.recipients = append(e.recipients, r)
	}
	return e, nil
}

// parseHeaders validates both header buckets of the COSE_Encrypt and sets
// the algorithm and IV.
func (e *EncryptionInfo) parseHeaders(unprotected []byte) error {
	ph, err := decodeProtected(e.protected, "protected")
	if err != nil {
		return err
	}
	uh, err := decodeHeaders(unprotected, "unprotected")
	if err != nil {
		return err
	}
	alg, inProtected, err := findAlg(ph, uh, "")
	if err != nil {
		return err
	}
	e.alg = alg
	switch {
	case alg.isCTR():
		// Non-AEAD: nothing would authenticate a protected header, so the
		// draft requires it to be the empty string ("Content Encryption").
		if len(e.protected) != 0 {
			return fieldErr(ErrMalformed, "protected", e.protected, "h'' for "+alg.String())
		}
		if err := uh.only("unprotected", hdrAlg, hdrIV); err != nil {
			return err
		}
	case alg.isGCM():
		// AEAD: the algorithm must be authenticated with the payload.
		if !inProtected {
			return fieldErr(ErrMalformed, "protected.alg", nil, alg.String()+" in the protected header")
		}
		if err := ph.only("protected", hdrAlg); err != nil {
			return err
		}
		if err := uh.only("unprotected", hdrIV); err != nil {
			return err
		}
	default:
		return fieldErr(ErrUnsupportedAlg, "alg", alg, contentAlgs)
	}
	iv, ok, err := uh.bytes(hdrIV, "unprotected.iv")
	if err != nil {
		return err
	}
	if !ok {
		return fieldErr(ErrMalformed, "unprotected.iv", nil, "an IV")
	}
	if len(iv) != alg.IVSize() {
		return fieldErr(ErrKeySize, "unprotected.iv", iv, fmt.Sprintf("%d bytes for %v", alg.IVSize(), alg))
	}
	e.iv = iv
	return nil
}
