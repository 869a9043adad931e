package trust

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"testing"

	"github.com/veraison/go-cose"
)

// TestValidateThresholds checks that each threshold is from 1 to the
// number of keys of its role, and that a role has at most MaxKeys keys
// (REQ-SEC-5).
func TestValidateThresholds(t *testing.T) {
	three, many := edKeys(0, 3), edKeys(50, MaxKeys+1)
	for _, c := range []struct {
		name                string
		root, release       []crypto.Signer
		rootThr, releaseThr int
		want                []error
	}{
		{"1 of 1", three[:1], three[1:2], 1, 1, nil},
		{"3 of 3", three[:1], many[:3], 1, 3, nil},
		{"root threshold 0", three[:1], three[1:], 0, 1, []error{ErrMalformed}},
		{"root threshold above keys", three[:2], three[2:], 3, 1, []error{ErrMalformed}},
		{"release threshold 0", three[:1], three[1:], 1, 0, []error{ErrMalformed}},
		{"release threshold above keys", three[:1], three[1:], 1, 3, []error{ErrMalformed}},
		{"negative threshold", three[:1], three[1:], -1, 1, []error{ErrMalformed}},
		{"no release keys", three, nil, 1, 1, []error{ErrMalformed}},
		{"too many keys", three[:1], many, 1, 1, []error{ErrMalformed}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewRoot(Spec{
				Expires:  inYear,
				RootKeys: pubs(c.root), RootThreshold: c.rootThr,
				ReleaseKeys: pubs(c.release), ReleaseThreshold: c.releaseThr,
			})
			wantErr(t, err, c.want...)
		})
	}
}

// TestValidateDuplicateKeyIDs checks that a key id appears at most once in
// a root: not twice in one role, not in both roles (a root key is never
// exposed as a release key, REQ-SEC-4), not twice as revoked, and never
// both revoked and current (REQ-SEC-8).
func TestValidateDuplicateKeyIDs(t *testing.T) {
	k := edKeys(0, 3)
	spec := func(root, release []crypto.Signer) Spec {
		return Spec{Expires: inYear, RootKeys: pubs(root), RootThreshold: 1, ReleaseKeys: pubs(release), ReleaseThreshold: 1}
	}
	_, err := NewRoot(spec([]crypto.Signer{k[0], k[0]}, k[1:2]))
	wantErr(t, err, ErrMalformed)
	_, err = NewRoot(spec(k[:2], k[1:3]))
	wantErr(t, err, ErrMalformed)

	r := mustRoot(t, spec(k[:1], k[1:2]))
	r.Revoked = []KeyID{kidOf(t, k[2]), kidOf(t, k[2])}
	wantErr(t, r.Validate(), ErrMalformed)
	r.Revoked = []KeyID{kidOf(t, k[1])}
	wantErr(t, r.Validate(), ErrRevoked)

	// The same on the wire, signed by the root key: refused before any
	// signature is looked at.
	w := wireOf(mustRoot(t, spec(k[:1], k[1:2])))
	w.ReleaseKeys = append(w.ReleaseKeys, w.RootKeys[0])
	w.ReleaseThreshold = 2
	_, err = NewTrusted(sealWire(t, w, k[0]))
	wantErr(t, err, ErrMalformed)
}

