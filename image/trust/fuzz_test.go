package trust

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite testdata/fuzz/FuzzUpdateRoot from fuzzSeeds")

// maxUpdateAlloc bounds the memory one UpdateRoot may allocate, whatever
// the input: a device decides how much memory to set aside for it.
const maxUpdateAlloc = 4 << 20

// fuzzSeeds returns the seed corpus of FuzzUpdateRoot by name. Every key is
// derived from a fixed seed and Ed25519 signatures are deterministic, so
// the seeds are the same in every run and stay valid against newWorld.
func fuzzSeeds(t testing.TB) map[string][]byte {
	w := newWorld(t)
	nu := edKeys(20, 3)
	v2, rotation, err := Rotate(w.root, Rotation{Expires: inYear, RootKeys: pubs(nu)}, w.rootSigners[:2], nu[:2])
	wantErr(t, err)
	_, revocation, err := Rotate(w.root, Rotation{Expires: inYear, Revoke: []KeyID{kidOf(t, w.releaseSigners[0])}, ReleaseThreshold: 1},
		w.rootSigners[:2], w.rootSigners[1:])
	wantErr(t, err)
	v3 := v2.clone()
	v3.Version = 3
	wrongType := wireOf(v2)
	wrongType.Type = "drey-imag"
	return map[string][]byte{
		"rotation":         rotation,
		"revocation":       revocation,
		"only-old-keys":    rawSign(t, v2, w.rootSigners...),
		"only-new-keys":    rawSign(t, v2, nu...),
		"replay-version-1": w.signed,
		"skip-to-3":        rawSign(t, v3, append(w.rootSigners, nu...)...),
		"truncated":        rotation[:len(rotation)/2],
		"wrong-type":       sealWire(t, wrongType, append(w.rootSigners, nu...)...),
	}
}

// TestFuzzSeeds checks that the committed seed corpus is what fuzzSeeds
// makes, so that a change of format cannot quietly turn the seeds into
// mere garbage; run with -update-seeds to rewrite it.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzUpdateRoot")
	for name, b := range fuzzSeeds(t) {
		path := filepath.Join(dir, name)
		want := fmt.Appendf(nil, "go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(b)))
		if *updateSeeds {
			wantErr(t, os.MkdirAll(dir, 0o755))
			wantErr(t, os.WriteFile(path, want, 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		wantErr(t, err)
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go test -run TestFuzzSeeds -update-seeds", path)
		}
	}
}

// FuzzUpdateRoot offers arbitrary bytes as the next root to a device that
// trusts the factory root of newWorld. Whatever the bytes, UpdateRoot must
// not panic, must allocate less than maxUpdateAlloc, must refuse with one
// of the package's errors and leave the state as it was, or accept version
// 2 in a form a device can restore from.
func FuzzUpdateRoot(f *testing.F) {
	w := newWorld(f)
	base := w.device(f)
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// A copy of the verified factory state, cheaper than NewTrusted.
		tr := &Trusted{root: base.root.clone(), signed: w.signed}
		var err error
		boundedAlloc(t, len(b), func() { err = tr.UpdateRoot(b) })
		if err != nil {
			unchanged(t, tr, w.signed)
			classified(t, err)
			return
		}
		if tr.Version() != 2 || !bytes.Equal(tr.Bytes(), b) {
			t.Fatalf("accepted: version %d", tr.Version())
		}
		if _, err := NewTrusted(tr.Bytes()); err != nil {
			t.Fatalf("accepted root cannot be restored: %v", err)
		}
	})
}

// FuzzNewTrusted offers arbitrary bytes as a factory root. Unlike
// UpdateRoot, NewTrusted must parse the metadata before it can check a
// signature (the keys are inside), so this is the fuzz target that reaches
// the metadata decoder with unsigned input. It must not panic, must
// allocate less than maxUpdateAlloc, must refuse with one of the package's
// errors, or accept a root whose metadata re-encodes to the signed bytes.
func FuzzNewTrusted(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr *Trusted
		var err error
		boundedAlloc(t, len(b), func() { tr, err = NewTrusted(b) })
		if err != nil {
			classified(t, err)
			return
		}
		e, err := openRoot(tr.Bytes())
		wantErr(t, err)
		again, err := encodeRoot(tr.Root())
		wantErr(t, err)
		if !bytes.Equal(again, e.payload()) {
			t.Fatal("accepted root metadata does not re-encode to itself")
		}
	})
}

// boundedAlloc runs fn and fails the test if it allocated more than
// maxUpdateAlloc bytes.
func boundedAlloc(t *testing.T, size int, fn func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > maxUpdateAlloc {
		t.Fatalf("%d bytes of input allocated %d bytes", size, n)
	}
}

// classified fails the test unless err wraps one of the package's errors.
func classified(t *testing.T, err error) {
	t.Helper()
	for _, s := range []error{ErrMalformed, ErrWeakKey, ErrBadSignature, ErrTooFewSignatures,
		ErrUnknownKey, ErrRevoked, ErrVersion, ErrExpired} {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("unclassified error: %v", err)
}
