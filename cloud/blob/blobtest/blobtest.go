// Package blobtest is the conformance suite every blob.Store must pass.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"drey/cloud/blob"
)

// Run runs the suite against stores made by open, a fresh one per test.
func Run(t *testing.T, open func(t *testing.T) blob.Store) {
	ctx := context.Background()
	digest := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

	t.Run("PutOpen", func(t *testing.T) {
		s := open(t)
		data := bytes.Repeat([]byte("firmware "), 10000)
		info, err := s.Put(ctx, bytes.NewReader(data), 1<<20)
		if err != nil || info.Digest != digest(data) || info.Size != int64(len(data)) {
			t.Fatalf("Put = %+v, %v", info, err)
		}
		again, err := s.Put(ctx, bytes.NewReader(data), 1<<20)
		if err != nil || again != info {
			t.Fatalf("Put of the same bytes = %+v, %v", again, err)
		}
		r, got, err := s.Open(ctx, info.Digest)
		if err != nil || got != info {
			t.Fatalf("Open = %+v, %v", got, err)
		}
		defer r.Close()
		if _, err := r.Seek(9, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(r)
		if !bytes.Equal(rest, data[9:]) {
			t.Fatal("the blob read back differs")
		}
		if st, err := s.Stat(ctx, info.Digest); err != nil || st != info {
			t.Fatalf("Stat = %+v, %v", st, err)
		}
		if err := blob.Verify(ctx, s, info.Digest); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		s := open(t)
		data := make([]byte, 1001)
		if _, err := s.Put(ctx, bytes.NewReader(data), 1000); !errors.Is(err, blob.ErrTooLarge) {
			t.Fatalf("Put over the limit: %v", err)
		}
		if _, err := s.Stat(ctx, digest(data)); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("an oversized blob was kept: %v", err)
		}
	})
	t.Run("NotFoundAndBadDigest", func(t *testing.T) {
		s := open(t)
		if _, _, err := s.Open(ctx, digest([]byte("nothing"))); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("Open unknown: %v", err)
		}
		for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63), strings.Repeat("g", 64)} {
			if _, _, err := s.Open(ctx, bad); !errors.Is(err, blob.ErrBadDigest) {
				t.Errorf("Open(%q): %v", bad, err)
			}
			if err := s.Delete(ctx, bad); !errors.Is(err, blob.ErrBadDigest) {
				t.Errorf("Delete(%q): %v", bad, err)
			}
		}
	})
	t.Run("Delete", func(t *testing.T) {
		s := open(t)
		info, err := s.Put(ctx, strings.NewReader("x"), 10)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, info.Digest); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, info.Digest); err != nil {
			t.Fatalf("Delete twice: %v", err)
		}
		if _, err := s.Stat(ctx, info.Digest); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("after Delete: %v", err)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				data := bytes.Repeat([]byte{byte(i % 2)}, 5000) // pairs put the same bytes at once
				if _, err := s.Put(ctx, bytes.NewReader(data), 1<<20); err != nil {
					t.Error(err)
				}
			}(i)
		}
		wg.Wait()
		for b := 0; b < 2; b++ {
			if err := blob.Verify(ctx, s, digest(bytes.Repeat([]byte{byte(b)}, 5000))); err != nil {
				t.Error(err)
			}
		}
	})
}
