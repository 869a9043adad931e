package flash

// A flash file keeps a device's flash across process restarts. It holds a
// header and then the contents; integers are little-endian:
//
//	offset  size  field
//	0       8     magic "DREYFLSH"
//	8       4     version, 1
//	12      4     header size H, where the contents start: a multiple of 4096
//	16      4     number of sectors n
//	20      4     word size
//	24      8     flash size in bytes
//	32      8     layout fingerprint: FNV-64a of the word size, n and each
//	              sector size, each as a uint64
//	40      4     CRC-32 (IEEE) of bytes 0–39
//	44      20    zero
//	64      4×n   erase count of each sector, rewritten at every erase
//	64+4n   …     zero up to H
//	H       size  the contents, every byte stored inverted (XOR 0xFF)
//
// The contents are inverted so that erased flash is stored as zeros: a new
// file is made with Truncate, reads as erased, and takes no disk space
// until written, and on file systems with holes an erased sector costs
// nothing to keep.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
)

const (
	fileMagic    = "DREYFLSH"
	fileVersion  = 1
	fixedHeader  = 64
	headerAlign  = 4096
	countersAt   = fixedHeader
	fixedCRCSpan = 40
)

type fileStore struct {
	f      *os.File
	path   string
	header int64 // H
}

func headerSize(sectors int) int64 {
	n := int64(fixedHeader + 4*sectors)
	return (n + headerAlign - 1) / headerAlign * headerAlign
}

// Open opens the flash file at path, creating it erased if it does not
// exist or is empty. A file made for a different layout is refused with
// ErrLayoutMismatch. The contents are kept sparse in memory as well, and
// every change is written through to the file; Close syncs it.
func Open(path string, layout Layout) (*Flash, error) {
	f, err := newFlash(layout, true)
	if err != nil {
		return nil, err
	}
	fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("flash: %w", err)
	}
	f.file = &fileStore{f: fh, path: path, header: headerSize(layout.Count())}
	st, err := fh.Stat()
	if err == nil {
		if st.Size() == 0 {
			err = f.create()
		} else {
			err = f.load(st.Size())
		}
	}
	if err != nil {
		fh.Close()
		return nil, err
	}
	return f, nil
}

// create writes the header of a new file and extends it, erased, to size.
func (f *Flash) create() error {
	fs := f.file
	h := make([]byte, fs.header)
	copy(h, fileMagic)
	binary.LittleEndian.PutUint32(h[8:], fileVersion)
	binary.LittleEndian.PutUint32(h[12:], uint32(fs.header))
	binary.LittleEndian.PutUint32(h[16:], uint32(f.layout.Count()))
	binary.LittleEndian.PutUint32(h[20:], uint32(f.layout.WordSize))
	binary.LittleEndian.PutUint64(h[24:], uint64(f.Size()))
	binary.LittleEndian.PutUint64(h[32:], f.layout.fingerprint())
	binary.LittleEndian.PutUint32(h[40:], crc32.ChecksumIEEE(h[:fixedCRCSpan]))
	if _, err := fs.f.WriteAt(h, 0); err != nil {
		return fmt.Errorf("flash: %w", err)
	}
	if err := fs.f.Truncate(fs.header + int64(f.Size())); err != nil {
		return fmt.Errorf("flash: %w", err)
	}
	return fs.f.Sync()
}

