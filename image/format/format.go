// Package format defines the Drey image file around a SUIT envelope: the
// framing header, the identities a manifest names (vendor and class ids,
// component ids), and the commitment that binds a content key to the
// signed manifest. Builders and verifiers share it so that both read the
// format from one place; docs/image-format.md describes it.
package format

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Magic starts every image file.
const Magic = "DRIM"

// Version is the version of the framing this package reads and writes.
const Version = 1

// MaxEnvelope bounds the envelope a verifier reads into memory.
const MaxEnvelope = 64 << 10

// ErrHeader is wrapped by errors about the framing header.
var ErrHeader = errors.New("bad image header")

// AppendHeader appends the framing header for an envelope of n bytes.
func AppendHeader(b []byte, n int) []byte {
	b = append(b, Magic...)
	b = append(b, Version)
	return binary.AppendUvarint(b, uint64(n))
}

// ReadHeader reads the framing header and returns the envelope's length.
// It reads exactly the header's bytes from r.
func ReadHeader(r io.Reader) (int, error) {
	var head [len(Magic) + 1]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrHeader, err)
	}
	if string(head[:len(Magic)]) != Magic {
		return 0, fmt.Errorf("%w: magic %q, want %q", ErrHeader, head[:len(Magic)], Magic)
	}
	if head[len(Magic)] != Version {
		return 0, fmt.Errorf("%w: framing version %d, want %d", ErrHeader, head[len(Magic)], Version)
	}
	n, err := binary.ReadUvarint(byteReader{r})
	if err != nil {
		return 0, fmt.Errorf("%w: envelope length: %v", ErrHeader, err)
	}
	if n == 0 || n > MaxEnvelope {
		return 0, fmt.Errorf("%w: envelope length %d, want 1..%d", ErrHeader, n, MaxEnvelope)
	}
	return int(n), nil
}

// byteReader reads one byte at a time, so that ReadUvarint consumes no
// more than the varint (a bufio.Reader would read ahead).
type byteReader struct{ r io.Reader }

func (b byteReader) ReadByte() (byte, error) {
	var c [1]byte
	_, err := io.ReadFull(b.r, c[:])
	return c[0], err
}

var _ io.ByteReader = byteReader{}

// VendorID is the SUIT vendor id of Drey platform images: a fixed
// random (version 4) UUID.
var VendorID = []byte{0x3b, 0x6d, 0x1f, 0x2e, 0x97, 0x0c, 0x4e, 0x51, 0x8a, 0x4f, 0x22, 0xd6, 0x5c, 0x71, 0x09, 0xe4}

// ClassID returns the SUIT class id of a device model: the name-based
// (version 5, SHA-1) UUID of the model name in the VendorID namespace, as
// the SUIT manifest draft recommends.
func ClassID(model string) []byte {
	h := sha1.New()
	h.Write(VendorID)
	h.Write([]byte(model))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

// Component returns the SUIT component identifier of a firmware slot:
// the slot name as one byte string, ["improm"] or ["bootrom"].
func Component(slot string) [][]byte { return [][]byte{[]byte(slot)} }

// CEKCommitment binds a content key, with the algorithm and IV it is used
// with, to the manifest that signs the commitment. A device unwraps the
// content key from a recipient that is not signed (per-device wraps are
// made after signing, for each device) and refuses it unless the
// commitment matches: so the key, the algorithm and the IV it decrypts
// with are authenticated before any byte is decrypted.
func CEKCommitment(alg int64, iv, cek []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte("drey content key v1\x00"))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(alg))
	h.Write(b[:])
	h.Write([]byte{byte(len(iv))})
	h.Write(iv)
	h.Write(cek)
	var d [32]byte
	h.Sum(d[:0])
	return d
}
