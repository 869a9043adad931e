package flash

import "testing"

func TestSectorLookup(t *testing.T) {
	const K = 1024
	tests := []struct {
		name   string
		layout Layout
		addr   int
		index  int
		start  int
		size   int
	}{
		{"stm first byte", STM32F205, 0, 0, 0, 16 * K},
		{"stm end of sector 0", STM32F205, 0x3fff, 0, 0, 16 * K},
		{"stm sector 1", STM32F205, 0x4000, 1, 0x4000, 16 * K},
		{"stm sector 3", STM32F205, 0xffff, 3, 0xc000, 16 * K},
		{"stm 64K sector", STM32F205, 0x10000, 4, 0x10000, 64 * K},
		{"stm end of 64K", STM32F205, 0x1ffff, 4, 0x10000, 64 * K},
		{"stm first 128K", STM32F205, 0x20000, 5, 0x20000, 128 * K},
		{"stm sector 8", STM32F205, 0x9abcd, 8, 0x80000, 128 * K},
		{"stm last byte", STM32F205, 0xfffff, 11, 0xe0000, 128 * K},
		{"stm past end", STM32F205, 0x100000, -1, 0, 0},
		{"stm negative", STM32F205, -1, -1, 0, 0},
		{"spi first", SPI4MB, 0, 0, 0, 4 * K},
		{"spi end of 0", SPI4MB, 4095, 0, 0, 4 * K},
		{"spi 1", SPI4MB, 4096, 1, 4096, 4 * K},
		{"spi middle", SPI4MB, 0x123456, 0x123, 0x123000, 4 * K},
		{"spi last", SPI4MB, 4*K*K - 1, 1023, 4*K*K - 4*K, 4 * K},
		{"spi past end", SPI4MB, 4 * K * K, -1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, start, size := tt.layout.SectorAt(tt.addr)
			if i != tt.index || start != tt.start || size != tt.size {
				t.Fatalf("SectorAt(0x%x) = %d, 0x%x, %d; want %d, 0x%x, %d", tt.addr, i, start, size, tt.index, tt.start, tt.size)
			}
			if i < 0 {
				return
			}
			if s, n := tt.layout.Sector(i); s != start || n != size {
				t.Fatalf("Sector(%d) = 0x%x, %d; want 0x%x, %d", i, s, n, start, size)
			}
			f, err := New(tt.layout)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.sectorIndex(tt.addr); got != i {
				t.Fatalf("Flash.sectorIndex(0x%x) = %d, want %d", tt.addr, got, i)
			}
		})
	}
}

func TestPredefinedLayouts(t *testing.T) {
	if got := STM32F205.Size(); got != 1<<20 {
		t.Errorf("STM32F205 is %d bytes, want 1 MB", got)
	}
	if n := STM32F205.Count(); n != 12 {
		t.Errorf("STM32F205 has %d sectors, want 12", n)
	}
	if got, want := STM32F205.String(), "4x16K+1x64K+7x128K word 4"; got != want {
		t.Errorf("STM32F205.String() = %q, want %q", got, want)
	}
	if got := SPI4MB.Size(); got != 4<<20 {
		t.Errorf("SPI4MB is %d bytes, want 4 MB", got)
	}
	if got, want := SPI4MB.String(), "1024x4K word 1"; got != want {
		t.Errorf("SPI4MB.String() = %q, want %q", got, want)
	}
	if s, n := STM32F205.Sector(12); s != -1 || n != 0 {
		t.Errorf("Sector(12) = %d, %d; want -1, 0", s, n)
	}
	for _, l := range []Layout{STM32F205, SPI4MB, Uniform(4, 64, 4)} {
		if err := l.Validate(); err != nil {
			t.Errorf("%v: %v", l, err)
		}
	}
}

func TestLayoutValidate(t *testing.T) {
	for _, l := range []Layout{
		{},
		{Sectors: []int{16}, WordSize: 0},
		{Sectors: []int{16, 0}, WordSize: 1},
		{Sectors: []int{16, 6}, WordSize: 4},
	} {
		if err := l.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", l)
		}
		if _, err := New(l); err == nil {
			t.Errorf("New(%+v) succeeded", l)
		}
	}
}

func TestLayoutIsCopied(t *testing.T) {
	l := Uniform(2, 16, 4)
	f, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	l.Sectors[0] = 32
	if got := f.Layout().Sectors[0]; got != 16 {
		t.Fatalf("changing the caller's layout changed the flash's: sector 0 is %d", got)
	}
}
