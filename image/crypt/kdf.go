package crypt

// Key derivation for ECDH-ES+AES-KW recipients: HKDF-SHA-256 (RFC 9053
// §5.1, §6.4.1) over the COSE_KDF_Context of RFC 9053 §5.2 as the SUIT
// encryption draft fills it in ("Context Information Structure"):
//
//	COSE_KDF_Context = [
//	    AlgorithmID : -3 (A128KW) / -5 (A256KW),   ; the key wrap, not ECDH-ES+...
//	    PartyUInfo  : [ null, null, null ],
//	    PartyVInfo  : [ null, null, null ],
//	    SuppPubInfo : [
//	        keyDataLength : 128 / 256,
//	        protected     : bstr,                    ; the recipient's protected header
//	        other         : 'SUIT Payload Encryption'
//	    ]
//	]
//
// The context is the HKDF info; the salt is empty unless the recipient
// carries the "salt" header parameter (-20). The curve does not appear in
// the context, so P-256 and X25519 recipients derive their KEKs the same
// way from their respective shared secrets.

import (
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
)

// kdfOther is SuppPubInfo.other, fixed by the draft.
const kdfOther = "SUIT Payload Encryption"

// deriveKEK returns the key-encryption key of an ECDH-ES+AxxxKW recipient
// whose serialized protected header is protected.
func deriveKEK(shared []byte, alg Alg, protected, salt []byte) ([]byte, error) {
	kw := A128KW
	if alg == ECDHESA256KW {
		kw = A256KW
	}
	info, err := kdfContext(kw, protected)
	if err != nil {
		return nil, err
	}
	return hkdf.Key(sha256.New, shared, salt, string(info), kw.KeySize())
}

// kdfContext encodes the COSE_KDF_Context for key wrap algorithm kw.
func kdfContext(kw Alg, protected []byte) ([]byte, error) {
	party := []any{nil, nil, nil}
	b, err := encMode.Marshal([]any{
		int64(kw),
		party,
		party,
		[]any{uint64(kw.KeySize() * 8), protected, []byte(kdfOther)},
	})
	if err != nil {
		return nil, fmt.Errorf("crypt: encoding COSE_KDF_Context: %w", err)
	}
	return b, nil
}
