package sim

// Platform upgrades over the link, the device's side of docs/protocol.md
// "Platform upgrades": an UpgradeOffer is checked against the root of
// trust before any of its fields is acted on, then the supply, then the
// code is asked; an improm image is downloaded and verified whole
// without writing, and only then does the device close its link, stop
// its code and take the install path `drey device --apply URL` takes
// (the improm invalidates itself for the image it verified, the bootrom
// fetches, verifies and writes the image and marks it valid last). So
// an improm image crosses the air twice, a bootrom image once (see
// attempt). The outcome is reported after the restart.
// Every attempt ends in a status with a specific reason (REQ-PROC-14),
// except one whose link drops before it flashes: the rollout offers it
// again at the next hello.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"drey/device/boot"
	"drey/device/fetch"
	"drey/device/flash"
	"drey/device/link"
	"drey/device/power"
	"drey/wire"
)

// Reasons an upgrade ends without installing, besides the verifier's.
var (
	errBusy        = errors.New("another upgrade in progress")
	errDeferred    = errors.New("deferred by device code")
	errNotOffered  = errors.New("the image at the offer's URL is not the offered manifest's")
	errLinkDropped = errors.New("link lost before flashing")
)

// upgrader carries out upgrade offers, one at a time. It lives as long
// as RunOnline, the simulated device's process, which survives the
// simulated restart into new firmware: so it remembers the rollout whose
// outcome the next connection reports.
type upgrader struct {
	d         *Device
	u         *uplink
	reconnect time.Duration // bounds the bootrom's retries

	mu         sync.Mutex
	busy       bool                // an offer is under way
	rollout    string              // its rollout
	installing chan struct{}       // closed when the install and restart are over; nil when none is under way
	reset      wire.ResetReason    // why the device last started, for each Hello
	report     *wire.UpgradeStatus // an outcome learnt after the restart, for the next connection
	last       *wire.UpgradeStatus // the last outcome, for an offer repeated after it
}

func newUpgrader(d *Device, u *uplink, reconnect time.Duration) *upgrader {
	return &upgrader{d: d, u: u, reconnect: reconnect, reset: wire.ResetPowerOn}
}

// offer takes an offer from the link l: at most one is carried out at a
// time. lctx ends when l does; ctx when the device stops.
func (up *upgrader) offer(ctx, lctx context.Context, l *link.Link, f *wire.UpgradeOffer) {
	up.mu.Lock()
	busy, current, last := up.busy, up.rollout, up.last
	if !busy {
		up.busy, up.rollout = true, f.RolloutID
	}
	up.mu.Unlock()
	switch {
	case busy && current == f.RolloutID:
		return // the same rollout again: the attempt under way answers it
	case busy:
		up.send(l, f.RolloutID, wire.UpgradeFailed, errBusy.Error())
		return
	}
	if last != nil && last.RolloutID == f.RolloutID && last.State == wire.UpgradeSucceeded {
		// Installed already: a repeated offer must not install it twice.
		up.finish(f.RolloutID)
		up.send(l, f.RolloutID, wire.UpgradeSucceeded, "")
		return
	}
	fmt.Fprintf(up.d.log, "improm: upgrade offer for rollout %s (%v)\n", f.RolloutID, f.Mode)
	go up.run(ctx, lctx, l, f)
}

// run carries out an offer and sends the status it ends with, once the
// device is free to take the next offer.
func (up *upgrader) run(ctx, lctx context.Context, l *link.Link, f *wire.UpgradeOffer) {
	state, err := up.attempt(ctx, lctx, l, f)
	up.finish(f.RolloutID)
	if state != 0 && lctx.Err() == nil {
		fmt.Fprintf(up.d.log, "improm: upgrade %v: %v\n", state, err)
		up.send(l, f.RolloutID, state, err.Error())
	}
}

