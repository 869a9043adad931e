package shamir

// A share is encoded as
//
//	magic     4 bytes  "DRSS"
//	version   1 byte   1
//	id       16 bytes  identifier of the secret, the same in all its shares
//	k         1 byte   threshold, 2 to 255
//	x         1 byte   x coordinate, 1 to 255
//	length    2 bytes  big-endian length of y, 17 to MaxSecret+16
//	y         length bytes: f(x) for each byte of secret || check
//
// and nothing after it. ParseShare rejects a wrong magic or version by
// saying what it read and what it wanted.

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
)

const (
	shareMagic   = "DRSS"
	shareVersion = 1
	headerSize   = len(shareMagic) + 1 + len(ID{}) + 1 + 1 + 2
)

// ID identifies a shared secret: 16 random bytes drawn by Split.
type ID [16]byte

// String returns the identifier in lower-case hex.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// ParseID reads an identifier written by String.
func ParseID(s string) (ID, error) {
	var id ID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("shamir: secret identifier %q: want %d hex digits: %w", s, 2*len(id), ErrFormat)
	}
	copy(id[:], b)
	return id, nil
}

// Share is one share of a secret. Y is secret material: any Threshold
// shares recover the secret. Printing a Share with fmt shows only its
// identifier, threshold and x coordinate.
type Share struct {
	ID        ID     // the secret it belongs to
	Threshold int    // how many shares recover the secret, k
	X         byte   // the x coordinate, never 0
	Y         []byte // f(X) for each byte of the secret and its check
}

// validate checks the fields of a share that Split made or ParseShare
// read.
func (s Share) validate() error {
	switch {
	case s.Threshold < MinThreshold || s.Threshold > MaxShares:
		return fmt.Errorf("shamir: share x=%d of secret %s: threshold %d, want %d to %d: %w", s.X, s.ID, s.Threshold, MinThreshold, MaxShares, ErrFormat)
	case s.X == 0:
		return fmt.Errorf("shamir: share of secret %s has x=0, which would be the secret itself: %w", s.ID, ErrFormat)
	case len(s.Y) <= checkSize || len(s.Y) > MaxSecret+checkSize:
		return fmt.Errorf("shamir: share x=%d of secret %s: %d bytes of y, want %d to %d: %w", s.X, s.ID, len(s.Y), checkSize+1, MaxSecret+checkSize, ErrFormat)
	}
	return nil
}

// MarshalBinary encodes the share as the package comment of share.go
// describes.
func (s Share) MarshalBinary() ([]byte, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, headerSize+len(s.Y))
	b = append(b, shareMagic...)
	b = append(b, shareVersion)
	b = append(b, s.ID[:]...)
	b = append(b, byte(s.Threshold), s.X)
	b = binary.BigEndian.AppendUint16(b, uint16(len(s.Y)))
	return append(b, s.Y...), nil
}

// ParseShare decodes a share written by MarshalBinary. It refuses a wrong
// magic or version, a threshold or x coordinate out of range, a length
// that disagrees with the data, and trailing bytes, with ErrFormat.
func ParseShare(b []byte) (Share, error) {
	if len(b) < headerSize {
		return Share{}, fmt.Errorf("shamir: share of %d bytes, shorter than its %d-byte header: %w", len(b), headerSize, ErrFormat)
	}
	if m := b[:len(shareMagic)]; !bytes.Equal(m, []byte(shareMagic)) {
		return Share{}, fmt.Errorf("shamir: share starts with %q, want %q: %w", m, shareMagic, ErrFormat)
	}
	b = b[len(shareMagic):]
	if b[0] != shareVersion {
		return Share{}, fmt.Errorf("shamir: share format version %d, want %d: %w", b[0], shareVersion, ErrFormat)
	}
	var s Share
	copy(s.ID[:], b[1:17])
	s.Threshold, s.X = int(b[17]), b[18]
	n := int(binary.BigEndian.Uint16(b[19:21]))
	y := b[21:]
	switch {
	case len(y) < n:
		return Share{}, fmt.Errorf("shamir: share x=%d of secret %s says %d bytes of y, has %d: %w", s.X, s.ID, n, len(y), ErrFormat)
	case len(y) > n:
		return Share{}, fmt.Errorf("shamir: share x=%d of secret %s: %d bytes after its end: %w", s.X, s.ID, len(y)-n, ErrFormat)
	}
	s.Y = bytes.Clone(y)
	if err := s.validate(); err != nil {
		return Share{}, err
	}
	return s, nil
}

// String describes the share without its secret y, as
// "share x=3 of secret 0f1e… (3 needed)".
func (s Share) String() string {
	return fmt.Sprintf("share x=%d of secret %s (%d needed)", s.X, s.ID, s.Threshold)
}

// GoString is used by %#v; it too leaves out y.
func (s Share) GoString() string {
	return fmt.Sprintf("shamir.Share{ID: %q, Threshold: %d, X: %d}", s.ID.String(), s.Threshold, s.X)
}

// Format implements fmt.Formatter so that every verb prints String, and
// %#v prints GoString: a share put in a log line does not leak y.
func (s Share) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, s.GoString())
		return
	}
	io.WriteString(f, s.String())
}
