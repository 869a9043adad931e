// This file holds the deterministic CBOR writer used by Marshal and Sign. It
// emits the core deterministic encoding of RFC 8949 §4.2.1: shortest-form
// heads, definite lengths, and map keys sorted by the bytewise order of
// their encodings, which the draft requires of every map in the manifest and
// envelope (§8.1).

package suit

import (
	"bytes"
	"sort"
)

func appendHead(b []byte, major byte, v uint64) []byte {
	m := major << 5
	switch {
	case v < 24:
		return append(b, m|byte(v))
	case v <= 0xff:
		return append(b, m|24, byte(v))
	case v <= 0xffff:
		return append(b, m|25, byte(v>>8), byte(v))
	case v <= 0xffffffff:
		return append(b, m|26, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return append(b, m|27, byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32),
		byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func encUint(v uint64) []byte { return appendHead(nil, majorUint, v) }

func encInt(v int64) []byte {
	if v >= 0 {
		return appendHead(nil, majorUint, uint64(v))
	}
	return appendHead(nil, majorNint, uint64(-(v + 1)))
}

func encBstr(p []byte) []byte { return append(appendHead(nil, majorBstr, uint64(len(p))), p...) }

func encTstr(s string) []byte { return append(appendHead(nil, majorTstr, uint64(len(s))), s...) }

func encBool(v bool) []byte {
	if v {
		return []byte{0xf5}
	}
	return []byte{0xf4}
}

var encNull = []byte{0xf6}

func encArray(items ...[]byte) []byte {
	b := appendHead(nil, majorArray, uint64(len(items)))
	for _, it := range items {
		b = append(b, it...)
	}
	return b
}

// encPair is a map entry whose key and value are already encoded.
type encPair struct{ key, val []byte }

func encMap(pairs []encPair) []byte {
	sorted := append([]encPair(nil), pairs...)
	sort.Slice(sorted, func(i, j int) bool { return bytes.Compare(sorted[i].key, sorted[j].key) < 0 })
	b := appendHead(nil, majorMap, uint64(len(sorted)))
	for _, p := range sorted {
		b = append(b, p.key...)
		b = append(b, p.val...)
	}
	return b
}
