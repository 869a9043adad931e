package escrow

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/pem"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// maxSealedFile bounds the share, key and root files read whole: the
// largest key file, an RSA-4096 key, is under 3 KiB, and a root at most
// trust.MaxRootSize, 64 KiB.
const maxSealedFile = 64 << 10

// formatVersion is the version byte of share and key files.
const formatVersion = 1

// decodePEM returns the bytes of the one PEM block of type typ that data
// holds, refusing headers and anything after the block. what names the
// file in errors.
func decodePEM(data []byte, typ, what string) ([]byte, error) {
	block, rest := pem.Decode(data)
	switch {
	case block == nil:
		return nil, fmt.Errorf("escrow: %s: no PEM block: %w", what, ErrFormat)
	case block.Type != typ:
		return nil, fmt.Errorf("escrow: %s: PEM block %q, want %q: %w", what, block.Type, typ, ErrFormat)
	case len(block.Headers) != 0:
		return nil, fmt.Errorf("escrow: %s: unexpected PEM headers: %w", what, ErrFormat)
	case len(bytes.TrimSpace(rest)) != 0:
		return nil, fmt.Errorf("escrow: %s: data after the PEM block: %w", what, ErrFormat)
	}
	return block.Bytes, nil
}

// readSmall reads a file of at most maxSealedFile bytes.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSealedFile+1))
	if err != nil {
		return nil, fmt.Errorf("escrow: %s: %w", path, err)
	}
	if len(data) > maxSealedFile {
		return nil, fmt.Errorf("escrow: %s: larger than %d bytes: %w", path, maxSealedFile, ErrFormat)
	}
	return data, nil
}

// header reads the fields that start share and key files: version,
// escrow identifier, name. It returns them and the rest of b.
func header(b []byte, what string) (id [16]byte, name string, rest []byte, err error) {
	if len(b) < 1+16+1 {
		return id, "", nil, fmt.Errorf("escrow: %s: %d bytes, too short: %w", what, len(b), ErrFormat)
	}
	if b[0] != formatVersion {
		return id, "", nil, fmt.Errorf("escrow: %s: format version %d, want %d: %w", what, b[0], formatVersion, ErrFormat)
	}
	copy(id[:], b[1:17])
	n := int(b[17])
	b = b[18:]
	if len(b) < n {
		return id, "", nil, fmt.Errorf("escrow: %s: name of %d bytes, %d left: %w", what, n, len(b), ErrFormat)
	}
	name = string(b[:n])
	if !nameRE.MatchString(name) {
		return id, "", nil, fmt.Errorf("escrow: %s: name %q is not a valid name: %w", what, name, ErrFormat)
	}
	return id, name, b[n:], nil
}

// appendHeader is the inverse of header.
func appendHeader(b []byte, id [16]byte, name string) []byte {
	b = append(b, formatVersion)
	b = append(b, id[:]...)
	b = append(b, byte(len(name)))
	return append(b, name...)
}

// listFiles returns every file under dir but MANIFEST, with its size and
// SHA-256, sorted by path. Anything but directories and regular files,
// a symbolic link say, is refused: MANIFEST could not vouch for it.
func listFiles(dir string) ([]FileEntry, error) {
	var out []FileEntry
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			return fmt.Errorf("escrow: %s: %s is not a regular file (%v): %w", dir, rel, d.Type(), ErrTampered)
		case rel == manifestName:
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return fmt.Errorf("escrow: %s: %w", path, err)
		}
		e := FileEntry{Path: rel, Size: n}
		h.Sum(e.SHA256[:0])
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b FileEntry) int { return cmp.Compare(a.Path, b.Path) })
	return out, nil
}
