package egress

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"time"
)

// NewClient returns an HTTP client that enforces p on every connection
// it makes, for every hop of a redirect:
//
//   - each dial is checked, on the resolved address, by Policy.Check;
//   - proxies are never used (Transport.Proxy is nil, whatever
//     HTTP_PROXY says), since a proxy would connect out of our sight;
//   - request bodies beyond MaxRequest are refused and response bodies
//     beyond MaxResponse end in ErrResponseTooLarge;
//   - redirects are followed up to MaxRedirects, to http and https only;
//   - the whole exchange is bounded by Timeout;
//   - no cookies are kept between requests.
//
// One client may serve many agents: it holds no agent's state.
func NewClient(p Policy) *http.Client {
	p = p.withDefaults()
	d := &net.Dialer{Timeout: p.Timeout, KeepAlive: 30 * time.Second, Control: p.control}
	dial := d.DialContext
	if p.Resolver != nil {
		dial = resolvingDial(d, p.Resolver)
	}
	t := &http.Transport{
		Proxy:                  nil,
		DialContext:            dial,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  p.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		MaxIdleConns:           64,
		IdleConnTimeout:        90 * time.Second,
	}
	return &http.Client{
		Transport:     &guard{base: t, policy: p},
		CheckRedirect: p.checkRedirect,
		Timeout:       p.Timeout,
	}
}

// resolvingDial dials through d after resolving host names with
// resolve, trying the addresses in order. d's Control still checks each
// address.
func resolvingDial(d *net.Dialer, resolve func(context.Context, string) ([]netip.Addr, error)) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			return nil, err
		}
		if _, err := netip.ParseAddr(host); err == nil {
			return d.DialContext(ctx, network, address)
		}
		addrs, err := resolve(ctx, host)
		if err != nil {
			return nil, &net.DNSError{Err: err.Error(), Name: host}
		}
		if len(addrs) == 0 {
			return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
		}
		var first error
		for _, a := range addrs {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return c, nil
			}
			if first == nil {
				first = err
			}
		}
		return nil, first
	}
}

// checkRedirect bounds the redirects a request follows. Each hop is a
// new request through the same transport, so its address is checked
// when dialled like the first one.
func (p Policy) checkRedirect(req *http.Request, via []*http.Request) error {
	if p.MaxRedirects < 0 {
		return http.ErrUseLastResponse
	}
	if len(via) > p.MaxRedirects {
		return fmt.Errorf("egress: %w: more than %d", ErrTooManyRedirects, p.MaxRedirects)
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("egress: %w: redirect to scheme %q", ErrBadRequest, s)
	}
	return nil
}

// guard is the client's RoundTripper: it applies the size limits around
// the real transport, for every hop.
type guard struct {
	base   http.RoundTripper
	policy Policy
}

// RoundTrip refuses oversized or unsized request bodies and bounds the
// response body.
func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	refuse := func(err error) (*http.Response, error) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return refuse(fmt.Errorf("egress: %w: scheme %q (only http and https)", ErrBadRequest, s))
	}
	// A body with a length of 0 is of unknown length (see
	// http.Request.ContentLength); a really empty body is nil or NoBody.
	if req.Body != nil && req.Body != http.NoBody && req.ContentLength <= 0 {
		return refuse(fmt.Errorf("egress: %w: request body of unknown length", ErrBadRequest))
	}
	if req.ContentLength > g.policy.MaxRequest {
		return refuse(fmt.Errorf("egress: %w: %d bytes, more than the limit of %d", ErrRequestTooLarge, req.ContentLength, g.policy.MaxRequest))
	}
	resp, err := g.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	limit := g.policy.MaxResponse
	if req.Method != http.MethodHead && resp.ContentLength > limit {
		resp.Body.Close()
		return nil, tooLarge(limit)
	}
	resp.Body = &limitedBody{rc: resp.Body, left: limit, limit: limit}
	return resp, nil
}

// tooLarge is the error for a response body beyond limit bytes.
func tooLarge(limit int64) error {
	return fmt.Errorf("egress: %w: more than the limit of %d bytes", ErrResponseTooLarge, limit)
}

// limits returns the request and response limits that c enforces: its
// policy's if NewClient made it, the defaults otherwise.
func limits(c *http.Client) (maxRequest, maxResponse int64) {
	if g, ok := c.Transport.(*guard); ok {
		return g.policy.MaxRequest, g.policy.MaxResponse
	}
	p := Policy{}.withDefaults()
	return p.MaxRequest, p.MaxResponse
}

// isTimeout reports whether err is a deadline being reached, of the
// client, a context or the network.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// CloseIdleConnections closes the transport's idle connections, so
// that http.Client.CloseIdleConnections reaches them.
func (g *guard) CloseIdleConnections() {
	if c, ok := g.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
