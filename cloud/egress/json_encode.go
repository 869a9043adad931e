package egress

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"drey/squirrel"
	"drey/squirrel/lib"
)

// Encode encodes v as compact JSON (see json.go for the mapping). Table
// members come in the table's iteration order, the order foreach sees.
func (c JSONCodec) Encode(v squirrel.Value) (string, error) {
	e := &jsonEncoder{max: c.maxSize(), float32: c.Float32}
	if err := e.value(v); err != nil {
		return "", err
	}
	if len(e.buf) > e.max {
		return "", e.fail(ErrJSONTooLarge, "more than %d bytes", e.max)
	}
	return string(e.buf), nil
}

type jsonEncoder struct {
	buf     []byte
	max     int
	float32 bool
	open    []any      // the tables and arrays being encoded, outermost first
	path    []pathElem // where the encoder is, for error messages
}

// pathElem is a step into a container: an array index or a table key.
type pathElem struct {
	key   string
	index int
	isKey bool
}

// where returns the encoder's position as a path: $.config.ports[2].
func where(path []pathElem) string {
	var b strings.Builder
	b.WriteString("$")
	for _, p := range path {
		switch {
		case !p.isKey:
			fmt.Fprintf(&b, "[%d]", p.index)
		case isIdent(p.key):
			b.WriteString("." + p.key)
		default:
			b.WriteString("[" + strconv.Quote(p.key) + "]")
		}
	}
	return b.String()
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

func (e *jsonEncoder) fail(err error, format string, args ...any) error {
	return fmt.Errorf("egress: json: %s: %w: %s", where(e.path), err, fmt.Sprintf(format, args...))
}

func (e *jsonEncoder) value(v squirrel.Value) error {
	if len(e.buf) > e.max {
		return e.fail(ErrJSONTooLarge, "more than %d bytes", e.max)
	}
	switch v.Kind() {
	case squirrel.NullKind:
		e.buf = append(e.buf, "null"...)
	case squirrel.BoolKind:
		b, _ := v.AsBool()
		e.buf = strconv.AppendBool(e.buf, b)
	case squirrel.IntKind:
		i, _ := v.AsInt()
		e.buf = strconv.AppendInt(e.buf, int64(i), 10)
	case squirrel.FloatKind:
		f, _ := v.AsFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return e.fail(ErrJSONUnsupported, "the float %v", f)
		}
		e.buf = appendFloat(e.buf, f, e.float32)
	case squirrel.StringKind:
		s, _ := v.AsString()
		if !utf8.ValidString(s) {
			return e.fail(ErrJSONUnsupported, "a string that is not UTF-8 (base64-encode binary data first)")
		}
		e.buf = appendString(e.buf, s)
	case squirrel.ArrayKind:
		return e.array(v.Array())
	case squirrel.TableKind:
		return e.table(v.Table())
	default:
		if lib.BlobOf(v) != nil {
			return e.fail(ErrJSONUnsupported, "a blob (base64-encode it first)")
		}
		return e.fail(ErrJSONUnsupported, "a %s", v.Kind())
	}
	return nil
}

// enter records that the encoder goes into container o, refusing a
// container already open (a cycle) and nesting beyond MaxJSONDepth.
func (e *jsonEncoder) enter(o any) error {
	for _, x := range e.open {
		if x == o {
			return e.fail(ErrJSONCycle, "a %s that contains itself", kindOf(o))
		}
	}
	if len(e.open) >= MaxJSONDepth {
		return e.fail(ErrJSONDepth, "more than %d levels", MaxJSONDepth)
	}
	e.open = append(e.open, o)
	return nil
}

func kindOf(o any) string {
	if _, ok := o.(*squirrel.Array); ok {
		return "array"
	}
	return "table"
}

func (e *jsonEncoder) leave() { e.open = e.open[:len(e.open)-1] }

