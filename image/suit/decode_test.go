package suit

import (
	"bytes"
	"errors"
	"testing"
)

// envelopeParts splits example 0 into its bstr-wrapped auth and manifest
// and the parts of its COSE_Sign1.
func envelopeParts(t *testing.T) (auth, manifest, protected, sig []byte) {
	t.Helper()
	entries, err := readIntMap("envelope", example(t, 0)[2:])
	if err != nil {
		t.Fatal(err)
	}
	auth, manifest = entries[0].val, entries[1].val
	env, err := Decode(example(t, 0))
	if err != nil {
		t.Fatal(err)
	}
	return auth, manifest, encBstr(env.Signatures[0].msg.Headers.RawProtected[1:]), encBstr(env.Signatures[0].msg.Signature)
}

func tagged(tag uint64, item []byte) []byte { return append(appendHead(nil, majorTag, tag), item...) }

// withBlock returns example 0's envelope with its authentication block
// replaced by block.
func withBlock(t *testing.T, block []byte) []byte {
	t.Helper()
	auth, manifest, _, _ := envelopeParts(t)
	inner, _ := readBstr("auth", auth)
	items, _ := readArray("auth", inner)
	return encodeEnvelope(encBstr(encArray(items[0], encBstr(block))), manifest, nil)
}

