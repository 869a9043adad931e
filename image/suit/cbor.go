// This file holds the strict CBOR reading used for every SUIT structure:
// one decoding mode with the limits below, and small readers that check the
// major type before decoding, so that, for example, an array of small
// integers is never accepted where a byte string is required.

package suit

import (
	"bytes"
	"fmt"
	"math"

	"github.com/fxamacker/cbor/v2"
)

// Limits on what Decode and Verify accept. They bound memory and work for
// any input, signed or not.
const (
	// MaxEnvelopeSize is the largest envelope Decode reads.
	MaxEnvelopeSize = 256 << 10
	// MaxSignatures is the most authentication blocks an envelope may carry.
	MaxSignatures = 8
	// MaxComponents is the most components a manifest may list.
	MaxComponents = 16
	// MaxSequenceDepth is how deeply try-each and run-sequence may nest.
	MaxSequenceDepth = 4

	maxNesting  = 8   // CBOR nesting within one bstr-wrapped element
	maxArray    = 512 // elements of one array (a command sequence holds half as many commands)
	maxMapPairs = 64
)

var decMode = func() cbor.DecMode {
	m, err := cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		IndefLength:       cbor.IndefLengthForbidden,
		TagsMd:            cbor.TagsForbidden,
		MaxNestedLevels:   maxNesting,
		MaxArrayElements:  maxArray,
		MaxMapPairs:       maxMapPairs,
		UTF8:              cbor.UTF8RejectInvalid,
		IntDec:            cbor.IntDecConvertNone,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
	}.DecMode()
	if err != nil {
		panic(err) // the options above are constants
	}
	return m
}()

// CBOR major types.
const (
	majorUint  = 0
	majorNint  = 1
	majorBstr  = 2
	majorTstr  = 3
	majorArray = 4
	majorMap   = 5
	majorTag   = 6
	majorOther = 7
)

func major(raw []byte) int {
	if len(raw) == 0 {
		return -1
	}
	return int(raw[0] >> 5)
}

var majorNames = [...]string{"uint", "nint", "bstr", "tstr", "array", "map", "tag", "simple/float"}

func typeName(raw []byte) string {
	m := major(raw)
	if m < 0 {
		return "nothing"
	}
	if m == majorOther {
		switch raw[0] {
		case 0xf4, 0xf5:
			return "bool"
		case 0xf6:
			return "null"
		}
	}
	return majorNames[m]
}

func wantType(field string, raw []byte, want int, name string) error {
	if major(raw) != want {
		return fail(ErrMalformed, field, "want %s, got %s", name, typeName(raw))
	}
	return nil
}

// head parses the initial byte and argument of the item at the start of b.
// It returns n == 0 if b is empty, truncated, or of indefinite length;
// callers use it on items already known to be well-formed.
func head(b []byte) (arg uint64, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	ai := b[0] & 0x1f
	switch {
	case ai < 24:
		return uint64(ai), 1
	case ai > 27:
		return 0, 0
	}
	n = 1 + 1<<(ai-24)
	if len(b) < n {
		return 0, 0
	}
	for _, c := range b[1:n] {
		arg = arg<<8 | uint64(c)
	}
	return arg, n
}

