package blobbuf

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

// mk returns a blob holding s with its cursor at ptr.
func mk(t *testing.T, s string, ptr int) *Blob {
	t.Helper()
	b := FromBytes([]byte(s))
	if r, err := b.Seek(ptr, SeekBegin); r != 0 || err != nil {
		t.Fatalf("mk: Seek(%d) = %d, %v", ptr, r, err)
	}
	return b
}

// check fails the test unless b holds want with its cursor at ptr.
func check(t *testing.T, b *Blob, want string, ptr int) {
	t.Helper()
	if got := b.String(); got != want {
		t.Errorf("content = %q, want %q", got, want)
	}
	if b.Len() != len(want) {
		t.Errorf("Len() = %d, want %d", b.Len(), len(want))
	}
	if b.Tell() != ptr {
		t.Errorf("Tell() = %d, want %d", b.Tell(), ptr)
	}
	if b.Cap() < b.Len() {
		t.Errorf("Cap() = %d < Len() = %d", b.Cap(), b.Len())
	}
	if b.EOS() != (ptr == len(want)) {
		t.Errorf("EOS() = %v with cursor %d of %d", b.EOS(), ptr, len(want))
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		size int
		err  error
	}{
		{0, nil},
		{1, nil},
		{1024, nil},
		{-1, ErrNegativeSize},
		{math.MinInt, ErrNegativeSize},
		{MaxSize + 1, ErrTooLarge},
		{math.MaxInt, ErrTooLarge},
	}
	for _, tt := range tests {
		b, err := New(tt.size)
		if !errors.Is(err, tt.err) {
			t.Errorf("New(%d) error = %v, want %v", tt.size, err, tt.err)
			continue
		}
		if err != nil {
			if b != nil {
				t.Errorf("New(%d) returned a blob with error %v", tt.size, err)
			}
			continue
		}
		check(t, b, string(make([]byte, tt.size)), 0)
		if b.Cap() != tt.size {
			t.Errorf("New(%d).Cap() = %d", tt.size, b.Cap())
		}
	}
}

func TestErrorMessages(t *testing.T) {
	// The VM shows these texts to scripts; most are the reference's.
	tests := []struct {
		err  error
		want string
	}{
		{ErrInvalid, "the blob is invalid"},
		{ErrNegativeSize, "cannot create blob with negative size"},
		{ErrTooLarge, "blob too large"},
		{ErrResizeFailed, "resize failed"},
		{ErrIndexOutOfRange, "index out of range"},
		{ErrInvalidOrigin, "invalid origin"},
		{ErrInvalidFormat, "invalid format"},
		{ErrIO, "io error"},
		{ErrNoData, "no data left to read"},
		{ErrInvalidParam, "invalid parameter"},
	}
	for _, tt := range tests {
		if tt.err.Error() != tt.want {
			t.Errorf("error text %q, want %q", tt.err.Error(), tt.want)
		}
	}
}

func TestZeroValue(t *testing.T) {
	var b Blob
	check(t, &b, "", 0)
	if b.Bytes() != nil && len(b.Bytes()) != 0 {
		t.Errorf("Bytes() = %v", b.Bytes())
	}
	if err := b.WriteString("hi"); err != nil {
		t.Fatal(err)
	}
	check(t, &b, "hi", 2)
}

func TestFromBytesCopies(t *testing.T) {
	src := []byte("abc")
	b := FromBytes(src)
	src[0] = 'X'
	check(t, b, "abc", 0)
	check(t, FromBytes(nil), "", 0)
}

func TestBytesAliases(t *testing.T) {
	b := FromBytes([]byte("abc"))
	b.Bytes()[1] = 'Z'
	check(t, b, "aZc", 0)
}

