// Package fetch downloads platform images over plain, cacheable HTTP for
// a device's bootrom: a reader that, when the connection drops, asks for
// the rest with a Range request instead of starting over (REQ-PROC-16),
// checking that the server still serves the same file (strong ETag).
// What it returns is untrusted bytes; the verifier authenticates them.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// ErrChanged means the file changed between two requests of a resumed
// download.
var ErrChanged = errors.New("image changed on the server during the download")

// Reader reads a URL from start to end, resuming after dropped
// connections.
type Reader struct {
	ctx     context.Context
	client  *http.Client
	url     string
	etag    string
	off     int64
	body    io.ReadCloser
	retries int
	// Resumes counts the Range requests made after a drop.
	Resumes int
	// MaxRetries bounds consecutive failed attempts (default 5).
	MaxRetries int
}

// Open starts downloading url.
func Open(ctx context.Context, client *http.Client, url string) (*Reader, error) {
	if client == nil {
		client = http.DefaultClient
	}
	r := &Reader{ctx: ctx, client: client, url: url, MaxRetries: 5}
	if err := r.request(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Reader) request() error {
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return err
	}
	if r.off > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(r.off, 10)+"-")
		if r.etag != "" {
			req.Header.Set("If-Range", r.etag)
		}
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	switch {
	case r.off == 0 && resp.StatusCode == http.StatusOK:
		r.etag = resp.Header.Get("ETag")
	case r.off > 0 && resp.StatusCode == http.StatusPartialContent:
		cr := resp.Header.Get("Content-Range")
		if !strings.HasPrefix(cr, "bytes "+strconv.FormatInt(r.off, 10)+"-") {
			resp.Body.Close()
			return fmt.Errorf("fetch %s: asked for bytes from %d, got Content-Range %q", r.url, r.off, cr)
		}
		if et := resp.Header.Get("ETag"); r.etag != "" && et != r.etag {
			resp.Body.Close()
			return fmt.Errorf("fetch %s: ETag %s, was %s: %w", r.url, et, r.etag, ErrChanged)
		}
	case r.off > 0 && resp.StatusCode == http.StatusOK:
		// The server ignored the range or If-Range failed: the file
		// changed, or it cannot resume. Either way these bytes do not
		// continue what was read.
		resp.Body.Close()
		return fmt.Errorf("fetch %s: server answered 200 to a range request: %w", r.url, ErrChanged)
	default:
		resp.Body.Close()
		return fmt.Errorf("fetch %s: %s", r.url, resp.Status)
	}
	r.body = resp.Body
	return nil
}

// Read reads the next bytes, resuming after a dropped connection.
func (r *Reader) Read(p []byte) (int, error) {
	for {
		if r.body == nil {
			if r.retries >= r.MaxRetries {
				return 0, fmt.Errorf("fetch %s: gave up after %d attempts at byte %d", r.url, r.retries, r.off)
			}
			r.retries++
			if err := r.request(); err != nil {
				if errors.Is(err, ErrChanged) || r.ctx.Err() != nil {
					return 0, err
				}
				continue
			}
			r.Resumes++
		}
		n, err := r.body.Read(p)
		r.off += int64(n)
		if n > 0 {
			r.retries = 0
		}
		if err == io.EOF {
			return n, io.EOF
		}
		if err != nil {
			r.body.Close()
			r.body = nil
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, nil
	}
}

// Close ends the download.
func (r *Reader) Close() error {
	if r.body != nil {
		return r.body.Close()
	}
	return nil
}
