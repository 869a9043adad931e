package suit

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/veraison/go-cose"
)

// examplePublicKey is the public half of the draft's example key (§B of
// draft-ietf-suit-manifest-33), so that the fuzz targets run without the
// vectors folder.
const examplePublicKey = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEhJaBGq4LqqvSYVcYnuzaJr6qi/Eb
bz/m4rVlnIXbwK07HypLbAmBMcCjbazR14vTgdzfsJwFLbM5kdtzOLSolg==
-----END PUBLIC KEY-----`

func fuzzKeys(f *testing.F) *KeySet {
	block, _ := pem.Decode([]byte(examplePublicKey))
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		f.Fatal(err)
	}
	ks, err := NewKeySet(Key{Algorithm: cose.AlgorithmES256, Public: pub})
	if err != nil {
		f.Fatal(err)
	}
	return ks
}

// FuzzDecode feeds arbitrary envelopes to Decode and Verify with the
// example key. Neither may panic or return an untyped error, and anything
// that verifies must encode back to the bytes that were signed and process
// without panicking (REQ-SEC-2, REQ-SEC-3). The seed corpus in
// testdata/fuzz/FuzzDecode holds the six published examples.
func FuzzDecode(f *testing.F) {
	keys := fuzzKeys(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := Decode(data)
		if err != nil {
			if sentinelOf(err) == nil {
				t.Fatalf("Decode: untyped error %v", err)
			}
			return
		}
		m, err := env.Verify(keys, 1)
		if err != nil {
			if sentinelOf(err) == nil {
				t.Fatalf("Verify: untyped error %v", err)
			}
			return
		}
		b, err := m.Marshal()
		if err != nil || !bytes.Equal(b, env.ManifestBytes()) {
			t.Fatalf("verified manifest does not encode back: %v", err)
		}
		processForFlip(m)
	})
}

// FuzzManifest feeds arbitrary manifests to the manifest decoder directly,
// past the signature check a fuzzer cannot forge, and then to the
// interpreter: no panic, typed errors only, and every manifest accepted
// encodes back to its input.
func FuzzManifest(f *testing.F) {
	if _, err := os.Stat(vectorDir); err == nil {
		for n := 0; n < numExamples; n++ {
			env, err := Decode(example(f, n))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(env.ManifestBytes())
		}
	}
	b, err := dreyManifest(payload(1, 100)).Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > MaxEnvelopeSize {
			return
		}
		m, err := decodeManifest(data, nil)
		if err != nil {
			if sentinelOf(err) == nil {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		b, _, err := m.MarshalSevered()
		if err != nil || !bytes.Equal(b, data) {
			t.Fatalf("accepted manifest does not encode back: %v", err)
		}
		processForFlip(m)
	})
}

// TestFuzzCorpus checks that the FuzzDecode seed corpus holds exactly the
// published examples.
func TestFuzzCorpus(t *testing.T) {
	for n := 0; n < numExamples; n++ {
		data, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzDecode", fmt.Sprintf("example%d", n)))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" || !strings.HasPrefix(lines[1], "[]byte(") {
			t.Fatalf("example%d: not a go fuzz file", n)
		}
		seed, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal([]byte(seed), example(t, n)) {
			t.Errorf("example%d: seed differs from the published envelope", n)
		}
	}
}
