// Package apiclient makes calls to the Drey service's HTTP API
// (docs/api.md) for the command line, the demo and the benchmarks.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// MaxAnswer bounds the body of an answer that is read.
const MaxAnswer = 64 << 20

// Error is an answer whose status is not 2xx.
type Error struct {
	Method, URL string
	Status      string // as the answer gave it, "404 Not Found"
	// Message is the API's error message (its JSON "error"), or Status
	// when the answer has none.
	Message string
	Body    []byte // the answer's body, trimmed
}

// Error names the request, the status and the answer's body.
func (e *Error) Error() string {
	return fmt.Sprintf("%s %s: %s: %s", e.Method, e.URL, e.Status, e.Body)
}

// Do sends one request and returns the answer's body. A nil body sends
// none; a []byte or an io.Reader is sent as it is; anything else as JSON.
// An empty token sends no Authorization header. An answer whose status
// is not 2xx is an *Error.
func Do(ctx context.Context, method, url, token string, body any) ([]byte, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case io.Reader:
		rd = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 300 {
		e := &Error{Method: method, URL: url, Status: resp.Status, Message: resp.Status, Body: bytes.TrimSpace(out)}
		var m struct{ Error string }
		if json.Unmarshal(out, &m) == nil && m.Error != "" {
			e.Message = m.Error
		}
		return nil, e
	}
	return out, nil
}

// Call is Do, decoding the JSON answer into out.
func Call(ctx context.Context, method, url, token string, body, out any) error {
	b, err := Do(ctx, method, url, token, body)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
