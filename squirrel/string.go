package squirrel

// String is an immutable Squirrel string: a sequence of bytes, with the
// hash the reference implementation computes for it, so that tables keyed
// by strings iterate in the reference's order.
type String struct {
	s    string
	hash uint32
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
