package boot

import (
	"crypto/ecdh"
	"errors"
	"fmt"
	"io"
	"time"

	"drey/device/flash"
	"drey/device/power"
	"drey/image/trust"
	"drey/image/verify"
)

// Stage is the program the preboot starts.
type Stage int

// The stages.
const (
	Bricked Stage = iota // nothing valid to run: never reached by design
	Bootrom
	Improm
)

func (s Stage) String() string {
	switch s {
	case Bootrom:
		return "bootrom"
	case Improm:
		return "improm"
	}
	return "nothing"
}

// Errors of the boot chain, besides those image/verify returns.
var (
	ErrBricked        = errors.New("no valid image to boot")
	ErrBootromInvalid = errors.New("the bootrom is not valid: refusing to invalidate the improm")
	ErrWrongStage     = errors.New("operation not allowed in this stage")
)

// Device is the boot chain of one simulated imp.
type Device struct {
	Flash  Flash
	Map    Map
	Model  string
	Supply *power.Supply
	Key    *ecdh.PrivateKey // the device's key-distribution key
	Log    io.Writer
	Now    func() time.Time
}

func (d *Device) logf(format string, args ...any) {
	if d.Log != nil {
		fmt.Fprintf(d.Log, format+"\n", args...)
	}
}

func (d *Device) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Provision writes a device as the factory does: the factory bootrom and
// improm, their records, the root of trust, and an empty code area.
func (d *Device) Provision(root []byte, bootrom, improm []byte, bootromVersion, impromVersion string) error {
	if _, err := trust.NewTrusted(root); err != nil {
		return fmt.Errorf("root of trust: %w", err)
	}
	s := &State{Active: -1, Root: root}
	for _, x := range []struct {
		reg  Region
		data []byte
		rec  *Image
		ver  string
	}{{d.Map.Bootrom, bootrom, &s.Bootrom, bootromVersion}, {d.Map.Improm, improm, &s.Improm, impromVersion}} {
		w := newSlotWriter(d.Flash, d.Map, x.reg, nil)
		if _, err := w.Write(x.data); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		sum, err := digestRegion(d.Flash, x.reg, int64(len(x.data)))
		if err != nil {
			return err
		}
		*x.rec = Image{Valid: true, Version: x.ver, Size: int64(len(x.data)), Digest: sum}
	}
	return WriteState(d.Flash, d.Map, s)
}

// intact reports whether a slot holds the image its record describes: a
// bit flipped since it was written is caught here, at boot.
func (d *Device) intact(reg Region, im Image) bool {
	if !im.Valid {
		return false
	}
	sum, err := digestRegion(d.Flash, reg, im.Size)
	return err == nil && sum == im.Digest
}

// Boot is the preboot: it starts the improm if it is valid and intact,
// else the bootrom, the recovery path.
func (d *Device) Boot() (Stage, *State, error) {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return Bricked, nil, fmt.Errorf("%w: %w", ErrBricked, err)
	}
	if d.intact(d.Map.Improm, s.Improm) {
		d.logf("preboot: improm %s valid, jumping", s.Improm.Version)
		return Improm, s, nil
	}
	if s.Improm.Valid {
		d.logf("preboot: improm %s fails its integrity check, falling back to the bootrom", s.Improm.Version)
	} else {
		d.logf("preboot: improm not valid, jumping to the bootrom")
	}
	if d.intact(d.Map.Bootrom, s.Bootrom) {
		return Bootrom, s, nil
	}
	return Bricked, s, ErrBricked
}

// trusted returns the root of trust from the state.
func (d *Device) trusted(s *State) (*trust.Trusted, error) {
	return trust.NewTrusted(s.Root)
}

// InstallImprom is the bootrom's job: verify an image read from r in one
// pass and write it to the improm slot; mark it valid as the very last
// write (REQ-PROC-4). It runs only while the improm is not valid.
func (d *Device) InstallImprom(r io.Reader, delivered []byte) (*verify.Result, error) {
	return d.install(r, delivered, "improm", d.Map.Improm, func(s *State) *Image { return &s.Improm })
}

// InstallBootrom is the improm's way to upgrade the bootrom, the
// recovery path: it runs only from a valid improm, records the bootrom as
// invalid before erasing it (so no boot trusts a half-written bootrom),
// and marks the new one valid last. While the bootrom is invalid the
// improm stays valid and keeps the cloud link, and RequestImpromUpgrade
// refuses to run, so a power cut at any instant leaves a valid image with
// a path back to the cloud (docs/devices.md).
func (d *Device) InstallBootrom(r io.Reader, delivered []byte) (*verify.Result, error) {
	return d.install(r, delivered, "bootrom", d.Map.Bootrom, func(s *State) *Image { return &s.Bootrom })
}