// attempt runs the steps of docs/protocol.md "Platform upgrades" in
// order, each only after the one before has passed. It returns the
// status the attempt ends with and why, or none (0) once the device has
// restarted for the install: the next connection reports that outcome.
func (up *upgrader) attempt(ctx, lctx context.Context, l *link.Link, f *wire.UpgradeOffer) (wire.UpgradeState, error) {
	// 1. The manifest, against the root of trust, before any field of
	// the offer is acted on (REQ-SEC-3, REQ-PROC-8).
	slot, err := up.checkManifest(f)
	if err != nil {
		return wire.UpgradeFailed, err
	}
	// 2. The supply: nothing is erased on a low battery (REQ-PROC-9).
	if err := up.checkSupply(); err != nil {
		return wire.UpgradeLowBattery, err
	}
	// 3. The code (REQ-PROC-10, REQ-PROC-11).
	if err := up.askCode(lctx, f); err != nil {
		return wire.UpgradeDeferred, err
	}
	// 4. An improm image: download and verify all of it, writing
	// nothing; the improm invalidates itself only for what it verified
	// here. A bootrom image gets no such pass: the improm installs it in
	// one pass (boot.Device.InstallBootrom) that checks the manifest, the
	// content key and the supply before it records the old bootrom
	// invalid, and authenticates every block against the signed hash
	// chain before writing it. A pass before that would add no check; it
	// would only refuse sooner a payload that fails mid-stream (the
	// service verifies every release on upload, so a transfer fault), and
	// such a failure leaves the improm valid with its link (REQ-PROC-5):
	// it is reported, and the rollout may offer the bootrom again.
	// Then the supply again.
	up.send(l, f.RolloutID, wire.UpgradeDownloading, "")
	var verified *boot.Verified
	if slot == "improm" {
		if verified, err = up.download(lctx, f); err != nil {
			return wire.UpgradeFailed, err
		}
	}
	if err := up.checkSupply(); err != nil {
		return wire.UpgradeLowBattery, err
	}
	// 5. Flash: from here the outcome is reported after the restart.
	up.beginRestart()
	up.send(l, f.RolloutID, wire.UpgradeFlashing, "")
	l.CloseFor("restarting into new firmware")
	reset, err := up.install(ctx, f, slot, verified)
	up.endRestart(f.RolloutID, reset, err)
	return 0, nil
}

// checkManifest verifies the offer's manifest as the image's verifier
// does, through the same path (manifestSlot), and returns its slot. The
// URL is not touched.
func (up *upgrader) checkManifest(f *wire.UpgradeOffer) (string, error) {
	return up.d.manifestSlot(f.Manifest, wrappedKey(f))
}

// checkSupply reports whether the supply can carry a flash erase.
func (up *upgrader) checkSupply() error {
	return up.d.Boot.Supply.Check(power.Erase)
}

// askCode runs the code's server.onshutdown(SHUTDOWN_NEWFIRMWARE)
// handler. A request goes ahead if the code is ready within the grace
// (it has no handler, or calls server.restart()); a demand goes ahead
// then or when the grace has passed, whichever comes first.
func (up *upgrader) askCode(ctx context.Context, f *wire.UpgradeOffer) error {
	ready := up.u.askFirmware(ctx, f.Grace)
	if ctx.Err() != nil {
		return errLinkDropped
	}
	if !ready && f.Mode != wire.UpgradeDemand {
		return errDeferred
	}
	return nil
}

// download is the improm's check of an improm image: it fetches the
// image once, resuming after drops, checks that it is the offered
// manifest's, and verifies all of it as it streams, writing nothing. The
// boot.Verified it returns is the improm's leave to invalidate itself
// for that image, once its code has stopped (install).
func (up *upgrader) download(ctx context.Context, f *wire.UpgradeOffer) (*boot.Verified, error) {
	r, img, err := openOffered(ctx, f)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return up.d.Boot.VerifyImpromUpgrade(img, wrappedKey(f))
}

// openOffered starts downloading the offer's image and checks that it
// is the offered manifest's; it returns the download, to close, and a
// reader of the whole image.
func openOffered(ctx context.Context, f *wire.UpgradeOffer) (io.Closer, io.Reader, error) {
	r, err := fetch.Open(ctx, nil, f.URL)
	if err != nil {
		return nil, nil, err
	}
	img, err := sameManifest(r, f.Manifest)
	if err != nil {
		r.Close()
		return nil, nil, err
	}
	return r, img, nil
}

