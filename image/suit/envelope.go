package suit

import (
	"bytes"

	"github.com/veraison/go-cose"
)

// Envelope is a SUIT_Envelope (tag 107) whose structure has been decoded but
// whose manifest has not: the manifest is reachable only through Verify, so
// nothing in it can be acted on before its signatures are checked (REQ-SEC-3).
//
//	SUIT_Envelope_Tagged = #6.107({
//	    2: bstr .cbor [ bstr .cbor SUIT_Digest, + bstr .cbor COSE_Sign1_Tagged ],
//	    3: bstr .cbor SUIT_Manifest,
//	    ? 16: bstr .cbor SUIT_Command_Sequence,  ; severed payload-fetch
//	    ? 20: bstr .cbor SUIT_Command_Sequence,  ; severed install
//	    ? 23: bstr .cbor SUIT_Text_Map,          ; severed text
//	})
type Envelope struct {
	// Digest is the manifest digest the signatures cover.
	Digest Digest
	// Signatures are the authentication blocks, in the order received.
	Signatures []Signature

	payload  []byte           // the SUIT_Digest as received (the content of its bstr): the detached COSE payload
	manifest []byte           // the bstr-wrapped manifest as received
	severed  map[int64][]byte // bstr-wrapped severed members as received, by label
}

// Signature is one COSE_Sign1 authentication block of an envelope.
type Signature struct {
	// Algorithm is the COSE algorithm from the protected header.
	Algorithm cose.Algorithm
	// KeyID is the kid from the protected header, or else from the
	// unprotected header; nil when neither has one.
	KeyID []byte

	msg *cose.Sign1Message
}

// ManifestBytes returns the manifest as received, without its bstr wrapper:
// the bytes the envelope's digest covers once wrapped.
func (e *Envelope) ManifestBytes() []byte {
	inner, _ := readBstr("manifest", e.manifest)
	return inner
}

var envelopeTag = []byte{0xd8, 0x6b} // tag 107 in its shortest form

// Decode parses the structure of a SUIT envelope: the authentication wrapper
// (manifest digest and COSE_Sign1 blocks), the manifest as raw bytes, and any
// severed members as raw bytes. It does not parse the manifest; use Verify.
func Decode(data []byte) (*Envelope, error) {
	if len(data) > MaxEnvelopeSize {
		return nil, fail(ErrMalformed, "envelope", "%d bytes exceeds the limit of %d", len(data), MaxEnvelopeSize)
	}
	if !bytes.HasPrefix(data, envelopeTag) {
		if major(data) == majorTag {
			tag, _ := head(data)
			return nil, fail(ErrUnsupportedElement, "envelope", "CBOR tag %d (want 107, SUIT_Envelope)", tag)
		}
		return nil, fail(ErrMalformed, "envelope", "want tag 107, got %s", typeName(data))
	}
	body := data[len(envelopeTag):]
	entries, err := readIntMap("envelope", body)
	if err != nil {
		return nil, err
	}
	if err := mustDeterministic("envelope", body); err != nil {
		return nil, err
	}
	e := &Envelope{severed: map[int64][]byte{}}
	var auth []byte
	for _, p := range entries {
		// Only the wrapper is read here: the manifest and severed members
		// stay unparsed until their signature and digests are checked.
		if _, err := readBstr("envelope key "+itoa(p.key), p.val); err != nil {
			return nil, err
		}
		switch p.key {
		case EnvelopeAuth:
			auth = p.val
		case EnvelopeManifest:
			e.manifest = p.val
		case MemberFetch, MemberInstall, MemberText:
			e.severed[p.key] = p.val
		case 1:
			return nil, fail(ErrUnsupportedElement, "envelope", "delegation (key 1)")
		default:
			return nil, fail(ErrUnsupportedElement, "envelope", "key %d", p.key)
		}
	}
	if auth == nil {
		return nil, fail(ErrMalformed, "envelope", "no authentication wrapper (key 2)")
	}
	if e.manifest == nil {
		return nil, fail(ErrMalformed, "envelope", "no manifest (key 3)")
	}
	if err := e.decodeAuth(auth); err != nil {
		return nil, err
	}
	return e, nil
}

