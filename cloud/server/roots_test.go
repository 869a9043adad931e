package server

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"drey/image/trust"
)

// The service holds a chain of root versions: it takes the next version
// or the one before the oldest (history), nothing else, and hands a
// device the versions it lacks in order, or says which one it lacks.
func TestRootChain(t *testing.T) {
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r1, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1,
		ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	signed := [][]byte{nil}
	b, err := r1.Sign(rootKey)
	if err != nil {
		t.Fatal(err)
	}
	signed = append(signed, b)
	cur := r1
	for v := 2; v <= 4; v++ {
		next, b, err := trust.Rotate(cur, trust.Rotation{Expires: time.Now().Add(time.Duration(v) * time.Hour)}, []crypto.Signer{rootKey}, []crypto.Signer{rootKey})
		if err != nil {
			t.Fatal(err)
		}
		signed, cur = append(signed, b), next
	}
	d, err := OpenData(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if rs, err := d.RootsAfter(0); err != nil || rs != nil {
		t.Fatalf("no root installed: RootsAfter = %d roots, %v", len(rs), err)
	}
	_, otherSigned, _ := trust.Rotate(r1, trust.Rotation{Expires: time.Now().Add(99 * time.Hour)}, []crypto.Signer{rootKey}, []crypto.Signer{rootKey})
	for _, c := range []struct {
		what    string
		root    []byte
		want    uint64
		wantErr string
	}{
		{"the first root installed, any version", signed[2], 2, ""},
		{"the same again", signed[2], 2, ""},
		{"the next", signed[3], 3, ""},
		{"history: the one before the oldest", signed[1], 1, ""},
		{"another version 2", otherSigned, 0, "differs from the version 2 already installed"},
		{"the next again", signed[4], 4, ""},
	} {
		v, err := d.SetRoot(c.root)
		switch {
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: SetRoot = %d, %v; want an error with %q", c.what, v, err, c.wantErr)
		case c.wantErr == "" && (err != nil || v != c.want):
			t.Errorf("%s: SetRoot = %d, %v; want version %d", c.what, v, err, c.want)
		}
	}
	for v := uint64(0); v <= 4; v++ {
		rs, err := d.RootsAfter(v)
		if err != nil || len(rs) != int(4-v) {
			t.Fatalf("RootsAfter(%d) = %d roots, %v; want %d", v, len(rs), err, 4-v)
		}
		for i, r := range rs {
			if !bytes.Equal(r, signed[int(v)+1+i]) {
				t.Errorf("RootsAfter(%d)[%d] is not version %d", v, i, int(v)+1+i)
			}
		}
	}

	// A service that started at version 3 does not take 1, which 3 does
	// not follow, and cannot bring a device at 1 up.
	d2, err := OpenData(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if _, err := d2.SetRoot(signed[3]); err != nil {
		t.Fatal(err)
	}
	if _, err := d2.SetRoot(signed[1]); err == nil || !strings.Contains(err.Error(), "install version 4") {
		t.Errorf("version 1 with only 3 held: %v, want a refusal naming what may be installed", err)
	}
	if _, err := d2.RootsAfter(1); !errors.Is(err, ErrRootGap) {
		t.Errorf("RootsAfter(1) with only 3 held: %v, want ErrRootGap", err)
	}
	if rs, err := d2.RootsAfter(3); err != nil || rs != nil {
		t.Errorf("RootsAfter(3) with 3 held: %d roots, %v", len(rs), err)
	}
}
