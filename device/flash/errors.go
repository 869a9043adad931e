package flash

import "errors"

// The errors below are returned wrapped with the address, sector or file
// concerned; test for them with errors.Is.
var (
	// ErrPowerLost reports that power was cut during the operation, or that
	// the device has been without power since an earlier cut.
	ErrPowerLost = errors.New("power lost")

	// ErrProgramSetsBit reports that a program asked for a 1 in a bit that
	// holds a 0, which only an erase can restore.
	ErrProgramSetsBit = errors.New("program would set a bit that is 0")

	// ErrAlignment reports a program whose address or length is not a
	// multiple of the word size.
	ErrAlignment = errors.New("not aligned to the program word")

	// ErrOutOfRange reports an address, length, sector or bit outside the flash.
	ErrOutOfRange = errors.New("out of range")

	// ErrLayoutMismatch reports a flash file made for a different layout.
	ErrLayoutMismatch = errors.New("layout mismatch")

	// ErrFormat reports a file that is not a flash file this package can read.
	ErrFormat = errors.New("not a flash file")
)