// load checks the header of an existing file against the layout and reads
// the erase counts and contents.
func (f *Flash) load(fileSize int64) error {
	fs := f.file
	bad := func(format string, args ...any) error {
		return fmt.Errorf("flash: %s: %w: "+format, append([]any{fs.path, ErrFormat}, args...)...)
	}
	h := make([]byte, fixedHeader)
	if _, err := fs.f.ReadAt(h, 0); err != nil {
		return bad("header unreadable: %v", err)
	}
	if string(h[:8]) != fileMagic {
		return bad("magic %q, want %q", h[:8], fileMagic)
	}
	if v := binary.LittleEndian.Uint32(h[8:]); v != fileVersion {
		return bad("version %d, want %d", v, fileVersion)
	}
	if got, want := binary.LittleEndian.Uint32(h[40:]), crc32.ChecksumIEEE(h[:fixedCRCSpan]); got != want {
		return bad("header checksum 0x%08x, computed 0x%08x", got, want)
	}
	n := int(binary.LittleEndian.Uint32(h[16:]))
	word := int(binary.LittleEndian.Uint32(h[20:]))
	size := int64(binary.LittleEndian.Uint64(h[24:]))
	fp := binary.LittleEndian.Uint64(h[32:])
	if n != f.layout.Count() || word != f.layout.WordSize || size != int64(f.Size()) || fp != f.layout.fingerprint() {
		return fmt.Errorf("flash: %s: %w: file holds %d sectors, %d bytes, word %d (fingerprint %016x); want %s, %d bytes (fingerprint %016x)",
			fs.path, ErrLayoutMismatch, n, size, word, fp, f.layout, f.Size(), f.layout.fingerprint())
	}
	fs.header = int64(binary.LittleEndian.Uint32(h[12:]))
	if fs.header < headerSize(n) || fs.header%headerAlign != 0 {
		return bad("header size %d, want a multiple of %d of at least %d", fs.header, headerAlign, headerSize(n))
	}
	if fileSize < fs.header+size {
		return bad("file is %d bytes, want %d", fileSize, fs.header+size)
	}
	counts := make([]byte, 4*n)
	if _, err := fs.f.ReadAt(counts, countersAt); err != nil {
		return bad("erase counts unreadable: %v", err)
	}
	for i := range f.erases {
		f.erases[i] = binary.LittleEndian.Uint32(counts[4*i:])
	}
	for i, s := range f.layout.Sectors {
		buf := make([]byte, s)
		if _, err := fs.f.ReadAt(buf, fs.header+int64(f.starts[i])); err != nil {
			return fmt.Errorf("flash: %s: sector %d: %w", fs.path, i, err)
		}
		invert(buf)
		if !allErased(buf) {
			f.sectors[i] = buf
		}
	}
	return nil
}

// persist writes n bytes of contents from addr through to the file.
// f.mu must be held.
func (f *Flash) persist(addr, n int) error {
	if f.file == nil || n == 0 {
		return nil
	}
	buf := make([]byte, n)
	f.copyOut(addr, buf)
	invert(buf)
	if _, err := f.file.f.WriteAt(buf, f.file.header+int64(addr)); err != nil {
		return fmt.Errorf("flash: %w", err)
	}
	return f.syncIfEach()
}

// persistSector writes sector i and its erase count through to the file.
// f.mu must be held.
func (f *Flash) persistSector(i int) error {
	if f.file == nil {
		return nil
	}
	var c [4]byte
	binary.LittleEndian.PutUint32(c[:], f.erases[i])
	if _, err := f.file.f.WriteAt(c[:], countersAt+4*int64(i)); err != nil {
		return fmt.Errorf("flash: %w", err)
	}
	return f.persist(f.starts[i], f.layout.Sectors[i])
}

func (f *Flash) syncIfEach() error {
	if !f.syncEach {
		return nil
	}
	if err := f.file.f.Sync(); err != nil {
		return fmt.Errorf("flash: %w", err)
	}
	return nil
}

// SetSyncEachOp makes a file-backed flash fsync after every erase and
// every Program span, so that a crash of the host loses nothing; it is off
// by default, and meaningless for a flash in memory.
func (f *Flash) SetSyncEachOp(on bool) {
	f.mu.Lock()
	f.syncEach = on
	f.mu.Unlock()
}

// Sync flushes a file-backed flash to stable storage.
func (f *Flash) Sync() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.file == nil || f.closed {
		return nil
	}
	if err := f.file.f.Sync(); err != nil {
		return fmt.Errorf("flash: %w", err)
	}
	return nil
}

// Close syncs and closes the file of a file-backed flash, after which it
// refuses every operation. For a flash in memory it does nothing.
func (f *Flash) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.file == nil || f.closed {
		return nil
	}
	f.closed = true
	err := f.file.f.Sync()
	if cerr := f.file.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("flash: %w", err)
	}
	return nil
}

func invert(p []byte) {
	for i := range p {
		p[i] ^= 0xff
	}
}

// joinIO adds a write-through error to the error of an op, if there was one.
func joinIO(opErr, ioErr error) error {
	if ioErr == nil {
		return opErr
	}
	if opErr == nil {
		return ioErr
	}
	return errors.Join(opErr, ioErr)
}
