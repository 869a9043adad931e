package suit

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"

	"github.com/veraison/go-cose"
)

// testKey is a generated signing key with its KeySet entry.
type testKey struct {
	signer cose.Signer
	key    Key
}

var (
	testKeysOnce sync.Once
	testKeysList []testKey
	testKeysErr  error
)

// testKeys returns four keys, generated once per test binary: ES256,
// PS256 (RSA-3072), EdDSA and a second ES256, with kids "es256", "ps256",
// "eddsa" and "es256-2".
func testKeys(t testing.TB) []testKey {
	t.Helper()
	testKeysOnce.Do(func() {
		mk := func(kid string, alg cose.Algorithm, priv crypto.Signer) {
			if testKeysErr != nil {
				return
			}
			s, err := cose.NewSigner(alg, priv)
			if err != nil {
				testKeysErr = err
				return
			}
			testKeysList = append(testKeysList, testKey{
				signer: WithKeyID(s, []byte(kid)),
				key:    Key{ID: []byte(kid), Algorithm: alg, Public: priv.Public()},
			})
		}
		ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			testKeysErr = err
			return
		}
		mk("es256", cose.AlgorithmES256, ec)
		rk, err := rsa.GenerateKey(rand.Reader, 3072)
		if err != nil {
			testKeysErr = err
			return
		}
		mk("ps256", cose.AlgorithmPS256, rk)
		_, ed, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			testKeysErr = err
			return
		}
		mk("eddsa", cose.AlgorithmEdDSA, ed)
		ec2, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			testKeysErr = err
			return
		}
		mk("es256-2", cose.AlgorithmES256, ec2)
	})
	if testKeysErr != nil {
		t.Fatal(testKeysErr)
	}
	return testKeysList
}

func keySetOf(t testing.TB, keys ...testKey) *KeySet {
	t.Helper()
	var ks []Key
	for _, k := range keys {
		ks = append(ks, k.key)
	}
	set, err := NewKeySet(ks...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func signersOf(keys ...testKey) []cose.Signer {
	var out []cose.Signer
	for _, k := range keys {
		out = append(out, k.signer)
	}
	return out
}
