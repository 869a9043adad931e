package blob_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"drey/cloud/blob"
	"drey/cloud/blob/blobtest"
)

func TestFS(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		s, err := blob.NewFS(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// A blob changed on disk is caught by Verify.
func TestFSCorruption(t *testing.T) {
	dir := t.TempDir()
	s, _ := blob.NewFS(dir)
	ctx := context.Background()
	info, err := s.Put(ctx, strings.NewReader("improm 36.10"), 100)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "sha256", info.Digest[:2], info.Digest)
	if err := os.WriteFile(p, []byte("improm 36.11"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := blob.Verify(ctx, s, info.Digest); !errors.Is(err, blob.ErrCorrupt) {
		t.Fatalf("Verify of a changed blob: %v", err)
	}
	// A failed put leaves no temporary file behind.
	s.Put(ctx, strings.NewReader(strings.Repeat("x", 200)), 100)
	left, _ := filepath.Glob(filepath.Join(dir, "sha256", ".put-*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
