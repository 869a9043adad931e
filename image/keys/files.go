package keys

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// maxKeyFile bounds how much of a key file is read.
const maxKeyFile = 64 << 10

// WritePrivateFile encrypts key under passphrase (see MarshalPrivatePEM)
// and writes it to a new file at path with mode 0600 (REQ-SEC-11). It
// refuses to replace an existing file unless given Overwrite, in which
// case the new file replaces the old one atomically.
func WritePrivateFile(path string, key PrivateKey, passphrase string, opts ...Option) error {
	data, err := MarshalPrivatePEM(key, passphrase, opts...)
	if err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	return writeFile(path, data, 0o600, collect(opts).overwrite)
}

// WritePublicFile writes pub as a PEM "PUBLIC KEY" file with mode 0644,
// refusing to replace an existing file unless given Overwrite.
func WritePublicFile(path string, pub PublicKey, opts ...Option) error {
	data, err := MarshalPublicPEM(pub)
	if err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	return writeFile(path, data, 0o644, collect(opts).overwrite)
}

// ReadPrivateFile reads and decrypts the private key file at path. Before
// reading any of its content it refuses, with ErrInsecurePermissions, a
// file that its group or other users may access (on systems with Unix
// permissions); the error names the file, its mode and the fix.
func ReadPrivateFile(path, passphrase string) (PrivateKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return PrivateKey{}, err
	}
	defer f.Close()
	// Stat the open file, not the path, so the file checked is the one read.
	fi, err := f.Stat()
	if err != nil {
		return PrivateKey{}, err
	}
	if !fi.Mode().IsRegular() {
		return PrivateKey{}, fmt.Errorf("key %s: not a regular file", path)
	}
	// Windows does not express its access control lists in these bits.
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return PrivateKey{}, fmt.Errorf("key %s: mode %04o: %w; run chmod 600 %s", path, perm, ErrInsecurePermissions, path)
	}
	data, err := readLimited(f, path)
	if err != nil {
		return PrivateKey{}, err
	}
	k, err := ParsePrivatePEM(data, passphrase)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("key %s: %w", path, err)
	}
	return k, nil
}

// ReadPublicFile reads a PEM "PUBLIC KEY" file.
func ReadPublicFile(path string) (PublicKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return PublicKey{}, err
	}
	defer f.Close()
	data, err := readLimited(f, path)
	if err != nil {
		return PublicKey{}, err
	}
	p, err := ParsePublicPEM(data)
	if err != nil {
		return PublicKey{}, fmt.Errorf("key %s: %w", path, err)
	}
	return p, nil
}

func readLimited(f *os.File, path string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxKeyFile {
		return nil, fmt.Errorf("key %s: larger than %d bytes: %w", path, maxKeyFile, ErrFormat)
	}
	return data, nil
}

// writeFile writes data to a file at path created with mode perm. Without
// overwrite, creation fails if path exists; with it, a temporary file in
// the same directory is renamed over path so a crash leaves the old file
// or the new one, never a mixture.
func writeFile(path string, data []byte, perm os.FileMode, overwrite bool) (err error) {
	var f *os.File
	if overwrite {
		f, err = os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
		if err == nil {
			err = f.Chmod(perm)
		}
	} else {
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	}
	if err != nil {
		if f != nil {
			f.Close()
			os.Remove(f.Name())
		}
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("key %s: %w; refusing to overwrite it", path, fs.ErrExist)
		}
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("key %s: %w", path, err)
	}
	if overwrite {
		if err = os.Rename(f.Name(), path); err != nil {
			return fmt.Errorf("key %s: %w", path, err)
		}
	}
	return nil
}
