// Package msg serializes Squirrel values for messages between a device
// and its agent: null, bools, integers, floats, strings, blobs, arrays
// and tables, nested. Functions, classes, instances and other objects
// cannot be sent.
//
// The encoding is a tag byte per value followed by its payload:
//
//	value  = 0x00                          null
//	       | 0x01 | 0x02                   false, true
//	       | 0x03 svarint                  integer (zigzag varint, 32-bit)
//	       | 0x04 f32le                    float that a float32 holds exactly
//	       | 0x05 f64le                    any other float
//	       | 0x06 uvarint bytes            string
//	       | 0x07 uvarint bytes            blob
//	       | 0x08 uvarint {value}          array of n values
//	       | 0x09 uvarint {value value}    table of n key/value pairs
//	message = magic 'S' 'Q' version(1) value .
//
// Decode validates everything it reads: lengths are bounded by the
// remaining input, nesting by MaxDepth, and a table key may not be null.
package msg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"drey/squirrel"
	"drey/squirrel/internal/blobbuf"
	"drey/squirrel/lib"
)

// MaxDepth is how deeply arrays and tables may nest in a message; it also
// stops a structure that contains itself.
const MaxDepth = 32

const (
	tagNull = iota
	tagFalse
	tagTrue
	tagInt
	tagFloat32
	tagFloat64
	tagString
	tagBlob
	tagArray
	tagTable
)

const version = 1

// Encode serializes v. maxSize bounds the encoding (0: no bound).
func Encode(v squirrel.Value, maxSize int) ([]byte, error) {
	e := &encoder{buf: []byte{'S', 'Q', version}, max: maxSize}
	if err := e.value(v, "value", 0); err != nil {
		return nil, err
	}
	if maxSize > 0 && len(e.buf) > maxSize {
		return nil, fmt.Errorf("value: %w: %d bytes, over %d", ErrTooLarge, len(e.buf), maxSize)
	}
	return e.buf, nil
}

type encoder struct {
	buf []byte
	max int
}

func (e *encoder) value(v squirrel.Value, path string, depth int) error {
	if e.max > 0 && len(e.buf) > e.max {
		return fmt.Errorf("%s: %w: over %d bytes", path, ErrTooLarge, e.max)
	}
	switch v.Kind() {
	case squirrel.NullKind:
		e.buf = append(e.buf, tagNull)
	case squirrel.BoolKind:
		if b, _ := v.AsBool(); b {
			e.buf = append(e.buf, tagTrue)
		} else {
			e.buf = append(e.buf, tagFalse)
		}
	case squirrel.IntKind:
		i, _ := v.AsInt()
		e.buf = append(e.buf, tagInt)
		e.buf = binary.AppendVarint(e.buf, int64(i))
	case squirrel.FloatKind:
		f, _ := v.AsFloat()
		if float64(float32(f)) == f || math.IsNaN(f) {
			e.buf = append(e.buf, tagFloat32)
			e.buf = binary.LittleEndian.AppendUint32(e.buf, math.Float32bits(float32(f)))
		} else {
			e.buf = append(e.buf, tagFloat64)
			e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(f))
		}
	case squirrel.StringKind:
		s, _ := v.AsString()
		e.buf = append(e.buf, tagString)
		e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
		e.buf = append(e.buf, s...)
	case squirrel.ArrayKind:
		if depth >= MaxDepth {
			return fmt.Errorf("%s: nested more than %d deep (or contains itself)", path, MaxDepth)
		}
		a := v.Array()
		e.buf = append(e.buf, tagArray)
		e.buf = binary.AppendUvarint(e.buf, uint64(a.Len()))
		for i := 0; i < a.Len(); i++ {
			if err := e.value(a.At(i), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	case squirrel.TableKind:
		if depth >= MaxDepth {
			return fmt.Errorf("%s: nested more than %d deep (or contains itself)", path, MaxDepth)
		}
		t := v.Table()
		e.buf = append(e.buf, tagTable)
		e.buf = binary.AppendUvarint(e.buf, uint64(t.Len()))
		for pos := 0; ; {
			k, val, next, ok := t.Next(pos)
			if !ok {
				break
			}
			pos = next
			kp := path + "." + keyName(k)
			if err := e.value(k, kp+" (key)", depth+1); err != nil {
				return err
			}
			if err := e.value(val, kp, depth+1); err != nil {
				return err
			}
		}
	default:
		if b := lib.BlobOf(v); b != nil {
			e.buf = append(e.buf, tagBlob)
			e.buf = binary.AppendUvarint(e.buf, uint64(b.Len()))
			e.buf = append(e.buf, b.Bytes()...)
			break
		}
		return fmt.Errorf("%s: cannot send a %s", path, v.Kind())
	}
	return nil
}

func keyName(k squirrel.Value) string {
	if s, ok := k.AsString(); ok {
		return s
	}
	if i, ok := k.AsInt(); ok {
		return fmt.Sprint(i)
	}
	return "<" + k.Kind().String() + ">"
}

// ErrTruncated is returned for a message that ends inside a value.
var ErrTruncated = errors.New("message truncated")

// ErrTooLarge means a value's encoding is over the size bound given to
// Encode.
var ErrTooLarge = errors.New("message too large")

// Decode parses a message into a value of vm.
func Decode(vm *squirrel.VM, data []byte) (squirrel.Value, error) {
	if len(data) < 3 || data[0] != 'S' || data[1] != 'Q' {
		return squirrel.Null, errors.New("not a Squirrel value message (bad magic)")
	}
	if data[2] != version {
		return squirrel.Null, fmt.Errorf("message version %d, want %d", data[2], version)
	}
	d := &decoder{vm: vm, data: data, pos: 3}
	v, err := d.value(0)
	if err != nil {
		return squirrel.Null, fmt.Errorf("offset %d: %w", d.pos, err)
	}
	if d.pos != len(data) {
		return squirrel.Null, fmt.Errorf("offset %d: %d bytes after the value", d.pos, len(data)-d.pos)
	}
	return v, nil
}

type decoder struct {
	vm   *squirrel.VM
	data []byte
	pos  int
}

func (d *decoder) uvarint() (uint64, error) {
	n, k := binary.Uvarint(d.data[d.pos:])
	if k <= 0 {
		return 0, ErrTruncated
	}
	d.pos += k
	return n, nil
}

// count reads a length and checks that the input can hold it, each item
// taking at least min bytes.
func (d *decoder) count(min int) (int, error) {
	n, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.data)-d.pos)/uint64(min) {
		return 0, fmt.Errorf("length %d exceeds the message", n)
	}
	return int(n), nil
}

