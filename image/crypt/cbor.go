package crypt

// The CBOR codec settings shared by every structure in this package, and
// small helpers that turn a decoding failure into a FieldError naming the
// field.

import (
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// Limits on untrusted input, fixed before parsing starts.
const (
	// MaxEncryptionInfoSize bounds an encoded SUIT_Encryption_Info.
	MaxEncryptionInfoSize = 256 << 10
	// MaxRecipients bounds the recipients of one SUIT_Encryption_Info. A
	// fleet larger than this is served per-device encryption info, which
	// keeps each device's wrapped key off shared channels anyway.
	MaxRecipients = 1024
)

var (
	encMode cbor.EncMode
	// decMode decodes everything inside the outer COSE_Encrypt tag, where
	// the format has no tags; tagMode decodes that one outer tag.
	decMode, tagMode cbor.DecMode
)

func init() {
	eo := cbor.CoreDetEncOptions()
	eo.NilContainers = cbor.NilContainerAsEmpty
	var err error
	if encMode, err = eo.EncMode(); err != nil {
		panic(err)
	}
	do := cbor.DecOptions{
		DupMapKey:        cbor.DupMapKeyEnforcedAPF,
		IndefLength:      cbor.IndefLengthForbidden,
		MaxNestedLevels:  8,
		MaxArrayElements: MaxRecipients,
		MaxMapPairs:      16,
	}
	if tagMode, err = do.DecMode(); err != nil {
		panic(err)
	}
	do.TagsMd = cbor.TagsForbidden
	if decMode, err = do.DecMode(); err != nil {
		panic(err)
	}
}

// headers is a decoded COSE header map. Labels must be integers: the draft
// defines no text labels, and refusing them keeps the allow-list exact.
type headers map[int64]cbor.RawMessage

// decodeHeaders decodes a header map from raw CBOR.
func decodeHeaders(raw []byte, field string) (headers, error) {
	var h headers
	if err := decMode.Unmarshal(raw, &h); err != nil {
		return nil, fieldErr(ErrMalformed, field, err, "a map with unique integer labels")
	}
	return h, nil
}

// decodeProtected decodes a protected header bucket: the contents of a
// bstr, where the empty string stands for the empty map.
func decodeProtected(b []byte, field string) (headers, error) {
	if len(b) == 0 {
		return headers{}, nil
	}
	return decodeHeaders(b, field)
}

// only rejects every label of h that is not in allowed.
func (h headers) only(field string, allowed ...int64) error {
	for l := range h {
		ok := false
		for _, a := range allowed {
			ok = ok || l == a
		}
		if !ok {
			return fieldErr(ErrMalformed, fmt.Sprintf("%s label %d", field, l), "present", fmt.Sprintf("only labels %v", allowed))
		}
	}
	return nil
}

func (h headers) int(label int64, field string) (int64, bool, error) {
	raw, ok := h[label]
	if !ok {
		return 0, false, nil
	}
	var v int64
	if len(raw) == 0 || raw[0]>>5 > 1 {
		return 0, true, fieldErr(ErrMalformed, field, cborKind(raw), "an integer")
	}
	if err := decMode.Unmarshal(raw, &v); err != nil {
		return 0, true, fieldErr(ErrMalformed, field, cborKind(raw), "an integer")
	}
	return v, true, nil
}

func (h headers) bytes(label int64, field string) ([]byte, bool, error) {
	raw, ok := h[label]
	if !ok {
		return nil, false, nil
	}
	b, err := decodeBstr(raw, field)
	return b, true, err
}

func decodeBstr(raw []byte, field string) ([]byte, error) {
	if len(raw) == 0 || raw[0]>>5 != 2 {
		return nil, fieldErr(ErrMalformed, field, cborKind(raw), "a byte string")
	}
	var b []byte
	if err := decMode.Unmarshal(raw, &b); err != nil {
		return nil, fieldErr(ErrMalformed, field, err, "a byte string")
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

func decodeArray(raw []byte, field string, n int) ([]cbor.RawMessage, error) {
	var a []cbor.RawMessage
	if len(raw) == 0 || raw[0]>>5 != 4 {
		return nil, fieldErr(ErrMalformed, field, cborKind(raw), "an array")
	}
	if err := decMode.Unmarshal(raw, &a); err != nil {
		return nil, fieldErr(ErrMalformed, field, err, "an array")
	}
	if n >= 0 && len(a) != n {
		return nil, fieldErr(ErrMalformed, field, fmt.Sprintf("array of %d items", len(a)), fmt.Sprintf("%d items", n))
	}
	return a, nil
}

// cborKind names the major type of an encoded item, for error messages
// that must not echo arbitrary attacker bytes at length.
func cborKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	if raw[0] == 0xf6 {
		return "null"
	}
	return [...]string{"unsigned integer", "negative integer", "byte string", "text string", "array", "map", "tag", "simple value or float"}[raw[0]>>5]
}
