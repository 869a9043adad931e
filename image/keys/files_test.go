package keys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestPrivateFile writes a key file and reads it back: the file is created
// with mode 0600 and is never silently replaced (REQ-SEC-11).
func TestPrivateFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "release.key")
	key := testKey(t, Ed25519)
	if err := WritePrivateFile(path, key, testPassphrase, fastScrypt); err != nil {
		t.Fatal(err)
	}
	checkMode(t, path, 0o600)
	got, err := ReadPrivateFile(path, testPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Public().Equal(key.Public()) {
		t.Fatalf("read %v, wrote %v", got, key)
	}
	if _, err := ReadPrivateFile(path, "wrong"); !errors.Is(err, ErrBadPassphrase) || !strings.Contains(err.Error(), path) {
		t.Errorf("wrong passphrase: %v, want ErrBadPassphrase naming %s", err, path)
	}

	other := testKey(t, P256)
	if err := WritePrivateFile(path, other, testPassphrase, fastScrypt); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write: %v, want fs.ErrExist", err)
	}
	if got, _ := ReadPrivateFile(path, testPassphrase); !got.Public().Equal(key.Public()) {
		t.Fatal("a refused write changed the file")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WritePrivateFile(path, other, testPassphrase, fastScrypt, Overwrite()); err != nil {
		t.Fatal(err)
	}
	checkMode(t, path, 0o600)
	if got, err := ReadPrivateFile(path, testPassphrase); err != nil || !got.Public().Equal(other.Public()) {
		t.Fatalf("after overwrite: %v, %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want 1 (no temporary files left)", len(entries))
	}
	if err := WritePrivateFile(filepath.Join(dir, "empty.key"), key, ""); !errors.Is(err, ErrEmptyPassphrase) {
		t.Errorf("empty passphrase: %v, want ErrEmptyPassphrase", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "empty.key")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused key left a file behind: %v", err)
	}
}

// TestPermissionRefusal checks that a private key file others may access
// is refused before its content is read, with an error that names the
// file, its mode and the fix (REQ-SEC-11).
func TestPermissionRefusal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := t.TempDir()
	good, err := MarshalPrivatePEM(testKey(t, Ed25519), testPassphrase, fastScrypt)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mode    os.FileMode
		content []byte
		refused bool
	}{
		{0o600, good, false},
		{0o400, good, false},
		{0o700, good, false},
		{0o640, good, true},
		{0o604, good, true},
		{0o644, good, true},
		{0o660, good, true},
		{0o606, good, true},
		{0o610, good, true},
		{0o644, []byte("not a key"), true}, // refused for its mode, not its content
	}
	for i, tt := range tests {
		path := filepath.Join(dir, "k"+string(rune('a'+i)))
		if err := os.WriteFile(path, tt.content, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tt.mode); err != nil {
			t.Fatal(err)
		}
		_, err := ReadPrivateFile(path, testPassphrase)
		if !tt.refused {
			if err != nil {
				t.Errorf("mode %04o: %v", tt.mode, err)
			}
			continue
		}
		if !errors.Is(err, ErrInsecurePermissions) {
			t.Errorf("mode %04o: %v, want ErrInsecurePermissions", tt.mode, err)
			continue
		}
		msg := err.Error()
		for _, want := range []string{path, fmt.Sprintf("mode %04o", tt.mode), "chmod 600 " + path} {
			if !strings.Contains(msg, want) {
				t.Errorf("mode %04o: error %q lacks %q", tt.mode, msg, want)
			}
		}
	}
	if _, err := ReadPrivateFile(dir, testPassphrase); err == nil {
		t.Error("a directory was read as a key file")
	}
	if _, err := ReadPrivateFile(filepath.Join(dir, "missing"), testPassphrase); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestPublicFile(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range typeTests {
		path := filepath.Join(dir, tt.typ+".pub")
		pub := testKey(t, tt.typ).Public()
		if err := WritePublicFile(path, pub); err != nil {
			t.Fatal(err)
		}
		checkMode(t, path, 0o644)
		got, err := ReadPublicFile(path)
		if err != nil || !got.Equal(pub) {
			t.Errorf("%s: read %v, %v; wrote %v", tt.typ, got, err, pub)
		}
		if err := WritePublicFile(path, pub); !errors.Is(err, fs.ErrExist) {
			t.Errorf("%s: second write: %v, want fs.ErrExist", tt.typ, err)
		}
		if err := WritePublicFile(path, pub, Overwrite()); err != nil {
			t.Errorf("%s: overwrite: %v", tt.typ, err)
		}
	}
	big := filepath.Join(dir, "big.pub")
	if err := os.WriteFile(big, make([]byte, maxKeyFile+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPublicFile(big); !errors.Is(err, ErrFormat) {
		t.Errorf("oversized file: %v, want ErrFormat", err)
	}
}

// checkMode checks a file's permission bits, allowing for a umask that
// removes some of them.
func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got&^want != 0 || got&0o600 != 0o600 {
		t.Errorf("%s has mode %04o, want %04o", path, got, want)
	}
}
