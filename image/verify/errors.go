package verify

import "errors"

// The reasons an image is refused. Each error Install returns wraps one
// of these (test with errors.Is) and names the field and value that
// failed; several also wrap the lower-level error from image/suit,
// image/trust, image/crypt or image/chain.
var (
	ErrBadSignature     = errors.New("bad signature")
	ErrUnknownKey       = errors.New("unknown key")
	ErrTooFewSignatures = errors.New("too few valid signatures")
	ErrRevokedKey       = errors.New("revoked key")
	ErrWrongModel       = errors.New("image is for another model")
	ErrWrongSlot        = errors.New("image is for another slot")
	ErrRollback         = errors.New("sequence number below the device's")
	ErrNeedsBootrom     = errors.New("requires a newer bootrom")
	ErrTruncated        = errors.New("image truncated")
	ErrTrailingData     = errors.New("data after the signed payload")
	ErrTooLarge         = errors.New("payload larger than the slot")
	ErrBlockDigest      = errors.New("payload block digest mismatch")
	ErrDigest           = errors.New("payload digest mismatch")
	ErrUnsupported      = errors.New("unsupported manifest version or element")
	ErrMalformed        = errors.New("malformed image")
	ErrExpiredRoot      = errors.New("trusted root metadata expired")
	ErrContentKey       = errors.New("content key missing or not the signed one")
)
