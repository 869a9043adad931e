package identity

// Reading and writing the small PEM and JSON files of CA and device
// directories: new files only, bounded reads, and no private key read
// from a file that others can open.

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"runtime"

	"drey/image/keys"
)

// maxFile bounds how much of any identity file is read.
const maxFile = 64 << 10

// writeNew writes data to a new file at path with mode perm, refusing to
// replace an existing one: an identity is made once, and a second Save
// must not silently swap a device's keys.
func writeNew(path string, data []byte, perm os.FileMode) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(path)
		}
	}()
	// The umask may have cleared bits of perm, never added them; Chmod
	// makes the mode exactly perm.
	if err = f.Chmod(perm); err == nil {
		if _, err = f.Write(data); err == nil {
			err = f.Sync()
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// readFile reads at most maxFile bytes of path. With private set it
// first refuses, wrapping keys.ErrInsecurePermissions, a file that its
// group or other users may access, as image/keys does for key files.
func readFile(path string, private bool) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if perm := fi.Mode().Perm(); private && perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("%s: mode %04o: %w; run chmod 600 %s", path, perm, keys.ErrInsecurePermissions, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxFile)
	}
	return data, nil
}

// decodePEM returns the bytes of the one PEM block of type typ in data,
// refusing other types, headers and anything after the block.
func decodePEM(data []byte, typ, path string) ([]byte, error) {
	block, rest := pem.Decode(data)
	switch {
	case block == nil:
		return nil, fmt.Errorf("%s: no PEM block", path)
	case block.Type != typ:
		return nil, fmt.Errorf("%s: PEM block %q, want %q", path, block.Type, typ)
	case len(block.Headers) != 0:
		return nil, fmt.Errorf("%s: unexpected PEM headers", path)
	case len(bytes.TrimSpace(rest)) != 0:
		return nil, fmt.Errorf("%s: data after the PEM block", path)
	}
	return block.Bytes, nil
}

// encodePEM returns der as one PEM block of type typ.
func encodePEM(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}
