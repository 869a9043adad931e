// This file checks core deterministic encoding (RFC 8949 §4.2.1) on
// envelope parts that are never re-encoded from a decoded form.

package suit

import "bytes"

// deterministic reports whether raw, one well-formed item of definite
// length, is in core deterministic encoding (RFC 8949 §4.2.1): every head in
// its shortest form, map keys in strictly increasing bytewise order, and no
// floating-point values. It does not look inside byte strings; each
// bstr-wrapped element is checked when it is itself decoded.
func deterministic(raw []byte) bool {
	n, ok := detItem(raw)
	return ok && n == len(raw)
}

func detItem(b []byte) (int, bool) {
	arg, n := head(b)
	if n == 0 {
		return 0, false
	}
	maj, ai := b[0]>>5, b[0]&0x1f
	if maj == majorOther {
		if ai >= 25 { // half, single and double floats
			return 0, false
		}
		return n, true
	}
	if n != len(appendHead(nil, 0, arg)) {
		return 0, false
	}
	switch maj {
	case majorBstr, majorTstr:
		if arg > uint64(len(b)-n) {
			return 0, false
		}
		return n + int(arg), true
	case majorArray:
		for i := uint64(0); i < arg; i++ {
			m, ok := detItem(b[n:])
			if !ok {
				return 0, false
			}
			n += m
		}
	case majorMap:
		var prev []byte
		for i := uint64(0); i < arg; i++ {
			k, ok := detItem(b[n:])
			if !ok {
				return 0, false
			}
			key := b[n : n+k]
			if prev != nil && bytes.Compare(prev, key) >= 0 {
				return 0, false
			}
			prev, n = key, n+k
			v, ok := detItem(b[n:])
			if !ok {
				return 0, false
			}
			n += v
		}
	case majorTag:
		m, ok := detItem(b[n:])
		if !ok {
			return 0, false
		}
		n += m
	}
	return n, true
}

func mustDeterministic(field string, raw []byte) error {
	if !deterministic(raw) {
		return fail(ErrMalformed, field, "not in core deterministic encoding")
	}
	return nil
}
