// Package flash simulates the NOR flash of Electric Imp devices closely
// enough that a boot chain can be run on it and cut off at every step.
//
// # Sector maps
//
// STM32F205 is the internal flash of the imp001 and imp002: 1 MB in twelve
// sectors of three sizes, programmed a 32-bit word at a time (x32
// parallelism, the setting for a 2.7–3.6 V supply). Addresses here are
// offsets from the start of flash (0x0800_0000 on the chip):
//
//	sector  offsets            size
//	0       0x00000–0x03fff     16 KB
//	1       0x04000–0x07fff     16 KB
//	2       0x08000–0x0bfff     16 KB
//	3       0x0c000–0x0ffff     16 KB
//	4       0x10000–0x1ffff     64 KB
//	5       0x20000–0x3ffff    128 KB
//	6       0x40000–0x5ffff    128 KB
//	7       0x60000–0x7ffff    128 KB
//	8       0x80000–0x9ffff    128 KB
//	9       0xa0000–0xbffff    128 KB
//	10      0xc0000–0xdffff    128 KB
//	11      0xe0000–0xfffff    128 KB
//
// SPI4MB is the external SPI NOR of later (imp003-like) models: 4 MB in
// 1024 uniform 4 KB sectors, programmable a byte at a time. Uniform builds
// scaled-down maps for tests.
//
// # NOR semantics
//
// Erase sets a whole sector to 0xFF. Program can only clear bits: each
// byte becomes old AND data. Program works word by word; after each word it
// verifies, as a driver does, and a word that asked for a 1 where the cell
// holds a 0 stops the call with ErrProgramSetsBit. That word has still been
// programmed (old AND data), exactly as the hardware would have done.
//
// # Counting operations
//
// Operations ("ops") are what a power cut can interrupt, so they are counted
// at the finest grain the hardware has:
//
//   - each Erase of a sector is one op;
//   - each word of Layout.WordSize bytes programmed is one op, so a Program
//     call of n bytes is n/WordSize ops (a byte each on SPI NOR).
//
// Read, FlipBit, Snapshot and calls refused before any cell is touched
// (out of range, misaligned, power off) are not ops. MCUboot's simulator
// counts whole write calls instead; counting words gives cuts in the middle
// of a write without any extra machinery. Ops reports the ops completed.
//
// # Power cuts
//
// CutAfter(k) arms a cut for the k-th op from then on: ops 1…k-1 complete,
// op k is interrupted, and it and every later Read, Erase and Program
// returns ErrPowerLost until Reboot. With PartialSome (the default) the
// interrupted op leaves a deterministic partial effect seeded from k: an
// erase leaves some bytes of the sector 0xFF and the rest unchanged; a word
// program clears some of the bits it would have cleared and not others.
// With PartialNone the interrupted op has no effect at all. The flash keeps
// whatever was done; RAM is the caller's concern.
//
// # Storage
//
// New keeps the whole flash in memory; NewSparse allocates a sector only
// when it is first written and frees it when it is erased; Open keeps a
// sparse copy in memory and writes every change through to a file, whose
// format is described in file.go.
package flash
