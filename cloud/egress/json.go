package egress

import (
	"errors"

	"drey/squirrel"
)

// This file holds what the JSON encoder and decoder share: the limits,
// the errors, and the mapping between Squirrel values and JSON, which
// follows the imp's http.jsonencode and http.jsondecode:
//
//	Squirrel                JSON
//	null, bool              null, true/false
//	integer                 number without fraction or exponent
//	float                   number with a fraction or an exponent (1.0, 1e+21)
//	string (UTF-8)          string
//	array                   array
//	table                   object; integer, float and bool keys become strings
//
// Decoding maps numbers without fraction or exponent that fit in 32
// bits to integers and every other number to a float, so an encoded
// value decodes to the same kinds. Blobs, functions, classes,
// instances and other objects have no JSON form and are refused, as
// are NaN and the infinities, strings that are not UTF-8, structures
// that contain themselves or nest more than MaxJSONDepth deep, and text
// longer than the codec's MaxSize.

// MaxJSONDepth is how deeply arrays and objects may nest, both ways.
const MaxJSONDepth = 32

// DefaultMaxText bounds the text the codecs read or write, in bytes,
// when no other bound is given: JSON, and URL-encoded forms.
const DefaultMaxText = 4 << 20

// The JSON codec's errors, matched with errors.Is; the error text adds
// where in the value or the text the problem is.
var (
	// ErrJSONUnsupported means the value holds something JSON cannot
	// represent: a blob, a function, NaN, a non-UTF-8 string, a key
	// that is not a string or a scalar, two keys with the same text.
	ErrJSONUnsupported = errors.New("value has no JSON form")
	// ErrJSONCycle means a table or array contains itself.
	ErrJSONCycle = errors.New("value contains itself")
	// ErrJSONDepth means arrays and tables nest more than MaxJSONDepth.
	ErrJSONDepth = errors.New("value nested too deep")
	// ErrJSONTooLarge means the JSON text exceeds the codec's MaxSize.
	ErrJSONTooLarge = errors.New("JSON text too large")
	// ErrJSONSyntax means the text is not valid JSON.
	ErrJSONSyntax = errors.New("invalid JSON")
)

// JSONCodec converts between Squirrel values and JSON text within
// bounds. The zero JSONCodec has the default bounds.
type JSONCodec struct {
	// MaxSize bounds the JSON text, encoded or decoded, in bytes (0:
	// DefaultMaxText).
	MaxSize int
	// Float32 formats a float that a float32 holds exactly with the
	// fewest digits that read back to the same float32, as suits a VM
	// with 32-bit floats (21.3 rather than 21.299999237060547). Without
	// it, floats get the fewest digits that read back to the same
	// float64. Either way no precision is lost for the VM concerned.
	Float32 bool
}

func (c JSONCodec) maxSize() int {
	if c.MaxSize > 0 {
		return c.MaxSize
	}
	return DefaultMaxText
}

// EncodeJSON encodes v as compact JSON with the default bounds, as the
// agent API's http.jsonencode does.
func EncodeJSON(v squirrel.Value) (string, error) {
	return JSONCodec{}.Encode(v)
}

// DecodeJSON decodes JSON text into a value of vm with the default
// bounds, as the agent API's http.jsondecode does.
func DecodeJSON(vm *squirrel.VM, s string) (squirrel.Value, error) {
	return JSONCodec{}.Decode(vm, s)
}
