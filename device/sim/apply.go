package sim

// Installing platform images: `drey device --apply FILE|URL` (Apply),
// and the stages an upgrade offered online shares with it (upgrade.go).
// An improm image goes through the improm, which verifies it whole
// without writing and only then invalidates itself, and then through the
// bootrom, which fetches it again and verifies and writes it in one
// pass. A bootrom image is installed by the improm in one verified pass.
// A source is read no more often than that: a local file costs nothing
// to open again, but every read of a URL is a transfer over the air, so
// an improm image from a URL is fetched twice and a bootrom image once.

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"drey/device/boot"
	"drey/device/fetch"
)

// Apply applies an image from a file (as from untrusted media) or an
// http(s) URL (downloaded with resumption after drops), through the path
// the network uses: an improm image makes the improm verify it,
// invalidate itself and reset, and the bootrom fetch and install it; a
// bootrom image is installed by the improm. It returns the version
// running afterwards. A power cut armed with CutPowerDuringInstall
// strikes during it: Apply then returns an error wrapping
// flash.ErrPowerLost, and the device is off until PowerOn.
func (d *Device) Apply(src string, wrapped []byte) (string, error) {
	return d.underCut(func() (string, error) { return d.apply(context.Background(), src, wrapped) })
}

func (d *Device) apply(ctx context.Context, src string, wrapped []byte) (string, error) {
	stage, s, err := d.Start()
	if err != nil {
		return "", err
	}
	current := "" // the improm version that runs until the install changes it
	if stage == boot.Improm {
		current = s.Improm.Version
	}
	f, err := openImage(ctx, src)
	if err != nil {
		return current, err
	}
	// The slot that routes the image comes from the manifest this read
	// starts with, not from another open of src.
	slot, img, err := d.routeImage(f, wrapped)
	if err != nil {
		f.Close()
		return current, err
	}
	if slot == "improm" && stage == boot.Improm {
		err := d.Boot.RequestImpromUpgrade(img, wrapped)
		f.Close()
		if err != nil {
			return current, err
		}
		return d.resetForInstall(ctx, src, wrapped)
	}
	defer f.Close()
	switch {
	case slot == "bootrom" && stage == boot.Improm:
		if err := d.installBootrom(img, wrapped); err != nil {
			return current, err
		}
		return d.running()
	case slot == "improm" && stage == boot.Bootrom:
		return d.bootromInstall(img, src, wrapped)
	}
	return current, fmt.Errorf("cannot apply a %s image from the %v", slot, stage)
}

// installBootrom is the improm's install of a bootrom image read from
// img, in one pass that authenticates every block before writing it
// (boot.Device.InstallBootrom).
func (d *Device) installBootrom(img io.Reader, wrapped []byte) error {
	fmt.Fprintf(d.log, "improm: upgrading bootrom\n")
	_, err := d.Boot.InstallBootrom(img, wrapped)
	return err
}

// resetForInstall boots once the improm has invalidated itself, and
// has the bootrom that then runs fetch the improm image from src and
// install it. It returns the improm version that runs afterwards.
func (d *Device) resetForInstall(ctx context.Context, src string, wrapped []byte) (string, error) {
	stage, _, err := d.Boot.Boot()
	if err != nil {
		return "", err
	}
	if stage != boot.Bootrom {
		return "", fmt.Errorf("the %v runs after the improm invalidated itself", stage) // never, by design (device/boot)
	}
	f, err := openImage(ctx, src)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return d.bootromInstall(f, src, wrapped)
}

// bootromInstall is the bootrom's install of the improm image read from
// img (from src), in one pass that authenticates every block before
// writing it (boot.Device.InstallImprom). It returns the improm version
// that runs afterwards.
func (d *Device) bootromInstall(img io.Reader, src string, wrapped []byte) (string, error) {
	fmt.Fprintf(d.log, "bootrom: upgrading improm from %s\n", src)
	if _, err := d.Boot.InstallImprom(img, wrapped); err != nil {
		return "", err
	}
	return d.running()
}

// running boots and returns the improm version that runs.
func (d *Device) running() (string, error) {
	_, s, err := d.Start()
	if err != nil {
		return "", err
	}
	return s.Improm.Version, nil
}

// openImage opens src: an http(s) URL, downloaded with resumption after
// drops, or a file.
func openImage(ctx context.Context, src string) (io.ReadCloser, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		return fetch.Open(ctx, nil, src)
	}
	return os.Open(src)
}

// routeImage reads the manifest of the image read from r and returns
// the slot it names, once the verifier has authenticated and checked it
// (manifestSlot), and a reader of the whole image.
func (d *Device) routeImage(r io.Reader, wrapped []byte) (string, io.Reader, error) {
	env, img, err := readEnvelope(r)
	if err != nil {
		return "", nil, err
	}
	slot, err := d.manifestSlot(env, wrapped)
	if err != nil {
		return "", nil, err
	}
	return slot, img, nil
}
