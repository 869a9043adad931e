package trust

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// TestMalformed checks that bytes outside the grammar of format.go and
// envelope.go are refused with ErrMalformed, by NewTrusted and by
// UpdateRoot, signed or not, and leave the device as it was.
func TestMalformed(t *testing.T) {
	w := newWorld(t)
	signers := w.rootSigners
	good := wireOf(w.root)
	good.Version = 2
	goodSigned := sealWire(t, good, signers...)
	// asMap is the good payload as a map, so that cases can add, drop or
	// replace fields with raw CBOR.
	asMap := func(edit func(m map[int]any)) []byte {
		m := map[int]any{1: good.Type, 2: good.Version, 3: good.Expires, 4: good.RootKeys,
			5: good.RootThreshold, 6: good.ReleaseKeys, 7: good.ReleaseThreshold, 8: good.Revoked}
		edit(m)
		return sealWire(t, m, signers...)
	}
	withWire := func(edit func(w *rootWire)) []byte {
		w := wireOf(w.root)
		w.Version = 2
		edit(&w)
		return sealWire(t, w, signers...)
	}
	payload, err := metaEnc.Marshal(good)
	wantErr(t, err)

	cases := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"not CBOR", []byte("drey-root")},
		{"truncated", goodSigned[:len(goodSigned)-1]},
		{"trailing byte", append(bytes.Clone(goodSigned), 0)},
		{"too large", append(bytes.Clone(goodSigned), make([]byte, MaxRootSize)...)},
		{"COSE_Sign1", sign1Root(t, payload, signers[0])},
		{"wrong content type", sealWithBody(t, payload, map[any]any{cose.HeaderLabelContentType: "application/cbor"}, signers)},
		{"extra body header", sealWithBody(t, payload, map[any]any{cose.HeaderLabelContentType: rootContentType, cose.HeaderLabelType: "application/x"}, signers)},
		{"too many signatures", manySignatures(t, rawSeal(t, payload, signers[0]), MaxSignatures+1)},
		{"payload not CBOR", rawSeal(t, []byte{0xff}, signers...)},
		{"payload trailing byte", rawSeal(t, append(bytes.Clone(payload), 0), signers...)},
		{"wrong type", withWire(func(w *rootWire) { w.Type = "drey-image" })},
		{"version 0", withWire(func(w *rootWire) { w.Version = 0 })},
		{"expires 0", withWire(func(w *rootWire) { w.Expires = 0 })},
		{"root threshold 0", withWire(func(w *rootWire) { w.RootThreshold = 0 })},
		{"threshold above keys", withWire(func(w *rootWire) { w.ReleaseThreshold = 4 })},
		{"threshold huge", withWire(func(w *rootWire) { w.RootThreshold = 1 << 63 })},
		{"kid not of key", withWire(func(w *rootWire) { w.ReleaseKeys[0].ID = w.ReleaseKeys[1].ID })},
		{"short kid", withWire(func(w *rootWire) { w.ReleaseKeys[0].ID = w.ReleaseKeys[0].ID[:31] })},
		{"key not DER", withWire(func(w *rootWire) { w.ReleaseKeys[0].Public = []byte{1, 2, 3} })},
		{"key not canonical DER", withWire(func(w *rootWire) { w.ReleaseKeys[0].Public = longFormDER(w.ReleaseKeys[0].Public) })},
		{"key too large", withWire(func(w *rootWire) { w.ReleaseKeys[0].Public = make([]byte, maxKeyDER+1) })},
		{"revoked kid short", withWire(func(w *rootWire) { w.Revoked = [][]byte{{1}} })},
		{"too many keys", withWire(func(w *rootWire) {
			for len(w.ReleaseKeys) <= MaxKeys {
				w.ReleaseKeys = append(w.ReleaseKeys, w.ReleaseKeys[0])
			}
		})},
		{"unknown field", asMap(func(m map[int]any) { m[9] = 1 })},
		{"missing revoked", asMap(func(m map[int]any) { delete(m, 8) })},
		{"missing type", asMap(func(m map[int]any) { delete(m, 1) })},
		{"revoked null", asMap(func(m map[int]any) { m[8] = nil })},
		{"version not shortest", asMap(func(m map[int]any) { m[2] = cbor.RawMessage{0x1b, 0, 0, 0, 0, 0, 0, 0, 2} })},
		{"version tagged", asMap(func(m map[int]any) { m[2] = cbor.RawMessage{0xc1, 0x02} })},
		{"version negative", asMap(func(m map[int]any) { m[2] = -2 })},
		{"type as bytes", asMap(func(m map[int]any) { m[1] = []byte(rootType) })},
		{"keys as map", asMap(func(m map[int]any) { m[4] = map[int]int{1: 1} })},
		{"duplicate map key", rawSeal(t, duplicateVersion(payload), signers...)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewTrusted(c.b)
			wantErr(t, err, ErrMalformed)
			tr := w.device(t)
			wantErr(t, tr.UpdateRoot(c.b), ErrMalformed)
			unchanged(t, tr, w.signed)
		})
	}
	// The base case itself is fine, so each case fails for its own reason.
	wantErr(t, w.device(t).UpdateRoot(goodSigned))
}

