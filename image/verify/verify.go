// Package verify is the one-pass streaming verifier a device's bootrom
// runs to install platform firmware. It reads an image exactly once from
// an io.Reader (untrusted media or plain HTTP), verifies the manifest's
// signatures against the device's trusted root before it acts on any
// field, then decrypts and hashes the payload while it streams it to the
// flash slot, block by block, each block authenticated before it is
// written. Its memory does not grow with the image.
package verify

import (
	"bytes"
	"crypto/ecdh"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"drey/image/chain"
	"drey/image/crypt"
	"drey/image/format"
	"drey/image/suit"
	"drey/image/trust"
)

// Device is what the verifier knows of the device it installs on.
type Device struct {
	Model string // e.g. "imp001"
	// Slots gives the capacity in bytes of each slot this verifier may
	// write: a bootrom may write only the improm, for example.
	Slots   map[string]int64
	Bootrom string // version of the running bootrom, dotted decimal
	// Counter is the highest sequence number the device has accepted;
	// an image with a lower one is a rollback (REQ-PROC-6).
	Counter uint64
	Trust   *trust.Trusted
	// DeviceKey (with DeviceKeyID) unwraps per-device content keys;
	// ModelKey (with ModelKeyID) per-model ones.
	DeviceKey   *ecdh.PrivateKey
	DeviceKeyID []byte
	ModelKey    []byte
	ModelKeyID  []byte
	Now         time.Time
}

// Target is where the payload goes: Open is called only once the
// manifest is authenticated and every check of it has passed, with the
// slot and the signed payload size. What is written is not valid until
// Install returns without error.
type Target interface {
	Open(slot string, size int64) (io.Writer, error)
}

// Result describes an installed image.
type Result struct {
	Slot     string
	Version  string
	Sequence uint64
	Size     int64
	Digest   []byte
	Blocks   int64
}

// Install verifies the image read from r and streams its payload to the
// target. delivered is the per-device encryption info (the content key
// wrapped for this device) for images encrypted per device, else nil.
// Any error wraps one of the Err values of this package.
func Install(r io.Reader, dev *Device, delivered []byte, target Target) (*Result, error) {
	im, err := readImage(r, dev.Trust, dev.Now)
	if err != nil {
		return nil, err
	}
	if err := im.check(dev); err != nil {
		return nil, err
	}
	cek, info, err := contentKey(im, dev, delivered)
	if err != nil {
		return nil, err
	}
	w, err := target.Open(im.slot, im.size)
	if err != nil {
		return nil, fmt.Errorf("opening slot %s: %w", im.slot, err)
	}
	cr, err := chain.NewReader(r, im.root, im.size, im.blockSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	var payload io.Reader = cr
	if info != nil {
		if payload, err = info.NewReader(cek, cr); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
		}
	}
	h := sha256.New()
	copied, err := io.Copy(io.MultiWriter(h, w), payload)
	if err != nil {
		switch {
		case errors.Is(err, chain.ErrBlockDigest):
			return nil, fmt.Errorf("%w: %w", ErrBlockDigest, err)
		case errors.Is(err, chain.ErrTruncated):
			return nil, fmt.Errorf("%w: %w", ErrTruncated, err)
		}
		return nil, fmt.Errorf("writing slot %s: %w", im.slot, err)
	}
	if copied != im.size {
		return nil, fmt.Errorf("%w: %d bytes of %d", ErrTruncated, copied, im.size)
	}
	// The signed size ends the image: anything after it is refused, so an
	// endless stream cannot keep the device reading.
	var extra [1]byte
	if k, _ := io.ReadFull(r, extra[:]); k != 0 {
		return nil, fmt.Errorf("%w: after %d stored bytes", ErrTrailingData, im.stored)
	}
	sum := h.Sum(nil)
	if subtle.ConstantTimeCompare(sum, im.digest) != 1 {
		return nil, fmt.Errorf("%w: image-digest %x, payload hashes to %x", ErrDigest, im.digest, sum)
	}
	return &Result{Slot: im.slot, Version: im.version, Sequence: im.seq, Size: im.size, Digest: sum, Blocks: cr.Block()}, nil
}

// readImage reads the header and the envelope, authenticates the envelope
// with the trusted root's release keys, and reads the manifest's fields.
func readImage(r io.Reader, t *trust.Trusted, now time.Time) (*image, error) {
	if err := t.CheckExpiry(now); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrExpiredRoot, err)
	}
	n, err := format.ReadHeader(r)
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: %w", ErrTruncated, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	envBytes := make([]byte, n)
	if _, err := io.ReadFull(r, envBytes); err != nil {
		return nil, fmt.Errorf("%w: envelope of %d bytes: %w", ErrTruncated, n, err)
	}
	m, err := authenticate(envBytes, t)
	if err != nil {
		return nil, err
	}
	// From here on every field read is signed.
	return readManifest(m)
}

