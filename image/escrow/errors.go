package escrow

import "errors"

// Errors callers can test for with errors.Is. The errors returned name
// the file, custodian or key concerned and wrap one of these.
var (
	// ErrTampered means a file of the package differs from MANIFEST, is
	// missing, or is present without being listed.
	ErrTampered = errors.New("does not match MANIFEST")

	// ErrFormat means a file of the package is malformed.
	ErrFormat = errors.New("malformed escrow file")

	// ErrOtherEscrow means a share or key file belongs to another escrow
	// than the package it is used with.
	ErrOtherEscrow = errors.New("belongs to another escrow")

	// ErrWrongKey means a custodian's private key is not the one the
	// share was sealed to, or a sealed file did not decrypt.
	ErrWrongKey = errors.New("wrong key")

	// ErrTooFewCustodians means fewer custodians' keys were given than
	// the escrow's threshold.
	ErrTooFewCustodians = errors.New("too few custodians")

	// ErrIncomplete means the keys given to Seal cannot keep producing
	// signed upgrades under the root: fewer than its threshold of root
	// keys or of release keys.
	ErrIncomplete = errors.New("escrow would not be able to sign")

	// ErrNoSource means the source could not be bundled: git is missing
	// or the directory is not a git checkout.
	ErrNoSource = errors.New("source not bundled")
)
