package flash

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// backend makes a flash of one of the three kinds, so that one suite
// tests them all.
type backend struct {
	name string
	make func(t testing.TB, l Layout) *Flash
}

var backends = []backend{
	{"dense", func(t testing.TB, l Layout) *Flash {
		f, err := New(l)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}},
	{"sparse", func(t testing.TB, l Layout) *Flash {
		f, err := NewSparse(l)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}},
	{"file", func(t testing.TB, l Layout) *Flash {
		f, err := Open(filepath.Join(t.TempDir(), "flash.img"), l)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}},
}

func ff(n int) []byte { return bytes.Repeat([]byte{0xff}, n) }

func TestNOR(t *testing.T) {
	layout := Uniform(2, 16, 4) // sectors at 0 and 16
	type op func(f *Flash) error
	prog := func(addr int, p ...byte) op { return func(f *Flash) error { return f.Program(addr, p) } }
	erase := func(s int) op { return func(f *Flash) error { return f.Erase(s) } }
	read := func(addr, n int) op { return func(f *Flash) error { return f.Read(addr, make([]byte, n)) } }
	rep := func(b byte, n int) []byte { return bytes.Repeat([]byte{b}, n) }
	cat := func(ps ...[]byte) []byte { return bytes.Join(ps, nil) }

	tests := []struct {
		name  string
		setup []op
		op    op
		want  error
		mem   []byte // the whole flash afterwards
	}{
		{"fresh flash is erased", nil, read(0, 32), nil, ff(32)},
		{"program writes", nil, prog(4, 1, 2, 3, 4), nil, cat(ff(4), []byte{1, 2, 3, 4}, ff(24))},
		{"program again clears more bits", []op{prog(0, 0xf0, 0x0f, 0xff, 0x00)}, prog(0, 0xc0, 0x0c, 0x3f, 0x00), nil,
			cat([]byte{0xc0, 0x0c, 0x3f, 0x00}, ff(28))},
		{"setting a bit fails after programming the word", []op{prog(0, 0x0f, 0xff, 0xff, 0xff)}, prog(0, 0xf0, 0xff, 0xff, 0xff), ErrProgramSetsBit,
			cat([]byte{0x00, 0xff, 0xff, 0xff}, ff(28))},
		{"set-bit stops at the failing word", []op{prog(4, 0, 0, 0, 0)}, prog(0, rep(0x11, 12)...), ErrProgramSetsBit,
			cat(rep(0x11, 4), rep(0, 4), ff(24))},
		{"erase resets one sector", []op{prog(0, rep(0, 32)...)}, erase(1), nil, cat(rep(0, 16), ff(16))},
		{"erase then program", []op{prog(0, rep(0, 8)...), erase(0)}, prog(0, rep(0x5a, 4)...), nil, cat(rep(0x5a, 4), ff(28))},
		{"program across sectors", nil, prog(12, rep(0x33, 8)...), nil, cat(ff(12), rep(0x33, 8), ff(12))},
		{"unaligned read across sectors", []op{prog(12, rep(0, 8)...)}, read(13, 5), nil, cat(ff(12), rep(0, 8), ff(12))},
		{"zero-length program at the end", nil, prog(32), nil, ff(32)},
		{"misaligned address", nil, prog(2, 0, 0, 0, 0), ErrAlignment, ff(32)},
		{"misaligned length", nil, prog(0, 0, 0, 0), ErrAlignment, ff(32)},
		{"program past the end", nil, prog(28, rep(0, 8)...), ErrOutOfRange, ff(32)},
		{"program at negative address", nil, prog(-4, 0, 0, 0, 0), ErrOutOfRange, ff(32)},
		{"read past the end", nil, read(30, 3), ErrOutOfRange, ff(32)},
		{"read at negative address", nil, read(-1, 1), ErrOutOfRange, ff(32)},
		{"erase missing sector", nil, erase(2), ErrOutOfRange, ff(32)},
		{"erase negative sector", nil, erase(-1), ErrOutOfRange, ff(32)},
	}
	for _, b := range backends {
		for _, tt := range tests {
			t.Run(b.name+"/"+tt.name, func(t *testing.T) {
				f := b.make(t, layout)
				for i, s := range tt.setup {
					if err := s(f); err != nil {
						t.Fatalf("setup %d: %v", i, err)
					}
				}
				err := tt.op(f)
				if tt.want == nil && err != nil || !errors.Is(err, tt.want) {
					t.Fatalf("got error %v, want %v", err, tt.want)
				}
				if got := f.Snapshot(); !bytes.Equal(got, tt.mem) {
					t.Fatalf("flash is\n% x\nwant\n% x", got, tt.mem)
				}
				got := make([]byte, 32)
				if err := f.Read(0, got); err != nil || !bytes.Equal(got, tt.mem) {
					t.Fatalf("Read = % x, %v; want the snapshot", got, err)
				}
			})
		}
	}
}