func TestSeek(t *testing.T) {
	tests := []struct {
		name   string
		start  int
		offset int
		origin int
		ret    int
		err    error
		ptr    int
	}{
		{"begin 0", 2, 0, SeekBegin, 0, nil, 0},
		{"begin mid", 0, 3, SeekBegin, 0, nil, 3},
		{"begin end", 0, 5, SeekBegin, 0, nil, 5},
		{"begin past end", 2, 6, SeekBegin, -1, nil, 2},
		{"begin negative", 2, -1, SeekBegin, -1, nil, 2},
		{"current forward", 1, 2, SeekCurrent, 0, nil, 3},
		{"current back", 4, -4, SeekCurrent, 0, nil, 0},
		{"current to end", 4, 1, SeekCurrent, 0, nil, 5},
		{"current past end", 4, 2, SeekCurrent, -1, nil, 4},
		{"current before begin", 1, -2, SeekCurrent, -1, nil, 1},
		{"end 0", 0, 0, SeekEnd, 0, nil, 5},
		{"end back", 0, -2, SeekEnd, 0, nil, 3},
		{"end to begin", 3, -5, SeekEnd, 0, nil, 0},
		{"end positive", 3, 1, SeekEnd, -1, nil, 3},
		{"end before begin", 3, -6, SeekEnd, -1, nil, 3},
		{"huge offset", 3, math.MaxInt, SeekCurrent, -1, nil, 3},
		{"huge negative offset", 3, math.MinInt, SeekCurrent, -1, nil, 3},
		{"huge offset from end", 3, math.MinInt, SeekEnd, -1, nil, 3},
		{"huge offset from begin", 3, math.MaxInt, SeekBegin, -1, nil, 3},
		{"invalid origin", 3, 0, 'x', 0, ErrInvalidOrigin, 3},
		{"origin zero", 3, 0, 0, 0, ErrInvalidOrigin, 3},
		{"origin aliasing b", 3, 0, SeekBegin + 256, 0, ErrInvalidOrigin, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mk(t, "hello", tt.start)
			ret, err := b.Seek(tt.offset, tt.origin)
			if ret != tt.ret || !errors.Is(err, tt.err) {
				t.Errorf("Seek(%d, %q) = %d, %v; want %d, %v", tt.offset, rune(tt.origin), ret, err, tt.ret, tt.err)
			}
			check(t, b, "hello", tt.ptr)
		})
	}
}

func TestSeekEmpty(t *testing.T) {
	var b Blob
	for _, o := range []int{SeekBegin, SeekCurrent, SeekEnd} {
		if r, err := b.Seek(0, o); r != 0 || err != nil {
			t.Errorf("Seek(0, %q) on empty = %d, %v", rune(o), r, err)
		}
		if r, err := b.Seek(1, o); r != -1 || err != nil {
			t.Errorf("Seek(1, %q) on empty = %d, %v", rune(o), r, err)
		}
	}
}

func TestResize(t *testing.T) {
	tests := []struct {
		name  string
		start int
		n     int
		err   error
		want  string
		ptr   int
		cap   int
	}{
		{"shrink", 1, 3, nil, "hel", 1, 3},
		{"shrink clamps cursor", 5, 2, nil, "he", 2, 2},
		{"shrink to zero", 4, 0, nil, "", 0, 0},
		{"same", 2, 5, nil, "hello", 2, 5},
		{"grow keeps length", 5, 100, nil, "hello", 5, 100},
		{"negative", 2, -1, ErrResizeFailed, "hello", 2, 5},
		{"most negative", 2, math.MinInt, ErrResizeFailed, "hello", 2, 5},
		{"too large", 2, MaxSize + 1, ErrTooLarge, "hello", 2, 5},
		{"huge", 2, math.MaxInt, ErrTooLarge, "hello", 2, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mk(t, "hello", tt.start)
			if err := b.Resize(tt.n); !errors.Is(err, tt.err) {
				t.Errorf("Resize(%d) = %v, want %v", tt.n, err, tt.err)
			}
			check(t, b, tt.want, tt.ptr)
			if b.Cap() != tt.cap {
				t.Errorf("Cap() = %d, want %d", b.Cap(), tt.cap)
			}
		})
	}
}

func TestResizeThenWrite(t *testing.T) {
	// Growing the allocation gives room to write into without
	// reallocating; shrinking then growing again shows zeros, not the
	// bytes that were cut off.
	b := mk(t, "hello", 5)
	if err := b.Resize(64); err != nil {
		t.Fatal(err)
	}
	before := &b.Bytes()[:1][0]
	if err := b.WriteString(" world"); err != nil {
		t.Fatal(err)
	}
	check(t, b, "hello world", 11)
	if &b.Bytes()[0] != before || b.Cap() != 64 {
		t.Errorf("write within the allocation reallocated (cap %d)", b.Cap())
	}
	if err := b.Resize(2); err != nil {
		t.Fatal(err)
	}
	if err := b.Resize(8); err != nil {
		t.Fatal(err)
	}
	if got := b.Bytes()[:cap(b.Bytes())]; !bytes.Equal(got, []byte("he\x00\x00\x00\x00\x00\x00")) {
		t.Errorf("allocation after shrink and grow = %q", got)
	}
	if err := b.WriteN(IntNum(0x04030201), TypeInt32); err != nil {
		t.Fatal(err)
	}
	check(t, b, "he\x01\x02\x03\x04", 6)
}

