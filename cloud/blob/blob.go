// Package blob is the service's store of immutable, content-addressed
// blobs: firmware images today, and whatever is too large for the
// metadata store. A blob is named by the SHA-256 of its bytes, so a name
// says exactly what it holds, a blob can never change under its name, and
// an HTTP cache may keep it for ever.
//
// Store is the seam: FS keeps blobs in a directory, the embedded default;
// an S3-compatible implementation can replace it at scale and must pass
// the same suite (package blobtest).
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Info describes a stored blob.
type Info struct {
	Digest string // lower-case hex SHA-256 of the bytes
	Size   int64
}

// Reader reads a blob; it seeks, so HTTP Range requests can be served.
type Reader interface {
	io.ReadSeekCloser
}

// Store keeps blobs. Every method is safe for concurrent use.
type Store interface {
	// Put stores the bytes of r, at most maxSize of them (over that is
	// ErrTooLarge and nothing is stored), and returns their digest and
	// size. Storing bytes already stored is not an error. A blob is either
	// stored whole or not at all, even across a crash.
	Put(ctx context.Context, r io.Reader, maxSize int64) (Info, error)
	// Open returns a reader of a stored blob, and its Info; an unknown
	// digest is ErrNotFound.
	Open(ctx context.Context, digest string) (Reader, Info, error)
	// Stat returns a stored blob's Info; an unknown digest is ErrNotFound.
	Stat(ctx context.Context, digest string) (Info, error)
	// Delete removes a blob; deleting an unknown digest is not an error.
	Delete(ctx context.Context, digest string) error
}

// The errors of a Store.
var (
	ErrNotFound  = errors.New("blob not found")
	ErrTooLarge  = errors.New("blob over the size limit")
	ErrBadDigest = errors.New("not a SHA-256 digest in lower-case hex")
	ErrCorrupt   = errors.New("stored blob does not match its digest")
)

// CheckDigest returns ErrBadDigest, naming d, unless d is 64 lower-case
// hex characters. Every Store checks a digest before using it as a
// name, so a crafted one cannot reach outside the store.
func CheckDigest(d string) error {
	if len(d) != 64 {
		return fmt.Errorf("digest %q: %w", d, ErrBadDigest)
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return fmt.Errorf("digest %q: %w", d, ErrBadDigest)
		}
	}
	return nil
}