func TestByteWideProgram(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			f := b.make(t, Uniform(4, 16, 1))
			if err := f.Program(3, []byte{0x7f}); err != nil {
				t.Fatal(err)
			}
			if err := f.Program(15, []byte{0x00, 0x01}); err != nil {
				t.Fatal(err)
			}
			want := append(ff(3), 0x7f)
			want = append(want, ff(11)...)
			want = append(want, 0x00, 0x01)
			want = append(want, ff(64-len(want))...)
			if got := f.Snapshot(); !bytes.Equal(got, want) {
				t.Fatalf("flash is % x\nwant % x", got, want)
			}
			if got := f.Ops(); got != 3 {
				t.Fatalf("Ops = %d, want 3 (one per byte)", got)
			}
		})
	}
}

func TestErrorMessagesName(t *testing.T) {
	f, _ := New(Uniform(2, 16, 4))
	f.Program(4, []byte{0, 0x0f, 0, 0})
	err := f.Program(4, []byte{0, 0x1f, 0, 0})
	for _, want := range []string{"0x5", "was 0x0f", "wrote 0x1f", "now 0x0f"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("set-bit error %q does not say %q", err, want)
		}
	}
	err = f.Read(30, make([]byte, 4))
	for _, want := range []string{"0x1e+4", "32 bytes"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("range error %q does not say %q", err, want)
		}
	}
}

func TestEraseCounters(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			f := b.make(t, Uniform(3, 16, 4))
			for _, s := range []int{1, 1, 0, 1} {
				if err := f.Erase(s); err != nil {
					t.Fatal(err)
				}
			}
			f.Program(0, make([]byte, 8))
			f.Program(0, ff(4)) // set-bit error, but the word is programmed and counted
			for s, want := range []int{1, 3, 0} {
				if got := f.EraseCount(s); got != want {
					t.Errorf("EraseCount(%d) = %d, want %d", s, got, want)
				}
			}
			if got := f.EraseCount(3); got != -1 {
				t.Errorf("EraseCount(3) = %d, want -1", got)
			}
			want := Stats{Erases: 4, Words: 3, BytesProgrammed: 12}
			if got := f.Stats(); got != want {
				t.Errorf("Stats = %+v, want %+v", got, want)
			}
			if got := f.Ops(); got != 7 {
				t.Errorf("Ops = %d, want 7", got)
			}
		})
	}
}

func TestFlipBit(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			f := b.make(t, Uniform(2, 16, 4))
			if err := f.FlipBit(17, 3); err != nil {
				t.Fatal(err)
			}
			want := ff(32)
			want[17] = 0xf7
			if got := f.Snapshot(); !bytes.Equal(got, want) {
				t.Fatalf("after FlipBit flash is % x", got)
			}
			f.FlipBit(17, 3)
			if got := f.Snapshot(); !bytes.Equal(got, ff(32)) {
				t.Fatalf("flipping twice left % x", got)
			}
			if err := f.FlipBit(32, 0); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("FlipBit(32, 0) = %v, want ErrOutOfRange", err)
			}
			if err := f.FlipBit(0, 8); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("FlipBit(0, 8) = %v, want ErrOutOfRange", err)
			}
			if f.Ops() != 0 {
				t.Errorf("FlipBit counted as an op")
			}
		})
	}
}

func TestReadAt(t *testing.T) {
	f, _ := New(Uniform(2, 16, 4))
	f.Program(0, []byte("abcdefghijklmnopqrstuvwxyz012345"))
	got, err := io.ReadAll(io.NewSectionReader(f, 10, 100))
	if err != nil || string(got) != "klmnopqrstuvwxyz012345" {
		t.Fatalf("streamed %q, %v", got, err)
	}
}

func TestCloneAndSnapshotAreIndependent(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			f := b.make(t, Uniform(2, 16, 4))
			f.Program(0, []byte{1, 2, 3, 4})
			f.Erase(1)
			snap := f.Snapshot()
			c := f.Clone()
			c.Program(4, []byte{0, 0, 0, 0})
			snap[0] = 9
			if got := f.Snapshot(); got[0] != 1 || got[4] != 0xff {
				t.Fatalf("original changed: % x", got)
			}
			if got := c.Snapshot(); got[0] != 1 || got[4] != 0 {
				t.Fatalf("clone is % x", got)
			}
			if c.EraseCount(1) != 1 {
				t.Fatalf("clone lost erase counts")
			}
		})
	}
}
