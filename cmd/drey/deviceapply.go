package main

import (
	"errors"
	"fmt"

	"drey/device/boot"
	"drey/device/flash"
	"drey/device/sim"
)

// applyImage applies an image to a simulated device, as from untrusted
// media, and prints the version it then runs. With cutAfter >= 0 the
// power is cut after that many flash operations of the install; the
// device powers on again, and if its preboot chooses the bootrom (the
// improm had invalidated itself), the bootrom installs the image again
// from the same source, as it would from the network.
func applyImage(e *env, d *sim.Device, src string, wrapped []byte, cutAfter int) error {
	if cutAfter >= 0 {
		d.CutPowerDuringInstall(cutAfter)
	}
	version, err := d.Apply(src, wrapped)
	if cutAfter >= 0 && errors.Is(err, flash.ErrPowerLost) {
		stage, st, perr := d.PowerOn()
		if perr != nil {
			return fmt.Errorf("after the power cut: %w", perr) // never, by design (device/boot)
		}
		if stage == boot.Improm {
			fmt.Fprintf(e.stdout, "running improm %s\n", st.Improm.Version)
			return nil
		}
		version, err = d.Apply(src, wrapped)
	}
	if err != nil {
		return fmt.Errorf("image refused: %w (running improm %s)", err, version)
	}
	fmt.Fprintf(e.stdout, "running improm %s\n", version)
	return nil
}
