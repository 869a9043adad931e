package suit

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/veraison/go-cose"
)

// vectorDir holds the SUIT working group's examples 0–5 (see
// ../shared/vectors/README.md).
const vectorDir = "../../../shared/vectors/suit-manifest"

const numExamples = 6

func skipWithoutVectors(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(vectorDir); err != nil {
		t.Skipf("SUIT test vectors not found at %s (CI always has ../shared/vectors): %v", vectorDir, err)
	}
}

// exampleHex returns the hex blocks of exampleN.txt in order; the last is
// the complete signed envelope (with severable elements, for example 2).
func exampleHex(t testing.TB, n int) [][]byte {
	t.Helper()
	skipWithoutVectors(t)
	text, err := os.ReadFile(filepath.Join(vectorDir, "example"+string(rune('0'+n))+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	var blocks [][]byte
	parts := strings.Split(string(text), "~~~")
	for i := 1; i < len(parts); i += 2 {
		body := strings.Join(strings.Fields(parts[i]), "")
		if b, err := hex.DecodeString(body); err == nil && len(b) > 0 {
			blocks = append(blocks, b)
		}
	}
	if len(blocks) == 0 {
		t.Fatalf("example %d: no hex block", n)
	}
	return blocks
}

// example returns the complete signed envelope of example n.
func example(t testing.TB, n int) []byte {
	blocks := exampleHex(t, n)
	return blocks[len(blocks)-1]
}

// exampleKey returns the published example private key.
func exampleKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	skipWithoutVectors(t)
	data, err := os.ReadFile(filepath.Join(vectorDir, "private_key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatal("private_key.pem: no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*ecdsa.PrivateKey)
}

// exampleKeys returns a KeySet holding the public half of the example key.
// The examples carry no kid, so the key has none either.
func exampleKeys(t testing.TB) *KeySet {
	t.Helper()
	ks, err := NewKeySet(Key{Algorithm: cose.AlgorithmES256, Public: &exampleKey(t).PublicKey})
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func exampleSigner(t testing.TB) cose.Signer {
	t.Helper()
	s, err := cose.NewSigner(cose.AlgorithmES256, exampleKey(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// verifyExample decodes and verifies example n with the published key.
func verifyExample(t testing.TB, n int) (*Envelope, *Manifest) {
	t.Helper()
	env, err := Decode(example(t, n))
	if err != nil {
		t.Fatalf("example %d: Decode: %v", n, err)
	}
	m, err := env.Verify(exampleKeys(t), 1)
	if err != nil {
		t.Fatalf("example %d: Verify: %v", n, err)
	}
	return env, m
}
