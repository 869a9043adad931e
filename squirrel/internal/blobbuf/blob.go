// Package blobbuf implements the byte buffer behind Squirrel's blob type as
// Electric Imp ships it: a growable run of bytes with a read/write cursor
// that behaves like a file. Writing past the end grows the blob; reading
// never does. Numbers are stored little-endian, as on every imp.
//
// The package knows nothing of the VM. The VM binds each method to its
// Squirrel name, turns the errors returned here into Squirrel exceptions
// (every error's text is the message the script sees), and charges the
// memory a blob holds (see Blob.Cap) to its own budget. Nothing here panics,
// whatever the arguments, and no operation allocates more than MaxSize
// bytes.
package blobbuf

import (
	"bytes"
	"errors"
)

// MaxSize is the largest length or capacity a blob may reach, in bytes. It
// bounds every allocation in this package; the VM applies its own, usually
// much smaller, memory budget on top of it.
const MaxSize = 1 << 30

// Errors returned by blob operations. Where the reference implementation
// throws an error, the text is the reference's message.
var (
	// ErrInvalid is returned by mutating methods called on a nil *Blob.
	ErrInvalid = errors.New("the blob is invalid")
	// ErrNegativeSize is returned by New for a negative size.
	ErrNegativeSize = errors.New("cannot create blob with negative size")
	// ErrTooLarge is returned when an operation would make a blob longer,
	// or give it more capacity, than MaxSize.
	ErrTooLarge = errors.New("blob too large")
	// ErrResizeFailed is returned by Resize for a negative size.
	ErrResizeFailed = errors.New("resize failed")
	// ErrIndexOutOfRange is returned by At and SetAt for an index outside
	// the blob.
	ErrIndexOutOfRange = errors.New("index out of range")
	// ErrInvalidOrigin is returned by Seek for an origin other than 'b',
	// 'c' or 'e'.
	ErrInvalidOrigin = errors.New("invalid origin")
	// ErrInvalidFormat is returned by ReadN and WriteN for an unknown
	// number type.
	ErrInvalidFormat = errors.New("invalid format")
	// ErrIO is returned by ReadN when fewer bytes remain after the cursor
	// than the number type needs.
	ErrIO = errors.New("io error")
	// ErrNoData is returned by ReadBlob and ReadString when they would
	// return nothing.
	ErrNoData = errors.New("no data left to read")
	// ErrInvalidParam is returned by WriteBlob for a nil source.
	ErrInvalidParam = errors.New("invalid parameter")
)

// Seek origins, as Squirrel scripts write them.
const (
	// SeekBegin is the origin 'b': offsets count from the beginning.
	SeekBegin = 'b'
	// SeekCurrent is the origin 'c': offsets count from the cursor.
	SeekCurrent = 'c'
	// SeekEnd is the origin 'e': offsets count from the end.
	SeekEnd = 'e'
)

// Blob is a Squirrel blob: bytes, a length (Len), a memory allocation of
// at least that length (Cap) and a read/write cursor (Tell) that is always
// between 0 and the length, inclusive. The zero value is an empty blob
// ready to use. A Blob is not safe for concurrent use.
type Blob struct {
	buf []byte
	ptr int
}

// New returns a blob of size bytes, all zero, with its cursor at 0, as the
// Squirrel expression blob(size) makes. It fails for a negative size or one
// larger than MaxSize.
func New(size int) (*Blob, error) {
	if size < 0 {
		return nil, ErrNegativeSize
	}
	if size > MaxSize {
		return nil, ErrTooLarge
	}
	return &Blob{buf: make([]byte, size)}, nil
}

// FromBytes returns a blob holding a copy of p, with its cursor at 0. The
// blob's length is len(p) even if that exceeds MaxSize (the bytes exist
// already); such a blob cannot grow.
func FromBytes(p []byte) *Blob {
	buf := make([]byte, len(p))
	copy(buf, p)
	return &Blob{buf: buf}
}

// Len returns the length of the blob in bytes (Squirrel's len()).
func (b *Blob) Len() int {
	if b == nil {
		return 0
	}
	return len(b.buf)
}

// Cap returns the number of bytes allocated to the blob, at least Len. It
// is what the VM should charge to its memory budget; Resize sets it.
func (b *Blob) Cap() int {
	if b == nil {
		return 0
	}
	return cap(b.buf)
}