// sameManifest reads an image's header and envelope from r and checks
// that the envelope is manifest; it returns a reader of the whole image.
func sameManifest(r io.Reader, manifest []byte) (io.Reader, error) {
	env, img, err := readEnvelope(r)
	if err != nil {
		return nil, err
	}
	if len(env) != len(manifest) {
		return nil, fmt.Errorf("%w: envelope of %d bytes, the offer's is %d", errNotOffered, len(env), len(manifest))
	}
	if !bytes.Equal(env, manifest) {
		return nil, errNotOffered
	}
	return img, nil
}

// install stops the code and takes the `--apply URL` path, without its
// reads of the image that the offer made needless: for an improm image
// (verified by download) the improm invalidates itself and the
// bootrom fetches and installs the image; a bootrom image is fetched
// once, checked to be the offered manifest's and installed by the
// improm. Once the improm has invalidated itself only the bootrom runs,
// and it keeps trying until the image is installed (or the device
// stops): the link shows that as a device that does not come back. A
// power cut during the install (CutPowerDuringInstall) powers the device
// on again: the preboot's choice decides what follows (powerCut). It
// returns why the device will have last started, for the next Hello.
func (up *upgrader) install(ctx context.Context, f *wire.UpgradeOffer, slot string, verified *boot.Verified) (wire.ResetReason, error) {
	release := up.u.stopVM(ctx)
	defer release()
	if ctx.Err() != nil {
		return wire.ResetUpgrade, ctx.Err()
	}
	fmt.Fprintf(up.d.log, "improm: installing the firmware of rollout %s\n", f.RolloutID)
	_, before, _ := up.d.Boot.Boot()
	reset := wire.ResetUpgrade
	_, err := up.d.underCut(func() (string, error) { return up.installOffered(ctx, f, slot, verified) })
	if errors.Is(err, flash.ErrPowerLost) {
		reset, err = up.powerCut(f, before, err)
	}
	for backoff := time.Second; err != nil && up.inBootrom(); backoff = min(2*backoff, up.reconnect) {
		fmt.Fprintf(up.d.log, "bootrom: install failed: %v (retrying in %v)\n", err, backoff)
		if !sleep(ctx, backoff) {
			return reset, err
		}
		_, err = up.d.Apply(f.URL, wrappedKey(f))
	}
	return reset, err
}

// installOffered is the install proper, the part a power cut may
// strike: for an improm image, the improm's invalidation of itself for
// the image it verified and the bootrom's install; for a bootrom image
// the improm's install of it.
func (up *upgrader) installOffered(ctx context.Context, f *wire.UpgradeOffer, slot string, verified *boot.Verified) (string, error) {
	d := up.d
	if slot == "improm" {
		if err := d.Boot.CommitImpromUpgrade(verified); err != nil {
			return "", err
		}
		return d.resetForInstall(ctx, f.URL, wrappedKey(f))
	}
	r, img, err := openOffered(ctx, f)
	if err != nil {
		return "", err
	}
	defer r.Close()
	if err := d.installBootrom(img, wrappedKey(f)); err != nil {
		return "", err
	}
	return d.running()
}

