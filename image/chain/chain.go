// Package chain is the per-block authentication of firmware payloads: a
// hash chain that lets a device check each block of an image before it
// writes that block to flash, with memory that does not grow with the
// image.
//
// A payload of n blocks (each BlockSize bytes, the last one shorter or
// equal) is stored as
//
//	stored = D0 H1 D1 H2 D2 ... H(n-1) D(n-1)
//
// where Di is block i and Hi is the digest of block i and everything
// after it:
//
//	H(n-1) = SHA-256(0x01 || D(n-1))
//	Hi     = SHA-256(0x00 || Di || H(i+1))     for i < n-1
//
// The root H0 is signed in the manifest. A reader that knows the root
// reads D0 and H1, checks SHA-256(0x00 || D0 || H1) against H0, and so
// learns H1, the digest the next block must match: each block is
// authenticated by the one before it, and the first is authenticated by
// the signature. A tampered block is caught before it is used, at the
// first bad block, not after the whole payload. The leading byte keeps
// the last block's digest distinct from the others'.
//
// The stored form is the payload plus 32 bytes per block after the
// first: 0.8% for 4 KB blocks.
package chain

import (
	"crypto/sha256"
	"errors"
	"fmt"
)

// DigestSize is the size of a chain digest.
const DigestSize = sha256.Size

// DefaultBlockSize is the block size images use unless told otherwise:
// the smallest flash sector of the imp's STM32F205 is 16 KB and its
// program granularity is a word, so 4 KB blocks bound the work a bad
// block can cause to a quarter of the smallest sector.
const DefaultBlockSize = 4096

// MinBlockSize and MaxBlockSize bound the block sizes a verifier accepts,
// and so the memory it allocates.
const (
	MinBlockSize = 512
	MaxBlockSize = 64 << 10
)

// Errors a Reader returns. They are wrapped with the block number.
var (
	// ErrBlockDigest means a block does not match its authenticated digest.
	ErrBlockDigest = errors.New("block digest mismatch")
	// ErrTruncated means the stream ended before the signed size.
	ErrTruncated = errors.New("payload truncated")
	// ErrBlockSize means a block size outside [MinBlockSize, MaxBlockSize].
	ErrBlockSize = errors.New("unsupported block size")
)

// CheckBlockSize returns an error for a block size a verifier refuses.
func CheckBlockSize(bs int) error {
	if bs < MinBlockSize || bs > MaxBlockSize {
		return fmt.Errorf("block size %d (want %d..%d): %w", bs, MinBlockSize, MaxBlockSize, ErrBlockSize)
	}
	return nil
}

// NumBlocks returns the number of blocks of a payload of size bytes.
func NumBlocks(size int64, bs int) int64 {
	if size <= 0 {
		return 0
	}
	return (size + int64(bs) - 1) / int64(bs)
}

// StoredSize returns the size of the stored form of a payload of size
// bytes.
func StoredSize(size int64, bs int) int64 {
	n := NumBlocks(size, bs)
	if n == 0 {
		return 0
	}
	return size + (n-1)*DigestSize
}

// digest computes a chain digest: of the last block when next is nil.
func digest(block []byte, next []byte) [DigestSize]byte {
	h := sha256.New()
	if next == nil {
		h.Write([]byte{1})
		h.Write(block)
	} else {
		h.Write([]byte{0})
		h.Write(block)
		h.Write(next)
	}
	var d [DigestSize]byte
	h.Sum(d[:0])
	return d
}

// Encode returns the stored form of payload and the root digest to sign.
// The payload must not be empty.
func Encode(payload []byte, bs int) (stored []byte, root [DigestSize]byte, err error) {
	if err := CheckBlockSize(bs); err != nil {
		return nil, root, err
	}
	if len(payload) == 0 {
		return nil, root, errors.New("chain: empty payload")
	}
	n := int(NumBlocks(int64(len(payload)), bs))
	// Digests are computed from the last block back to the first.
	digests := make([][DigestSize]byte, n)
	for i := n - 1; i >= 0; i-- {
		end := min((i+1)*bs, len(payload))
		block := payload[i*bs : end]
		if i == n-1 {
			digests[i] = digest(block, nil)
		} else {
			digests[i] = digest(block, digests[i+1][:])
		}
	}
	stored = make([]byte, 0, StoredSize(int64(len(payload)), bs))
	for i := 0; i < n; i++ {
		end := min((i+1)*bs, len(payload))
		stored = append(stored, payload[i*bs:end]...)
		if i < n-1 {
			stored = append(stored, digests[i+1][:]...)
		}
	}
	return stored, digests[0], nil
}
