package wire

import (
	"errors"
	"fmt"
	"strings"
)

// The classes of protocol error. Every error this package returns about
// the bytes a peer sent is a *FrameError wrapping exactly one of them, so
// a connection owner can log what was wrong and pick the Close code with
// errors.Is (see CloseFor).
var (
	// ErrTooLarge means a frame's length is over the connection's limit.
	ErrTooLarge = errors.New("frame over the size limit")
	// ErrUnknownType means the type byte names no frame of this version.
	ErrUnknownType = errors.New("unknown frame type")
	// ErrTruncated means a field runs past the end of its frame, or a
	// frame has no type byte.
	ErrTruncated = errors.New("truncated")
	// ErrTrailing means bytes are left in a frame after its last field.
	ErrTrailing = errors.New("trailing bytes")
	// ErrTooLong means a string, byte field or list is over its bound.
	ErrTooLong = errors.New("over its bound")
	// ErrBadEnum means an enum or bool byte holds an undefined value.
	ErrBadEnum = errors.New("undefined value")
	// ErrOverflow means a varint does not fit in 64 bits.
	ErrOverflow = errors.New("varint overflow")
	// ErrRange means a number does not fit its field's range.
	ErrRange = errors.New("out of range")
	// ErrNonCanonical means a varint is longer than it needs to be: every
	// message has exactly one encoding.
	ErrNonCanonical = errors.New("non-minimal varint")
	// ErrUnexpected means a well-formed frame arrived where the protocol
	// does not allow it: before the peer's hello, a second hello, or a
	// type the peer's side never sends.
	ErrUnexpected = errors.New("frame not allowed here")
	// ErrUnsupportedVersion means the peer speaks another protocol
	// version; the error is a *VersionError.
	ErrUnsupportedVersion = errors.New("unsupported protocol version")
)

// A FrameError says what was wrong with a frame: its type, the field at
// fault and the class of fault. The connection it came from must be closed.
type FrameError struct {
	Type   Type   // the frame's type; 0 when the type byte was not read or is unknown
	Field  string // the field, such as "stack[2].file"; "length" or "type" for the header; "" for the frame as a whole
	Err    error  // one of the Err variables of this package, or a *VersionError
	Detail string // what was found, such as "5000 bytes, bound 4096"
}

// Error says which frame, which field, what class of fault and what was
// found: "wire: Log frame: text: over its bound (5000 bytes, bound 4096)".
func (e *FrameError) Error() string {
	var b strings.Builder
	b.WriteString("wire: ")
	if e.Type != 0 {
		b.WriteString(e.Type.String())
		b.WriteString(" frame: ")
	} else {
		b.WriteString("frame: ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(" (")
		b.WriteString(e.Detail)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the class of the error.
func (e *FrameError) Unwrap() error { return e.Err }

// A VersionError reports a hello for a protocol version this package does
// not speak. It matches ErrUnsupportedVersion with errors.Is.
type VersionError struct {
	Got uint64 // the version the peer offered or chose
}

// Error names the version offered and the one this side speaks.
func (e *VersionError) Error() string {
	return fmt.Sprintf("unsupported protocol version %d; this side speaks version %d", e.Got, Version)
}

// Is reports whether target is ErrUnsupportedVersion.
func (e *VersionError) Is(target error) bool { return target == ErrUnsupportedVersion }
