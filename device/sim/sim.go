// Package sim runs a simulated imp: its flash (persisted in a state
// directory), its boot chain, its identity and its battery, printing a
// boot log like a serial console. `drey device` is a thin wrapper around
// it.
package sim

import (
	"crypto/ecdh"
	"crypto/rand"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"drey/device/boot"
	"drey/device/flash"
	"drey/device/power"
)

// Factory firmware versions of a new device.
const (
	FactoryBootrom = "1.0"
	FactoryImprom  = "1.0"
)

// Device is one running simulated imp.
type Device struct {
	Boot   *boot.Device
	flash  *flash.Flash
	log    io.Writer
	closer func() error

	mu  sync.Mutex
	cut cut // armed for the next install (power.go)
}

// Config says which device to run.
type Config struct {
	Model string // "imp001"
	// Dir is the state directory: flash.img holds the flash. A new or
	// empty directory is a device fresh from the factory.
	Dir string
	// Root is the root of trust provisioned at manufacture (used only for
	// a new device).
	Root []byte
	// Log receives the serial console.
	Log io.Writer
	// Supply is the power supply (nil: mains).
	Supply *power.Supply
	// Memory keeps the flash in memory (sparse), for fleets and tests.
	Memory bool
}

// Open starts a device: it provisions a new one, or reopens the state
// directory of an existing one.
func Open(c Config) (*Device, error) {
	var m boot.Map
	var layout flash.Layout
	switch c.Model {
	case "imp001":
		m, layout = boot.Imp001(), flash.STM32F205
	case "imp003":
		m, layout = boot.Imp003(), flash.Layout{Sectors: boot.Imp003Sectors(), WordSize: 4}
	default:
		return nil, fmt.Errorf("model %q: want imp001 or imp003", c.Model)
	}
	var fl *flash.Flash
	var err error
	fresh := true
	closer := func() error { return nil }
	if c.Memory {
		fl, err = flash.NewSparse(layout)
	} else {
		if err := os.MkdirAll(c.Dir, 0o700); err != nil {
			return nil, err
		}
		path := filepath.Join(c.Dir, "flash.img")
		_, statErr := os.Stat(path)
		fresh = errors.Is(statErr, os.ErrNotExist)
		fl, err = flash.Open(path, layout)
		closer = func() error { return fl.Close() }
	}
	if err != nil {
		return nil, err
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	d := &Device{flash: fl, log: c.Log, closer: closer}
	supply := c.Supply
	if supply == nil {
		supply = power.Mains()
	}
	d.Boot = &boot.Device{Flash: fl, Map: m, Model: c.Model, Supply: supply, Log: c.Log}
	fl.SetTiming(timingFor(c.Model))
	fl.SetClock(flash.ScaledClock(0)) // simulated time: no real waiting
	fl.SetObserver(supplyObserver{supply})
	if fresh {
		if err := d.provision(c.Root); err != nil {
			closer()
			return nil, err
		}
	}
	if d.Boot.Key, err = d.identity(); err != nil {
		closer()
		return nil, err
	}
	return d, nil
}

// Close saves the flash.
func (d *Device) Close() error { return d.closer() }

// provision writes the factory data (a fresh device key) and the factory
// firmware, as at manufacture.
func (d *Device) provision(root []byte) error {
	if root == nil {
		return errors.New("a new device needs the root of trust to provision")
	}
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	rec := binary.BigEndian.AppendUint32([]byte("DFAC"), uint32(len(der)))
	rec = append(rec, der...)
	for len(rec)%4 != 0 {
		rec = append(rec, 0xff)
	}
	fac := d.Boot.Map.Factory
	if err := d.flash.Erase(fac.Sectors[0]); err != nil {
		return err
	}
	if err := d.flash.Program(fac.Start, rec); err != nil {
		return err
	}
	fmt.Fprintf(d.log, "factory: provisioned, bootrom %s, improm %s\n", FactoryBootrom, FactoryImprom)
	return d.Boot.Provision(root, factoryImage("bootrom", 24<<10), factoryImage("improm", 96<<10), FactoryBootrom, FactoryImprom)
}

// factoryImage stands in for the factory firmware: its bytes are never
// executed by the simulator, only stored and checked.
func factoryImage(name string, size int) []byte {
	b := make([]byte, size)
	copy(b, "factory "+name)
	return b
}

// identity reads the device's key from its factory data.
func (d *Device) identity() (*ecdh.PrivateKey, error) {
	fac := d.Boot.Map.Factory
	head := make([]byte, 8)
	if err := d.flash.Read(fac.Start, head); err != nil {
		return nil, err
	}
	if string(head[:4]) != "DFAC" {
		return nil, errors.New("factory data missing: not a provisioned device")
	}
	n := int(binary.BigEndian.Uint32(head[4:]))
	if n > fac.Size-8 {
		return nil, errors.New("factory data corrupt")
	}
	der := make([]byte, n)
	if err := d.flash.Read(fac.Start+8, der); err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("factory key: %w", err)
	}
	key, ok := k.(*ecdh.PrivateKey)
	if !ok {
		return nil, errors.New("factory key is not an X25519 key")
	}
	return key, nil
}

// PublicKeyPEM returns the device's key-distribution public key, for
// `drey image wrap`.
func (d *Device) PublicKeyPEM() ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(d.Boot.Key.PublicKey())
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// Start boots the device and reports what runs.
func (d *Device) Start() (boot.Stage, *boot.State, error) {
	stage, s, err := d.Boot.Boot()
	if err != nil {
		return stage, s, err
	}
	if stage == boot.Improm {
		fmt.Fprintf(d.log, "improm %s running\n", s.Improm.Version)
	} else {
		fmt.Fprintf(d.log, "bootrom %s running (recovery)\n", s.Bootrom.Version)
	}
	return stage, s, nil
}

// FlashMemory returns the bytes of memory the device's flash holds (for
// an in-memory, sparse flash: only the sectors written).
func (d *Device) FlashMemory() int { return d.flash.MemoryUsed() }

// timingFor returns a model's flash timing. The imp003's model uses the
// SPI part's figures throughout, since most of its writes go there.
func timingFor(model string) flash.Timing {
	if model == "imp003" {
		return flash.SPITiming
	}
	return flash.STM32F205Timing
}

// supplyObserver charges the supply for flash work: the battery sags and
// drains while the flash erases and programs.
type supplyObserver struct{ s *power.Supply }

func (o supplyObserver) Op(kind flash.OpKind, sector int, d time.Duration) {
	load := power.Program
	if kind == flash.OpErase {
		load = power.Erase
	}
	o.s.Use(load, d)
}
