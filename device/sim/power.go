package sim

// Power cuts during a platform install, for tests and demonstrations of
// the crash-safe upgrade path (REQ-PROC-4) on a whole device rather
// than on the boot chain alone: a cut armed with CutPowerDuringInstall
// uses the flash's own cut (device/flash, CutAfter), so the operation it
// strikes is left half done exactly as in device/boot's exhaustive
// power-cut tests. RAM does not survive a cut (the code's VM and the
// link are gone); the flash keeps everything that was done to it.

import (
	"errors"
	"fmt"

	"drey/device/boot"
	"drey/device/flash"
)

// cut is a power cut armed for the next install.
type cut struct {
	armed bool
	after int // flash operations of the install that complete before it
}

// CutPowerDuringInstall arms a power cut for the device's next platform
// install (Apply, or the install of an upgrade offered online): the
// install's first k flash operations complete, operation k+1 is
// interrupted half done, and the device is without power. The install's
// operations begin with the improm's invalidation of itself (one boot
// state record) and go on with the bootrom's erasing and programming of
// the improm slot and its final record; reads are not operations.
// Apply then returns an error wrapping flash.ErrPowerLost and the device
// stays off until PowerOn. A cut that the install ends before reaching
// does not strike, and is disarmed. A negative k disarms a pending cut.
//
// Online, RunOnline powers the device on again at once: the preboot
// starts the improm if the cut left it valid (the old one; the attempt
// is reported failed, and the next Hello says power-on), else the
// bootrom, which finds the upgrade pending, fetches the image again and
// installs it (reported succeeded after a Hello that says upgrade).
func (d *Device) CutPowerDuringInstall(k int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cut = cut{armed: k >= 0, after: k}
}

// underCut runs install, a platform install, with the cut armed for it
// (if any): if the cut strikes, it returns an error wrapping
// flash.ErrPowerLost, and the device is off until PowerOn.
func (d *Device) underCut(install func() (string, error)) (string, error) {
	disarm := d.armCut()
	v, err := install()
	if off, err := d.poweredOff(err); off {
		fmt.Fprintf(d.log, "power: lost during the install\n")
		return "", err
	}
	disarm()
	return v, err
}

// armCut hands a cut armed for the next install to the flash; disarm,
// called when the install is over, disarms it if it did not strike.
func (d *Device) armCut() (disarm func()) {
	d.mu.Lock()
	c := d.cut
	d.cut = cut{}
	d.mu.Unlock()
	if !c.armed {
		return func() {}
	}
	start := d.flash.Ops()
	d.flash.CutAfter(c.after + 1)
	return func() {
		if d.flash.PoweredOff() {
			return
		}
		d.flash.CutAfter(0)
		fmt.Fprintf(d.log, "power: the cut armed after %d flash operations did not strike: the install took %d\n", c.after, d.flash.Ops()-start)
	}
}

// poweredOff reports whether a power cut has struck and the power is
// not back yet; err, the error of what the cut interrupted, is returned
// wrapping flash.ErrPowerLost.
func (d *Device) poweredOff(err error) (bool, error) {
	if !d.flash.PoweredOff() {
		return false, err
	}
	switch {
	case err == nil:
		err = flash.ErrPowerLost
	case !errors.Is(err, flash.ErrPowerLost):
		err = fmt.Errorf("%w: %w", flash.ErrPowerLost, err)
	}
	return true, err
}

// PowerOn restores the power after a cut and boots: whatever was in RAM
// is gone, the flash holds what was done before the cut (the operation
// it struck half done), and the preboot starts the improm if it is valid
// and intact, else the bootrom. It reports what runs.
func (d *Device) PowerOn() (boot.Stage, *boot.State, error) {
	d.flash.Reboot()
	fmt.Fprintf(d.log, "power on\n")
	return d.Start()
}

// FlashStats returns the device's flash counters since it was opened:
// erases, words programmed and power cuts that struck.
func (d *Device) FlashStats() flash.Stats { return d.flash.Stats() }
