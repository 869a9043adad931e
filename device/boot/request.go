package boot

// The improm's half of an improm upgrade, in two steps: the improm
// verifies the whole image without writing anything, and only for an
// image it has verified does it invalidate itself, so that the next boot
// runs the bootrom, which fetches the image again and installs it. The
// steps are separate so that a device online can verify the image as it
// downloads it, stop its code, and only then invalidate itself: the
// verification is the download, and the image crosses the air twice in
// all (this check and the bootrom's install). What the verification
// returns, a Verified, is the only leave to invalidate.

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"drey/device/power"
	"drey/image/verify"
)

// Errors of an improm upgrade request.
var (
	ErrNotVerified = errors.New("no image verified by this device: the improm invalidates itself only for one")
	ErrStale       = errors.New("the boot state changed after the image was verified: verify it again")
)

// Verified is an improm image that VerifyImpromUpgrade found good for
// the device, with the boot state it was checked against. Only
// VerifyImpromUpgrade makes one; CommitImpromUpgrade refuses any other,
// a zero Verified included.
type Verified struct {
	d   *Device
	res *verify.Result
	// What the verification depended on, from the boot state.
	counter uint64
	bootrom string
	root    []byte
}

// Version returns the verified image's version.
func (v *Verified) Version() string { return v.res.Version }

// VerifyImpromUpgrade is the improm's check of an improm image: it
// verifies the whole image read from img, as the bootrom will, writing
// nothing, so that a bad, old or foreign image is refused while the
// device keeps its firmware. It refuses unless the bootrom is valid and
// intact and the supply can carry an erase. delivered is as for
// InstallImprom.
func (d *Device) VerifyImpromUpgrade(img io.Reader, delivered []byte) (*Verified, error) {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return nil, err
	}
	if err := d.canRequest(s); err != nil {
		return nil, err
	}
	t, err := d.trusted(s)
	if err != nil {
		return nil, err
	}
	dev := &verify.Device{Model: d.Model, Slots: map[string]int64{"improm": int64(d.Map.Improm.Size)}, Bootrom: s.Bootrom.Version,
		Counter: s.Counter, Trust: t, DeviceKey: d.Key, Now: d.now()}
	discard := targetFunc(func(string, int64) (io.Writer, error) { return io.Discard, nil })
	res, err := verify.Install(img, dev, delivered, discard)
	if err != nil {
		d.logf("improm: upgrade refused: %v", err)
		return nil, err
	}
	return &Verified{d: d, res: res, counter: s.Counter, bootrom: s.Bootrom.Version, root: bytes.Clone(s.Root)}, nil
}

// CommitImpromUpgrade invalidates the improm for the image v, which
// VerifyImpromUpgrade returned on this device, so that the next boot
// runs the bootrom to install it. It refuses if the boot state the
// verification depended on (the anti-rollback counter, the bootrom's
// version, the root of trust) has changed since, if the root has expired
// meanwhile, if the bootrom is no longer valid and intact, or if the
// supply cannot carry an erase.
func (d *Device) CommitImpromUpgrade(v *Verified) error {
	if v == nil || v.res == nil || v.d != d {
		return ErrNotVerified
	}
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return err
	}
	if s.Counter != v.counter || s.Bootrom.Version != v.bootrom || !bytes.Equal(s.Root, v.root) {
		return fmt.Errorf("improm %s: %w", v.res.Version, ErrStale)
	}
	if err := d.canRequest(s); err != nil {
		return err
	}
	t, err := d.trusted(s)
	if err != nil {
		return err
	}
	if err := t.CheckExpiry(d.now()); err != nil {
		return fmt.Errorf("%w: %w", verify.ErrExpiredRoot, err)
	}
	s.Improm.Valid = false
	s.Pending = true
	if err := WriteState(d.Flash, d.Map, s); err != nil {
		return err
	}
	d.logf("improm: invalidated for an upgrade, resetting")
	return nil
}

// RequestImpromUpgrade is the improm's half of an improm upgrade in one
// call: VerifyImpromUpgrade of the image read from img, then
// CommitImpromUpgrade.
func (d *Device) RequestImpromUpgrade(img io.Reader, delivered []byte) error {
	v, err := d.VerifyImpromUpgrade(img, delivered)
	if err != nil {
		return err
	}
	return d.CommitImpromUpgrade(v)
}

// canRequest reports why the improm may not ask for an upgrade in state
// s: a bootrom that is not valid and intact (a path back to the cloud
// must always remain), or a supply too low for an erase.
func (d *Device) canRequest(s *State) error {
	if !d.intact(d.Map.Bootrom, s.Bootrom) {
		return ErrBootromInvalid
	}
	if d.Supply != nil {
		return d.Supply.Check(power.Erase)
	}
	return nil
}