// Tell returns the position of the read/write cursor (Squirrel's tell()).
func (b *Blob) Tell() int {
	if b == nil {
		return 0
	}
	return b.ptr
}

// EOS reports whether the cursor is at the end of the blob (Squirrel's
// eos(), which returns 1 for true and null for false).
func (b *Blob) EOS() bool {
	if b == nil {
		return true
	}
	return b.ptr == len(b.buf)
}

// Bytes returns the blob's content. It is not a copy: it aliases the blob's
// storage, so changes to it change the blob, and it stays valid only until
// the next operation that grows, shrinks or reallocates the blob.
func (b *Blob) Bytes() []byte {
	if b == nil {
		return nil
	}
	return b.buf
}

// String returns the blob's bytes as a string, as the imp's tostring() does
// (the reference implementation prints "(blob : 0x...)" instead).
func (b *Blob) String() string {
	if b == nil {
		return ""
	}
	return string(b.buf)
}

// Flush does nothing: a blob has nowhere to flush to. Squirrel's flush()
// on a blob always succeeds and returns 1.
func (b *Blob) Flush() {}

// Seek moves the cursor to offset bytes from origin: 'b' the beginning,
// 'c' the current position, 'e' the end. Like Squirrel's seek(), it
// returns 0 on success and -1, leaving the cursor where it was, when the
// target lies before the beginning or after the end; an unknown origin is
// the only error.
func (b *Blob) Seek(offset int, origin int) (int, error) {
	if b == nil {
		return 0, ErrInvalid
	}
	size := len(b.buf)
	var base int
	switch origin {
	case SeekBegin:
		base = 0
	case SeekCurrent:
		base = b.ptr
	case SeekEnd:
		base = size
	default:
		return 0, ErrInvalidOrigin
	}
	// base+offset must lie in [0, size]; compare without overflowing.
	if offset < -base || offset > size-base {
		return -1, nil
	}
	b.ptr = base + offset
	return 0, nil
}

// Resize sets the blob's memory allocation to n bytes, as Squirrel's
// resize() does. If n is less than the length, the blob is truncated to n
// bytes and the cursor, if beyond, moves to the new end. If n is greater,
// the length does not change: the blob only gains room to grow into
// without reallocating. It fails for a negative n or one above MaxSize.
func (b *Blob) Resize(n int) error {
	if b == nil {
		return ErrInvalid
	}
	if n < 0 {
		return ErrResizeFailed
	}
	if n > MaxSize {
		return ErrTooLarge
	}
	if n == cap(b.buf) {
		return nil
	}
	size := min(len(b.buf), n)
	nb := make([]byte, size, n)
	copy(nb, b.buf)
	b.buf = nb
	if b.ptr > size {
		b.ptr = size
	}
	return nil
}

// At returns the byte at index i (Squirrel's blob[i]).
func (b *Blob) At(i int) (byte, error) {
	if b == nil {
		return 0, ErrInvalid
	}
	if i < 0 || i >= len(b.buf) {
		return 0, ErrIndexOutOfRange
	}
	return b.buf[i], nil
}

// SetAt stores the low 8 bits of v at index i (Squirrel's blob[i] = v).
// The cursor does not move.
func (b *Blob) SetAt(i int, v int32) error {
	if b == nil {
		return ErrInvalid
	}
	if i < 0 || i >= len(b.buf) {
		return ErrIndexOutOfRange
	}
	b.buf[i] = byte(v)
	return nil
}

// reserve makes room for n more bytes at the cursor and returns the slice
// of the blob they go in, or fails if the blob would exceed MaxSize. When
// the allocation is too small it grows, like the reference, to the larger
// of the needed length and twice the current length.
func (b *Blob) reserve(n int) ([]byte, error) {
	if n <= len(b.buf)-b.ptr {
		return b.buf[b.ptr : b.ptr+n], nil
	}
	if n > MaxSize-b.ptr {
		return nil, ErrTooLarge
	}
	need := b.ptr + n
	if need > cap(b.buf) {
		newCap := max(need, min(2*len(b.buf), MaxSize))
		nb := make([]byte, need, newCap)
		copy(nb, b.buf)
		b.buf = nb
	} else {
		// The bytes between the old length and need are all
		// overwritten by the caller, since the cursor is at most the
		// old length.
		b.buf = b.buf[:need]
	}
	return b.buf[b.ptr:need], nil
}

