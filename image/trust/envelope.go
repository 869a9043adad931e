// The signed envelope around root metadata: a COSE_Sign message (RFC 9052
// §4.1) with one COSE_Signature per signing key.
//
//	signed-root = #6.98([                         ; COSE_Sign_Tagged
//	    protected:   bstr .cbor { 3: "application/drey-root+cbor" },
//	    unprotected: {},                            ; ignored
//	    payload:     bstr .cbor root-metadata,      ; see format.go
//	    signatures:  [1*32 COSE_Signature],
//	])
//	COSE_Signature = [
//	    protected:   bstr .cbor { 1: alg, 4: kid }, ; exactly these two
//	    unprotected: {},                            ; ignored
//	    signature:   bstr,                          ; over Sig_structure
//	]
//
// COSE_Sign rather than a list of COSE_Sign1: a root is signed by several
// keys, often at a rotation by the outgoing and the incoming root keys
// together. COSE_Sign carries the payload once however many keys sign it,
// and each signature covers the body header, its own header and the
// payload, so signatures are independent of each other: one can be added
// or dropped without touching the rest, and a threshold is just a count of
// distinct keys whose signature verifies. The content type in the body
// header binds every signature to this one use of the key. A signature
// whose header holds anything but alg and kid is not counted.

package trust

import (
	"crypto"
	"crypto/rand"
	"fmt"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// rootContentType is the content type (COSE header 3) of a signed root.
const rootContentType = "application/drey-root+cbor"

// envelopeDec checks the shape of a signed root, with limits, before
// go-cose decodes it.
var envelopeDec = mustDecMode(cbor.DecOptions{
	DupMapKey:        cbor.DupMapKeyEnforcedAPF,
	MaxNestedLevels:  8,
	MaxArrayElements: 2 * MaxSignatures,
	MaxMapPairs:      16,
	IndefLength:      cbor.IndefLengthForbidden,
})

// envelope is an opened signed root whose signatures are not yet counted.
type envelope struct {
	msg           cose.SignMessage
	bodyProtected []byte
}

// openRoot decodes a signed root, refusing anything larger than
// MaxRootSize, outside the grammar above, or with more than MaxSignatures
// signatures. It verifies nothing.
func openRoot(b []byte) (*envelope, error) {
	if len(b) > MaxRootSize {
		return nil, fmt.Errorf("signed root of %d bytes, limit %d: %w", len(b), MaxRootSize, ErrMalformed)
	}
	if err := envelopeDec.Wellformed(b); err != nil {
		return nil, fmt.Errorf("signed root: %v: %w", err, ErrMalformed)
	}
	e := &envelope{}
	if err := e.msg.UnmarshalCBOR(b); err != nil {
		return nil, fmt.Errorf("signed root: %v: %w", err, ErrMalformed)
	}
	if n := len(e.msg.Signatures); n > MaxSignatures {
		return nil, fmt.Errorf("signed root with %d signatures, limit %d: %w", n, MaxSignatures, ErrMalformed)
	}
	h := e.msg.Headers.Protected
	if ct, _ := h[cose.HeaderLabelContentType].(string); len(h) != 1 || ct != rootContentType {
		return nil, fmt.Errorf("signed root protected header %v, want only content type %q: %w", h, rootContentType, ErrMalformed)
	}
	if e.msg.Payload == nil {
		return nil, fmt.Errorf("signed root without payload: %w", ErrMalformed)
	}
	body, err := e.msg.Headers.MarshalProtected()
	if err != nil {
		return nil, fmt.Errorf("signed root protected header: %v: %w", err, ErrMalformed)
	}
	e.bodyProtected = body
	return e, nil
}

// payload returns the root-metadata bytes the signatures cover.
func (e *envelope) payload() []byte { return e.msg.Payload }

// count offers every attributable signature to q.
func (e *envelope) count(q *Quorum) {
	for _, s := range e.msg.Signatures {
		kid, ok := signatureKeyID(s)
		if !ok {
			continue
		}
		q.Add(kid, func(v cose.Verifier) error {
			return s.Verify(v, e.bodyProtected, e.msg.Payload, nil)
		})
	}
}

// signatureKeyID returns the kid of a signature whose protected header is
// exactly {alg, kid}. go-cose later checks alg against the key's.
func signatureKeyID(s *cose.Signature) (KeyID, bool) {
	h := s.Headers.Protected
	if len(h) != 2 {
		return KeyID{}, false
	}
	if _, err := h.Algorithm(); err != nil {
		return KeyID{}, false
	}
	kid, ok := h[cose.HeaderLabelKeyID].([]byte)
	if !ok || len(kid) != len(KeyID{}) {
		return KeyID{}, false
	}
	return KeyID(kid), true
}

// sealRoot wraps payload in a signed root with one signature per signer, in
// order. It does not check who the signers are: Root.Sign and Rotate do.
func sealRoot(payload []byte, signers []crypto.Signer) ([]byte, error) {
	if len(signers) == 0 || len(signers) > MaxSignatures {
		return nil, fmt.Errorf("%d signers, want 1 to %d: %w", len(signers), MaxSignatures, ErrTooFewSignatures)
	}
	msg := cose.NewSignMessage()
	msg.Headers.Protected[cose.HeaderLabelContentType] = rootContentType
	msg.Payload = payload
	coseSigners := make([]cose.Signer, 0, len(signers))
	for i, s := range signers {
		k, err := NewKey(s.Public())
		if err != nil {
			return nil, fmt.Errorf("signer %d: %w", i, err)
		}
		cs, err := cose.NewSigner(k.alg, s)
		if err != nil {
			return nil, fmt.Errorf("signer %d (%s): %v: %w", i, k.id, err, ErrWeakKey)
		}
		sig := cose.NewSignature()
		sig.Headers.Protected.SetAlgorithm(k.alg)
		sig.Headers.Protected[cose.HeaderLabelKeyID] = k.id[:]
		msg.Signatures = append(msg.Signatures, sig)
		coseSigners = append(coseSigners, cs)
	}
	if err := msg.Sign(rand.Reader, nil, coseSigners...); err != nil {
		return nil, fmt.Errorf("signing root: %w", err)
	}
	return msg.MarshalCBOR()
}
