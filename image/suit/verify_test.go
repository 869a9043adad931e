package suit

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"testing"

	"github.com/veraison/go-cose"
)

// TestVerifyExamples checks that the six published examples decode and
// verify with the published key, and that what Verify returns is what they
// say (REQ-SEC-3: the manifest is reached only through Verify).
func TestVerifyExamples(t *testing.T) {
	for n := 0; n < numExamples; n++ {
		env, m := verifyExample(t, n)
		if m.SequenceNumber != uint64(n) {
			t.Errorf("example %d: sequence number %d", n, m.SequenceNumber)
		}
		if len(env.Signatures) != 1 || env.Signatures[0].KeyID != nil {
			t.Errorf("example %d: signatures %+v", n, env.Signatures)
		}
	}
}

// signRaw signs manifest bytes without the checks Sign makes, to build
// envelopes a careful signer would refuse.
func signRaw(t testing.TB, manifest []byte, severed map[int64][]byte, signers ...cose.Signer) []byte {
	t.Helper()
	wrapped := encBstr(manifest)
	digest := SHA256(wrapped).encode()
	auth := [][]byte{encBstr(digest)}
	for _, s := range signers {
		block, err := sign1(s, digest)
		if err != nil {
			t.Fatal(err)
		}
		auth = append(auth, encBstr(block))
	}
	return encodeEnvelope(encBstr(encArray(auth...)), wrapped, severed)
}

// TestVerifyAlgorithms checks that ES256, PS256 and EdDSA signatures all
// verify through the same code, and that each block names its algorithm in
// its protected header (REQ-SEC-9).
func TestVerifyAlgorithms(t *testing.T) {
	for _, k := range testKeys(t)[:3] {
		data := buildEnvelope(t, dreyManifest(payload(1, 100)), k)
		env, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", k.key.ID, err)
		}
		if env.Signatures[0].Algorithm != k.key.Algorithm || string(env.Signatures[0].KeyID) != string(k.key.ID) {
			t.Errorf("%s: block says %v kid %q", k.key.ID, env.Signatures[0].Algorithm, env.Signatures[0].KeyID)
		}
		if _, err := env.Verify(keySetOf(t, testKeys(t)...), 1); err != nil {
			t.Errorf("%s: %v", k.key.ID, err)
		}
		// Without the kid the key is found by trying every key of the algorithm.
		anon := k.key
		anon.ID = nil
		ks, err := NewKeySet(anon)
		if err != nil {
			t.Fatal(err)
		}
		signer := k.signer.(keyedSigner).Signer
		env, err = Decode(buildEnvelope(t, dreyManifest(payload(1, 100)), testKey{signer: signer}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Verify(ks, 1); err != nil {
			t.Errorf("%s without kid: %v", k.key.ID, err)
		}
	}
}

// TestVerifyThreshold checks k-of-n signing: the count is of distinct
// trusted keys, a key that signs twice counts once, signatures by unknown
// keys count for nothing, and a signature that fails to verify rejects the
// envelope (REQ-SEC-5).
func TestVerifyThreshold(t *testing.T) {
	keys := testKeys(t)
	es, ps, ed, es2 := keys[0], keys[1], keys[2], keys[3]
	trusted := keySetOf(t, es, ps, ed) // es2 is unknown to the device
	m := dreyManifest(payload(1, 100))
	manifest, severed, err := m.MarshalSevered()
	if err != nil {
		t.Fatal(err)
	}
	wrapped := map[int64][]byte{}
	for l, b := range severed {
		wrapped[l] = encBstr(b)
	}
	tests := []struct {
		name      string
		signers   []cose.Signer
		threshold int
		want      []error
	}{
		{"1 of 3", signersOf(es), 1, nil},
		{"2 of 3 with 2", signersOf(es, ed), 2, nil},
		{"3 of 3 with 3", signersOf(ps, es, ed), 3, nil},
		{"2 of 3 with 1", signersOf(ps), 2, []error{ErrTooFewSignatures}},
		{"same key twice counts once", signersOf(es, es), 2, []error{ErrTooFewSignatures}},
		{"unknown key counts for nothing", signersOf(es, es2), 2, []error{ErrTooFewSignatures, ErrUnknownKey}},
		{"unknown key is skipped", signersOf(es2, ed), 1, nil},
		{"only an unknown key", signersOf(es2), 1, []error{ErrTooFewSignatures, ErrUnknownKey}},
		{"threshold above the key count", signersOf(es, ps, ed), 4, []error{ErrTooFewSignatures}},
	}
	for _, tc := range tests {
		env, err := Decode(signRaw(t, manifest, wrapped, tc.signers...))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		_, err = env.Verify(trusted, tc.threshold)
		if tc.want == nil && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		for _, w := range tc.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: %v, want %v", tc.name, err, w)
			}
		}
	}
	if _, err := Decode(signRaw(t, manifest, wrapped)); !errors.Is(err, ErrTooFewSignatures) {
		t.Errorf("no signature: %v", err)
	}
	env, _ := Decode(signRaw(t, manifest, wrapped, es.signer))
	if _, err := env.Verify(trusted, 0); err == nil {
		t.Error("threshold 0 accepted")
	}
}