// TestKeyPolicy checks the allow-list of REQ-SEC-1: PS256 with RSA of at
// least 3072 bits, ES256 on P-256, EdDSA on Ed25519; anything else,
// including RSA-2048, is ErrWeakKey, on the offline side and on the wire.
func TestKeyPolicy(t *testing.T) {
	weak, strong := rsaKeys(t)
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	wantErr(t, err)
	for _, c := range []struct {
		name string
		pub  crypto.PublicKey
		alg  cose.Algorithm
		want []error
	}{
		{"Ed25519", edKey(0).Public(), cose.AlgorithmEdDSA, nil},
		{"P-256", p256Key(t).Public(), cose.AlgorithmES256, nil},
		{"RSA-3072", strong.Public(), cose.AlgorithmPS256, nil},
		{"RSA-2048", weak.Public(), 0, []error{ErrWeakKey}},
		{"P-384", p384.Public(), 0, []error{ErrWeakKey}},
		{"not a key", "secret", 0, []error{ErrWeakKey}},
	} {
		t.Run(c.name, func(t *testing.T) {
			k, err := NewKey(c.pub)
			wantErr(t, err, c.want...)
			if err == nil && k.Algorithm() != c.alg {
				t.Fatalf("algorithm %v, want %v", k.Algorithm(), c.alg)
			}
		})
	}

	root := edKey(0)
	good := wireOf(mustRoot(t, Spec{Expires: inYear, RootKeys: pubs([]crypto.Signer{root}), RootThreshold: 1,
		ReleaseKeys: pubs([]crypto.Signer{strong}), ReleaseThreshold: 1}))
	_, err = NewTrusted(sealWire(t, good, root))
	wantErr(t, err)

	weakDER, err := x509.MarshalPKIXPublicKey(weak.Public())
	wantErr(t, err)
	for _, c := range []struct {
		name string
		edit func(*keyWire)
	}{
		{"RSA-2048 release key", func(k *keyWire) {
			id := kidOfDER(weakDER)
			*k = keyWire{ID: id[:], Alg: int64(cose.AlgorithmPS256), Public: weakDER}
		}},
		{"RS256 (PKCS#1 v1.5)", func(k *keyWire) { k.Alg = int64(cose.AlgorithmRS256) }},
		{"EdDSA claimed for RSA", func(k *keyWire) { k.Alg = int64(cose.AlgorithmEdDSA) }},
		{"unknown algorithm", func(k *keyWire) { k.Alg = 12345 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := wireOf(mustRoot(t, Spec{Expires: inYear, RootKeys: pubs([]crypto.Signer{root}), RootThreshold: 1,
				ReleaseKeys: pubs([]crypto.Signer{strong}), ReleaseThreshold: 1}))
			c.edit(&w.ReleaseKeys[0])
			_, err := NewTrusted(sealWire(t, w, root))
			wantErr(t, err, ErrWeakKey)
		})
	}
}

// TestRSARootOfTrust runs PS256 with an RSA-3072 key through the whole
// life of a root: it signs the factory root and a rotation as a root key,
// and, in another root, an image as a release key (REQ-SEC-1, REQ-SEC-6).
func TestRSARootOfTrust(t *testing.T) {
	_, strong := rsaKeys(t)
	rootKeys := []crypto.Signer{strong, edKey(1)}
	r := mustRoot(t, Spec{Expires: inYear, RootKeys: pubs(rootKeys), RootThreshold: 2,
		ReleaseKeys: pubs([]crypto.Signer{p256Key(t)}), ReleaseThreshold: 1})
	signed, err := r.Sign(rootKeys...)
	wantErr(t, err)
	tr, err := NewTrusted(signed)
	wantErr(t, err)
	nu := edKeys(2, 2)
	_, rotated, err := Rotate(r, Rotation{Expires: inYear, RootKeys: pubs(nu)}, rootKeys, nu)
	wantErr(t, err)
	wantErr(t, tr.UpdateRoot(rotated))

	r2 := mustRoot(t, Spec{Expires: inYear, RootKeys: pubs(nu), RootThreshold: 1,
		ReleaseKeys: pubs([]crypto.Signer{strong}), ReleaseThreshold: 1})
	signed2, err := r2.Sign(nu...)
	wantErr(t, err)
	tr2, err := NewTrusted(signed2)
	wantErr(t, err)
	q := tr2.ReleaseQuorum()
	addSign1(t, q, strong, []byte("manifest"))
	wantErr(t, q.Err())
}

// kidOfDER is the key id of a DER encoding, for tests that bypass NewKey.
func kidOfDER(der []byte) KeyID { return sha256.Sum256(der) }
