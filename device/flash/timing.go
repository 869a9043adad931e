package flash

import "time"

// Timing gives how long operations take. Erase time is a straight line
// through two points, (SmallSector, EraseSmall) and (LargeSector,
// EraseLarge), so sector sizes in between (and beyond, as in scaled-down
// test layouts) are interpolated; the zero Timing makes every op instant.
type Timing struct {
	// EraseSmall is the time to erase a sector of SmallSector bytes.
	EraseSmall time.Duration
	// EraseLarge is the time to erase a sector of LargeSector bytes.
	EraseLarge time.Duration
	// SmallSector and LargeSector are the sizes the two erase times are for.
	// When they are equal (or LargeSector is 0) every erase takes EraseSmall.
	SmallSector, LargeSector int
	// WordProgram is the time to program one word.
	WordProgram time.Duration
}

// STM32F205Timing holds the typical figures at x32 parallelism from the
// "Flash memory programming" table of the STM32F2 and STM32F4 datasheets
// (DS6329, DS8626; the two families share this flash): 250 ms to erase a
// 16 KB sector, 1 s for a 128 KB sector (the maxima are twice these, and
// x8 parallelism doubles them again, hence the "1–3 s" Electric Imp quotes)
// and 16 µs per word (max 100 µs). The line through the two erase figures
// gives 571 ms for the 64 KB sector, against 550 ms typical.
var STM32F205Timing = Timing{
	EraseSmall:  250 * time.Millisecond,
	EraseLarge:  1000 * time.Millisecond,
	SmallSector: 16 * kb,
	LargeSector: 128 * kb,
	WordProgram: 16 * time.Microsecond,
}

// SPITiming holds typical figures for a W25Q32-class SPI NOR flash: 45 ms
// to erase a 4 KB sector (max 400 ms), 150 ms for a 64 KB block, and a
// 256-byte page in 0.7 ms, that is about 2.7 µs per byte programmed.
var SPITiming = Timing{
	EraseSmall:  45 * time.Millisecond,
	EraseLarge:  150 * time.Millisecond,
	SmallSector: 4 * kb,
	LargeSector: 64 * kb,
	WordProgram: 2734 * time.Nanosecond,
}

// EraseTime returns how long erasing a sector of size bytes takes.
func (t Timing) EraseTime(size int) time.Duration {
	if t.LargeSector == t.SmallSector || t.LargeSector == 0 {
		return t.EraseSmall
	}
	slope := float64(t.EraseLarge-t.EraseSmall) / float64(t.LargeSector-t.SmallSector)
	d := t.EraseSmall + time.Duration(slope*float64(size-t.SmallSector))
	return max(d, 0)
}

// Clock lets simulated time pass. Sleep is called, outside the flash's
// lock, once for each erase and once for each sector's worth of words a
// Program call writes, with the simulated duration of that work.
type Clock interface {
	Sleep(d time.Duration)
}

// ScaledClock returns a Clock that sleeps for real, d×scale for each d, so
// that scale 1 is real time and 0.01 is a hundred times faster. A scale of 0
// or less does not sleep at all; simulated time still accumulates in Elapsed.
func ScaledClock(scale float64) Clock { return scaledClock(scale) }

type scaledClock float64

func (s scaledClock) Sleep(d time.Duration) {
	if s > 0 {
		time.Sleep(time.Duration(float64(d) * float64(s)))
	}
}

// OpKind says what an operation did.
type OpKind int

// The kinds of operation an Observer sees.
const (
	OpErase OpKind = iota
	OpProgram
)

// String returns "erase" or "program".
func (k OpKind) String() string {
	switch k {
	case OpErase:
		return "erase"
	case OpProgram:
		return "program"
	}
	return "op?"
}

// Observer learns of the load the flash puts on the supply, for a battery
// model. Op is called, outside the flash's lock and before the clock
// sleeps, once for each erase and once for each sector's worth of words a
// Program call writes, with the simulated duration. An observer may call
// the flash, for example CutAfter(1) to brown out the next op. An op
// interrupted by a power cut is not reported.
type Observer interface {
	Op(kind OpKind, sector int, d time.Duration)
}
