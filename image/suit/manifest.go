package suit

import (
	"bytes"

	"github.com/fxamacker/cbor/v2"
)

// Manifest is a decoded SUIT_Manifest (draft-ietf-suit-manifest-33 §8.4):
//
//	SUIT_Manifest = {
//	    1: 1,                                  ; manifest-version
//	    2: uint,                               ; manifest-sequence-number
//	    3: bstr .cbor SUIT_Common,
//	    ? 4: tstr,                             ; reference-uri
//	    ? 7: bstr .cbor SUIT_Command_Sequence, ; validate
//	    ? 8: bstr .cbor SUIT_Command_Sequence, ; load
//	    ? 9: bstr .cbor SUIT_Command_Sequence, ; invoke
//	    ? 16: SUIT_Digest / bstr .cbor SUIT_Command_Sequence, ; payload-fetch
//	    ? 20: SUIT_Digest / bstr .cbor SUIT_Command_Sequence, ; install
//	    ? 23: SUIT_Digest / bstr .cbor SUIT_Text_Map,         ; text
//	}
//
// A nil Sequence or Text means the member is absent, or severed and not
// carried by the envelope.
type Manifest struct {
	// SequenceNumber is the anti-rollback counter; the caller compares it
	// with the highest it has accepted.
	SequenceNumber uint64
	Common         Common
	ReferenceURI   string
	Validate       Sequence
	Load           Sequence
	Invoke         Sequence
	PayloadFetch   Sequence
	Install        Sequence
	Text           Text

	// Severed maps the label of each severable member (MemberFetch,
	// MemberInstall, MemberText) that the manifest holds only as a digest to
	// that digest. Marshal recomputes the digest of a severed member whose
	// body is set and keeps the stored digest of one whose body is nil.
	Severed map[int64]Digest
}

// Sever marks members to be carried in the envelope and held in the
// manifest only as digests: any of MemberFetch, MemberInstall, MemberText.
func (m *Manifest) Sever(labels ...int64) {
	if m.Severed == nil {
		m.Severed = make(map[int64]Digest)
	}
	for _, l := range labels {
		m.Severed[l] = Digest{}
	}
}

// decodeManifest decodes an authenticated manifest and the severed members
// (bstr-wrapped, by label) that came with it in the envelope.
func decodeManifest(data []byte, severed map[int64][]byte) (*Manifest, error) {
	entries, err := readIntMap("manifest", data)
	if err != nil {
		return nil, err
	}
	byKey := make(map[int64]cbor.RawMessage, len(entries))
	for _, e := range entries {
		byKey[e.key] = e.val
	}
	// §6.1: inspect the version before anything else.
	raw, ok := byKey[ManifestVersion]
	if !ok {
		return nil, fail(ErrMalformed, "manifest", "no manifest-version (key 1)")
	}
	if major(raw) != majorUint {
		return nil, fail(ErrUnsupportedVersion, "manifest-version", "%s", typeName(raw))
	}
	if v, err := readUint("manifest-version", raw); err != nil {
		return nil, err
	} else if v != 1 {
		return nil, fail(ErrUnsupportedVersion, "manifest-version", "%d (only 1)", v)
	}
	m := &Manifest{}
	if raw, ok = byKey[ManifestSequence]; !ok {
		return nil, fail(ErrMalformed, "manifest", "no manifest-sequence-number (key 2)")
	}
	if m.SequenceNumber, err = readUint("manifest-sequence-number", raw); err != nil {
		return nil, err
	}
	if raw, ok = byKey[ManifestCommon]; !ok {
		return nil, fail(ErrMalformed, "manifest", "no common (key 3)")
	}
	if m.Common, err = decodeCommon(raw); err != nil {
		return nil, err
	}
	d := decoder{components: len(m.Common.Components)}
	for _, e := range entries {
		name := "manifest " + MemberName(e.key)
		switch e.key {
		case ManifestVersion, ManifestSequence, ManifestCommon:
		case ManifestReferenceURI:
			if m.ReferenceURI, err = readTstr("reference-uri", e.val); err != nil {
				return nil, err
			}
		case ManifestValidate, ManifestLoad, ManifestInvoke:
			seq, err := d.wrappedSequence(name, e.val)
			if err != nil {
				return nil, err
			}
			*m.sequence(e.key) = seq
		case MemberFetch, MemberInstall, MemberText:
			if major(e.val) == majorArray {
				dg, err := decodeDigest(name+" digest", e.val)
				if err != nil {
					return nil, err
				}
				if m.Severed == nil {
					m.Severed = make(map[int64]Digest)
				}
				m.Severed[e.key] = dg
				continue
			}
			if err := m.decodeMember(d, e.key, e.val); err != nil {
				return nil, err
			}
		default:
			return nil, fail(ErrUnsupportedElement, "manifest", "key %d", e.key)
		}
	}
	for label, wrapped := range severed {
		name := "envelope " + MemberName(label)
		dg, ok := m.Severed[label]
		if !ok {
			return nil, fail(ErrDigestMismatch, name, "the manifest holds no digest for it")
		}
		if !dg.Matches(wrapped) {
			return nil, fail(ErrDigestMismatch, name, "SHA-256 is %x, the manifest says %x", SHA256(wrapped).Bytes, dg.Bytes)
		}
		if err := m.decodeMember(d, label, wrapped); err != nil {
			return nil, err
		}
	}
	if err := m.checkText(); err != nil {
		return nil, err
	}
	// The Manifest must say exactly what was signed: re-encoding it must
	// give back the received bytes, or something was lost or encoded in a
	// way a second parser might read differently.
	again, members, err := m.encode()
	if err != nil {
		return nil, err
	}
	const notCanonical = "does not re-encode to the signed bytes: not in core deterministic encoding, or holds a value with no encoding of its own (such as an empty reference-uri)"
	if !bytes.Equal(again, data) {
		return nil, fail(ErrMalformed, "manifest", notCanonical)
	}
	for label, wrapped := range severed {
		if !bytes.Equal(encBstr(members[label]), wrapped) {
			return nil, fail(ErrMalformed, "envelope "+MemberName(label), notCanonical)
		}
	}
	return m, nil
}