// TestVerifyRejects checks the typed errors of Verify: a wrong digest, a
// forged signature, a kid naming a key of another algorithm, an unsupported
// manifest version, and a severed member that does not match its digest.
func TestVerifyRejects(t *testing.T) {
	keys := testKeys(t)
	es, ed := keys[0], keys[2]
	trusted := keySetOf(t, es, ed)
	good := buildEnvelope(t, dreyManifest(payload(1, 100)), es)

	t.Run("digest", func(t *testing.T) {
		env, _ := Decode(good)
		env.Digest.Bytes = make([]byte, 32)
		if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrDigestMismatch) {
			t.Errorf("%v", err)
		}
	})
	t.Run("signature", func(t *testing.T) {
		env, _ := Decode(good)
		env.Signatures[0].msg.Signature[5] ^= 1
		if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%v", err)
		}
	})
	t.Run("kid of another algorithm", func(t *testing.T) {
		env, _ := Decode(good)
		env.Signatures[0].KeyID = ed.key.ID
		if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%v", err)
		}
	})
	t.Run("signed by the wrong key under a trusted kid", func(t *testing.T) {
		impostor := WithKeyID(keys[3].signer.(keyedSigner).Signer, es.key.ID)
		env, _ := Decode(buildEnvelope(t, dreyManifest(payload(1, 100)), testKey{signer: impostor}))
		if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%v", err)
		}
	})
	t.Run("version", func(t *testing.T) {
		m := encMap([]encPair{{encInt(1), encUint(2)}, {encInt(2), encUint(0)}})
		env, err := Decode(signRaw(t, m, nil, es.signer))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrUnsupportedVersion) {
			t.Errorf("%v", err)
		}
	})
	t.Run("severed member", func(t *testing.T) {
		m := dreyManifest(payload(1, 100))
		manifest, severed, _ := m.MarshalSevered()
		text := encBstr(severed[MemberText])
		text[len(text)-1] ^= 1
		env, err := Decode(signRaw(t, manifest, map[int64][]byte{MemberText: text}, es.signer))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrDigestMismatch) {
			t.Errorf("%v", err)
		}
	})
	t.Run("severed member without digest", func(t *testing.T) {
		m := dreyManifest(payload(1, 100))
		manifest, severed, _ := m.MarshalSevered()
		extra := map[int64][]byte{MemberText: encBstr(severed[MemberText]), MemberFetch: encBstr(m.Validate.encode())}
		env, err := Decode(signRaw(t, manifest, extra, es.signer))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrDigestMismatch) {
			t.Errorf("%v", err)
		}
	})
}

// TestNewKeySet checks that a KeySet refuses keys that would break the
// count of distinct signers, or whose strength or algorithm is wrong.
func TestNewKeySet(t *testing.T) {
	keys := testKeys(t)
	es, ps := keys[0].key, keys[1].key
	weak, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sameKeyOtherID := es
	sameKeyOtherID.ID = []byte("other")
	otherKeySameID := keys[3].key
	otherKeySameID.ID = es.ID
	wrongAlg := es
	wrongAlg.Algorithm = cose.AlgorithmES384
	tests := map[string][]Key{
		"same public key twice": {es, sameKeyOtherID},
		"same kid twice":        {es, otherKeySameID},
		"RSA-2048":              {{Algorithm: cose.AlgorithmPS256, Public: &weak.PublicKey}},
		"curve and alg differ":  {wrongAlg},
		"RSA with ES256":        {{Algorithm: cose.AlgorithmES256, Public: ps.Public}},
	}
	for name, ks := range tests {
		if _, err := NewKeySet(ks...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestNothingParsedBeforeSignature checks that a manifest that is not even
// CBOR passes Decode, which leaves it raw, and that Verify reports the
// signature problem, not the garbage, unless a trusted key signed it
// (REQ-SEC-3: the manifest is parsed only after it is authenticated).
func TestNothingParsedBeforeSignature(t *testing.T) {
	keys := testKeys(t)
	trusted := keySetOf(t, keys[0])
	garbage := []byte{0xff, 0x1f, 0xbf, 0x00}
	tests := []struct {
		name   string
		signer cose.Signer
		want   error
	}{
		{"untrusted signer", keys[3].signer, ErrUnknownKey},
		{"trusted signer", keys[0].signer, ErrMalformed},
	}
	for _, tc := range tests {
		env, err := Decode(signRaw(t, garbage, nil, tc.signer))
		if err != nil {
			t.Fatalf("%s: Decode parsed the manifest: %v", tc.name, err)
		}
		if _, err := env.Verify(trusted, 1); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	env, _ := Decode(signRaw(t, garbage, nil, keys[0].signer))
	env.manifest = encBstr([]byte{0xff})
	if _, err := env.Verify(trusted, 1); !errors.Is(err, ErrDigestMismatch) {
		t.Errorf("swapped manifest: %v", err)
	}
}
