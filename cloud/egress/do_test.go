package egress

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Do sends the method, headers and body it is given and returns the
// status, the headers (lower-case names, repeated ones joined) and the
// body.
func TestDoRoundTrip(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		w.Header().Set("X-Seen", r.Method+" "+r.Host+" "+r.Header.Get("X-Token")+" "+r.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusCreated)
		w.Write(bytes.ToUpper(body))
	})
	c := NewClient(Policy{Allow: only("127.0.0.1")})
	resp, err := Do(context.Background(), c, Request{
		Method:  "post",
		URL:     s.URL + "/things?x=1",
		Headers: map[string]string{"X-Token": "secret\tvalue", "Content-Type": "text/plain", "Host": "api.example.com"},
		Body:    []byte("hello"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != http.StatusCreated || string(resp.Body) != "HELLO" {
		t.Fatalf("got %d %q", resp.Status, resp.Body)
	}
	if got := resp.Headers["x-multi"]; got != "a, b" {
		t.Errorf("x-multi: %q", got)
	}
	if got, want := resp.Headers["x-seen"], "POST api.example.com secret\tvalue text/plain"; got != want {
		t.Errorf("the server saw %q, want %q", got, want)
	}
}

// Malformed or disallowed requests are refused before anything is sent:
// other methods, other URL schemes, and headers that would let an agent
// inject headers or a second request (REQ-SEP-6).
func TestRequestValidation(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, hello)
	c := NewClient(Policy{Allow: only("127.0.0.1"), MaxRequest: 100})
	for _, tc := range []struct {
		name string
		req  Request
		want error
	}{
		{"CONNECT", Request{Method: "CONNECT", URL: s.URL}, ErrBadRequest},
		{"TRACE", Request{Method: "TRACE", URL: s.URL}, ErrBadRequest},
		{"OPTIONS", Request{Method: "OPTIONS", URL: s.URL}, ErrBadRequest},
		{"no method", Request{URL: s.URL}, ErrBadRequest},
		{"request line in method", Request{Method: "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET", URL: s.URL}, ErrBadRequest},
		{"file", Request{Method: "GET", URL: "file:///etc/passwd"}, ErrBadRequest},
		{"gopher", Request{Method: "GET", URL: "gopher://127.0.0.1:" + s.port() + "/_PING"}, ErrBadRequest},
		{"ftp", Request{Method: "GET", URL: "ftp://127.0.0.1/"}, ErrBadRequest},
		{"javascript", Request{Method: "GET", URL: "javascript:alert(1)"}, ErrBadRequest},
		{"relative", Request{Method: "GET", URL: "/status"}, ErrBadRequest},
		{"no host", Request{Method: "GET", URL: "http:///status"}, ErrBadRequest},
		{"CRLF in URL", Request{Method: "GET", URL: s.URL + "/\r\nX-Injected: 1"}, ErrBadRequest},
		{"CRLF in value", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"X-A": "1\r\nX-Injected: 1"}}, ErrBadRequest},
		{"LF in value", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"X-A": "1\nX-Injected: 1"}}, ErrBadRequest},
		{"CR in value", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"X-A": "1\rX"}}, ErrBadRequest},
		{"NUL in value", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"X-A": "1\x00"}}, ErrBadRequest},
		{"CRLF in name", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"X-A\r\nX-Injected": "1"}}, ErrBadRequest},
		{"space in name", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"X A": "1"}}, ErrBadRequest},
		{"colon in name", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"X-A:": "1"}}, ErrBadRequest},
		{"empty name", Request{Method: "GET", URL: s.URL, Headers: map[string]string{"": "1"}}, ErrBadRequest},
		{"body too large", Request{Method: "POST", URL: s.URL, Body: make([]byte, 101)}, ErrRequestTooLarge},
	} {
		_, err := Do(context.Background(), c, tc.req)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
	}
	if n := s.hits.Load(); n != 0 {
		t.Fatalf("the server saw %d requests", n)
	}
	// The limit itself is fine, and so is every allowed method.
	for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "get"} {
		if _, err := Do(context.Background(), c, Request{Method: m, URL: s.URL, Body: make([]byte, 100)}); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
	if _, err := Do(context.Background(), nil, Request{Method: "GET", URL: s.URL}); !errors.Is(err, ErrBadRequest) {
		t.Errorf("nil client: %v", err)
	}
}

// The client alone, used without Do, still refuses request bodies over
// the limit and bodies whose length it cannot know in advance.
func TestClientRequestBody(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, hello)
	c := NewClient(Policy{Allow: only("127.0.0.1"), MaxRequest: 10})
	if _, err := c.Post(s.URL, "text/plain", strings.NewReader(strings.Repeat("x", 11))); !errors.Is(err, ErrRequestTooLarge) {
		t.Errorf("11 bytes: %v", err)
	}
	pr, pw := io.Pipe()
	go func() { pw.Write([]byte("x")); pw.Close() }()
	if _, err := c.Post(s.URL, "text/plain", pr); !errors.Is(err, ErrBadRequest) {
		t.Errorf("unknown length: %v", err)
	}
	if n := s.hits.Load(); n != 0 {
		t.Fatalf("the server saw %d requests", n)
	}
}