func TestAtSetAt(t *testing.T) {
	tests := []struct {
		name string
		i    int
		v    int32
		err  error
		want string
	}{
		{"first", 0, 'H', nil, "Hello"},
		{"last", 4, 'O', nil, "hellO"},
		{"low byte", 1, 0x141, nil, "hAllo"},
		{"negative value", 2, -1, nil, "he\xfflo"},
		{"min int", 2, math.MinInt32, nil, "he\x00lo"},
		{"past end", 5, 1, ErrIndexOutOfRange, "hello"},
		{"negative index", -1, 1, ErrIndexOutOfRange, "hello"},
		{"huge index", math.MaxInt, 1, ErrIndexOutOfRange, "hello"},
		{"most negative index", math.MinInt, 1, ErrIndexOutOfRange, "hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mk(t, "hello", 3)
			old, getErr := b.At(tt.i)
			if !errors.Is(getErr, tt.err) {
				t.Errorf("At(%d) error = %v, want %v", tt.i, getErr, tt.err)
			}
			if getErr == nil && old != "hello"[tt.i] {
				t.Errorf("At(%d) = %d, want %d", tt.i, old, "hello"[tt.i])
			}
			if err := b.SetAt(tt.i, tt.v); !errors.Is(err, tt.err) {
				t.Errorf("SetAt(%d, %d) = %v, want %v", tt.i, tt.v, err, tt.err)
			}
			check(t, b, tt.want, 3)
			if tt.err == nil {
				if got, err := b.At(tt.i); err != nil || got != byte(tt.v) {
					t.Errorf("At(%d) after SetAt = %d, %v", tt.i, got, err)
				}
			}
		})
	}
	var empty Blob
	if _, err := empty.At(0); !errors.Is(err, ErrIndexOutOfRange) {
		t.Errorf("At(0) on empty blob: %v", err)
	}
}

func TestWrite(t *testing.T) {
	type op func(*Blob, string) error
	writers := map[string]op{
		"WriteString": func(b *Blob, s string) error { return b.WriteString(s) },
		"WriteBytes":  func(b *Blob, s string) error { return b.WriteBytes([]byte(s)) },
		"WriteBlob":   func(b *Blob, s string) error { return b.WriteBlob(FromBytes([]byte(s))) },
	}
	tests := []struct {
		name  string
		start string
		ptr   int
		data  string
		want  string
		end   int
	}{
		{"empty into empty", "", 0, "", "", 0},
		{"into empty", "", 0, "abc", "abc", 3},
		{"append", "hello", 5, "!!", "hello!!", 7},
		{"overwrite inside", "hello", 1, "EL", "hELlo", 3},
		{"overwrite and extend", "hello", 3, "LO world", "helLO world", 11},
		{"at start", "hello", 0, "J", "Jello", 1},
		{"nothing mid", "hello", 2, "", "hello", 2},
		{"zero bytes", "ab", 2, "\x00\x00", "ab\x00\x00", 4},
	}
	for wname, w := range writers {
		for _, tt := range tests {
			t.Run(wname+"/"+tt.name, func(t *testing.T) {
				b := mk(t, tt.start, tt.ptr)
				if err := w(b, tt.data); err != nil {
					t.Fatal(err)
				}
				check(t, b, tt.want, tt.end)
			})
		}
	}
}

func TestWriteGrowthPolicy(t *testing.T) {
	// Like the reference, growing reallocates to the larger of the needed
	// length and twice the current length.
	b := mk(t, "12345678", 8)
	if err := b.WriteString("9"); err != nil {
		t.Fatal(err)
	}
	if b.Cap() != 16 {
		t.Errorf("Cap() after small append = %d, want 16", b.Cap())
	}
	if err := b.WriteString(string(make([]byte, 40))); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 49 || b.Cap() != 49 {
		t.Errorf("after big append Len, Cap = %d, %d; want 49, 49", b.Len(), b.Cap())
	}
}

func TestWriteTooLarge(t *testing.T) {
	// reserve refuses before allocating anything; test it directly, since
	// reaching MaxSize through the API would allocate a gigabyte.
	b := mk(t, "hello", 5)
	if _, err := b.reserve(MaxSize - 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("reserve past MaxSize: %v", err)
	}
	if _, err := b.reserve(math.MaxInt); !errors.Is(err, ErrTooLarge) {
		t.Errorf("reserve(MaxInt): %v", err)
	}
	check(t, b, "hello", 5)
	// Room inside the existing bytes needs no check at all.
	if p, err := b.reserve(0); err != nil || len(p) != 0 {
		t.Errorf("reserve(0) = %d bytes, %v", len(p), err)
	}
}

