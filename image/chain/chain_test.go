package chain

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
)

func payload(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// A payload survives encoding and authenticated reading at every size
// around block boundaries.
func TestRoundTrip(t *testing.T) {
	const bs = 512
	for _, n := range []int{1, 31, bs - 1, bs, bs + 1, 2 * bs, 3*bs + 17, 100 * bs} {
		p := payload(n)
		stored, root, err := Encode(p, bs)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(stored)) != StoredSize(int64(n), bs) {
			t.Fatalf("size %d: stored %d bytes, StoredSize says %d", n, len(stored), StoredSize(int64(n), bs))
		}
		r, err := NewReader(bytes.NewReader(stored), root, int64(n), bs)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, p) {
			t.Fatalf("size %d: read %d bytes, err %v", n, len(got), err)
		}
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Every changed byte of the stored form is caught at the block it
// belongs to, before any byte of that block is returned, and nothing
// after it is read (REQ-PROC-1, REQ-PROC-2).
func TestTamperCaughtAtItsBlock(t *testing.T) {
	const bs = 512
	p := payload(5*bs + 100)
	stored, root, err := Encode(p, bs)
	if err != nil {
		t.Fatal(err)
	}
	for pos := 0; pos < len(stored); pos += 7 {
		bad := bytes.Clone(stored)
		bad[pos] ^= 0x10
		// Byte pos belongs to block pos / (bs + 32): the block's data or
		// the digest stored after it, which the block's check covers.
		wantBlock := int64(pos / (bs + DigestSize))
		cr := &countingReader{r: bytes.NewReader(bad)}
		r, _ := NewReader(cr, root, int64(len(p)), bs)
		got, err := io.ReadAll(r)
		if !errors.Is(err, ErrBlockDigest) {
			t.Fatalf("byte %d changed: error %v", pos, err)
		}
		if r.Block() != wantBlock {
			t.Fatalf("byte %d changed: caught at block %d, want %d", pos, r.Block(), wantBlock)
		}
		if int64(len(got)) != wantBlock*bs {
			t.Fatalf("byte %d changed: %d bytes returned before the bad block", pos, len(got))
		}
		if limit := (wantBlock + 1) * (bs + DigestSize); cr.n > limit {
			t.Fatalf("byte %d changed: read %d bytes, beyond the bad block's end %d", pos, cr.n, limit)
		}
	}
}

// A short stream is an error naming the block, never a short success;
// extra bytes after the stored size are never read.
func TestTruncationAndTrailingData(t *testing.T) {
	const bs = 512
	p := payload(3*bs + 5)
	stored, root, _ := Encode(p, bs)
	for _, cut := range []int{0, 1, bs, bs + DigestSize, len(stored) - 1} {
		r, _ := NewReader(bytes.NewReader(stored[:cut]), root, int64(len(p)), bs)
		if _, err := io.ReadAll(r); !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d: error %v", cut, err)
		}
	}
	cr := &countingReader{r: bytes.NewReader(append(bytes.Clone(stored), "trailing"...))}
	r, _ := NewReader(cr, root, int64(len(p)), bs)
	if _, err := io.ReadAll(r); err != nil {
		t.Fatal(err)
	}
	if cr.n != int64(len(stored)) {
		t.Fatalf("read %d bytes of a %d-byte stored payload", cr.n, len(stored))
	}
}

// A payload signed with one root is refused under another, and block
// sizes outside the bounds are refused before any allocation.
func TestRootAndBlockSize(t *testing.T) {
	p := payload(2000)
	stored, root, _ := Encode(p, 512)
	root[0] ^= 1
	r, _ := NewReader(bytes.NewReader(stored), root, int64(len(p)), 512)
	if _, err := io.ReadAll(r); !errors.Is(err, ErrBlockDigest) {
		t.Fatalf("wrong root: %v", err)
	}
	for _, bs := range []int{0, 1, MinBlockSize - 1, MaxBlockSize + 1, -4096} {
		if _, err := NewReader(bytes.NewReader(stored), root, 10, bs); !errors.Is(err, ErrBlockSize) {
			t.Errorf("block size %d: %v", bs, err)
		}
	}
	if _, _, err := Encode(nil, 512); err == nil {
		t.Error("empty payload encoded")
	}
}

// The reader's memory does not grow with the payload: one block.
func BenchmarkReader(b *testing.B) {
	p := payload(4 << 20)
	stored, root, _ := Encode(p, DefaultBlockSize)
	b.SetBytes(int64(len(p)))
	b.ReportAllocs()
	for b.Loop() {
		r, _ := NewReader(bytes.NewReader(stored), root, int64(len(p)), DefaultBlockSize)
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzReader feeds arbitrary stored bytes to a reader with a fixed root:
// it returns an error or the right payload, never a panic or more bytes
// than the signed size.
func FuzzReader(f *testing.F) {
	p := payload(1500)
	stored, root, _ := Encode(p, 512)
	f.Add(stored, int64(len(p)))
	f.Add(stored[:700], int64(len(p)))
	f.Fuzz(func(t *testing.T, data []byte, size int64) {
		if size <= 0 || size > 1<<20 {
			return
		}
		r, err := NewReader(bytes.NewReader(data), root, size, 512)
		if err != nil {
			return
		}
		got, err := io.ReadAll(r)
		if int64(len(got)) > size {
			t.Fatalf("read %d bytes of a %d-byte payload", len(got), size)
		}
		if err == nil && !bytes.Equal(got, p) {
			t.Fatal("a payload other than the signed one was accepted")
		}
	})
}