// TestDecodeStrict checks that Decode refuses, with the right error, every
// departure from the envelope's strict form: CBOR that is not deterministic
// or well-formed, and SUIT or COSE elements this package does not support.
func TestDecodeStrict(t *testing.T) {
	auth, manifest, protected, sig := envelopeParts(t)
	ex0 := example(t, 0)
	blocks := [][]byte{}
	inner, _ := readBstr("auth", auth)
	items, _ := readArray("auth", inner)
	for i := 0; i < MaxSignatures+1; i++ {
		blocks = append(blocks, items[1])
	}
	sign1With := func(prot, unprot, payload []byte) []byte {
		return tagged(18, encArray(prot, unprot, payload, sig))
	}
	indefinite := append([]byte{0xd8, 0x6b, 0xbf}, ex0[3:]...)
	indefinite = append(indefinite, 0xff)
	nonMinimal := bytes.Replace(ex0, []byte{0x03, 0x58, 0x71}, []byte{0x03, 0x59, 0x00, 0x71}, 1)
	sha512 := encArray(encInt(-44), encBstr(make([]byte, 64)))

	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"untagged", ex0[2:], ErrMalformed},
		{"tag 1070", tagged(1070, ex0[2:]), ErrUnsupportedElement},
		{"tag 107 in a longer head", append([]byte{0xd9, 0x00, 0x6b}, ex0[2:]...), ErrUnsupportedElement},
		{"trailing byte", append(append([]byte(nil), ex0...), 0), ErrMalformed},
		{"truncated", ex0[:len(ex0)-1], ErrMalformed},
		{"indefinite-length map", indefinite, ErrMalformed},
		{"non-minimal length", nonMinimal, ErrMalformed},
		{"duplicate key", append([]byte{0xd8, 0x6b}, encMapRaw(encPair{encInt(2), auth}, encPair{encInt(3), manifest}, encPair{encInt(3), manifest})...), ErrMalformed},
		{"keys out of order", append([]byte{0xd8, 0x6b}, encMapRaw(encPair{encInt(3), manifest}, encPair{encInt(2), auth})...), ErrMalformed},
		{"no manifest", append([]byte{0xd8, 0x6b}, encMap([]encPair{{encInt(2), auth}})...), ErrMalformed},
		{"delegation", encodeEnvelope(auth, manifest, map[int64][]byte{1: encBstr(encArray())}), ErrUnsupportedElement},
		{"unknown key", encodeEnvelope(auth, manifest, map[int64][]byte{5: encBstr(encUint(0))}), ErrUnsupportedElement},
		{"integrated payload", append([]byte{0xd8, 0x6b}, encMap([]encPair{{encInt(2), auth}, {encInt(3), manifest}, {encTstr("#fw"), encBstr([]byte{1})}})...), ErrUnsupportedElement},
		{"manifest not a bstr", encodeEnvelope(auth, encUint(1), nil), ErrMalformed},
		{"oversize", make([]byte, MaxEnvelopeSize+1), ErrMalformed},
		{"digest SHA-512", encodeEnvelope(encBstr(encArray(encBstr(sha512), items[1])), manifest, nil), ErrUnsupportedElement},
		{"no authentication block", encodeEnvelope(encBstr(encArray(items[0])), manifest, nil), ErrTooFewSignatures},
		{"too many blocks", encodeEnvelope(encBstr(encArray(append([][]byte{items[0]}, blocks...)...)), manifest, nil), ErrMalformed},
		{"COSE_Mac0", withBlock(t, tagged(17, encArray(protected, encMap(nil), encNull, sig))), ErrUnsupportedElement},
		{"COSE_Sign", withBlock(t, tagged(98, encArray(protected, encMap(nil), encNull, encArray()))), ErrUnsupportedElement},
		{"untagged COSE_Sign1", withBlock(t, encArray(protected, encMap(nil), encNull, sig)), ErrMalformed},
		{"attached payload", withBlock(t, sign1With(protected, encMap(nil), encBstr([]byte{1}))), ErrUnsupportedElement},
		{"unprotected content type", withBlock(t, sign1With(protected, encMap([]encPair{{encInt(3), encUint(0)}}), encNull)), ErrUnsupportedElement},
		{"protected crit", withBlock(t, sign1With(encBstr(encMap([]encPair{{encInt(1), encInt(-7)}, {encInt(2), encArray(encInt(99))}})), encMap(nil), encNull)), ErrUnsupportedElement},
		{"no alg", withBlock(t, sign1With(encBstr(nil), encMap(nil), encNull)), ErrMalformed},
		{"tag inside a block", withBlock(t, sign1With(protected, encMap([]encPair{{encInt(4), tagged(24, encBstr(nil))}}), encNull)), ErrMalformed},
	}
	for _, tc := range tests {
		_, err := Decode(tc.data)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// encMapRaw writes map pairs in the given order, unsorted.
func encMapRaw(pairs ...encPair) []byte {
	b := appendHead(nil, majorMap, uint64(len(pairs)))
	for _, p := range pairs {
		b = append(append(b, p.key...), p.val...)
	}
	return b
}

// rawManifest returns a one-component manifest whose validate sequence is
// the given encoded sequence.
func rawManifest(validate []byte) []byte {
	return rawManifestN(1, validate)
}

// rawManifestN is rawManifest with n components.
func rawManifestN(n int, validate []byte) []byte {
	var ids [][]byte
	for i := 0; i < n; i++ {
		ids = append(ids, encArray(encBstr([]byte{byte(i)})))
	}
	common := encMap([]encPair{{encInt(CommonComponents), encArray(ids...)}})
	return encMap([]encPair{
		{encInt(ManifestVersion), encUint(1)},
		{encInt(ManifestSequence), encUint(0)},
		{encInt(ManifestCommon), encBstr(common)},
		{encInt(ManifestValidate), encBstr(validate)},
	})
}

func seq(items ...[]byte) []byte { return encArray(items...) }

func override(pairs ...encPair) []byte {
	return seq(encInt(DirOverride), encMap(pairs))
}

// TestVerifyStrictManifest checks that a correctly signed manifest is still
// refused when it uses an element this package rejects or is not in strict
// form: the signature vouches for the bytes, not for the device's ability
// to process them.
func TestVerifyStrictManifest(t *testing.T) {
	k := testKeys(t)[0]
	trusted := keySetOf(t, k)
	imageMatch := seq(encInt(CondImageMatch), encUint(15))
	nest := imageMatch
	for i := 0; i <= MaxSequenceDepth; i++ {
		nest = seq(encInt(DirTryEach), encArray(encBstr(nest), encNull))
	}
	tests := []struct {
		name     string
		manifest []byte
		want     error
	}{
		{"good", rawManifest(imageMatch), nil},
		{"swap", rawManifest(seq(encInt(31), encUint(0))), ErrUnsupportedElement},
		{"write", rawManifest(seq(encInt(18), encUint(0))), ErrUnsupportedElement},
		{"custom command", rawManifest(seq(encInt(-257), encNull)), ErrUnsupportedElement},
		{"set-parameters", rawManifest(seq(encInt(19), encMap([]encPair{{encInt(ParamImageSize), encUint(1)}}))), ErrUnsupportedElement},
		{"device-id parameter", rawManifest(override(encPair{encInt(24), encBstr(make([]byte, 16))})), ErrUnsupportedElement},
		{"unknown Drey parameter", rawManifest(override(encPair{encInt(-10), encUint(1)})), ErrUnsupportedElement},
		{"custom parameter", rawManifest(override(encPair{encInt(-300), encUint(1)})), ErrUnsupportedElement},
		{"duplicate parameter", rawManifest(seq(encInt(DirOverride), encMapRaw(encPair{encInt(14), encUint(1)}, encPair{encInt(14), encUint(2)}))), ErrMalformed},
		{"parameters out of order", rawManifest(seq(encInt(DirOverride), encMapRaw(encPair{encInt(21), encTstr("x")}, encPair{encInt(14), encUint(2)}))), ErrMalformed},
		{"vendor-id of 15 bytes", rawManifest(override(encPair{encInt(ParamVendorID), encBstr(make([]byte, 15))})), ErrMalformed},
		{"image-size negative", rawManifest(override(encPair{encInt(ParamImageSize), encInt(-1)})), ErrMalformed},
		{"tag in a sequence", rawManifest(seq(encInt(DirOverride), encMap([]encPair{{encInt(ParamURI), tagged(32, encTstr("http://x"))}}))), ErrMalformed},
		{"odd sequence", rawManifest(seq(encInt(CondImageMatch))), ErrMalformed},
		{"empty sequence", rawManifest(seq()), ErrMalformed},
		{"try-each nested too deep", rawManifest(nest), ErrUnsupportedElement},
		{"index out of range", rawManifest(seq(encInt(DirSetIndex), encUint(1))), ErrMalformed},
		{"index false", rawManifest(seq(encInt(DirSetIndex), encBool(false))), ErrMalformed},
		{"two components, sequence without set-component-index", rawManifestN(2, imageMatch), ErrMalformed},
		{"two components, sequence with set-component-index", rawManifestN(2, seq(encInt(DirSetIndex), encBool(true), encInt(CondImageMatch), encUint(0))), nil},
		{"too many components", rawManifestN(MaxComponents+1, seq(encInt(DirSetIndex), encUint(0))), ErrUnsupportedElement},
		{"validate severed", bytes.Replace(rawManifest(imageMatch), append(encInt(ManifestValidate), encBstr(imageMatch)...), append(encInt(ManifestValidate), SHA256(encBstr(imageMatch)).encode()...), 1), ErrMalformed},
		{"dependencies", encMap([]encPair{{encInt(1), encUint(1)}, {encInt(2), encUint(0)}, {encInt(3), encBstr(encMap([]encPair{{encInt(1), encArray()}}))}}), ErrUnsupportedElement},
		{"unknown manifest key", encMap([]encPair{{encInt(1), encUint(1)}, {encInt(2), encUint(0)}, {encInt(3), encBstr(encMap([]encPair{{encInt(2), encArray(encArray())}}))}, {encInt(5), encUint(0)}}), ErrUnsupportedElement},
		{"version 2", encMap([]encPair{{encInt(1), encUint(2)}}), ErrUnsupportedVersion},
		{"version as text", encMap([]encPair{{encInt(1), encTstr("1")}}), ErrUnsupportedVersion},
		{"no version", encMap([]encPair{{encInt(2), encUint(0)}}), ErrMalformed},
	}
	for _, tc := range tests {
		env, err := Decode(signRaw(t, tc.manifest, nil, k.signer))
		if err != nil {
			t.Fatalf("%s: Decode: %v", tc.name, err)
		}
		_, err = env.Verify(trusted, 1)
		if (tc.want == nil && err != nil) || !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}
