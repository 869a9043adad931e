package boot

import (
	"crypto"
	"strings"
	"testing"
	"time"

	"drey/image/trust"
)

// nextRoot rotates the fixture's root to version 2, revoking the
// fixture's release key in favour of a new one.
func (f *fixture) nextRoot(t testing.TB) []byte {
	t.Helper()
	cur, err := trust.NewTrusted(f.root)
	if err != nil {
		t.Fatal(err)
	}
	newRelease := seeded("release 2")
	_, signed, err := trust.Rotate(cur.Root(), trust.Rotation{
		Expires:     now.Add(2 * 365 * 24 * time.Hour),
		ReleaseKeys: []crypto.PublicKey{newRelease.Public()},
		Revoke:      []trust.KeyID{mustKeyID(t, f.release.Public())},
	}, []crypto.Signer{seeded("root")}, []crypto.Signer{seeded("root")})
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func mustKeyID(t testing.TB, pub crypto.PublicKey) trust.KeyID {
	t.Helper()
	k, err := trust.NewKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k.ID()
}

// A root of trust update is crash-safe: a power cut at any flash
// operation leaves the device booting with version 1 or version 2 of the
// root, never neither, and the update then completes (REQ-VULN-6,
// REQ-SEC-7). Once on version 2, an image signed by the revoked release
// key is refused (REQ-SEC-8).
func TestPowerCutRootUpdate(t *testing.T) {
	f := newFixture(t)
	base, baseFlash := f.newDevice(t)
	next := f.nextRoot(t)
	snapshot := baseFlash.Clone()

	probe := snapshot.Clone()
	start := probe.Ops()
	pd := *base
	pd.Flash = probe
	if err := pd.UpdateRoot(next); err != nil {
		t.Fatal(err)
	}
	n := probe.Ops() - start
	if v, err := pd.RootVersion(); err != nil || v != 2 {
		t.Fatalf("after the update: root version %d (%v), want 2", v, err)
	}
	if err := pd.UpdateRoot(next); err == nil {
		t.Fatal("the same root version was accepted twice")
	}
	for k := 0; k <= n; k++ {
		fl := snapshot.Clone()
		d := *base
		d.Flash = fl
		fl.CutAfter(k + 1)
		d.UpdateRoot(next)
		fl.Reboot()
		if stage, _, err := d.Boot(); err != nil || stage != Improm {
			t.Fatalf("cut at %d of %d: boots to %v (%v)", k, n, stage, err)
		}
		v, err := d.RootVersion()
		if err != nil || (v != 1 && v != 2) {
			t.Fatalf("cut at %d of %d: root version %d (%v)", k, n, v, err)
		}
		if v == 1 {
			if err := d.UpdateRoot(next); err != nil {
				t.Fatalf("cut at %d of %d: update after the cut: %v", k, n, err)
			}
		}
	}
	t.Logf("root update: %d flash operations, cut at each", n)

	img, wrapped := f.image(t, "improm", "36.20", 20, 4096)
	err := pd.RequestImpromUpgrade(strings.NewReader(string(img)), wrapped)
	if err == nil || !strings.Contains(err.Error(), "revoked") {
		t.Fatalf("image signed by the revoked key, after the rotation: %v, want a revoked-key error", err)
	}
}
