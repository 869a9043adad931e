package wire

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Frame is one protocol message: a pointer to one of the frame structs of
// this package (*Hello, *Message, ...). The set is closed: the decoder
// only makes the types in the Type table.
type Frame interface {
	// Type returns the frame's type byte.
	Type() Type
	// Encode appends the frame's body (not its length or type) to b,
	// refusing any field over its bound or outside its range.
	Encode(b []byte) ([]byte, error)
	decode(d *decoder)
}

// AppendFrame appends f as a whole frame (length, type, body) to b. It
// checks every field but not a connection's frame limit.
func AppendFrame(b []byte, f Frame) ([]byte, error) {
	// Encode the body after room for the longest header, then move the
	// body up against the real header.
	start := len(b)
	b = append(b, make([]byte, binary.MaxVarintLen64+1)...)
	b, err := f.Encode(b)
	if err != nil {
		return nil, err
	}
	body := b[start+binary.MaxVarintLen64+1:]
	hdr := binary.AppendUvarint(nil, uint64(1+len(body)))
	hdr = append(hdr, byte(f.Type()))
	n := copy(b[start:], hdr)
	copy(b[start+n:], body)
	return b[:start+n+len(body)], nil
}

// Marshal returns f as a whole frame.
func Marshal(f Frame) ([]byte, error) { return AppendFrame(nil, f) }

// Decode decodes the body of a frame of type t. Byte-slice fields of the
// result alias body.
func Decode(t Type, body []byte) (Frame, error) {
	info, ok := types[t]
	if !ok {
		return nil, &FrameError{Field: "type", Err: ErrUnknownType, Detail: fmt.Sprintf("0x%02x", byte(t))}
	}
	f := info.new()
	d := newDecoder(t, body)
	f.decode(d)
	if err := d.finish(); err != nil {
		return nil, err
	}
	return f, nil
}

// Unmarshal decodes the frame at the start of data, at most maxFrame long
// (0: DefaultMaxFrame), and returns it with the number of bytes it took.
// Byte-slice fields of the frame alias data.
func Unmarshal(data []byte, maxFrame int) (Frame, int, error) {
	if maxFrame <= 0 {
		maxFrame = DefaultMaxFrame
	}
	r := &sliceReader{data: data}
	n, t, err := readHeader(r, maxFrame)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return nil, 0, &FrameError{Field: "length", Err: ErrTruncated, Detail: "input ends inside the frame header"}
	}
	if err != nil {
		return nil, 0, err
	}
	if n-1 > len(data)-r.pos {
		return nil, 0, &FrameError{Type: t, Field: "length", Err: ErrTruncated,
			Detail: fmt.Sprintf("%d bytes declared, %d present", n, len(data)-r.pos+1)}
	}
	end := r.pos + n - 1
	f, err := Decode(t, data[r.pos:end:end])
	if err != nil {
		return nil, 0, err
	}
	return f, end, nil
}

// readHeader reads a frame's length and type byte, checking the length
// against max and the type against the table before a byte of the body
// is read. It returns the length (type byte included). An io.EOF before
// the first byte is returned as is; after it, as io.ErrUnexpectedEOF.
func readHeader(r io.ByteReader, max int) (int, Type, error) {
	var n uint64
	for i := 0; ; i++ {
		b, err := r.ReadByte()
		if err != nil {
			if i > 0 && err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, 0, err
		}
		if i == binary.MaxVarintLen64-1 && b > 1 {
			return 0, 0, &FrameError{Field: "length", Err: ErrOverflow, Detail: "more than 64 bits"}
		}
		n |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			if i > 0 && b == 0 {
				return 0, 0, &FrameError{Field: "length", Err: ErrNonCanonical, Detail: fmt.Sprintf("%d bytes for %d", i+1, n)}
			}
			break
		}
	}
	if n > uint64(max) {
		return 0, 0, &FrameError{Field: "length", Err: ErrTooLarge, Detail: fmt.Sprintf("%d bytes, limit %d", n, max)}
	}
	if n == 0 {
		return 0, 0, &FrameError{Field: "type", Err: ErrTruncated, Detail: "a frame of length 0 has no type byte"}
	}
	b, err := r.ReadByte()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, 0, err
	}
	t := Type(b)
	if _, ok := types[t]; !ok {
		return 0, 0, &FrameError{Field: "type", Err: ErrUnknownType, Detail: fmt.Sprintf("0x%02x", b)}
	}
	return int(n), t, nil
}

// sliceReader is the io.ByteReader of Unmarshal, which also tells how far
// it has read.
type sliceReader struct {
	data []byte
	pos  int
}

// ReadByte returns the next byte, or io.EOF at the end of data.
func (r *sliceReader) ReadByte() (byte, error) {
	if r.pos >= len(r.data) {
		return 0, io.EOF
	}
	b := r.data[r.pos]
	r.pos++
	return b, nil
}
