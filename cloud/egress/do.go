package egress

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Request is an agent's outbound HTTP request, as the agent API's
// http.request(method, url, headers, body) describes it.
type Request struct {
	// Method is GET, POST, PUT, DELETE, PATCH or HEAD, in any case.
	Method string
	// URL is an absolute http or https URL.
	URL string
	// Headers are sent as given; a Host header sets the request's host.
	Headers map[string]string
	// Body is sent with a Content-Length.
	Body []byte
}

// Response is what an agent gets back.
type Response struct {
	// Status is the HTTP status code.
	Status int
	// Headers holds the response headers with lower-case names; a
	// header sent several times has its values joined with ", ".
	Headers map[string]string
	// Body is the whole response body.
	Body []byte
}

// methods are the methods agents may use.
var methods = map[string]bool{
	http.MethodGet: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodDelete: true, http.MethodPatch: true, http.MethodHead: true,
}

// Do validates r, sends it with c (a client from NewClient) and reads
// the response. The errors it returns match ErrBadRequest,
// ErrRequestTooLarge, ErrBlockedAddress, ErrTooManyRedirects,
// ErrResponseTooLarge or ErrTimeout with errors.Is, or are network
// errors.
func Do(ctx context.Context, c *http.Client, r Request) (Response, error) {
	if c == nil {
		return Response{}, fmt.Errorf("egress: %w: no client", ErrBadRequest)
	}
	maxRequest, maxResponse := limits(c)
	req, err := r.build(ctx, maxRequest)
	if err != nil {
		return Response{}, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return Response{}, classify(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(&limitedBody{rc: resp.Body, left: maxResponse, limit: maxResponse})
	if err != nil {
		return Response{}, classify(err)
	}
	headers := make(map[string]string, len(resp.Header))
	for name, values := range resp.Header {
		headers[strings.ToLower(name)] = strings.Join(values, ", ")
	}
	return Response{Status: resp.StatusCode, Headers: headers, Body: body}, nil
}

// classify marks the errors that are timeouts as ErrTimeout, keeping
// the original in the chain.
func classify(err error) error {
	if isTimeout(err) {
		return fmt.Errorf("egress: %w: %w", ErrTimeout, err)
	}
	return err
}

// build validates r and makes the http.Request: nothing malformed
// reaches the transport, whose own checks would give vaguer errors.
func (r Request) build(ctx context.Context, maxBody int64) (*http.Request, error) {
	method := strings.ToUpper(r.Method)
	if !methods[method] {
		return nil, fmt.Errorf("egress: %w: method %q (allowed: GET, POST, PUT, DELETE, PATCH, HEAD)", ErrBadRequest, r.Method)
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("egress: %w: %w", ErrBadRequest, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("egress: %w: URL scheme %q (only http and https)", ErrBadRequest, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("egress: %w: URL %q has no host", ErrBadRequest, r.URL)
	}
	if int64(len(r.Body)) > maxBody {
		return nil, fmt.Errorf("egress: %w: %d bytes, more than the limit of %d", ErrRequestTooLarge, len(r.Body), maxBody)
	}
	var body io.Reader
	if len(r.Body) > 0 {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("egress: %w: %w", ErrBadRequest, err)
	}
	// Sorted, so that names differing only in case combine in one order.
	for _, name := range slices.Sorted(maps.Keys(r.Headers)) {
		value := r.Headers[name]
		if !validHeaderName(name) {
			return nil, fmt.Errorf("egress: %w: header name %q", ErrBadRequest, name)
		}
		if !validHeaderValue(value) {
			return nil, fmt.Errorf("egress: %w: header %s has a control character (CR, LF, NUL, ...) in its value", ErrBadRequest, name)
		}
		if strings.EqualFold(name, "Host") {
			req.Host = value
			continue
		}
		req.Header.Add(name, value)
	}
	return req, nil
}

// validHeaderName reports whether name is an HTTP token (RFC 9110 5.1).
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// validHeaderValue reports whether value has no control character but
// tab (RFC 9110 5.5): CR and LF would let an agent inject headers or a
// second request.
func validHeaderValue(value string) bool {
	for i := 0; i < len(value); i++ {
		if c := value[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}
