package escrow

import (
	"context"
	"crypto"
	"path/filepath"
	"testing"
	"time"

	"drey/image/keys"
	"drey/image/trust"
)

// fixture is an operator's keys and root, and five custodians.
type fixture struct {
	root       []byte
	rootKeys   []keys.PrivateKey // 2 of 3 sign a root
	release    []keys.PrivateKey // 1 of 2 signs an image
	custodians []keys.PrivateKey // x25519
	names      []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	gen := func(typ string) keys.PrivateKey {
		k, err := keys.Generate(typ)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	f := &fixture{names: []string{"alice", "bob", "carol", "dave", "erin"}}
	f.rootKeys = []keys.PrivateKey{gen(keys.Ed25519), gen(keys.P256), gen(keys.Ed25519)}
	f.release = []keys.PrivateKey{gen(keys.Ed25519), gen(keys.P256)}
	for range f.names {
		f.custodians = append(f.custodians, gen(keys.X25519))
	}
	var signers []crypto.Signer
	var rootPubs, releasePubs []crypto.PublicKey
	for _, k := range f.rootKeys {
		s, _ := k.CryptoSigner()
		signers = append(signers, s)
		rootPubs = append(rootPubs, s.Public())
	}
	for _, k := range f.release {
		releasePubs = append(releasePubs, k.Public().Key())
	}
	r, err := trust.NewRoot(trust.Spec{Expires: time.Now().AddDate(1, 0, 0), RootKeys: rootPubs, RootThreshold: 2, ReleaseKeys: releasePubs, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if f.root, err = r.Sign(signers...); err != nil {
		t.Fatal(err)
	}
	return f
}

// spec escrows two root keys and the first release key with all five
// custodians, 3 of whom open it.
func (f *fixture) spec() Spec {
	s := Spec{
		Root:      f.root,
		Threshold: 3,
		Keys: []Key{
			{Name: "root1.key", Key: f.rootKeys[0]},
			{Name: "root2.key", Key: f.rootKeys[1]},
			{Name: "release.key", Key: f.release[0]},
		},
		Build: BuildInfo{Module: "drey", Version: "(devel)", GoVersion: "go1.26.0"},
	}
	for i, k := range f.custodians {
		s.Custodians = append(s.Custodians, Custodian{Name: f.names[i], Key: k.Public()})
	}
	return s
}

// custodianKeys returns the keys of the custodians numbered idx.
func (f *fixture) custodianKeys(idx ...int) []CustodianKey {
	var out []CustodianKey
	for _, i := range idx {
		out = append(out, CustodianKey{Name: f.names[i], Key: f.custodians[i]})
	}
	return out
}

// seal seals f.spec() into a new directory and returns its path.
func (f *fixture) seal(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "escrow")
	if _, err := Seal(context.Background(), dir, f.spec()); err != nil {
		t.Fatal(err)
	}
	return dir
}