// TestSignatureHeaders checks that a signature counts only when its
// protected header is exactly {alg, kid} and alg is the key's (REQ-SEC-5).
func TestSignatureHeaders(t *testing.T) {
	w := newWorld(t)
	r := w.root.clone()
	r.Version = 2
	payload, err := encodeRoot(r)
	wantErr(t, err)
	for _, c := range []struct {
		name   string
		header func(kid KeyID) cose.ProtectedHeader
	}{
		{"no kid", func(KeyID) cose.ProtectedHeader {
			return cose.ProtectedHeader{cose.HeaderLabelAlgorithm: cose.AlgorithmEdDSA}
		}},
		{"extra label", func(kid KeyID) cose.ProtectedHeader {
			return cose.ProtectedHeader{cose.HeaderLabelAlgorithm: cose.AlgorithmEdDSA, cose.HeaderLabelKeyID: kid[:], cose.HeaderLabelContentType: "application/x"}
		}},
		{"short kid", func(kid KeyID) cose.ProtectedHeader {
			return cose.ProtectedHeader{cose.HeaderLabelAlgorithm: cose.AlgorithmEdDSA, cose.HeaderLabelKeyID: kid[:8]}
		}},
		{"kid of another key", func(KeyID) cose.ProtectedHeader {
			other := kidOf(t, w.rootSigners[2])
			return cose.ProtectedHeader{cose.HeaderLabelAlgorithm: cose.AlgorithmEdDSA, cose.HeaderLabelKeyID: other[:]}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Signer 0 signs properly; signer 1's signature has the odd
			// header and must not make up the threshold of 2.
			msg := cose.NewSignMessage()
			msg.Headers.Protected[cose.HeaderLabelContentType] = rootContentType
			msg.Payload = payload
			var cs []cose.Signer
			for i, s := range w.rootSigners[:2] {
				kid := kidOf(t, s)
				sig := cose.NewSignature()
				sig.Headers.Protected = cose.ProtectedHeader{cose.HeaderLabelAlgorithm: cose.AlgorithmEdDSA, cose.HeaderLabelKeyID: kid[:]}
				if i == 1 {
					sig.Headers.Protected = c.header(kid)
				}
				msg.Signatures = append(msg.Signatures, sig)
				signer, err := cose.NewSigner(cose.AlgorithmEdDSA, s)
				wantErr(t, err)
				cs = append(cs, signer)
			}
			wantErr(t, msg.Sign(rand.Reader, nil, cs...))
			b, err := msg.MarshalCBOR()
			wantErr(t, err)
			tr := w.device(t)
			wantErr(t, tr.UpdateRoot(b), ErrTooFewSignatures)
			unchanged(t, tr, w.signed)
		})
	}
}

// TestTamperedSignature checks that a signature that does not verify is
// counted as bad, not as a signer (REQ-SEC-5).
func TestTamperedSignature(t *testing.T) {
	w := newWorld(t)
	r := w.root.clone()
	r.Version = 2
	var msg cose.SignMessage
	wantErr(t, msg.UnmarshalCBOR(rawSign(t, r, w.rootSigners[:2]...)))
	msg.Signatures[1].Signature[0] ^= 1
	b, err := msg.MarshalCBOR()
	wantErr(t, err)
	tr := w.device(t)
	wantErr(t, tr.UpdateRoot(b), ErrTooFewSignatures, ErrBadSignature)
	unchanged(t, tr, w.signed)
}

// sign1Root wraps payload in a COSE_Sign1 instead of a COSE_Sign.
func sign1Root(t testing.TB, payload []byte, s crypto.Signer) []byte {
	t.Helper()
	cs, err := cose.NewSigner(cose.AlgorithmEdDSA, s)
	wantErr(t, err)
	b, err := cose.Sign1(rand.Reader, cs, cose.Headers{Protected: cose.ProtectedHeader{cose.HeaderLabelContentType: rootContentType}}, payload, nil)
	wantErr(t, err)
	return b
}

// sealWithBody is sealRoot with another body protected header.
func sealWithBody(t testing.TB, payload []byte, body map[any]any, signers []crypto.Signer) []byte {
	t.Helper()
	msg := cose.NewSignMessage()
	msg.Headers.Protected = body
	msg.Payload = payload
	var cs []cose.Signer
	for _, s := range signers {
		signer, err := cose.NewSigner(cose.AlgorithmEdDSA, s)
		wantErr(t, err)
		kid := kidOf(t, s)
		sig := cose.NewSignature()
		sig.Headers.Protected[cose.HeaderLabelKeyID] = kid[:]
		msg.Signatures = append(msg.Signatures, sig)
		cs = append(cs, signer)
	}
	wantErr(t, msg.Sign(rand.Reader, nil, cs...))
	b, err := msg.MarshalCBOR()
	wantErr(t, err)
	return b
}

// manySignatures repeats the one signature of signed until there are n.
func manySignatures(t testing.TB, signed []byte, n int) []byte {
	t.Helper()
	var msg cose.SignMessage
	wantErr(t, msg.UnmarshalCBOR(signed))
	for len(msg.Signatures) < n {
		msg.Signatures = append(msg.Signatures, msg.Signatures[0])
	}
	b, err := msg.MarshalCBOR()
	wantErr(t, err)
	return b
}

// longFormDER rewrites the outer SEQUENCE length of a short DER encoding in
// the long form, which BER allows and DER does not.
func longFormDER(der []byte) []byte {
	return append([]byte{der[0], 0x81, der[1]}, der[2:]...)
}

// duplicateVersion adds a second field 2 to a root-metadata map.
func duplicateVersion(payload []byte) []byte {
	b := bytes.Clone(payload)
	b[0]++ // one more map pair: 0xa8 becomes 0xa9
	return append(b, 0x02, 0x03)
}
