package shamir

import "errors"

// Errors callers can test for with errors.Is. The errors returned carry
// the identifier, threshold or x coordinate concerned and wrap one of
// these.
var (
	// ErrParams means Split was asked for a threshold or share count
	// outside 2 <= k <= n <= 255, or a secret that is empty or longer
	// than MaxSecret.
	ErrParams = errors.New("invalid sharing parameters")

	// ErrTooFewShares means fewer distinct shares were given than the
	// threshold they carry.
	ErrTooFewShares = errors.New("too few shares")

	// ErrMixedShares means the shares given belong to different secrets,
	// or disagree about the threshold or the length of their secret.
	ErrMixedShares = errors.New("shares of different secrets")

	// ErrDuplicateShare means two shares with the same x coordinate were
	// given.
	ErrDuplicateShare = errors.New("duplicate share")

	// ErrCorrupt means the shares are consistent in their headers but do
	// not reconstruct the secret they claim: one of them is damaged or
	// forged.
	ErrCorrupt = errors.New("shares do not reconstruct their secret")

	// ErrFormat means an encoded share is malformed.
	ErrFormat = errors.New("malformed share")
)