// powerCut powers the device on after a cut during the install; lost is
// the error the install ended with, before the boot state it started
// from.
// What was in RAM is gone: the code's VM is stopped already and the link
// closed, and only this simulator's process remembers the rollout, to
// report the outcome. If the improm had not invalidated itself when the
// power went, it runs again from power-on with nothing installed: the
// attempt failed. Otherwise the bootrom runs, finds the upgrade pending
// (the improm's record says so), fetches the image again and installs
// it; the improm it starts then says upgrade in its Hello.
func (up *upgrader) powerCut(f *wire.UpgradeOffer, before *boot.State, lost error) (wire.ResetReason, error) {
	stage, s, err := up.d.PowerOn()
	switch {
	case err != nil:
		return wire.ResetPowerOn, fmt.Errorf("%w; after power-on: %w", lost, err) // never, by design (device/boot)
	case stage == boot.Improm && (before == nil || s.Improm.Version == before.Improm.Version):
		return wire.ResetPowerOn, fmt.Errorf("%w: improm %s still runs, nothing installed", lost, s.Improm.Version)
	case stage == boot.Improm:
		return wire.ResetPowerOn, nil // the install was complete when the power went
	}
	if s.Pending {
		fmt.Fprintf(up.d.log, "bootrom: an improm upgrade is pending, fetching the image again\n")
	}
	_, err = up.d.Apply(f.URL, wrappedKey(f))
	return wire.ResetUpgrade, err
}

func (up *upgrader) inBootrom() bool {
	stage, _, _ := up.d.Boot.Boot()
	return stage == boot.Bootrom
}

// beginRestart marks the device as restarting: RunOnline waits for the
// install instead of reconnecting when the link closes.
func (up *upgrader) beginRestart() {
	up.mu.Lock()
	defer up.mu.Unlock()
	up.installing = make(chan struct{})
}

// endRestart records the install's outcome and why the device last
// started for the next connection, and lets RunOnline reconnect, as the
// restarted device.
func (up *upgrader) endRestart(rollout string, reset wire.ResetReason, err error) {
	st := &wire.UpgradeStatus{RolloutID: rollout, State: wire.UpgradeSucceeded}
	if err != nil {
		st.State, st.Reason = wire.UpgradeFailed, err.Error()
		fmt.Fprintf(up.d.log, "improm: upgrade failed: %v\n", err)
	}
	up.mu.Lock()
	defer up.mu.Unlock()
	up.reset = reset
	up.report, up.last = st, st
	if up.busy && up.rollout == rollout {
		up.busy = false // before RunOnline reconnects: the rollout may offer it again at once
	}
	close(up.installing)
	up.installing = nil
}

// finish ends the attempt for rollout, if it is still the one under way.
func (up *upgrader) finish(rollout string) {
	up.mu.Lock()
	defer up.mu.Unlock()
	if up.busy && up.rollout == rollout {
		up.busy = false
	}
}

// waitRestart waits until no install is under way, and reports whether
// ctx is still live.
func (up *upgrader) waitRestart(ctx context.Context) bool {
	up.mu.Lock()
	done := up.installing
	up.mu.Unlock()
	if done != nil {
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
	return ctx.Err() == nil
}

// restarting reports whether an install is under way.
func (up *upgrader) restarting() bool {
	up.mu.Lock()
	defer up.mu.Unlock()
	return up.installing != nil
}

// resetReason is why the device last started, for its Hello: upgrade
// once it has restarted into new firmware.
func (up *upgrader) resetReason() wire.ResetReason {
	up.mu.Lock()
	defer up.mu.Unlock()
	return up.reset
}

// connected sends a new link the outcome of an install that the last
// one could not carry; it is kept for the next link if this one fails.
func (up *upgrader) connected(l *link.Link) {
	up.mu.Lock()
	st := up.report
	up.mu.Unlock()
	if st == nil {
		return
	}
	if up.send(l, st.RolloutID, st.State, st.Reason) != nil {
		return
	}
	up.mu.Lock()
	if up.report == st {
		up.report = nil
	}
	up.mu.Unlock()
}

// send sends a status with the supply voltage now.
func (up *upgrader) send(l *link.Link, rollout string, state wire.UpgradeState, reason string) error {
	mv := uint32(up.d.Boot.Supply.Voltage() * 1000)
	return l.SendUpgradeStatus(&wire.UpgradeStatus{RolloutID: rollout, State: state, Reason: reason, BatteryMV: mv})
}

// wrappedKey returns the offer's wrapped content key, or nil for an
// unencrypted image.
func wrappedKey(f *wire.UpgradeOffer) []byte {
	if len(f.WrappedKey) == 0 {
		return nil
	}
	return f.WrappedKey
}