func TestWriteBlobSelf(t *testing.T) {
	b := mk(t, "abc", 3)
	if err := b.WriteBlob(b); err != nil {
		t.Fatal(err)
	}
	check(t, b, "abcabc", 6)
	if _, err := b.Seek(1, SeekBegin); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteBlob(b); err != nil {
		t.Fatal(err)
	}
	check(t, b, "aabcabc", 7)
	// Within the allocation (no reallocation), overlapping forward copy.
	c := mk(t, "wxyz", 2)
	if err := c.Resize(64); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteBlob(c); err != nil {
		t.Fatal(err)
	}
	check(t, c, "wxwxyz", 6)
}

func TestWriteBlobIgnoresSourceCursor(t *testing.T) {
	src := mk(t, "xyz", 2)
	b := mk(t, "", 0)
	if err := b.WriteBlob(src); err != nil {
		t.Fatal(err)
	}
	check(t, b, "xyz", 3)
	check(t, src, "xyz", 2)
}

func TestWriteBlobNil(t *testing.T) {
	b := mk(t, "abc", 1)
	if err := b.WriteBlob(nil); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("WriteBlob(nil) = %v", err)
	}
	check(t, b, "abc", 1)
}

func TestReadBlobAndString(t *testing.T) {
	tests := []struct {
		name string
		ptr  int
		n    int
		want string
		err  error
		end  int
	}{
		{"some", 0, 3, "hel", nil, 3},
		{"all", 0, 5, "hello", nil, 5},
		{"middle", 1, 2, "el", nil, 3},
		{"short at end", 3, 256, "lo", nil, 5},
		{"huge", 1, math.MaxInt, "ello", nil, 5},
		{"at end", 5, 1, "", ErrNoData, 5},
		{"zero", 2, 0, "", ErrNoData, 2},
		{"negative", 2, -1, "", ErrNoData, 2},
		{"most negative", 2, math.MinInt, "", ErrNoData, 2},
	}
	for _, tt := range tests {
		t.Run("ReadBlob/"+tt.name, func(t *testing.T) {
			b := mk(t, "hello", tt.ptr)
			got, err := b.ReadBlob(tt.n)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ReadBlob(%d) error = %v, want %v", tt.n, err, tt.err)
			}
			if err == nil {
				check(t, got, tt.want, 0)
				got.Bytes()[0] = '!' // the result is a copy
			} else if got != nil {
				t.Errorf("ReadBlob(%d) returned a blob with error", tt.n)
			}
			check(t, b, "hello", tt.end)
		})
		t.Run("ReadString/"+tt.name, func(t *testing.T) {
			b := mk(t, "hello", tt.ptr)
			got, err := b.ReadString(tt.n)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ReadString(%d) error = %v, want %v", tt.n, err, tt.err)
			}
			if got != tt.want {
				t.Errorf("ReadString(%d) = %q, want %q", tt.n, got, tt.want)
			}
			check(t, b, "hello", tt.end)
		})
	}
}

func TestSwap(t *testing.T) {
	tests := []struct {
		in, swap2, swap4 string
	}{
		{"", "", ""},
		{"\x00", "\x00", "\x00"},
		{"\x00\x01", "\x01\x00", "\x00\x01"},
		{"\x00\x01\x02", "\x01\x00\x02", "\x00\x01\x02"},
		{"\x00\x01\x02\x03", "\x01\x00\x03\x02", "\x03\x02\x01\x00"},
		{"\x00\x01\x02\x03\x04\x05\x06\x07", "\x01\x00\x03\x02\x05\x04\x07\x06", "\x03\x02\x01\x00\x07\x06\x05\x04"},
		{"\x00\x01\x02\x03\x04\x05\x06", "\x01\x00\x03\x02\x05\x04\x06", "\x03\x02\x01\x00\x04\x05\x06"},
	}
	for _, tt := range tests {
		ptr := len(tt.in) / 2
		b := mk(t, tt.in, ptr)
		b.Swap2()
		check(t, b, tt.swap2, ptr)
		b.Swap2()
		check(t, b, tt.in, ptr)
		b.Swap4()
		check(t, b, tt.swap4, ptr)
		b.Swap4()
		check(t, b, tt.in, ptr)
	}
}

