package build

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/veraison/go-cose"

	"drey/image/suit"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// detRand is a deterministic byte stream for content keys and IVs.
type detRand struct{ n byte }

func (r *detRand) Read(p []byte) (int, error) {
	for i := range p {
		r.n++
		p[i] = r.n
	}
	return len(p), nil
}

// goldenSpec builds from fixed keys, payload and randomness: Ed25519
// signatures are deterministic, so the image is too.
func goldenSpec(t *testing.T, enc uint64) Spec {
	seed := sha256.Sum256([]byte("drey golden release key"))
	k := ed25519.NewKeyFromSeed(seed[:])
	s, err := cose.NewSigner(cose.AlgorithmEdDSA, k)
	if err != nil {
		t.Fatal(err)
	}
	payload := bytes.Repeat([]byte("golden firmware "), 700) // 11200 bytes, 3 blocks
	return Spec{
		Model: "imp001", Slot: "improm", Version: "36.10", Sequence: 12, MinBootrom: "2.0",
		Payload: payload, Encryption: enc, ModelKey: bytes.Repeat([]byte{9}, 32), ModelKeyID: []byte("model-1"),
		Signers: []cose.Signer{suit.WithKeyID(s, []byte("golden-release"))}, Rand: &detRand{},
	}
}

// The image format cannot change silently: fixed keys and payload give
// exactly the bytes in testdata (regenerate with -update, and say why in
// the commit).
func TestGolden(t *testing.T) {
	for name, enc := range map[string]uint64{"none": suit.EncryptionNone, "model": suit.EncryptionModel, "device": suit.EncryptionDevice} {
		img, err := Build(goldenSpec(t, enc))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "golden-"+name+".img")
		if *update {
			if err := os.WriteFile(path, img.File, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(img.File, want) {
			t.Errorf("%s: built %d bytes that differ from %s (%d bytes): the format changed", name, len(img.File), path, len(want))
		}
	}
}

// The content key file round-trips.
func TestContentKey(t *testing.T) {
	img, err := Build(goldenSpec(t, suit.EncryptionDevice))
	if err != nil {
		t.Fatal(err)
	}
	cek, alg, iv, err := DecodeContentKey(img.EncodeContentKey())
	if err != nil || !bytes.Equal(cek, img.CEK) || alg != img.Alg || !bytes.Equal(iv, img.IV) {
		t.Fatalf("round trip: %v", err)
	}
	if _, _, _, err := DecodeContentKey([]byte{2, 0}); err == nil {
		t.Fatal("bad version accepted")
	}
}
