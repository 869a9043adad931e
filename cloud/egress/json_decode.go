package egress

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"drey/squirrel"
)

// Decode parses JSON text (RFC 8259) into a value of vm (see json.go
// for the mapping). The text must be one JSON value, in UTF-8, at most
// MaxSize bytes, nesting at most MaxJSONDepth deep. An object that
// repeats a key keeps the last value. The tables, arrays and strings it
// makes count against vm's memory budget.
func (c JSONCodec) Decode(vm *squirrel.VM, s string) (squirrel.Value, error) {
	if limit := c.maxSize(); len(s) > limit {
		return squirrel.Null, fmt.Errorf("egress: json: %w: %d bytes, more than the limit of %d", ErrJSONTooLarge, len(s), limit)
	}
	if !utf8.ValidString(s) {
		bad := 0
		for bad < len(s) {
			r, n := utf8.DecodeRuneInString(s[bad:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			bad += n
		}
		return squirrel.Null, fmt.Errorf("egress: json: offset %d: %w: not UTF-8", bad, ErrJSONSyntax)
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	d := &jsonDecoder{vm: vm, dec: dec, float32: vm.Options().Float32}
	v, err := d.value(0)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("data after the JSON value")
		}
	}
	if err != nil {
		if !errors.Is(err, ErrJSONDepth) {
			err = fmt.Errorf("%w: %w", ErrJSONSyntax, err)
		}
		return squirrel.Null, fmt.Errorf("egress: json: offset %d: %w", dec.InputOffset(), err)
	}
	return v, nil
}

// jsonDecoder builds Squirrel values from the tokens of encoding/json's
// validating tokenizer.
type jsonDecoder struct {
	vm      *squirrel.VM
	dec     *json.Decoder
	float32 bool
}

// token returns the next token; the end of the text inside a value is
// an error.
func (d *jsonDecoder) token() (json.Token, error) {
	t, err := d.dec.Token()
	if err == io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	return t, err
}

// value decodes the value that starts at the next token; depth counts
// the arrays and objects it is in.
func (d *jsonDecoder) value(depth int) (squirrel.Value, error) {
	t, err := d.token()
	if err != nil {
		return squirrel.Null, err
	}
	switch t := t.(type) {
	case nil:
		return squirrel.Null, nil
	case bool:
		return squirrel.Bool(t), nil
	case string:
		return d.vm.Str(t), nil
	case json.Number:
		return d.number(string(t))
	case json.Delim:
		if depth >= MaxJSONDepth {
			return squirrel.Null, fmt.Errorf("%w: more than %d levels", ErrJSONDepth, MaxJSONDepth)
		}
		switch t {
		case '[':
			return d.array(depth)
		case '{':
			return d.object(depth)
		}
	}
	return squirrel.Null, fmt.Errorf("unexpected %v", t)
}

// number maps a JSON number to an integer when it has no fraction or
// exponent and fits in 32 bits, to a float otherwise.
func (d *jsonDecoder) number(s string) (squirrel.Value, error) {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 32); err == nil {
			return squirrel.Int(int32(i)), nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || (d.float32 && math.IsInf(float64(float32(f)), 0)) {
		return squirrel.Null, fmt.Errorf("number %s out of range", s)
	}
	return d.vm.FloatValue(f), nil
}

func (d *jsonDecoder) array(depth int) (squirrel.Value, error) {
	var elems []squirrel.Value
	for d.dec.More() {
		v, err := d.value(depth + 1)
		if err != nil {
			return squirrel.Null, err
		}
		elems = append(elems, v)
	}
	if _, err := d.token(); err != nil { // the closing bracket
		return squirrel.Null, err
	}
	return squirrel.ArrayValue(d.vm.NewArrayOf(elems)), nil
}

func (d *jsonDecoder) object(depth int) (squirrel.Value, error) {
	t := d.vm.NewTable(0)
	for d.dec.More() {
		k, err := d.token()
		if err != nil {
			return squirrel.Null, err
		}
		key, ok := k.(string)
		if !ok {
			return squirrel.Null, fmt.Errorf("object key %v is not a string", k)
		}
		v, err := d.value(depth + 1)
		if err != nil {
			return squirrel.Null, err
		}
		t.NewSlot(d.vm.Str(key), v)
	}
	if _, err := d.token(); err != nil { // the closing brace
		return squirrel.Null, err
	}
	return squirrel.TableValue(t), nil
}
