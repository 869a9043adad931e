package apiclient

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Bodies go as they are or as JSON, the token as a bearer token (none
// when empty), and an answer that is not 2xx is an *Error carrying the
// API's message.
func TestDo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/echo":
			w.Write([]byte(`{"auth":` + quote(r.Header.Get("Authorization")) + `,"body":` + quote(string(b)) + `}`))
		case "/refused":
			w.WriteHeader(http.StatusUnprocessableEntity)
			w.Write([]byte(`{"error":"image refused: bad signature"}` + "\n"))
		default:
			http.Error(w, "not found", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	ctx := t.Context()
	var got struct{ Auth, Body string }
	for _, c := range []struct {
		token      string
		body       any
		auth, sent string
	}{
		{"", nil, "", ""},
		{"t1", []byte("raw"), "Bearer t1", "raw"},
		{"t1", strings.NewReader("reader"), "Bearer t1", "reader"},
		{"t2", map[string]int{"n": 1}, "Bearer t2", `{"n":1}`},
	} {
		if err := Call(ctx, "POST", srv.URL+"/echo", c.token, c.body, &got); err != nil || got.Auth != c.auth || got.Body != c.sent {
			t.Errorf("Call(%q, %v) = %+v, %v; want auth %q, body %q", c.token, c.body, got, err, c.auth, c.sent)
		}
	}
	for path, msg := range map[string]string{"/refused": "image refused: bad signature", "/nothing": "404 Not Found"} {
		_, err := Do(ctx, "GET", srv.URL+path, "t", nil)
		var e *Error
		if !errors.As(err, &e) || e.Message != msg || !strings.Contains(err.Error(), "GET "+srv.URL+path) {
			t.Errorf("GET %s: %v, want an *Error with message %q", path, err, msg)
		}
	}
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}
