// Package boot is the simulated imp's boot chain: the flash map, the
// crash-safe boot state journal, the preboot's choice of what to run, the
// bootrom's improm installation and the improm's bootrom and bytecode
// updates. Every write is ordered so that a power cut at any instant
// leaves a valid image to boot and a path back to the cloud
// (docs/devices.md).
package boot

// Flash is the NOR flash the boot chain runs on (device/flash.Flash):
// erase sets a sector to 0xFF, program can only clear bits, in words of
// WordSize bytes.
type Flash interface {
	Read(addr int, p []byte) error
	Erase(sector int) error
	Program(addr int, p []byte) error
}

// Region is a run of whole sectors.
type Region struct {
	Sectors     []int // sector indices, in address order
	SectorSizes []int // their sizes
	Start       int   // address of the first byte
	Size        int   // bytes
}

// Map is a model's flash map.
type Map struct {
	WordSize int
	Preboot  Region
	Journal  [2]Region // the boot state, written alternately
	Factory  Region    // device identity and the factory root of trust
	Bootrom  Region
	Improm   Region
	Code     [2]Region // bytecode slots A and B
}

// regionOf builds a Region from sector indices given the sector sizes.
func regionOf(sizes []int, sectors ...int) Region {
	r := Region{Sectors: sectors}
	start := 0
	for i := 0; i < sectors[0]; i++ {
		start += sizes[i]
	}
	r.Start = start
	for _, s := range sectors {
		r.Size += sizes[s]
		r.SectorSizes = append(r.SectorSizes, sizes[s])
	}
	return r
}

// STM32F205Sectors is the imp001's sector map: 4×16 KB, 1×64 KB,
// 7×128 KB.
var STM32F205Sectors = []int{16 << 10, 16 << 10, 16 << 10, 16 << 10, 64 << 10, 128 << 10, 128 << 10, 128 << 10, 128 << 10, 128 << 10, 128 << 10, 128 << 10}

// Imp001 is the imp001's flash map (docs/devices.md).
func Imp001() Map {
	s := STM32F205Sectors
	return Map{
		WordSize: 4,
		Preboot:  regionOf(s, 0),
		Journal:  [2]Region{regionOf(s, 1), regionOf(s, 2)},
		Factory:  regionOf(s, 3),
		Bootrom:  regionOf(s, 4, 5),
		Improm:   regionOf(s, 6, 7, 8, 9),
		Code:     [2]Region{regionOf(s, 10), regionOf(s, 11)},
	}
}

// Scaled is a small map with the same structure on uniform sectors of
// the given size, for exhaustive power-cut tests: every region is one or
// two sectors.
func Scaled(sector int) (Map, []int) {
	sizes := make([]int, 11)
	for i := range sizes {
		sizes[i] = sector
	}
	return Map{
		WordSize: 4,
		Preboot:  regionOf(sizes, 0),
		Journal:  [2]Region{regionOf(sizes, 1), regionOf(sizes, 2)},
		Factory:  regionOf(sizes, 3),
		Bootrom:  regionOf(sizes, 4, 5),
		Improm:   regionOf(sizes, 6, 7, 8),
		Code:     [2]Region{regionOf(sizes, 9), regionOf(sizes, 10)},
	}, sizes
}

// Imp003Sectors is an imp003-like part: the STM32F205's internal sectors
// followed, in one address space, by 4 MB of external SPI NOR in 4 KB
// sectors.
func Imp003Sectors() []int {
	s := append([]int(nil), STM32F205Sectors...)
	for i := 0; i < 1024; i++ {
		s = append(s, 4<<10)
	}
	return s
}

// Imp003 is the imp003-like model's map: the boot chain's small parts in
// internal flash as on the imp001, and a 1 MB improm and two 1 MB
// bytecode slots in the external SPI flash (programmed here in 32-bit
// words like the rest).
func Imp003() Map {
	s := Imp003Sectors()
	spi := func(first, n int) Region {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = 12 + first + i
		}
		return regionOf(s, idx...)
	}
	return Map{
		WordSize: 4,
		Preboot:  regionOf(s, 0),
		Journal:  [2]Region{regionOf(s, 1), regionOf(s, 2)},
		Factory:  regionOf(s, 3),
		Bootrom:  regionOf(s, 4, 5),
		Improm:   spi(0, 256),
		Code:     [2]Region{spi(256, 256), spi(512, 256)},
	}
}