func (m *Manifest) sequence(label int64) *Sequence {
	switch label {
	case ManifestValidate:
		return &m.Validate
	case ManifestLoad:
		return &m.Load
	case ManifestInvoke:
		return &m.Invoke
	case MemberFetch:
		return &m.PayloadFetch
	case MemberInstall:
		return &m.Install
	}
	return nil
}

// decodeMember decodes the body of a severable member.
func (m *Manifest) decodeMember(d decoder, label int64, wrapped []byte) error {
	name := MemberName(label)
	if label == MemberText {
		t, err := decodeText(name, wrapped)
		m.Text = t
		return err
	}
	seq, err := d.wrappedSequence(name, wrapped)
	*m.sequence(label) = seq
	return err
}

// checkText enforces §8.4.4: every component the text describes is listed
// in common.
func (m *Manifest) checkText() error {
	for tag, lt := range m.Text {
		for _, ct := range lt.Components {
			found := false
			for _, id := range m.Common.Components {
				found = found || id.Equal(ct.ID)
			}
			if !found {
				return fail(ErrMalformed, "text "+tag, "component %s is not in common components", ct.ID)
			}
		}
	}
	return nil
}

// Marshal encodes m in core deterministic encoding. Severed members are
// encoded as their digests; MarshalSevered also returns their bodies. It
// fails if the result is not a manifest Verify would accept.
func (m *Manifest) Marshal() ([]byte, error) {
	b, _, err := m.MarshalSevered()
	return b, err
}

// MarshalSevered encodes m like Marshal and returns, by label, the encoded
// body of each severed member whose body is set, for SignSevered to place
// in the envelope.
func (m *Manifest) MarshalSevered() (manifest []byte, severed map[int64][]byte, err error) {
	manifest, severed, err = m.encode()
	if err != nil {
		return nil, nil, err
	}
	wrapped := make(map[int64][]byte, len(severed))
	for l, b := range severed {
		wrapped[l] = encBstr(b)
	}
	if _, err := decodeManifest(manifest, wrapped); err != nil {
		return nil, nil, err
	}
	return manifest, severed, nil
}

// encode writes m without checking that the result decodes.
func (m *Manifest) encode() (manifest []byte, severed map[int64][]byte, err error) {
	if len(m.Common.Components) == 0 {
		return nil, nil, fail(ErrMalformed, "common", "no components")
	}
	common := []encPair{{encInt(CommonComponents), encComponents(m.Common.Components)}}
	if m.Common.Shared != nil {
		common = append(common, encPair{encInt(CommonShared), encBstr(m.Common.Shared.encode())})
	}
	pairs := []encPair{
		{encInt(ManifestVersion), encUint(1)},
		{encInt(ManifestSequence), encUint(m.SequenceNumber)},
		{encInt(ManifestCommon), encBstr(encMap(common))},
	}
	if m.ReferenceURI != "" {
		pairs = append(pairs, encPair{encInt(ManifestReferenceURI), encTstr(m.ReferenceURI)})
	}
	for _, label := range []int64{ManifestValidate, ManifestLoad, ManifestInvoke} {
		if seq := *m.sequence(label); seq != nil {
			pairs = append(pairs, encPair{encInt(label), encBstr(seq.encode())})
		}
	}
	severed = make(map[int64][]byte)
	for _, label := range []int64{MemberFetch, MemberInstall, MemberText} {
		var body []byte
		if label == MemberText {
			if m.Text != nil {
				body = m.Text.encode()
			}
		} else if seq := *m.sequence(label); seq != nil {
			body = seq.encode()
		}
		dg, sever := m.Severed[label]
		switch {
		case !sever && body != nil:
			pairs = append(pairs, encPair{encInt(label), encBstr(body)})
		case sever && body != nil:
			severed[label] = body
			pairs = append(pairs, encPair{encInt(label), SHA256(encBstr(body)).encode()})
		case sever && len(dg.Bytes) > 0:
			pairs = append(pairs, encPair{encInt(label), dg.encode()})
		case sever:
			return nil, nil, fail(ErrMalformed, "manifest "+MemberName(label), "severed with neither a body nor a digest")
		}
	}
	return encMap(pairs), severed, nil
}
