package verify

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"time"

	"drey/image/chain"
	"drey/image/trust"
)

// Summary describes an image that Check found authentic.
type Summary struct {
	Model, Slot, Version, MinBootrom string
	Sequence                         uint64
	Size, Stored                     int64
	BlockSize                        int
	Encryption                       uint64
	// Digest is the signed digest of the decrypted payload.
	Digest []byte
}

// Check verifies an image file as an operator's tool does, for no
// particular device: the signatures against the trusted root, the
// manifest, and every block of the stored payload against the hash
// chain, to its signed end. For an unencrypted image it also checks the
// payload digest; an encrypted one can only be decrypted by a device.
func Check(r io.Reader, t *trust.Trusted, now time.Time) (*Summary, error) {
	im, err := readImage(r, t, now)
	if err != nil {
		return nil, err
	}
	cr, err := chain.NewReader(r, im.root, im.size, im.blockSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, cr); err != nil {
		switch {
		case errors.Is(err, chain.ErrBlockDigest):
			return nil, fmt.Errorf("%w: %w", ErrBlockDigest, err)
		case errors.Is(err, chain.ErrTruncated):
			return nil, fmt.Errorf("%w: %w", ErrTruncated, err)
		}
		return nil, err
	}
	var extra [1]byte
	if k, _ := io.ReadFull(r, extra[:]); k != 0 {
		return nil, fmt.Errorf("%w: after %d stored bytes", ErrTrailingData, im.stored)
	}
	if im.mode == 0 && subtle.ConstantTimeCompare(h.Sum(nil), im.digest) != 1 {
		return nil, fmt.Errorf("%w: image-digest %x", ErrDigest, im.digest)
	}
	return &Summary{
		Model: im.model, Slot: im.slot, Version: im.version, MinBootrom: im.minBootrom,
		Sequence: im.seq, Size: im.size, Stored: im.stored, BlockSize: im.blockSize,
		Encryption: im.mode, Digest: im.digest,
	}, nil
}
