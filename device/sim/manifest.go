package sim

// An image's manifest, read before its payload: the device checks an
// upgrade offer's manifest, and routes an image it applies to the stage
// that installs it, by the manifest's slot, only once the verifier has
// authenticated the manifest and checked it against the device, through
// the verifier's own path (image/verify), stopping before the payload.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"drey/device/boot"
	"drey/image/format"
	"drey/image/trust"
	"drey/image/verify"
)

// errManifestOK stops the verifier before the payload.
var errManifestOK = errors.New("manifest verified")

// manifestSlot verifies an image's envelope as the image's verifier
// does: signatures against the trusted root, then model, slot, sequence
// number, minimum bootrom, size and content key (wrapped as delivered to
// the device). It returns the slot the manifest names, signed and
// checked.
func (d *Device) manifestSlot(envelope, wrapped []byte) (string, error) {
	dev, err := d.verifier()
	if err != nil {
		return "", err
	}
	head := format.AppendHeader(nil, len(envelope))
	img := io.MultiReader(bytes.NewReader(head), bytes.NewReader(envelope))
	var m manifestOnly
	_, err = verify.Install(img, dev, wrapped, &m)
	if errors.Is(err, errManifestOK) {
		return m.slot, nil
	}
	if err == nil {
		err = fmt.Errorf("%w: an empty payload", verify.ErrMalformed) // unreachable: Install opens the target first
	}
	return "", err
}

// manifestOnly is a verify.Target that stops the verifier as soon as the
// manifest has passed every check, noting the slot it names.
type manifestOnly struct{ slot string }

func (m *manifestOnly) Open(slot string, _ int64) (io.Writer, error) {
	m.slot = slot
	return nil, errManifestOK
}

// verifier returns what the verifier knows of this device, read from
// its boot state as the boot chain reads it. Both firmware slots may be
// offered: `--apply` installs either.
func (d *Device) verifier() (*verify.Device, error) {
	b := d.Boot
	s, _, err := boot.ReadState(b.Flash, b.Map)
	if err != nil {
		return nil, err
	}
	t, err := trust.NewTrusted(s.Root)
	if err != nil {
		return nil, fmt.Errorf("root of trust: %w", err)
	}
	now := time.Now()
	if b.Now != nil {
		now = b.Now()
	}
	slots := map[string]int64{"improm": int64(b.Map.Improm.Size), "bootrom": int64(b.Map.Bootrom.Size)}
	return &verify.Device{Model: b.Model, Slots: slots, Bootrom: s.Bootrom.Version, Counter: s.Counter, Trust: t, DeviceKey: b.Key, Now: now}, nil
}

// readEnvelope reads an image's header and envelope from r, untrusted,
// and returns the envelope and a reader of the whole image, r's bytes
// after the envelope included.
func readEnvelope(r io.Reader) ([]byte, io.Reader, error) {
	n, err := format.ReadHeader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", verify.ErrMalformed, err)
	}
	env := make([]byte, n)
	if _, err := io.ReadFull(r, env); err != nil {
		return nil, nil, fmt.Errorf("%w: envelope of %d bytes: %w", verify.ErrTruncated, n, err)
	}
	return env, io.MultiReader(bytes.NewReader(format.AppendHeader(nil, n)), bytes.NewReader(env), r), nil
}
