package sim

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"drey/device/boot"
	"drey/device/flash"
	"drey/image/build"
	"drey/wire"
)

// installOps counts, on a device provisioned like the test's, the flash
// operations of installing the image at url (n) and of the improm's
// invalidation of itself that opens the install (invalidate): a cut
// after fewer than invalidate operations leaves the old improm valid.
func installOps(t *testing.T, w *upgradeWorld, file []byte, url string) (invalidate, n int) {
	t.Helper()
	d, err := Open(Config{Model: "imp001", Root: w.root, Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	b := *d.Boot
	fl := d.flash.Clone()
	b.Flash = fl
	if err := b.RequestImpromUpgrade(bytes.NewReader(file), nil); err != nil {
		t.Fatal(err)
	}
	invalidate = fl.Ops()
	start := d.flash.Ops()
	if v, err := d.Apply(url, nil); err != nil || v != "2.0" {
		t.Fatalf("install without a cut: %s, %v", v, err)
	}
	return invalidate, d.flash.Ops() - start
}

// What the boot log says runs when the power comes back: the preboot's
// choice and the stage's first line.
const (
	oldImprom = "preboot: improm 1.0 valid, jumping\nimprom 1.0 running"
	recovery  = "preboot: improm not valid, jumping to the bootrom\nbootrom 1.0 running (recovery)"
	newImprom = "preboot: improm 2.0 valid, jumping\nimprom 2.0 running"
)

// bootAfterCut returns the two boot log lines that follow the power
// coming back, or "" if it never went.
func bootAfterCut(log string) string {
	_, after, ok := strings.Cut(log, "power on\n")
	if !ok {
		return ""
	}
	lines := strings.SplitN(after, "\n", 3)
	if len(lines) < 2 {
		return ""
	}
	return lines[0] + "\n" + lines[1]
}

// A power cut during an upgrade offered online, at points across the
// whole install, each leaving the operation it strikes half done, after
// MCUboot's simulator and device/boot's exhaustive test: the device
// boots a valid image when the power comes back, comes back online, and
// reports the outcome. A cut while the improm invalidates itself leaves
// the old improm, which starts from power-on and reports failed with the
// reason; a later offer then installs. A cut once the improm is invalid
// starts the bootrom, which finds the upgrade pending, fetches the image
// again and installs it; the new improm says upgrade and reports
// succeeded. A cut the install never reaches does not strike.
// REQ-PROC-4, REQ-PROC-14.
func TestUpgradePowerCut(t *testing.T) {
	w := newUpgradeWorld(t)
	spec := build.Spec{Version: "2.0", Sequence: 1, Payload: bytes.Repeat([]byte("new improm "), 400)}
	img, url := w.image(t, spec)
	inv, n := installOps(t, w, img.File, url)
	if inv < 10 || n < inv+1000 {
		t.Fatalf("install of %d flash operations, %d of them the invalidation", n, inv)
	}
	// The bootrom's part: the improm slot's erase and words, then the
	// final record (as long as the invalidation's: the same fields).
	slot := n - 2*inv
	// Every operation around the edges of the three parts, and every
	// 47th one besides.
	at := map[int]bool{n + 100: true}
	for _, edge := range []int{0, inv, inv + slot, n} {
		for k := max(0, edge-3); k <= edge+3; k++ {
			at[k] = true
		}
	}
	for k := 0; k < n; k += 47 {
		at[k] = true
	}
	cuts := slices.Sorted(maps.Keys(at))
	t.Logf("install: %d flash operations, the first %d invalidating the improm, the last %d the final record; %d cuts", n, inv, n-inv-slot, len(cuts))
	for _, k := range cuts {
		t.Run(fmt.Sprintf("after%d", k), func(t *testing.T) {
			w := newUpgradeWorld(t)
			img, url := w.image(t, spec)
			d, p := w.start(t, nil, "")
			d.CutPowerDuringInstall(k)
			p.offer(t, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope})
			p.status(t, "r1", wire.UpgradeDownloading, nil)
			p.status(t, "r1", wire.UpgradeFlashing, nil)
			p = w.next(t)
			log := w.log.String()
			stats := d.FlashStats()
			// What the preboot started when the power came back: by k,
			// except that a cut at the last word of a boot state record
			// may, half done, have completed it (a chance of about 2^-16:
			// every bit the word clears must have been cleared).
			booted := bootAfterCut(log)
			want := ""
			switch {
			case k < inv:
				want = oldImprom
			case k < n:
				want = recovery
			}
			switch {
			case booted == want:
			case k == inv-1 && booted == recovery, k == n-1 && booted == newImprom:
				t.Logf("the half-programmed last word completed the record: booted\n%s", booted)
			default:
				t.Fatalf("after the cut the device booted\n%s\nwant\n%s", booted, want)
			}
			switch booted {
			case oldImprom:
				// The improm had not invalidated itself: it runs again.
				if p.hello.Reset != wire.ResetPowerOn || p.hello.Improm != FactoryImprom || p.hello.SecurityCounter != 0 {
					t.Fatalf("hello after the cut: reset %s, improm %s, counter %d", p.hello.Reset, p.hello.Improm, p.hello.SecurityCounter)
				}
				if s := p.status(t, "r1", wire.UpgradeFailed, nil); !strings.Contains(s.Reason, "power lost") || !strings.Contains(s.Reason, "nothing installed") {
					t.Errorf("failed: reason %q", s.Reason)
				}
				// It can still be upgraded: the cut was for one install.
				p.offer(t, &wire.UpgradeOffer{RolloutID: "r2", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope})
				p.status(t, "r2", wire.UpgradeDownloading, nil)
				p.status(t, "r2", wire.UpgradeFlashing, nil)
				p = w.next(t)
				if p.hello.Reset != wire.ResetUpgrade || p.hello.Improm != "2.0" {
					t.Fatalf("hello after the second offer: reset %s, improm %s", p.hello.Reset, p.hello.Improm)
				}
				p.status(t, "r2", wire.UpgradeSucceeded, nil)
			case recovery:
				// The improm was invalid: the bootrom finished the job.
				if !strings.Contains(log, "bootrom: an improm upgrade is pending, fetching the image again") {
					t.Error("the bootrom did not find the upgrade pending")
				}
				if p.hello.Reset != wire.ResetUpgrade || p.hello.Improm != "2.0" || p.hello.SecurityCounter != 1 {
					t.Fatalf("hello after the cut: reset %s, improm %s, counter %d", p.hello.Reset, p.hello.Improm, p.hello.SecurityCounter)
				}
				p.status(t, "r1", wire.UpgradeSucceeded, nil)
			case newImprom:
				// Installed before the power went: it started from power-on.
				if p.hello.Reset != wire.ResetPowerOn || p.hello.Improm != "2.0" || p.hello.SecurityCounter != 1 {
					t.Fatalf("hello after the cut: reset %s, improm %s, counter %d", p.hello.Reset, p.hello.Improm, p.hello.SecurityCounter)
				}
				p.status(t, "r1", wire.UpgradeSucceeded, nil)
			case "":
				if !strings.Contains(log, "did not strike") {
					t.Errorf("a cut after %d of %d operations: log\n%s", k, n, log)
				}
				if p.hello.Reset != wire.ResetUpgrade || p.hello.Improm != "2.0" {
					t.Fatalf("hello after the upgrade: reset %s, improm %s", p.hello.Reset, p.hello.Improm)
				}
				p.status(t, "r1", wire.UpgradeSucceeded, nil)
			}
			if want := min(1, max(0, n-k)); stats.PowerCuts != want {
				t.Errorf("%d power cuts struck, want %d", stats.PowerCuts, want)
			}
			if v, _ := firmware(t, d); v != "2.0" {
				t.Fatalf("ends on improm %s", v)
			}
		})
	}
}

// `drey device --apply` with a power cut: Apply reports the lost power
// and the state directory keeps what was done; the device, opened again
// (powered on), runs the bootrom, and applying the image again
// completes the install.
func TestApplyPowerCut(t *testing.T) {
	w := newUpgradeWorld(t)
	img, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1, Payload: bytes.Repeat([]byte("new improm "), 400)})
	inv, _ := installOps(t, w, img.File, url)
	dir := filepath.Join(t.TempDir(), "dev")
	d, err := Open(Config{Model: "imp001", Dir: dir, Root: w.root})
	if err != nil {
		t.Fatal(err)
	}
	d.CutPowerDuringInstall(inv + 100)
	if _, err := d.Apply(url, nil); !errors.Is(err, flash.ErrPowerLost) {
		t.Fatalf("Apply with a power cut: %v", err)
	}
	if _, err := d.Apply(url, nil); !errors.Is(err, flash.ErrPowerLost) {
		t.Fatalf("Apply with the power off: %v", err)
	}
	d.Close()
	d, err = Open(Config{Model: "imp001", Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	stage, s, err := d.Start()
	if err != nil || stage != boot.Bootrom || !s.Pending {
		t.Fatalf("after the cut: %v, pending %v (%v)", stage, s != nil && s.Pending, err)
	}
	if v, err := d.Apply(url, nil); err != nil || v != "2.0" {
		t.Fatalf("finishing the install: %s, %v", v, err)
	}
}
