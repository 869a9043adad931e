package keys

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A sealed secret opens only with its passphrase and as its own kind, and
// its file is refused when others can read it (REQ-SEC-11).
func TestSecret(t *testing.T) {
	secret := bytes.Repeat([]byte{0xab}, 32)
	sealed, err := SealSecret(secret, "content-key", "pass")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, secret[:8]) {
		t.Fatal("secret visible in its sealed form")
	}
	got, err := OpenSecret(sealed, "content-key", "pass")
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("open: %v", err)
	}
	if _, err := OpenSecret(sealed, "content-key", "wrong"); !errors.Is(err, ErrBadPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := OpenSecret(sealed, "model-key", "pass"); !errors.Is(err, ErrFormat) {
		t.Fatalf("wrong kind: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "img.cek")
	if err := WriteSecretFile(path, secret, "content-key", "pass"); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadSecretFile(path, "content-key", "pass"); err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("read: %v", err)
	}
	os.Chmod(path, 0o644)
	if _, err := ReadSecretFile(path, "content-key", "pass"); !errors.Is(err, ErrInsecurePermissions) {
		t.Fatalf("world-readable secret: %v", err)
	}
}