// readBstr returns the content of a byte string.
func readBstr(field string, raw []byte) ([]byte, error) {
	if err := wantType(field, raw, majorBstr, "bstr"); err != nil {
		return nil, err
	}
	var b []byte
	if err := decMode.Unmarshal(raw, &b); err != nil {
		return nil, malformed(field, err)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// readTstr returns a text string, which must be valid UTF-8.
func readTstr(field string, raw []byte) (string, error) {
	if err := wantType(field, raw, majorTstr, "tstr"); err != nil {
		return "", err
	}
	var s string
	if err := decMode.Unmarshal(raw, &s); err != nil {
		return "", malformed(field, err)
	}
	return s, nil
}

// readUint returns an unsigned integer.
func readUint(field string, raw []byte) (uint64, error) {
	if err := wantType(field, raw, majorUint, "uint"); err != nil {
		return 0, err
	}
	var v uint64
	if err := decMode.Unmarshal(raw, &v); err != nil {
		return 0, malformed(field, err)
	}
	return v, nil
}

// readInt returns an integer that fits in int64.
func readInt(field string, raw []byte) (int64, error) {
	if major(raw) != majorUint && major(raw) != majorNint {
		return 0, fail(ErrMalformed, field, "want int, got %s", typeName(raw))
	}
	var v int64
	if err := decMode.Unmarshal(raw, &v); err != nil {
		return 0, malformed(field, err)
	}
	return v, nil
}

// readBool returns a boolean.
func readBool(field string, raw []byte) (bool, error) {
	switch {
	case bytes.Equal(raw, []byte{0xf5}):
		return true, nil
	case bytes.Equal(raw, []byte{0xf4}):
		return false, nil
	}
	return false, fail(ErrMalformed, field, "want bool, got %s", typeName(raw))
}

// readArray returns the raw items of an array.
func readArray(field string, raw []byte) ([]cbor.RawMessage, error) {
	if err := wantType(field, raw, majorArray, "array"); err != nil {
		return nil, err
	}
	var items []cbor.RawMessage
	if err := decMode.Unmarshal(raw, &items); err != nil {
		return nil, malformed(field, err)
	}
	return items, nil
}

// pair is one key/value of a map, both still encoded.
type pair struct{ key, val cbor.RawMessage }

// readMap returns the pairs of a map in the order they were encoded. Keys of
// any type are allowed (suit-text uses component identifiers as keys).
func readMap(field string, raw []byte) ([]pair, error) {
	if err := wantType(field, raw, majorMap, "map"); err != nil {
		return nil, err
	}
	if err := decMode.Wellformed(raw); err != nil {
		return nil, malformed(field, err)
	}
	n, off := head(raw)
	rest := raw[off:]
	pairs := make([]pair, 0, n)
	for i := uint64(0); i < n; i++ {
		var p pair
		var err error
		if rest, err = decMode.UnmarshalFirst(rest, &p.key); err != nil {
			return nil, malformed(field, err)
		}
		if rest, err = decMode.UnmarshalFirst(rest, &p.val); err != nil {
			return nil, malformed(field, err)
		}
		for _, q := range pairs {
			if bytes.Equal(q.key, p.key) {
				return nil, fail(ErrMalformed, field, "duplicate map key %x", []byte(p.key))
			}
		}
		pairs = append(pairs, p)
	}
	return pairs, nil
}

// intPair is one entry of a map whose keys are integers.
type intPair struct {
	key int64
	val cbor.RawMessage
}

// readIntMap returns the entries of a map whose keys must all be integers.
func readIntMap(field string, raw []byte) ([]intPair, error) {
	pairs, err := readMap(field, raw)
	if err != nil {
		return nil, err
	}
	out := make([]intPair, len(pairs))
	seen := make(map[int64]bool, len(pairs))
	for i, p := range pairs {
		if m := major(p.key); m != majorUint && m != majorNint {
			return nil, fail(ErrUnsupportedElement, field, "key of type %s", typeName(p.key))
		}
		k, err := readInt(field+" key", p.key)
		if err != nil {
			return nil, err
		}
		if seen[k] {
			return nil, fail(ErrMalformed, field, "duplicate key %d", k)
		}
		seen[k] = true
		out[i] = intPair{k, p.val}
	}
	return out, nil
}

// readWrapped returns the content of a bstr that must hold exactly one CBOR
// item ("bstr .cbor T").
func readWrapped(field string, raw []byte) ([]byte, error) {
	inner, err := readBstr(field, raw)
	if err != nil {
		return nil, err
	}
	if err := decMode.Wellformed(inner); err != nil {
		return nil, malformed(field, err)
	}
	return inner, nil
}

// toInt converts a uint that must fit in an int (indices, counts).
func toInt(field string, v uint64) (int, error) {
	if v > math.MaxInt32 {
		return 0, fail(ErrMalformed, field, "%d is too large", v)
	}
	return int(v), nil
}

func quote(b []byte) string {
	if len(b) > 32 {
		return fmt.Sprintf("h'%x…' (%d bytes)", b[:32], len(b))
	}
	return fmt.Sprintf("h'%x'", b)
}
