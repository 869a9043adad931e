package boot

import (
	"bytes"
	"errors"
	"testing"
)

// The improm invalidates itself only for an image this device verified
// against its boot state as it still is: not for a zero or nil Verified,
// not for another device's, not after the state the check depended on
// has changed. Refusals write nothing; a fresh verification goes ahead.
func TestCommitNeedsVerified(t *testing.T) {
	f := newFixture(t)
	d, fl := f.newDevice(t)
	other, _ := f.newDevice(t)
	img, wrapped := f.image(t, "improm", "2.0", 5, 9000)
	theirs, err := other.VerifyImpromUpgrade(bytes.NewReader(img), wrapped)
	if err != nil {
		t.Fatal(err)
	}
	before := fl.Ops()
	for name, v := range map[string]*Verified{"nil": nil, "zero": {}, "another device's": theirs} {
		if err := d.CommitImpromUpgrade(v); !errors.Is(err, ErrNotVerified) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if fl.Ops() != before {
		t.Fatal("a refused commit wrote the flash")
	}

	// A bootrom upgrade between the check and the commit raises the
	// counter and changes the bootrom the check compared with.
	v, err := d.VerifyImpromUpgrade(bytes.NewReader(img), wrapped)
	if err != nil || v.Version() != "2.0" {
		t.Fatalf("verify: %v", err)
	}
	bimg, bwrapped := f.image(t, "bootrom", "3.0", 9, 5000)
	if _, err := d.InstallBootrom(bytes.NewReader(bimg), bwrapped); err != nil {
		t.Fatal(err)
	}
	before = fl.Ops()
	if err := d.CommitImpromUpgrade(v); !errors.Is(err, ErrStale) {
		t.Fatalf("commit after a bootrom upgrade: %v", err)
	}
	if stage, s, _ := d.Boot(); stage != Improm || s.Improm.Version != "1.0" || fl.Ops() != before {
		t.Fatalf("after a stale commit: %v %s, %d flash operations", stage, s.Improm.Version, fl.Ops()-before)
	}

	img, wrapped = f.image(t, "improm", "2.0", 9, 9000)
	if v, err = d.VerifyImpromUpgrade(bytes.NewReader(img), wrapped); err != nil {
		t.Fatal(err)
	}
	if err := d.CommitImpromUpgrade(v); err != nil {
		t.Fatal(err)
	}
	if stage, s, _ := d.Boot(); stage != Bootrom || !s.Pending {
		t.Fatalf("after the commit: %v, pending %v", stage, s.Pending)
	}
}