// WriteBytes writes p at the cursor, overwriting what is there and growing
// the blob as needed, and advances the cursor past it. It fails, writing
// nothing, if the blob would exceed MaxSize.
func (b *Blob) WriteBytes(p []byte) error {
	if b == nil {
		return ErrInvalid
	}
	dst, err := b.reserve(len(p))
	if err != nil {
		return err
	}
	// p may alias b's old storage (WriteBlob of a blob into itself);
	// copy has memmove semantics and the old array outlives a reallocation.
	copy(dst, p)
	b.ptr += len(p)
	return nil
}

// WriteString writes the bytes of s at the cursor, as the imp's
// writestring() does; see WriteBytes.
func (b *Blob) WriteString(s string) error {
	if b == nil {
		return ErrInvalid
	}
	dst, err := b.reserve(len(s))
	if err != nil {
		return err
	}
	copy(dst, s)
	b.ptr += len(s)
	return nil
}

// WriteBlob writes the whole content of src at the cursor, whatever src's
// own cursor, as Squirrel's writeblob() does; see WriteBytes. src may be b
// itself. It fails for a nil src.
func (b *Blob) WriteBlob(src *Blob) error {
	if b == nil {
		return ErrInvalid
	}
	if src == nil {
		return ErrInvalidParam
	}
	return b.WriteBytes(src.buf)
}

// readUpTo returns up to n bytes from the cursor and advances past them,
// as the reference's stream Read does: fewer than n when the blob ends
// sooner, none when n is not positive.
func (b *Blob) readUpTo(n int) []byte {
	n = max(0, min(n, len(b.buf)-b.ptr))
	p := b.buf[b.ptr : b.ptr+n]
	b.ptr += n
	return p
}

// ReadBlob returns a new blob holding up to n bytes read from the cursor,
// and advances the cursor past them (Squirrel's readblob()). Only the bytes
// up to the end are read, so the result may be shorter than n. It fails,
// like the reference, when that leaves nothing to return: at the end of
// the blob, or for n of zero or less.
func (b *Blob) ReadBlob(n int) (*Blob, error) {
	if b == nil {
		return nil, ErrInvalid
	}
	p := b.readUpTo(n)
	if len(p) == 0 {
		return nil, ErrNoData
	}
	return FromBytes(p), nil
}

// ReadString returns up to n bytes read from the cursor as a string, and
// advances the cursor past them (the imp's readstring()). It reads like
// ReadBlob and fails in the same cases.
func (b *Blob) ReadString(n int) (string, error) {
	if b == nil {
		return "", ErrInvalid
	}
	p := b.readUpTo(n)
	if len(p) == 0 {
		return "", ErrNoData
	}
	return string(p), nil
}

// Swap2 reverses the byte order of every 16-bit word of the blob in place
// (Squirrel's swap2()). A trailing odd byte is left alone, and the cursor
// does not move.
func (b *Blob) Swap2() {
	if b == nil {
		return
	}
	p := b.buf
	for i := 0; i+1 < len(p); i += 2 {
		p[i], p[i+1] = p[i+1], p[i]
	}
}

// Swap4 reverses the byte order of every 32-bit word of the blob in place
// (Squirrel's swap4()). Up to three trailing bytes are left alone, and the
// cursor does not move.
func (b *Blob) Swap4() {
	if b == nil {
		return
	}
	p := b.buf
	for i := 0; i+3 < len(p); i += 4 {
		p[i], p[i+1], p[i+2], p[i+3] = p[i+3], p[i+2], p[i+1], p[i]
	}
}

// Clone returns a new blob with a copy of b's content and its cursor at 0,
// as Squirrel's clone does for a blob.
func (b *Blob) Clone() *Blob {
	if b == nil {
		return &Blob{}
	}
	return FromBytes(b.buf)
}

// Equal reports whether b and o hold the same bytes; cursors and
// allocations do not matter. A nil *Blob counts as empty.
func (b *Blob) Equal(o *Blob) bool {
	return bytes.Equal(b.Bytes(), o.Bytes())
}