func (d *Device) install(r io.Reader, delivered []byte, slot string, reg Region, record func(*State) *Image) (*verify.Result, error) {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return nil, err
	}
	switch slot {
	case "improm":
		if d.intact(d.Map.Improm, s.Improm) {
			return nil, fmt.Errorf("%w: the improm is valid; it must invalidate itself first", ErrWrongStage)
		}
	case "bootrom":
		if !d.intact(d.Map.Improm, s.Improm) {
			return nil, fmt.Errorf("%w: only a valid improm upgrades the bootrom", ErrWrongStage)
		}
	}
	t, err := d.trusted(s)
	if err != nil {
		return nil, err
	}
	if d.Supply != nil {
		if err := d.Supply.Check(power.Erase); err != nil {
			return nil, err
		}
	}
	dev := &verify.Device{Model: d.Model, Slots: map[string]int64{slot: int64(reg.Size)}, Bootrom: s.Bootrom.Version,
		Counter: s.Counter, Trust: t, DeviceKey: d.Key, Now: d.now()}
	var w *slotWriter
	target := targetFunc(func(name string, size int64) (io.Writer, error) {
		if slot == "bootrom" {
			// Record the bootrom invalid before its first sector is erased.
			s.Bootrom.Valid = false
			if err := WriteState(d.Flash, d.Map, s); err != nil {
				return nil, err
			}
		}
		w = newSlotWriter(d.Flash, d.Map, reg, func() error {
			if d.Supply != nil {
				return d.Supply.Check(power.Erase)
			}
			return nil
		})
		return w, nil
	})
	res, err := verify.Install(r, dev, delivered, target)
	if errors.Is(err, flash.ErrPowerLost) {
		d.logf("%s: power lost while installing: %v", stageName(slot), err)
		return nil, err
	}
	if err != nil {
		d.logf("%s: image refused: %v", stageName(slot), err)
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	im := record(s)
	*im = Image{Valid: true, Version: res.Version, Sequence: res.Sequence, Size: res.Size}
	if im.Digest, err = digestRegion(d.Flash, reg, res.Size); err != nil {
		return nil, err
	}
	if res.Sequence > s.Counter {
		s.Counter = res.Sequence
	}
	s.Pending = false
	// The last write: the new image becomes valid only now.
	if err := WriteState(d.Flash, d.Map, s); err != nil {
		return nil, err
	}
	d.logf("%s: %s %s valid, rebooting", stageName(slot), slot, res.Version)
	return res, nil
}

func stageName(slot string) string {
	if slot == "improm" {
		return "bootrom"
	}
	return "improm"
}

type targetFunc func(string, int64) (io.Writer, error)

func (f targetFunc) Open(slot string, size int64) (io.Writer, error) { return f(slot, size) }

// InstallCode writes customer bytecode to the code slot not in use and
// then switches to it with one journal write, so that a power cut leaves
// the old program or the new one runnable, never neither (REQ-PROC-15).
func (d *Device) InstallCode(code []byte) error { return d.InstallCodeID(code, "") }

// InstallCodeID is InstallCode that also records the id of the deployment
// the code comes from, which the device reports when it connects.
func (d *Device) InstallCodeID(code []byte, id string) error {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return err
	}
	next := 0
	if s.Active == 0 {
		next = 1
	}
	reg := d.Map.Code[next]
	if len(code) > reg.Size {
		return fmt.Errorf("bytecode of %d bytes does not fit the %d-byte code slot", len(code), reg.Size)
	}
	w := newSlotWriter(d.Flash, d.Map, reg, nil)
	if _, err := w.Write(code); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	sum, err := digestRegion(d.Flash, reg, int64(len(code)))
	if err != nil {
		return err
	}
	s.Code[next] = Image{Valid: true, Version: id, Size: int64(len(code)), Digest: sum}
	s.Active = next
	return WriteState(d.Flash, d.Map, s)
}

// Code returns the customer bytecode in use, checked against its record,
// or nil if there is none.
func (d *Device) Code() ([]byte, error) {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return nil, err
	}
	if s.Active < 0 {
		return nil, nil
	}
	im, reg := s.Code[s.Active], d.Map.Code[s.Active]
	if !d.intact(reg, im) {
		return nil, fmt.Errorf("code slot %d fails its integrity check", s.Active)
	}
	buf := make([]byte, im.Size)
	if err := d.Flash.Read(reg.Start, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// UpdateRoot applies the next version of the root of trust (REQ-SEC-7),
// crash-safely: the journal holds the root.
func (d *Device) UpdateRoot(next []byte) error {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return err
	}
	t, err := d.trusted(s)
	if err != nil {
		return err
	}
	if err := t.UpdateRoot(next); err != nil {
		return err
	}
	s.Root = t.Bytes()
	return WriteState(d.Flash, d.Map, s)
}

// RootVersion returns the version of the root of trust the device holds.
func (d *Device) RootVersion() (uint64, error) {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil {
		return 0, err
	}
	t, err := d.trusted(s)
	if err != nil {
		return 0, err
	}
	return t.Version(), nil
}

// CodeID returns the deployment id of the code in use, or "".
func (d *Device) CodeID() string {
	s, _, err := ReadState(d.Flash, d.Map)
	if err != nil || s.Active < 0 {
		return ""
	}
	return s.Code[s.Active].Version
}