// authenticate decodes the envelope and verifies it against the release
// keys of the trusted root, returning the manifest only if enough
// unrevoked release keys signed it (REQ-SEC-3, REQ-SEC-5, REQ-SEC-8).
func authenticate(data []byte, t *trust.Trusted) (*suit.Manifest, error) {
	e, err := suit.Decode(data)
	if err != nil {
		return nil, suitErr(err)
	}
	root := t.Root()
	keys := make([]suit.Key, 0, len(root.ReleaseKeys))
	for _, k := range root.ReleaseKeys {
		if t.IsRevoked(k.ID()) {
			continue
		}
		id := k.ID()
		keys = append(keys, suit.Key{ID: id[:], Algorithm: k.Algorithm(), Public: k.Public()})
	}
	ks, err := suit.NewKeySet(keys...)
	if err != nil {
		return nil, fmt.Errorf("%w: release keys: %w", ErrMalformed, err)
	}
	m, err := e.Verify(ks, root.ReleaseThreshold)
	if err != nil {
		// A signature by a revoked key gets its own error.
		for _, s := range e.Signatures {
			var id trust.KeyID
			if len(s.KeyID) == len(id) {
				copy(id[:], s.KeyID)
				if t.IsRevoked(id) {
					return nil, fmt.Errorf("%w: signature by key %s: %w", ErrRevokedKey, id, err)
				}
			}
		}
		return nil, suitErr(err)
	}
	return m, nil
}