// decodeAuth parses SUIT_Authentication:
// [ bstr .cbor SUIT_Digest, + bstr .cbor COSE_Sign1_Tagged ].
func (e *Envelope) decodeAuth(wrapped []byte) error {
	const field = "authentication-wrapper"
	inner, _ := readBstr(field, wrapped)
	items, err := readArray(field, inner)
	if err != nil {
		return err
	}
	if err := mustDeterministic(field, inner); err != nil {
		return err
	}
	if len(items) < 2 {
		return fail(ErrTooFewSignatures, field, "%d elements: a digest and no authentication block", len(items))
	}
	if len(items)-1 > MaxSignatures {
		return fail(ErrMalformed, field, "%d authentication blocks exceeds the limit of %d", len(items)-1, MaxSignatures)
	}
	digest, err := readWrapped(field+" digest", items[0])
	if err != nil {
		return err
	}
	if err := mustDeterministic(field+" digest", digest); err != nil {
		return err
	}
	if e.Digest, err = decodeDigest(field+" digest", digest); err != nil {
		return err
	}
	e.payload = digest
	for i, it := range items[1:] {
		f := field + " block " + itoa(int64(i))
		block, err := readBstr(f, it)
		if err != nil {
			return err
		}
		sig, err := decodeSign1(f, block)
		if err != nil {
			return err
		}
		e.Signatures = append(e.Signatures, sig)
	}
	return nil
}

// decodeSign1 parses a COSE_Sign1_Tagged block with a detached payload. Its
// headers may hold only alg (protected, required) and kid; anything else in
// the unprotected header would be unauthenticated input, so it is refused.
func decodeSign1(field string, block []byte) (Signature, error) {
	if major(block) != majorTag {
		return Signature{}, fail(ErrMalformed, field, "want COSE_Sign1_Tagged (tag 18), got %s", typeName(block))
	}
	if tag, n := head(block); tag != cose.CBORTagSign1Message || n != 1 {
		return Signature{}, fail(ErrUnsupportedElement, field, "authentication block with tag %d (only COSE_Sign1, tag 18)", tag)
	}
	items, err := readArray(field, block[1:])
	if err != nil {
		return Signature{}, err
	}
	if err := mustDeterministic(field, block); err != nil {
		return Signature{}, err
	}
	if len(items) != 4 {
		return Signature{}, fail(ErrMalformed, field, "COSE_Sign1 with %d elements", len(items))
	}
	var sig Signature
	protected, err := readBstr(field+" protected", items[0])
	if err != nil {
		return Signature{}, err
	}
	hasAlg := false
	if len(protected) > 0 {
		hdr, err := readIntMap(field+" protected", protected)
		if err != nil {
			return Signature{}, err
		}
		for _, h := range hdr {
			switch h.key {
			case cose.HeaderLabelAlgorithm:
				alg, err := readInt(field+" alg", h.val)
				if err != nil {
					return Signature{}, err
				}
				sig.Algorithm, hasAlg = cose.Algorithm(alg), true
			case cose.HeaderLabelKeyID:
				if sig.KeyID, err = readBstr(field+" kid", h.val); err != nil {
					return Signature{}, err
				}
			default:
				return Signature{}, fail(ErrUnsupportedElement, field, "protected header label %d", h.key)
			}
		}
	}
	if !hasAlg {
		return Signature{}, fail(ErrMalformed, field, "protected header has no alg")
	}
	unprotected, err := readIntMap(field+" unprotected", items[1])
	if err != nil {
		return Signature{}, err
	}
	for _, h := range unprotected {
		if h.key != cose.HeaderLabelKeyID || sig.KeyID != nil {
			return Signature{}, fail(ErrUnsupportedElement, field, "unprotected header label %d", h.key)
		}
		if sig.KeyID, err = readBstr(field+" kid", h.val); err != nil {
			return Signature{}, err
		}
	}
	if !bytes.Equal(items[2], encNull) {
		return Signature{}, fail(ErrUnsupportedElement, field, "attached payload (%s); SUIT payloads are detached", typeName(items[2]))
	}
	if s, err := readBstr(field+" signature", items[3]); err != nil {
		return Signature{}, err
	} else if len(s) == 0 {
		return Signature{}, fail(ErrMalformed, field, "empty signature")
	}
	sig.msg = new(cose.Sign1Message)
	if err := sig.msg.UnmarshalCBOR(block); err != nil {
		return Signature{}, malformed(field, err)
	}
	return sig, nil
}

// encodeEnvelope writes a tag-107 envelope from its bstr-wrapped parts.
func encodeEnvelope(auth, manifest []byte, severed map[int64][]byte) []byte {
	pairs := []encPair{{encInt(EnvelopeAuth), auth}, {encInt(EnvelopeManifest), manifest}}
	for k, v := range severed {
		pairs = append(pairs, encPair{encInt(k), v})
	}
	return append(append([]byte(nil), envelopeTag...), encMap(pairs)...)
}