func (d *decoder) bytes() ([]byte, error) {
	n, err := d.count(1)
	if err != nil {
		return nil, err
	}
	b := d.data[d.pos : d.pos+n]
	d.pos += n
	return b, nil
}

func (d *decoder) value(depth int) (squirrel.Value, error) {
	if d.pos >= len(d.data) {
		return squirrel.Null, ErrTruncated
	}
	tag := d.data[d.pos]
	d.pos++
	switch tag {
	case tagNull:
		return squirrel.Null, nil
	case tagFalse:
		return squirrel.False, nil
	case tagTrue:
		return squirrel.True, nil
	case tagInt:
		n, k := binary.Varint(d.data[d.pos:])
		if k <= 0 {
			return squirrel.Null, ErrTruncated
		}
		if n < math.MinInt32 || n > math.MaxInt32 {
			return squirrel.Null, fmt.Errorf("integer %d out of 32-bit range", n)
		}
		d.pos += k
		return squirrel.Int(int32(n)), nil
	case tagFloat32:
		if len(d.data)-d.pos < 4 {
			return squirrel.Null, ErrTruncated
		}
		f := math.Float32frombits(binary.LittleEndian.Uint32(d.data[d.pos:]))
		d.pos += 4
		return d.vm.FloatValue(float64(f)), nil
	case tagFloat64:
		if len(d.data)-d.pos < 8 {
			return squirrel.Null, ErrTruncated
		}
		f := math.Float64frombits(binary.LittleEndian.Uint64(d.data[d.pos:]))
		d.pos += 8
		return d.vm.FloatValue(f), nil
	case tagString:
		b, err := d.bytes()
		if err != nil {
			return squirrel.Null, err
		}
		return d.vm.Str(string(b)), nil
	case tagBlob:
		b, err := d.bytes()
		if err != nil {
			return squirrel.Null, err
		}
		return lib.NewBlob(d.vm, blobbuf.FromBytes(b)), nil
	case tagArray, tagTable:
		if depth >= MaxDepth {
			return squirrel.Null, fmt.Errorf("nested more than %d deep", MaxDepth)
		}
		if tag == tagArray {
			n, err := d.count(1)
			if err != nil {
				return squirrel.Null, err
			}
			a := d.vm.NewArrayOf(make([]squirrel.Value, 0, n))
			for i := 0; i < n; i++ {
				v, err := d.value(depth + 1)
				if err != nil {
					return squirrel.Null, err
				}
				a.Append(v)
			}
			return squirrel.ArrayValue(a), nil
		}
		n, err := d.count(2)
		if err != nil {
			return squirrel.Null, err
		}
		t := d.vm.NewTable(n)
		for i := 0; i < n; i++ {
			k, err := d.value(depth + 1)
			if err != nil {
				return squirrel.Null, err
			}
			if k.IsNull() {
				return squirrel.Null, errors.New("table key is null")
			}
			v, err := d.value(depth + 1)
			if err != nil {
				return squirrel.Null, err
			}
			t.NewSlot(k, v)
		}
		return squirrel.TableValue(t), nil
	}
	return squirrel.Null, fmt.Errorf("unknown tag 0x%02x", tag)
}
