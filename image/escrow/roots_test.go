package escrow

import (
	"context"
	"crypto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"drey/image/trust"
)

// rotate returns version 2 of f's root, with the same keys, signed as a
// device requires.
func (f *fixture) rotate(t *testing.T) []byte {
	t.Helper()
	cur, err := trust.NewTrusted(f.root)
	if err != nil {
		t.Fatal(err)
	}
	var signers []crypto.Signer
	for _, k := range f.rootKeys[:2] {
		s, _ := k.CryptoSigner()
		signers = append(signers, s)
	}
	_, next, err := trust.Rotate(cur.Root(), trust.Rotation{Expires: time.Now().AddDate(2, 0, 0)}, signers, signers)
	if err != nil {
		t.Fatal(err)
	}
	return next
}

// The earlier versions of the root go in with the current one, checked
// as a chain, so that a successor's service can bring devices that
// missed a rotation up to date (REQ-LIFE-4, REQ-SEC-7).
func TestRootHistory(t *testing.T) {
	f := newFixture(t)
	v2 := f.rotate(t)
	spec := f.spec()
	spec.History, spec.Root = [][]byte{f.root}, v2
	dir := filepath.Join(t.TempDir(), "escrow")
	if _, err := Seal(context.Background(), dir, spec); err != nil {
		t.Fatal(err)
	}
	p, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.Root.Version != 2 || p.History != 1 {
		t.Errorf("package holds root version %d and %d earlier ones", p.Root.Version, p.History)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "roots", "1.cbor")); string(b) != string(f.root) {
		t.Errorf("roots/1.cbor is not version 1")
	}
	doc, _ := os.ReadFile(filepath.Join(dir, "BUILD.md"))
	for _, want := range []string{"`roots/`: the earlier versions of the root, version 1,", "./drey root publish escrow/roots/1.cbor"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("BUILD.md lacks %q", want)
		}
	}

	other := newFixture(t)
	for _, tt := range []struct {
		name    string
		history [][]byte
		root    []byte
		want    string
	}{
		{"unrelated history", [][]byte{other.root}, v2, "the current root does not follow root version 1"},
		{"the current root again", [][]byte{f.root}, f.root, "the current root does not follow root version 1"},
		{"out of order", [][]byte{v2, f.root}, v2, "the next root of the history does not follow root version 2"},
		{"damaged history", [][]byte{f.root[:30]}, v2, "root history, first version"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := f.spec()
			s.History, s.Root = tt.history, tt.root
			_, err := Seal(context.Background(), filepath.Join(t.TempDir(), "escrow"), s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
