package fetch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// dropper serves a file, cutting the first responses short as a flaky
// network would.
func dropper(data []byte, cuts int, etag *string) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		w.Header().Set("ETag", *etag)
		cut := cuts > 0
		if cut {
			cuts--
		}
		mu.Unlock()
		if cut {
			// Serve part of what was asked, then hang up.
			rw := &cutWriter{ResponseWriter: w, left: 3000}
			http.ServeContent(rw, r, "img", time.Time{}, bytes.NewReader(data))
			if hj, ok := w.(http.Hijacker); ok {
				conn, _, err := hj.Hijack()
				if err == nil {
					conn.Close()
				}
			}
			return
		}
		http.ServeContent(w, r, "img", time.Time{}, bytes.NewReader(data))
	})
}

type cutWriter struct {
	http.ResponseWriter
	left int
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errors.New("cut")
	}
	if len(p) > c.left {
		p = p[:c.left]
	}
	c.left -= len(p)
	return c.ResponseWriter.Write(p)
}

// A download that drops resumes with Range requests and delivers exactly
// the file, without starting over (REQ-PROC-16).
func TestResume(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 4096)
	etag := `"v1"`
	srv := httptest.NewServer(dropper(data, 3, &etag))
	defer srv.Close()
	r, err := Open(context.Background(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes, want %d", len(got), len(data))
	}
	if r.Resumes < 3 {
		t.Fatalf("%d resumes, want 3", r.Resumes)
	}
}

// A file replaced on the server between the drop and the resume is not
// spliced onto what was read.
func TestChanged(t *testing.T) {
	data := bytes.Repeat([]byte("x"), 60000)
	var mu sync.Mutex
	requests := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		first := requests == 1
		mu.Unlock()
		// The first response is cut short; by the time the client asks
		// for the rest, the file has been replaced.
		if first {
			etag := `"v1"`
			dropper(data, 1, &etag).ServeHTTP(w, r)
			return
		}
		etag := `"v2"`
		dropper(data, 0, &etag).ServeHTTP(w, r)
	}))
	defer srv.Close()
	r, err := Open(context.Background(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(r)
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("error %v, want ErrChanged", err)
	}
}

// A missing image is an error naming the URL and status.
func TestNotFound(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if _, err := Open(context.Background(), srv.Client(), srv.URL+"/img"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("error %v", err)
	}
}
