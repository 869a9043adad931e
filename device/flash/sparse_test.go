package flash

import (
	"bytes"
	"testing"
)

func TestSparseMemory(t *testing.T) {
	f, err := NewSparse(SPI4MB)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.MemoryUsed(); got != 0 {
		t.Fatalf("fresh sparse flash uses %d bytes", got)
	}
	p := make([]byte, 8)
	must(t, f.Read(5*4096, p))
	if !bytes.Equal(p, ff(8)) {
		t.Fatalf("unwritten sector reads % x", p)
	}
	must(t, f.Program(5*4096+10, []byte{0}))
	must(t, f.Program(6*4096-1, []byte{0, 0})) // sectors 5 and 6
	if got := f.MemoryUsed(); got != 2*4096 {
		t.Fatalf("after writing two sectors, uses %d bytes", got)
	}
	must(t, f.Erase(5))
	if got := f.MemoryUsed(); got != 4096 {
		t.Fatalf("after erasing one, uses %d bytes", got)
	}
	must(t, f.Erase(100)) // erasing an erased sector costs nothing
	f.CutAfter(1)
	f.Erase(101) // nor does a partial erase of one
	if got := f.MemoryUsed(); got != 4096 {
		t.Fatalf("uses %d bytes, want 4096", got)
	}
	if c := f.Clone(); c.MemoryUsed() != 4096 {
		t.Fatalf("clone of a sparse flash uses %d bytes", c.MemoryUsed())
	}

	d, _ := New(STM32F205)
	if got := d.MemoryUsed(); got != 1<<20 {
		t.Fatalf("dense flash uses %d bytes, want 1 MB", got)
	}
	d.Erase(3)
	if got := d.MemoryUsed(); got != 1<<20 {
		t.Fatalf("dense flash uses %d bytes after an erase", got)
	}
}