func TestSwapMatchesWords(t *testing.T) {
	// swap2 and swap4 turn little-endian words into big-endian ones.
	b := &Blob{}
	for _, v := range []int32{0x1234, -2, 0x7fff} {
		if err := b.WriteN(IntNum(v), TypeUint16); err != nil {
			t.Fatal(err)
		}
	}
	b.Swap2()
	if _, err := b.Seek(0, SeekBegin); err != nil {
		t.Fatal(err)
	}
	for _, want := range []int32{0x3412, 0xfeff, 0xff7f} {
		if n, err := b.ReadN(TypeUint16); err != nil || n.Int != want {
			t.Errorf("after Swap2 ReadN('w') = %#x, %v; want %#x", n.Int, err, want)
		}
	}
	c := FromBytes(nil)
	if err := c.WriteN(IntNum(0x1A2B3C4D), TypeInt32); err != nil {
		t.Fatal(err)
	}
	c.Swap4()
	if _, err := c.Seek(0, SeekBegin); err != nil {
		t.Fatal(err)
	}
	if n, err := c.ReadN(TypeInt32); err != nil || n.Int != Swap4Int(0x1A2B3C4D) {
		t.Errorf("after Swap4 ReadN('i') = %#x, %v", n.Int, err)
	}
}

func TestClone(t *testing.T) {
	b := mk(t, "hello", 3)
	if err := b.Resize(100); err != nil {
		t.Fatal(err)
	}
	c := b.Clone()
	check(t, c, "hello", 0)
	if c.Cap() != 5 {
		t.Errorf("clone Cap() = %d, want 5", c.Cap())
	}
	c.Bytes()[0] = 'J'
	check(t, b, "hello", 3)
	if !b.Clone().Equal(b) {
		t.Error("clone not Equal to its original")
	}
	var nb *Blob
	check(t, nb.Clone(), "", 0)
}

func TestEqual(t *testing.T) {
	var nilBlob *Blob
	tests := []struct {
		a, b *Blob
		want bool
	}{
		{FromBytes([]byte("abc")), FromBytes([]byte("abc")), true},
		{mk(t, "abc", 1), mk(t, "abc", 3), true},
		{FromBytes([]byte("abc")), FromBytes([]byte("abd")), false},
		{FromBytes([]byte("abc")), FromBytes([]byte("ab")), false},
		{FromBytes(nil), &Blob{}, true},
		{nilBlob, &Blob{}, true},
		{&Blob{}, nilBlob, true},
		{nilBlob, nilBlob, true},
		{nilBlob, FromBytes([]byte("a")), false},
	}
	for i, tt := range tests {
		if got := tt.a.Equal(tt.b); got != tt.want {
			t.Errorf("case %d: Equal = %v, want %v", i, got, tt.want)
		}
	}
}

func TestStringAndFlush(t *testing.T) {
	b := mk(t, "a\x00\xffz", 2)
	if b.String() != "a\x00\xffz" {
		t.Errorf("String() = %q", b.String())
	}
	b.Flush()
	check(t, b, "a\x00\xffz", 2)
}

func TestEOS(t *testing.T) {
	b := mk(t, "ab", 0)
	if b.EOS() {
		t.Error("EOS at start of non-empty blob")
	}
	if _, err := b.ReadString(2); err != nil {
		t.Fatal(err)
	}
	if !b.EOS() {
		t.Error("not EOS after reading everything")
	}
	if !(&Blob{}).EOS() {
		t.Error("empty blob not EOS")
	}
}

func TestNilReceiver(t *testing.T) {
	var b *Blob
	if b.Len() != 0 || b.Cap() != 0 || b.Tell() != 0 || !b.EOS() || b.Bytes() != nil || b.String() != "" {
		t.Error("nil blob accessors")
	}
	b.Flush()
	b.Swap2()
	b.Swap4()
	errs := map[string]error{}
	_, errs["Seek"] = b.Seek(0, SeekBegin)
	errs["Resize"] = b.Resize(1)
	_, errs["At"] = b.At(0)
	errs["SetAt"] = b.SetAt(0, 0)
	errs["WriteBytes"] = b.WriteBytes([]byte("x"))
	errs["WriteString"] = b.WriteString("x")
	errs["WriteBlob"] = b.WriteBlob(&Blob{})
	_, errs["ReadBlob"] = b.ReadBlob(1)
	_, errs["ReadString"] = b.ReadString(1)
	errs["WriteN"] = b.WriteN(IntNum(1), TypeInt32)
	_, errs["ReadN"] = b.ReadN(TypeInt32)
	for name, err := range errs {
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s on nil blob: %v", name, err)
		}
	}
}
