package squirrel

import "unsafe"

// String is an immutable Squirrel string: a sequence of bytes, with the
// hash the reference implementation computes for it, so that tables keyed
// by strings iterate in the reference's order.
type String struct {
	s    string
	hash uint32
	buf  *strBuf // for strings built by concatenation: their backing store
}

// strBuf is the backing store of strings built by repeated
// concatenation, as in s += "x" in a loop. Each such string aliases a
// prefix of b. Appending to b writes only bytes beyond every existing
// string's end, so the strings stay immutable; a concatenation whose left
// side is the longest string of its buffer appends in place, making a
// loop of n concatenations cost O(n) rather than O(n²).
type strBuf struct{ b []byte }

// minBufConcat is the result length from which concatenation uses a
// growable buffer; shorter results are plain strings.
const minBufConcat = 64

// concat returns s followed by y, and how many bytes it newly allocated.
func (s *String) concat(y string) (*String, int) {
	n := len(s.s) + len(y)
	if n < minBufConcat {
		return newString(s.s + y), n
	}
	if sb := s.buf; sb != nil && len(sb.b) == len(s.s) && cap(sb.b)-len(sb.b) >= len(y) {
		sb.b = append(sb.b, y...)
		r := unsafe.String(unsafe.SliceData(sb.b), len(sb.b))
		return &String{s: r, hash: hashString(r), buf: sb}, len(y)
	}
	b := make([]byte, n, n+n/4+minBufConcat)
	copy(b, s.s)
	copy(b[len(s.s):], y)
	r := unsafe.String(unsafe.SliceData(b), n)
	return &String{s: r, hash: hashString(r), buf: &strBuf{b: b}}, cap(b)
}

// newString makes a String, computing its hash. Callers that make many
// strings go through VM.str so that memory is accounted.
func newString(s string) *String { return &String{s: s, hash: hashString(s)} }

// hashString is Squirrel 3.0's string hash (the Lua 4 hash): it starts
// from the length and mixes in at most about 32 characters, stepping over
// the rest, so long strings hash in constant time.
func hashString(s string) uint32 {
	l := uint32(len(s))
	h := l
	step := (l >> 5) | 1
	i := 0
	for ; l >= step; l -= step {
		h ^= (h << 5) + (h >> 2) + uint32(s[i])
		i++
	}
	return h
}

// Str returns s as a Squirrel string value.
func Str(s string) Value { return Value{o: newString(s)} }

// String returns the Go string.
func (s *String) String() string { return s.s }
