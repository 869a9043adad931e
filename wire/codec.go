package wire

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"
)

// This file holds the field codec every frame body is made of: minimal
// uvarints, one-byte enums, length-prefixed strings and bytes with a bound
// each, counted lists, fixed digests, durations in seconds and times in
// milliseconds. Both directions keep the first error and ignore later
// calls, so an Encode or decode method is a straight list of fields.

// at names the field being coded, for errors: a list item's fields are
// named "stack[2].file".
type at struct {
	typ  Type
	list string
	item int
	err  error
}

func (a *at) fail(field string, class error, format string, args ...any) {
	if a.err != nil {
		return
	}
	if a.list != "" {
		field = fmt.Sprintf("%s[%d].%s", a.list, a.item, field)
	}
	a.err = &FrameError{Type: a.typ, Field: field, Err: class, Detail: fmt.Sprintf(format, args...)}
}

// enum names the values of an enum type; "" marks a gap.
type enum []string

func (e enum) valid(v byte) bool { return int(v) < len(e) && e[v] != "" }

func (e enum) name(v byte) string {
	if e.valid(v) {
		return e[v]
	}
	return fmt.Sprintf("%d", v)
}

func (e enum) describe() string {
	var parts []string
	for i, n := range e {
		if n != "" {
			parts = append(parts, fmt.Sprintf("%d %s", i, n))
		}
	}
	return strings.Join(parts, ", ")
}

var boolEnum = enum{"false", "true"}

// plural returns "1 byte" or "n bytes".
func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// encoder appends a frame body to buf.
type encoder struct {
	at
	buf []byte
}

func newEncoder(t Type, buf []byte) *encoder { return &encoder{at: at{typ: t}, buf: buf} }

func (e *encoder) result() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	return e.buf, nil
}

func (e *encoder) uvarint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }

func (e *encoder) enum(field string, v byte, names enum) {
	if !names.valid(v) {
		e.fail(field, ErrBadEnum, "%d; defined: %s", v, names.describe())
	}
	e.buf = append(e.buf, v)
}

func (e *encoder) bool(v bool) {
	if v {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

func (e *encoder) bytes(field string, b []byte, max int) {
	if len(b) > max {
		e.fail(field, ErrTooLong, "%d bytes, bound %d", len(b), max)
		return
	}
	e.uvarint(uint64(len(b)))
	e.buf = append(e.buf, b...)
}

func (e *encoder) string(field, s string, max int) {
	if len(s) > max {
		e.fail(field, ErrTooLong, "%d bytes, bound %d", len(s), max)
		return
	}
	e.uvarint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// count writes a list's length, which must be within max.
func (e *encoder) count(list string, n, max int) {
	if n > max {
		e.fail(list, ErrTooLong, "%d items, bound %d", n, max)
		return
	}
	e.uvarint(uint64(n))
}

func (e *encoder) digest(d [32]byte) { e.buf = append(e.buf, d[:]...) }

func (e *encoder) seconds(field string, d, min, max time.Duration) {
	if d < min || d > max || d%time.Second != 0 {
		e.fail(field, ErrRange, "%v; want whole seconds from %v to %v", d, min, max)
		return
	}
	e.uvarint(uint64(d / time.Second))
}

func (e *encoder) millis(field string, t time.Time) {
	ms := t.UnixMilli()
	if ms < 0 {
		e.fail(field, ErrRange, "%v is before 1970", t)
		return
	}
	e.uvarint(uint64(ms))
}

// decoder reads the fields of one frame body. Byte fields alias data.
type decoder struct {
	at
	data []byte
	pos  int
}

func newDecoder(t Type, data []byte) *decoder { return &decoder{at: at{typ: t}, data: data} }

// finish reports the first error, or bytes left after the last field.
func (d *decoder) finish() error {
	if d.err == nil && d.pos != len(d.data) {
		d.list = ""
		d.fail("", ErrTrailing, "%s after the last field", plural(len(d.data)-d.pos, "byte"))
	}
	return d.err
}

func (d *decoder) left() int { return len(d.data) - d.pos }

func (d *decoder) uvarint(field string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.pos:])
	switch {
	case n == 0:
		d.fail(field, ErrTruncated, "frame ends inside or before the varint")
	case n < 0:
		d.fail(field, ErrOverflow, "more than 64 bits")
	case n > 1 && d.data[d.pos+n-1] == 0:
		d.fail(field, ErrNonCanonical, "%d bytes for %d", n, v)
	default:
		d.pos += n
		return v
	}
	return 0
}

// upTo reads a uvarint that must not exceed max.
func (d *decoder) upTo(field string, max uint64) uint64 {
	v := d.uvarint(field)
	if v > max {
		d.fail(field, ErrRange, "%d, maximum %d", v, max)
		return 0
	}
	return v
}

func (d *decoder) uint32(field string) uint32 { return uint32(d.upTo(field, math.MaxUint32)) }

func (d *decoder) byte(field string) byte {
	if d.err != nil {
		return 0
	}
	if d.left() < 1 {
		d.fail(field, ErrTruncated, "frame ends before the byte")
		return 0
	}
	b := d.data[d.pos]
	d.pos++
	return b
}

func (d *decoder) enum(field string, names enum) byte {
	v := d.byte(field)
	if d.err == nil && !names.valid(v) {
		d.pos--
		d.fail(field, ErrBadEnum, "%d; defined: %s", v, names.describe())
		return 0
	}
	return v
}

func (d *decoder) bool(field string) bool { return d.enum(field, boolEnum) == 1 }

// length reads a length prefix, checks it against the field's bound and
// then against what is left of the frame, each item taking at least
// minItem bytes, so nothing is allocated for a length the frame cannot
// hold.
func (d *decoder) length(field string, max, minItem int, unit string) int {
	n := d.uvarint(field)
	if d.err != nil {
		return 0
	}
	if n > uint64(max) {
		d.fail(field, ErrTooLong, "%d %s, bound %d", n, unit, max)
		return 0
	}
	if n*uint64(minItem) > uint64(d.left()) {
		d.fail(field, ErrTruncated, "%d %s declared, %d bytes left", n, unit, d.left())
		return 0
	}
	return int(n)
}

func (d *decoder) bytes(field string, max int) []byte {
	n := d.length(field, max, 1, "bytes")
	if n == 0 {
		return nil
	}
	b := d.data[d.pos : d.pos+n : d.pos+n]
	d.pos += n
	return b
}

func (d *decoder) string(field string, max int) string { return string(d.bytes(field, max)) }

// count reads a list's length; minItem is the smallest encoding of one item.
func (d *decoder) count(list string, max, minItem int) int {
	return d.length(list, max, minItem, "items")
}

func (d *decoder) digest(field string) (out [32]byte) {
	if d.err != nil {
		return out
	}
	if d.left() < len(out) {
		d.fail(field, ErrTruncated, "%d of %d bytes", d.left(), len(out))
		return out
	}
	copy(out[:], d.data[d.pos:])
	d.pos += len(out)
	return out
}

func (d *decoder) seconds(field string, min, max time.Duration) time.Duration {
	v := d.uvarint(field)
	if d.err != nil {
		return 0
	}
	if v < uint64(min/time.Second) || v > uint64(max/time.Second) {
		d.fail(field, ErrRange, "%d s; want %v to %v", v, min, max)
		return 0
	}
	return time.Duration(v) * time.Second
}

func (d *decoder) millis(field string) time.Time {
	v := d.upTo(field, math.MaxInt64)
	if d.err != nil {
		return time.Time{}
	}
	return time.UnixMilli(int64(v)).UTC()
}