func (e *jsonEncoder) array(a *squirrel.Array) error {
	if err := e.enter(a); err != nil {
		return err
	}
	e.buf = append(e.buf, '[')
	for i := 0; i < a.Len(); i++ {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.path = append(e.path, pathElem{index: i})
		if err := e.value(a.At(i)); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, ']')
	e.leave()
	return nil
}

func (e *jsonEncoder) table(t *squirrel.Table) error {
	if err := e.enter(t); err != nil {
		return err
	}
	// Keys other than strings become strings, which may then collide
	// with a string key: keep the keys seen only when that can happen.
	var seen map[string]bool
	for pos := 0; ; {
		k, _, next, ok := t.Next(pos)
		if !ok {
			break
		}
		pos = next
		if k.Kind() != squirrel.StringKind {
			seen = make(map[string]bool, t.Len())
			break
		}
	}
	e.buf = append(e.buf, '{')
	first := true
	for pos := 0; ; {
		k, v, next, ok := t.Next(pos)
		if !ok {
			break
		}
		pos = next
		key, err := e.key(k)
		if err != nil {
			return err
		}
		if seen != nil {
			if seen[key] {
				return e.fail(ErrJSONUnsupported, "two keys that both become %q", key)
			}
			seen[key] = true
		}
		if !first {
			e.buf = append(e.buf, ',')
		}
		first = false
		e.buf = appendString(e.buf, key)
		e.buf = append(e.buf, ':')
		e.path = append(e.path, pathElem{key: key, isKey: true})
		if err := e.value(v); err != nil {
			return err
		}
		e.path = e.path[:len(e.path)-1]
	}
	e.buf = append(e.buf, '}')
	e.leave()
	return nil
}

// key returns the JSON text of a table key: a string as it is, an
// integer, float or bool as it would be encoded as a value.
func (e *jsonEncoder) key(k squirrel.Value) (string, error) {
	switch k.Kind() {
	case squirrel.StringKind:
		s, _ := k.AsString()
		if !utf8.ValidString(s) {
			return "", e.fail(ErrJSONUnsupported, "a key that is not UTF-8")
		}
		return s, nil
	case squirrel.IntKind:
		i, _ := k.AsInt()
		return strconv.Itoa(int(i)), nil
	case squirrel.FloatKind:
		f, _ := k.AsFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", e.fail(ErrJSONUnsupported, "the float key %v", f)
		}
		return string(appendFloat(nil, f, e.float32)), nil
	case squirrel.BoolKind:
		b, _ := k.AsBool()
		return strconv.FormatBool(b), nil
	}
	return "", e.fail(ErrJSONUnsupported, "a %s as a key", k.Kind())
}

// appendFloat appends f as a JSON number with the fewest digits that
// read back to the same float (float32 when f32 is set and f is one),
// in plain notation between 1e-6 and 1e21 and exponent notation
// outside, as JavaScript writes numbers. The text always has a fraction
// or an exponent, so that it decodes to a float again: 1.0, not 1.
func appendFloat(buf []byte, f float64, f32 bool) []byte {
	bits := 64
	if f32 && float64(float32(f)) == f {
		bits = 32
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	start := len(buf)
	buf = strconv.AppendFloat(buf, f, format, -1, bits)
	if format == 'e' {
		// Shorten e-07 to e-7, as JavaScript does.
		if n := len(buf); n-start >= 4 && buf[n-4] == 'e' && buf[n-3] == '-' && buf[n-2] == '0' {
			buf[n-2] = buf[n-1]
			buf = buf[:n-1]
		}
		return buf
	}
	for _, c := range buf[start:] {
		if c == '.' {
			return buf
		}
	}
	return append(buf, ".0"...)
}

const hexDigits = "0123456789abcdef"

// appendString appends s, which is UTF-8, as a JSON string: quotes,
// backslashes and control characters escaped, everything else as is.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"', '\\':
			buf = append(buf, '\\', c)
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\f':
			buf = append(buf, '\\', 'f')
		default:
			if c < 0x20 {
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			} else {
				buf = append(buf, c)
			}
		}
	}
	return append(buf, '"')
}
