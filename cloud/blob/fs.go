package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// FS keeps blobs as files under Dir: Dir/sha256/ab/abcdef..., written to
// a temporary file, synced, and renamed into place, so a crash leaves a
// blob whole or absent.
type FS struct {
	Dir string
}

// NewFS returns a store in dir, creating it if needed.
func NewFS(dir string) (*FS, error) {
	if err := os.MkdirAll(filepath.Join(dir, "sha256"), 0o700); err != nil {
		return nil, fmt.Errorf("blob store %s: %w", dir, err)
	}
	return &FS{Dir: dir}, nil
}

func (s *FS) path(digest string) string {
	return filepath.Join(s.Dir, "sha256", digest[:2], digest)
}

// Put implements Store.
func (s *FS) Put(ctx context.Context, r io.Reader, maxSize int64) (Info, error) {
	tmp, err := os.CreateTemp(filepath.Join(s.Dir, "sha256"), ".put-*")
	if err != nil {
		return Info{}, fmt.Errorf("blob put: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(ctxReader{ctx, r}, maxSize+1))
	if err != nil {
		return Info{}, fmt.Errorf("blob put: %w", err)
	}
	if n > maxSize {
		return Info{}, fmt.Errorf("blob put: %w: over %d bytes", ErrTooLarge, maxSize)
	}
	if err := tmp.Sync(); err != nil {
		return Info{}, fmt.Errorf("blob put: %w", err)
	}
	info := Info{Digest: hex.EncodeToString(h.Sum(nil)), Size: n}
	p := s.path(info.Digest)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return Info{}, fmt.Errorf("blob put: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Info{}, fmt.Errorf("blob put: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return Info{}, fmt.Errorf("blob put: %w", err)
	}
	if d, err := os.Open(filepath.Dir(p)); err == nil {
		d.Sync() // make the rename durable
		d.Close()
	}
	return info, nil
}

// Open implements Store.
func (s *FS) Open(ctx context.Context, digest string) (Reader, Info, error) {
	if err := CheckDigest(digest); err != nil {
		return nil, Info{}, err
	}
	f, err := os.Open(s.path(digest))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Info{}, fmt.Errorf("blob %s: %w", digest, ErrNotFound)
	}
	if err != nil {
		return nil, Info{}, fmt.Errorf("blob %s: %w", digest, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, Info{}, fmt.Errorf("blob %s: %w", digest, err)
	}
	return f, Info{Digest: digest, Size: st.Size()}, nil
}

// Stat implements Store.
func (s *FS) Stat(ctx context.Context, digest string) (Info, error) {
	if err := CheckDigest(digest); err != nil {
		return Info{}, err
	}
	st, err := os.Stat(s.path(digest))
	if errors.Is(err, fs.ErrNotExist) {
		return Info{}, fmt.Errorf("blob %s: %w", digest, ErrNotFound)
	}
	if err != nil {
		return Info{}, fmt.Errorf("blob %s: %w", digest, err)
	}
	return Info{Digest: digest, Size: st.Size()}, nil
}

// Delete implements Store.
func (s *FS) Delete(ctx context.Context, digest string) error {
	if err := CheckDigest(digest); err != nil {
		return err
	}
	if err := os.Remove(s.path(digest)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob %s: %w", digest, err)
	}
	return nil
}

// Verify reads a stored blob whole and checks it against its digest:
// ErrCorrupt if the bytes on disk have changed.
func Verify(ctx context.Context, s Store, digest string) error {
	r, _, err := s.Open(ctx, digest)
	if err != nil {
		return err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("blob %s: %w", digest, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != digest {
		return fmt.Errorf("blob %s: %w", digest, ErrCorrupt)
	}
	return nil
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
