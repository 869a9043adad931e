package boot

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/veraison/go-cose"

	"drey/device/flash"
	"drey/device/power"
	"drey/image/build"
	"drey/image/suit"
	"drey/image/trust"
	"drey/image/verify"
)

var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// fixture holds the keys of a small fleet and the images built with them.
type fixture struct {
	root      []byte
	release   ed25519.PrivateKey
	deviceKey *ecdh.PrivateKey
}

func seeded(s string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte(s))
	return ed25519.NewKeyFromSeed(seed[:])
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{release: seeded("release")}
	rootKey := seeded("root")
	r, err := trust.NewRoot(trust.Spec{Expires: now.Add(365 * 24 * time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1,
		ReleaseKeys: []crypto.PublicKey{f.release.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if f.root, err = r.Sign(rootKey); err != nil {
		t.Fatal(err)
	}
	seed := sha256.Sum256([]byte("device"))
	if f.deviceKey, err = ecdh.X25519().NewPrivateKey(seed[:]); err != nil {
		t.Fatal(err)
	}
	return f
}

// image builds a signed image for slot, encrypted for the fixture's
// device, and returns it with the device's wrapped key.
func (f *fixture) image(t testing.TB, slot, version string, seq uint64, size int) ([]byte, []byte) {
	t.Helper()
	s, err := cose.NewSigner(cose.AlgorithmEdDSA, f.release)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := trust.NewKey(f.release.Public())
	id := k.ID()
	img, err := build.Build(build.Spec{Model: "imp001", Slot: slot, Version: version, Sequence: seq, BlockSize: 512,
		Payload: payload(size, version), Encryption: suit.EncryptionDevice, Signers: []cose.Signer{suit.WithKeyID(s, id[:])}})
	if err != nil {
		t.Fatal(err)
	}
	wrapped, err := build.Wrap(img.CEK, img.Alg, img.IV, f.deviceKey.PublicKey(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return img.File, wrapped
}

func payload(n int, tag string) []byte {
	b := bytes.Repeat([]byte(tag+" firmware "), n/10+1)
	return b[:n]
}

// newDevice provisions a scaled-down device with factory firmware 1.0.
func (f *fixture) newDevice(t testing.TB) (*Device, *flash.Flash) {
	t.Helper()
	m, sizes := Scaled(4096)
	fl, err := flash.NewSparse(flash.Layout{Sectors: sizes, WordSize: m.WordSize})
	if err != nil {
		t.Fatal(err)
	}
	d := &Device{Flash: fl, Map: m, Model: "imp001", Key: f.deviceKey, Now: func() time.Time { return now }}
	if err := d.Provision(f.root, payload(5000, "bootrom-1.0"), payload(9000, "improm-1.0"), "1.0", "1.0"); err != nil {
		t.Fatal(err)
	}
	return d, fl
}

// upgradeImprom runs an improm upgrade as the device would: the improm
// invalidates itself, the preboot starts the bootrom, the bootrom
// installs the image, the preboot starts the new improm. It resumes from
// wherever the device is.
func upgradeImprom(d *Device, img, wrapped []byte, version string) error {
	stage, s, err := d.Boot()
	if err != nil {
		return err
	}
	if stage == Improm && s.Improm.Version == version {
		return nil
	}
	if stage == Improm {
		if err := d.RequestImpromUpgrade(bytes.NewReader(img), wrapped); err != nil {
			return err
		}
		if stage, _, err = d.Boot(); err != nil {
			return err
		}
	}
	if stage != Bootrom {
		return fmt.Errorf("stage %v after invalidating the improm", stage)
	}
	if _, err := d.InstallImprom(bytes.NewReader(img), wrapped); err != nil {
		return err
	}
	stage, s, err = d.Boot()
	if err != nil {
		return err
	}
	if stage != Improm || s.Improm.Version != version {
		return fmt.Errorf("booted %v %s after the upgrade", stage, s.Improm.Version)
	}
	return nil
}

// An improm upgrade, a bootrom upgrade and a code update each complete
// and boot what they installed.
func TestUpgrades(t *testing.T) {
	f := newFixture(t)
	d, _ := f.newDevice(t)
	img, wrapped := f.image(t, "improm", "2.0", 5, 9000)
	if err := upgradeImprom(d, img, wrapped, "2.0"); err != nil {
		t.Fatal(err)
	}
	bimg, bwrapped := f.image(t, "bootrom", "1.5", 6, 6000)
	if _, err := d.InstallBootrom(bytes.NewReader(bimg), bwrapped); err != nil {
		t.Fatal(err)
	}
	_, s, err := d.Boot()
	if err != nil || s.Bootrom.Version != "1.5" || s.Counter != 6 {
		t.Fatalf("after bootrom upgrade: %v %+v", err, s)
	}
	for _, code := range [][]byte{[]byte("program one"), []byte("program two, longer"), []byte("three")} {
		if err := d.InstallCode(code); err != nil {
			t.Fatal(err)
		}
		got, err := d.Code()
		if err != nil || !bytes.Equal(got, code) {
			t.Fatalf("code %q, want %q (%v)", got, code, err)
		}
	}
}

// The exhaustive power-cut test, after MCUboot's simulator: run the
// improm upgrade once to count its flash operations N, then for every k
// in 0..N cut the power at operation k (leaving that operation half
// done), reboot, and check that the device boots a valid image (the old
// improm, the new one, or the bootrom to finish the job; never a corrupt
// one), that its anti-rollback counter never goes back, and that the
// upgrade then completes (REQ-PROC-4, REQ-PROC-6).
func TestPowerCutImpromUpgrade(t *testing.T) {
	f := newFixture(t)
	img, wrapped := f.image(t, "improm", "2.0", 5, 9000)
	base, baseFlash := f.newDevice(t)
	probe := baseFlash.Clone()
	start := probe.Ops()
	pd := *base
	pd.Flash = probe
	if err := upgradeImprom(&pd, img, wrapped, "2.0"); err != nil {
		t.Fatal(err)
	}
	n := probe.Ops() - start
	if n < 100 {
		t.Fatalf("only %d flash operations counted", n)
	}
	for k := 0; k <= n; k++ {
		fl := baseFlash.Clone()
		d := *base
		d.Flash = fl
		fl.CutAfter(k + 1)
		err := upgradeImprom(&d, img, wrapped, "2.0")
		if k < n && !errors.Is(err, flash.ErrPowerLost) {
			t.Fatalf("cut at %d of %d: upgrade returned %v", k, n, err)
		}
		fl.Reboot()
		stage, s, err := d.Boot()
		if err != nil {
			t.Fatalf("cut at %d of %d: %v", k, n, err)
		}
		switch {
		case stage == Improm && (s.Improm.Version == "1.0" || s.Improm.Version == "2.0"):
		case stage == Bootrom && !s.Improm.Valid:
		default:
			t.Fatalf("cut at %d of %d: booted %v with improm %+v", k, n, stage, s.Improm)
		}
		if s.Counter != 0 && s.Counter != 5 {
			t.Fatalf("cut at %d: counter %d", k, s.Counter)
		}
		if err := upgradeImprom(&d, img, wrapped, "2.0"); err != nil {
			t.Fatalf("cut at %d of %d: finishing the upgrade: %v", k, n, err)
		}
	}
	t.Logf("improm upgrade: %d flash operations; power cut at each of the %d points, each leaving its operation half done", n, n+1)
}

// The bootrom, the recovery path, is upgraded from the improm; a cut at
// any operation leaves the improm valid (so the device stays reachable),
// and an improm upgrade is refused until the bootrom is whole again
// (REQ-PROC-5).
func TestPowerCutBootromUpgrade(t *testing.T) {
	f := newFixture(t)
	img, wrapped := f.image(t, "bootrom", "1.5", 6, 6000)
	base, baseFlash := f.newDevice(t)
	probe := baseFlash.Clone()
	start := probe.Ops()
	pd := *base
	pd.Flash = probe
	if _, err := pd.InstallBootrom(bytes.NewReader(img), wrapped); err != nil {
		t.Fatal(err)
	}
	n := probe.Ops() - start
	if n < 100 {
		t.Fatalf("only %d flash operations counted", n)
	}
	impImg, impWrapped := f.image(t, "improm", "2.0", 7, 9000)
	for k := 0; k <= n; k++ {
		fl := baseFlash.Clone()
		d := *base
		d.Flash = fl
		fl.CutAfter(k + 1)
		_, err := d.InstallBootrom(bytes.NewReader(img), wrapped)
		if k < n && !errors.Is(err, flash.ErrPowerLost) {
			t.Fatalf("cut at %d of %d: %v", k, n, err)
		}
		fl.Reboot()
		stage, s, err := d.Boot()
		if err != nil || stage != Improm || s.Improm.Version != "1.0" {
			t.Fatalf("cut at %d of %d: booted %v (%v)", k, n, stage, err)
		}
		if !d.intact(d.Map.Bootrom, s.Bootrom) {
			if err := d.RequestImpromUpgrade(bytes.NewReader(impImg), impWrapped); !errors.Is(err, ErrBootromInvalid) {
				t.Fatalf("cut at %d: improm upgrade with a broken bootrom: %v", k, err)
			}
		}
		if _, err := d.InstallBootrom(bytes.NewReader(img), wrapped); err != nil {
			t.Fatalf("cut at %d: finishing: %v", k, err)
		}
		if k%97 == 0 {
			// The recovered device can go on to an improm upgrade.
			if err := upgradeImprom(&d, impImg, impWrapped, "2.0"); err != nil {
				t.Fatalf("cut at %d: improm upgrade after recovery: %v", k, err)
			}
		}
	}
	t.Logf("bootrom upgrade: %d flash operations, cut at each", n)
}

// A power cut during a code update leaves the old program or the new
// one, never neither (REQ-PROC-15).
func TestPowerCutCodeUpdate(t *testing.T) {
	f := newFixture(t)
	base, baseFlash := f.newDevice(t)
	old := bytes.Repeat([]byte("old program "), 200)
	if err := base.InstallCode(old); err != nil {
		t.Fatal(err)
	}
	snapshot := baseFlash.Clone()
	next := bytes.Repeat([]byte("new program!"), 300)
	probe := snapshot.Clone()
	start := probe.Ops()
	pd := *base
	pd.Flash = probe
	if err := pd.InstallCode(next); err != nil {
		t.Fatal(err)
	}
	n := probe.Ops() - start
	if n < 100 {
		t.Fatalf("only %d flash operations counted", n)
	}
	for k := 0; k <= n; k++ {
		fl := snapshot.Clone()
		d := *base
		d.Flash = fl
		fl.CutAfter(k + 1)
		d.InstallCode(next)
		fl.Reboot()
		got, err := d.Code()
		if err != nil || !(bytes.Equal(got, old) || bytes.Equal(got, next)) {
			t.Fatalf("cut at %d of %d: code of %d bytes (%v)", k, n, len(got), err)
		}
	}
	t.Logf("code update: %d flash operations, cut at each", n)
}

// A bit flipped in the stored improm is caught at boot, which falls back
// to the bootrom to reinstall it.
func TestBitFlipFallsBack(t *testing.T) {
	f := newFixture(t)
	d, fl := f.newDevice(t)
	fl.FlipBit(d.Map.Improm.Start+1234, 4)
	stage, _, err := d.Boot()
	if err != nil || stage != Bootrom {
		t.Fatalf("booted %v (%v)", stage, err)
	}
	img, wrapped := f.image(t, "improm", "2.0", 5, 9000)
	if _, err := d.InstallImprom(bytes.NewReader(img), wrapped); err != nil {
		t.Fatal(err)
	}
	if stage, _, _ := d.Boot(); stage != Improm {
		t.Fatalf("after reinstalling: %v", stage)
	}
}

// A device whose battery cannot carry a flash erase refuses to start an
// upgrade and says why; nothing is erased (REQ-PROC-9).
func TestLowBattery(t *testing.T) {
	f := newFixture(t)
	d, fl := f.newDevice(t)
	d.Supply = power.Battery(3.2, 2000, 0.3)
	before := fl.Ops()
	img, wrapped := f.image(t, "improm", "2.0", 5, 9000)
	if err := d.RequestImpromUpgrade(bytes.NewReader(img), wrapped); !errors.Is(err, power.ErrLowBattery) {
		t.Fatalf("error %v", err)
	}
	if fl.Ops() != before {
		t.Fatal("flash was written despite the low battery")
	}
}

// Refused images leave the device on its firmware: rollback, wrong slot
// and tampered images, each with its reason.
func TestRefusedImages(t *testing.T) {
	f := newFixture(t)
	d, _ := f.newDevice(t)
	img, wrapped := f.image(t, "improm", "2.0", 5, 9000)
	if err := upgradeImprom(d, img, wrapped, "2.0"); err != nil {
		t.Fatal(err)
	}
	bad := func(b []byte) []byte { b = bytes.Clone(b); b[len(b)-700] ^= 1; return b }
	old, oldWrapped := f.image(t, "improm", "1.9", 4, 9000)
	boot, bootWrapped := f.image(t, "bootrom", "3.0", 9, 5000)
	for name, c := range map[string]struct {
		img, wrapped []byte
		want         error
	}{
		"rollback":   {old, oldWrapped, verify.ErrRollback},
		"wrong slot": {boot, bootWrapped, verify.ErrWrongSlot},
		"tampered":   {bad(img), wrapped, verify.ErrBlockDigest},
		"truncated":  {img[:len(img)-100], wrapped, verify.ErrTruncated},
	} {
		if err := d.RequestImpromUpgrade(bytes.NewReader(c.img), c.wrapped); !errors.Is(err, c.want) {
			t.Fatalf("%s: %v", name, err)
		}
		// The device stays on its firmware.
		if stage, s, _ := d.Boot(); stage != Improm || s.Improm.Version != "2.0" {
			t.Fatalf("%s: now booting %v %s", name, stage, s.Improm.Version)
		}
	}
}

// The same power-cut test on the real imp001 map with a 500 KB improm:
// every operation is too many for CI, so it cuts at every erase and the
// operations around each, the first and last 50, and 200 more spread
// deterministically through the rest (REQ-PROC-4).
func TestPowerCutImp001(t *testing.T) {
	if testing.Short() {
		t.Skip("a 500 KB image, some hundreds of times")
	}
	f := newFixture(t)
	img, wrapped := f.image(t, "improm", "2.0", 5, 500<<10)
	m := Imp001()
	baseFlash, err := flash.NewSparse(flash.STM32F205)
	if err != nil {
		t.Fatal(err)
	}
	base := &Device{Flash: baseFlash, Map: m, Model: "imp001", Key: f.deviceKey, Now: func() time.Time { return now }}
	if err := base.Provision(f.root, payload(150<<10, "bootrom-1.0"), payload(480<<10, "improm-1.0"), "1.0", "1.0"); err != nil {
		t.Fatal(err)
	}
	// Count the operations, and note where each erase falls.
	probe := &eraseRecorder{Flash: baseFlash.Clone()}
	start := probe.Ops()
	pd := *base
	pd.Flash = probe
	if err := upgradeImprom(&pd, img, wrapped, "2.0"); err != nil {
		t.Fatal(err)
	}
	n := probe.Ops() - start
	if n < 1000 {
		t.Fatalf("only %d flash operations counted", n)
	}
	cuts := map[int]bool{}
	for _, e := range probe.erases {
		for d := -2; d <= 2; d++ {
			if k := e - start + d; k >= 0 && k <= n {
				cuts[k] = true
			}
		}
	}
	for k := 0; k < 50; k++ {
		cuts[k], cuts[n-k] = true, true
	}
	for i := 0; i < 200; i++ {
		cuts[(i*7919+13)%n] = true
	}
	for k := range cuts {
		fl := baseFlash.Clone()
		d := *base
		d.Flash = fl
		fl.CutAfter(k + 1)
		upgradeImprom(&d, img, wrapped, "2.0")
		fl.Reboot()
		stage, s, err := d.Boot()
		if err != nil || !(stage == Improm && (s.Improm.Version == "1.0" || s.Improm.Version == "2.0") || stage == Bootrom && !s.Improm.Valid) {
			t.Fatalf("cut at %d of %d: booted %v (%v)", k, n, stage, err)
		}
		if err := upgradeImprom(&d, img, wrapped, "2.0"); err != nil {
			t.Fatalf("cut at %d of %d: finishing: %v", k, n, err)
		}
	}
	t.Logf("imp001 improm upgrade (500 KB): %d flash operations, %d erases; power cut at %d points", n, len(probe.erases), len(cuts))
}

// eraseRecorder notes the operation count at each erase.
type eraseRecorder struct {
	*flash.Flash
	erases []int
}

func (e *eraseRecorder) Erase(sector int) error {
	e.erases = append(e.erases, e.Flash.Ops())
	return e.Flash.Erase(sector)
}
