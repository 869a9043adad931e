// This file holds SUIT_Common: the component list and the shared sequence.

package suit

import (
	"bytes"
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// Common is SUIT_Common: the component list and the shared sequence run
// before every other sequence.
type Common struct {
	Components []ComponentID
	Shared     Sequence
}

// ComponentID is a SUIT_Component_Identifier: a list of byte strings.
type ComponentID [][]byte

// Equal reports whether c and o are the same identifier.
func (c ComponentID) Equal(o ComponentID) bool {
	if len(c) != len(o) {
		return false
	}
	for i := range c {
		if !bytes.Equal(c[i], o[i]) {
			return false
		}
	}
	return true
}

// String formats c as in CBOR diagnostic notation.
func (c ComponentID) String() string {
	s := "["
	for i, p := range c {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("h'%x'", p)
	}
	return s + "]"
}

func decodeCommon(raw []byte) (Common, error) {
	const field = "common"
	inner, err := readWrapped(field, raw)
	if err != nil {
		return Common{}, err
	}
	entries, err := readIntMap(field, inner)
	if err != nil {
		return Common{}, err
	}
	var c Common
	var shared cbor.RawMessage
	for _, e := range entries {
		switch e.key {
		case CommonComponents:
			if c.Components, err = decodeComponents(e.val); err != nil {
				return Common{}, err
			}
		case CommonShared:
			shared = e.val
		case 1:
			return Common{}, fail(ErrUnsupportedElement, field, "dependencies (key 1)")
		default:
			return Common{}, fail(ErrUnsupportedElement, field, "key %d", e.key)
		}
	}
	if len(c.Components) == 0 {
		return Common{}, fail(ErrMalformed, field, "no components (key 2)")
	}
	if shared != nil {
		d := decoder{components: len(c.Components), shared: true}
		if c.Shared, err = d.wrappedSequence("shared-sequence", shared); err != nil {
			return Common{}, err
		}
	}
	return c, nil
}

func decodeComponents(raw []byte) ([]ComponentID, error) {
	const field = "components"
	items, err := readArray(field, raw)
	if err != nil {
		return nil, err
	}
	if len(items) > MaxComponents {
		return nil, fail(ErrUnsupportedElement, field, "%d components exceeds the limit of %d", len(items), MaxComponents)
	}
	ids := make([]ComponentID, 0, len(items))
	for i, it := range items {
		id, err := decodeComponentID(fmt.Sprintf("%s[%d]", field, i), it)
		if err != nil {
			return nil, err
		}
		for j, o := range ids {
			if o.Equal(id) {
				return nil, fail(ErrMalformed, field, "component %s listed at %d and %d", id, j, i)
			}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func decodeComponentID(field string, raw []byte) (ComponentID, error) {
	parts, err := readArray(field, raw)
	if err != nil {
		return nil, err
	}
	id := make(ComponentID, len(parts))
	for i, p := range parts {
		if id[i], err = readBstr(field, p); err != nil {
			return nil, err
		}
	}
	return id, nil
}

func (c ComponentID) encode() []byte {
	items := make([][]byte, len(c))
	for i, p := range c {
		items[i] = encBstr(p)
	}
	return encArray(items...)
}

func encComponents(ids []ComponentID) []byte {
	items := make([][]byte, len(ids))
	for i, id := range ids {
		items[i] = id.encode()
	}
	return encArray(items...)
}
