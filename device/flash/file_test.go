package flash

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "imp001.flash")
	f, err := Open(path, STM32F205)
	if err != nil {
		t.Fatal(err)
	}
	must(t, f.Erase(5))
	must(t, f.Erase(5))
	must(t, f.Erase(0))
	must(t, f.Program(0x20000, []byte("bootrom!")))
	must(t, f.Program(0x3fffc, []byte{1, 2, 3, 4}))
	must(t, f.FlipBit(0xfffff, 7))
	f.CutAfter(2)
	if err := f.Program(0x100, bytes.Repeat([]byte{0}, 16)); !errors.Is(err, ErrPowerLost) {
		t.Fatalf("cut program: %v", err)
	}
	want := f.Snapshot()
	must(t, f.Close())
	if err := f.Program(0, []byte{0, 0, 0, 0}); err == nil {
		t.Fatal("program after Close succeeded")
	}

	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Size(), headerSize(12)+1<<20; got != want {
		t.Errorf("file is %d bytes, want %d", got, want)
	}

	g, err := Open(path, STM32F205)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.Snapshot(); !bytes.Equal(got, want) {
		t.Fatal("contents differ after reopening")
	}
	for s, n := range map[int]int{0: 1, 5: 2, 4: 0} {
		if got := g.EraseCount(s); got != n {
			t.Errorf("EraseCount(%d) = %d after reopening, want %d", s, got, n)
		}
	}
	if got, want := g.MemoryUsed(), 16*1024+2*128*1024; got != want {
		t.Errorf("reopened flash holds %d bytes in memory, want %d (sectors 0, 5, 11)", got, want)
	}
}

func TestFileRefusesOtherLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	f, err := Open(path, STM32F205)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, l := range []Layout{
		SPI4MB,
		Uniform(16, 64*1024, 4), // same size, other sectors
		{Sectors: STM32F205.Sectors, WordSize: 1},
	} {
		if _, err := Open(path, l); !errors.Is(err, ErrLayoutMismatch) {
			t.Errorf("Open with %v: %v, want ErrLayoutMismatch", l, err)
		}
	}
}

func TestFileRefusesGarbage(t *testing.T) {
	dir := t.TempDir()
	l := Uniform(2, 16, 4)
	cases := map[string]func(p []byte) []byte{
		"magic":     func(p []byte) []byte { p[0] = 'X'; return p },
		"version":   func(p []byte) []byte { p[8] = 9; return p },
		"checksum":  func(p []byte) []byte { p[30] ^= 1; return p },
		"truncated": func(p []byte) []byte { return p[:len(p)-1] },
		"too short": func(p []byte) []byte { return p[:10] },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			f, err := Open(path, l)
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
			p, _ := os.ReadFile(path)
			os.WriteFile(path, spoil(p), 0o644)
			if _, err := Open(path, l); !errors.Is(err, ErrFormat) {
				t.Fatalf("Open = %v, want ErrFormat", err)
			}
		})
	}
}

func TestFileSyncEachOp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	f, err := Open(path, Uniform(2, 16, 1))
	if err != nil {
		t.Fatal(err)
	}
	f.SetSyncEachOp(true)
	must(t, f.Program(1, []byte{0x42}))
	must(t, f.Erase(1))
	must(t, f.Sync())
	// Without Close, as if the process died: the file already has it all.
	g, err := Open(path, Uniform(2, 16, 1))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := g.Snapshot()[1]; got != 0x42 {
		t.Fatalf("byte 1 is 0x%02x after reopening, want 0x42", got)
	}
	if g.EraseCount(1) != 1 {
		t.Fatal("erase count lost")
	}
	f.Close()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