// suitErr maps image/suit's errors to this package's.
func suitErr(err error) error {
	switch {
	case errors.Is(err, suit.ErrBadSignature), errors.Is(err, suit.ErrDigestMismatch):
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	case errors.Is(err, suit.ErrTooFewSignatures) && errors.Is(err, suit.ErrUnknownKey):
		// Signatures by keys the root does not name do not count.
		return fmt.Errorf("%w: %w: %w", ErrUnknownKey, ErrTooFewSignatures, err)
	case errors.Is(err, suit.ErrUnknownKey):
		return fmt.Errorf("%w: %w", ErrUnknownKey, err)
	case errors.Is(err, suit.ErrTooFewSignatures):
		return fmt.Errorf("%w: %w", ErrTooFewSignatures, err)
	case errors.Is(err, suit.ErrUnsupportedVersion), errors.Is(err, suit.ErrUnsupportedElement):
		return fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	return fmt.Errorf("%w: %w", ErrMalformed, err)
}

// image is what the verifier reads from an authenticated manifest.
type image struct {
	seq                 uint64
	vendor, class       []byte
	model, slot         string
	version, minBootrom string
	component           [][]byte
	blockSize           int
	root                [chain.DigestSize]byte
	stored, size        int64
	digest              []byte
	mode                uint64
	encInfo, commit     []byte
}

// readManifest checks that the manifest has the shape of a Drey image
// (one component; the parameters, then the vendor and class conditions,
// in the shared sequence; fetch and image-match on install) and reads its
// parameters. Anything else is refused rather than half-understood.
func readManifest(m *suit.Manifest) (*image, error) {
	unsupported := func(what string) error { return fmt.Errorf("%w: %s", ErrUnsupported, what) }
	if len(m.Common.Components) != 1 {
		return nil, unsupported(fmt.Sprintf("%d components (want 1)", len(m.Common.Components)))
	}
	sh := m.Common.Shared
	if len(sh) != 3 || sh[0].Code != suit.DirOverride || sh[0].Params == nil || sh[1].Code != suit.CondVendorID || sh[2].Code != suit.CondClassID {
		return nil, unsupported("shared sequence (want override-parameters, vendor-identifier, class-identifier)")
	}
	if len(m.Install) != 2 || m.Install[0].Code != suit.DirFetch || m.Install[1].Code != suit.CondImageMatch {
		return nil, unsupported("install sequence (want fetch, image-match)")
	}
	if len(m.Load) != 0 || len(m.Invoke) != 0 || len(m.PayloadFetch) != 0 {
		return nil, unsupported("load, invoke or payload-fetch sequence")
	}
	p := sh[0].Params
	im := &image{seq: m.SequenceNumber, vendor: p.VendorID, class: p.ClassID, component: m.Common.Components[0], encInfo: p.EncryptionInfo, commit: p.DreyCEKCommitment}
	missing := func(name string) error { return fmt.Errorf("%w: manifest has no %s", ErrMalformed, name) }
	switch {
	case p.DreyModel == nil:
		return nil, missing("drey-model")
	case p.DreySlot == nil:
		return nil, missing("drey-slot")
	case p.DreyVersion == nil:
		return nil, missing("drey-version")
	case p.DreyBlockSize == nil:
		return nil, missing("drey-block-size")
	case len(p.DreyChainRoot) != chain.DigestSize:
		return nil, missing("drey-chain-root")
	case p.DreyStoredSize == nil:
		return nil, missing("drey-stored-size")
	case p.ImageSize == nil:
		return nil, missing("image-size")
	case p.ImageDigest == nil:
		return nil, missing("image-digest")
	case p.DreyEncryptionMode == nil:
		return nil, missing("drey-encryption-mode")
	}
	im.model, im.slot, im.version = *p.DreyModel, *p.DreySlot, *p.DreyVersion
	if p.DreyMinBootrom != nil {
		im.minBootrom = *p.DreyMinBootrom
	}
	if *p.DreyBlockSize > chain.MaxBlockSize {
		return nil, fmt.Errorf("%w: drey-block-size %d", ErrUnsupported, *p.DreyBlockSize)
	}
	im.blockSize = int(*p.DreyBlockSize)
	if err := chain.CheckBlockSize(im.blockSize); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	copy(im.root[:], p.DreyChainRoot)
	const maxSize = 1 << 40
	if *p.ImageSize == 0 || *p.ImageSize > maxSize || *p.DreyStoredSize > maxSize {
		return nil, fmt.Errorf("%w: image-size %d, drey-stored-size %d", ErrMalformed, *p.ImageSize, *p.DreyStoredSize)
	}
	im.size, im.stored = int64(*p.ImageSize), int64(*p.DreyStoredSize)
	if want := chain.StoredSize(im.size, im.blockSize); im.stored != want {
		return nil, fmt.Errorf("%w: drey-stored-size %d, want %d for image-size %d in %d-byte blocks", ErrMalformed, im.stored, want, im.size, im.blockSize)
	}
	im.digest = p.ImageDigest.Bytes
	im.mode = *p.DreyEncryptionMode
	return im, nil
}

// check compares the signed fields with the device (REQ-PROC-6,
// REQ-PROC-8).
func (im *image) check(dev *Device) error {
	if !bytes.Equal(im.vendor, format.VendorID) {
		return fmt.Errorf("%w: vendor-id %x", ErrWrongModel, im.vendor)
	}
	if im.model != dev.Model || !bytes.Equal(im.class, format.ClassID(dev.Model)) {
		return fmt.Errorf("%w: drey-model %q (class-id %x), device is %q", ErrWrongModel, im.model, im.class, dev.Model)
	}
	capacity, ok := dev.Slots[im.slot]
	if !ok {
		return fmt.Errorf("%w: drey-slot %q is not writable here", ErrWrongSlot, im.slot)
	}
	if len(im.component) != 1 || string(im.component[0]) != im.slot {
		return fmt.Errorf("%w: component %q does not name drey-slot %q", ErrWrongSlot, im.component, im.slot)
	}
	if im.seq < dev.Counter {
		return fmt.Errorf("%w: manifest-sequence-number %d, device has accepted %d", ErrRollback, im.seq, dev.Counter)
	}
	if im.minBootrom != "" && compareVersions(dev.Bootrom, im.minBootrom) < 0 {
		return fmt.Errorf("%w: drey-min-bootrom %s, device runs %s", ErrNeedsBootrom, im.minBootrom, dev.Bootrom)
	}
	if im.size > capacity {
		return fmt.Errorf("%w: image-size %d, slot %s holds %d", ErrTooLarge, im.size, im.slot, capacity)
	}
	return nil
}

// contentKey finds the content key and checks it against the signed
// commitment before anything is decrypted.
func contentKey(im *image, dev *Device, delivered []byte) ([]byte, *crypt.EncryptionInfo, error) {
	var raw []byte
	switch im.mode {
	case suit.EncryptionNone:
		if im.encInfo != nil || im.commit != nil {
			return nil, nil, fmt.Errorf("%w: encryption parameters on an unencrypted image", ErrMalformed)
		}
		return nil, nil, nil
	case suit.EncryptionModel:
		raw = im.encInfo
	case suit.EncryptionDevice:
		raw = delivered
	default:
		return nil, nil, fmt.Errorf("%w: drey-encryption-mode %d", ErrUnsupported, im.mode)
	}
	if raw == nil {
		return nil, nil, fmt.Errorf("%w: no encryption info for encryption mode %d", ErrContentKey, im.mode)
	}
	if len(im.commit) != 32 {
		return nil, nil, fmt.Errorf("%w: manifest has no drey-cek-commitment", ErrMalformed)
	}
	info, err := crypt.ParseEncryptionInfo(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrContentKey, err)
	}
	if info.Alg() != crypt.A128CTR && info.Alg() != crypt.A256CTR {
		return nil, nil, fmt.Errorf("%w: content algorithm %v (streaming needs AES-CTR)", ErrUnsupported, info.Alg())
	}
	var cek []byte
	if im.mode == suit.EncryptionModel {
		cek, err = info.ModelCEK(dev.ModelKey, dev.ModelKeyID)
	} else {
		cek, err = info.DeviceCEK(dev.DeviceKey, dev.DeviceKeyID)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrContentKey, err)
	}
	c := format.CEKCommitment(int64(info.Alg()), info.IV(), cek)
	if subtle.ConstantTimeCompare(c[:], im.commit) != 1 {
		return nil, nil, fmt.Errorf("%w: the unwrapped key, algorithm or IV is not the one the manifest commits to", ErrContentKey)
	}
	return cek, info, nil
}

// compareVersions compares dotted decimal versions numerically.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(as), len(bs)); i++ {
		var x, y uint64
		if i < len(as) {
			x, _ = strconv.ParseUint(as[i], 10, 64)
		}
		if i < len(bs) {
			y, _ = strconv.ParseUint(bs[i], 10, 64)
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}
