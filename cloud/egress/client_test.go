package egress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// wantBlocked checks that err is a refusal of addr.
func wantBlocked(t *testing.T, what string, err error, addr string) {
	t.Helper()
	var be *BlockedError
	if !errors.Is(err, ErrBlockedAddress) || !errors.As(err, &be) {
		t.Fatalf("%s: error %v, want ErrBlockedAddress", what, err)
	}
	if addr != "" && be.Addr != netip.MustParseAddr(addr) {
		t.Fatalf("%s: refused %s, want %s", what, be.Addr, addr)
	}
}

// A server on the host's loopback address is out of an agent's reach,
// and the request never arrives; the operator can open it with
// AllowPrivate or with an Allow prefix (REQ-SEP-6).
func TestLoopbackServer(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, hello)
	_, err := get(Policy{}, s.URL)
	wantBlocked(t, "default policy", err, "127.0.0.1")
	if !strings.Contains(err.Error(), "loopback") {
		t.Errorf("error %q does not name the rule", err)
	}
	if n := s.hits.Load(); n != 0 {
		t.Fatalf("the server saw %d requests", n)
	}
	for name, p := range map[string]Policy{
		"AllowPrivate": {AllowPrivate: true},
		"Allow":        {Allow: only("127.0.0.1")},
	} {
		resp, err := get(p, s.URL)
		if err != nil || resp.Status != 200 || string(resp.Body) != "hello" {
			t.Errorf("%s: %d %q %v, want 200 hello", name, resp.Status, resp.Body, err)
		}
	}
}

// A host name is judged by the address it resolves to, not by how it
// looks: a public-looking name that resolves to loopback is refused,
// and so is localhost through the system resolver (REQ-SEP-6).
func TestNameResolvingToLoopback(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, hello)
	p := Policy{Resolver: names(map[string]string{"api.example.com": "127.0.0.1"})}
	_, err := get(p, "http://api.example.com:"+s.port()+"/")
	wantBlocked(t, "api.example.com", err, "127.0.0.1")
	_, err = get(Policy{}, "http://localhost:"+s.port()+"/")
	wantBlocked(t, "localhost", err, "")
	if n := s.hits.Load(); n != 0 {
		t.Fatalf("the server saw %d requests", n)
	}
}

// DNS rebinding: a name that first resolves to an allowed address and
// then to a forbidden one is refused the second time, because the check
// runs on each connection's actual address, not on an earlier lookup
// (REQ-SEP-6). 127.0.0.1 stands for the allowed public address.
func TestDNSRebinding(t *testing.T) {
	allowed := serve(t, "127.0.0.1", 0, hello)
	internal := serve(t, "127.0.0.2", int(allowed.addr.Port()), hello)
	var lookups atomic.Int32
	p := Policy{
		Allow: only("127.0.0.1"),
		Resolver: func(context.Context, string) ([]netip.Addr, error) {
			if lookups.Add(1) == 1 {
				return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
			}
			return []netip.Addr{netip.MustParseAddr("127.0.0.2")}, nil
		},
	}
	c := NewClient(p)
	url := "http://rebind.example:" + allowed.port() + "/"
	if _, err := Do(context.Background(), c, Request{Method: "GET", URL: url}); err != nil {
		t.Fatalf("first request: %v", err)
	}
	c.CloseIdleConnections() // the next request dials, and so resolves, again
	_, err := Do(context.Background(), c, Request{Method: "GET", URL: url})
	wantBlocked(t, "after rebinding", err, "127.0.0.2")
	if n := internal.hits.Load(); n != 0 {
		t.Fatalf("the internal server saw %d requests", n)
	}
}

// A redirect from an allowed server to a forbidden address is refused
// at the new hop's dial, whatever form the forbidden address takes
// (REQ-SEP-6).
func TestRedirectToBlockedAddress(t *testing.T) {
	internal := serve(t, "127.0.0.2", 0, hello)
	front := serve(t, "127.0.0.1", 0, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	p := Policy{
		Allow:    only("127.0.0.1"),
		Resolver: names(map[string]string{"internal.example": "127.0.0.2"}),
	}
	for _, tc := range []struct{ to, addr string }{
		{"http://127.0.0.2:" + internal.port() + "/", "127.0.0.2"},
		{"http://internal.example:" + internal.port() + "/", "127.0.0.2"},
		{"http://[::ffff:127.0.0.2]:" + internal.port() + "/", "127.0.0.2"},
		{"http://169.254.169.254/latest/meta-data/iam/", "169.254.169.254"},
		{"http://0.0.0.0:" + front.port() + "/", "0.0.0.0"},
	} {
		_, err := get(p, front.URL+"/?to="+tc.to)
		wantBlocked(t, tc.to, err, tc.addr)
	}
	if n := internal.hits.Load(); n != 0 {
		t.Fatalf("the internal server saw %d requests", n)
	}
	if n := front.hits.Load(); n != 5 {
		t.Fatalf("the front server saw %d requests, want 5", n)
	}
}

// Redirects are followed up to MaxRedirects and no further; with a
// negative MaxRedirects the redirect itself is the response.
func TestRedirectLimit(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.URL.Query().Get("n"), &n)
		if n == 0 {
			fmt.Fprint(w, "done")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/?n=%d", n-1), http.StatusFound)
	})
	p := Policy{Allow: only("127.0.0.1"), MaxRedirects: 3}
	if resp, err := get(p, s.URL+"/?n=3"); err != nil || string(resp.Body) != "done" {
		t.Fatalf("3 redirects: %q %v", resp.Body, err)
	}
	if _, err := get(p, s.URL+"/?n=4"); !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("4 redirects: error %v, want ErrTooManyRedirects", err)
	}
	p.MaxRedirects = -1
	resp, err := get(p, s.URL+"/?n=1")
	if err != nil || resp.Status != http.StatusFound || resp.Headers["location"] != "/?n=0" {
		t.Fatalf("no redirects: %d %v %v", resp.Status, resp.Headers, err)
	}
}

// The cloud metadata service is refused by address, over IPv4 and IPv6
// and in IPv4-mapped form, before any packet is sent (REQ-SEP-6).
func TestMetadataAddress(t *testing.T) {
	for _, url := range []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:169.254.169.254]/latest/meta-data/",
		"http://[::ffff:a9fe:a9fe]/computeMetadata/v1/",
	} {
		_, err := get(Policy{}, url)
		wantBlocked(t, url, err, "169.254.169.254")
	}
	// The IPv6 endpoint (AWS's fd00:ec2::254) may have no route here, so
	// check it at the dialer's hook, which runs before connect.
	if err := (Policy{}).control("tcp6", "[fd00:ec2::254]:80", nil); !errors.Is(err, ErrBlockedAddress) {
		t.Fatalf("fd00:ec2::254: %v", err)
	}
}

// An IPv4-mapped IPv6 address is the IPv4 address it holds: refused
// when that is, allowed when the operator allows that.
func TestMappedLoopback(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, hello)
	url := "http://[::ffff:127.0.0.1]:" + s.port() + "/"
	_, err := get(Policy{}, url)
	wantBlocked(t, url, err, "127.0.0.1")
	if _, err := get(Policy{Allow: only("127.0.0.1")}, url); err != nil {
		t.Fatalf("allowed: %v", err)
	}
}

// Response bodies are bounded, whether or not the server announces the
// length, and whether the client is used through Do or directly; a body
// of exactly the limit is fine.
func TestResponseLimit(t *testing.T) {
	s := serve(t, "127.0.0.1", 0, func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.URL.Query().Get("n"), &n)
		if r.URL.Query().Get("chunked") != "" {
			w.(http.Flusher).Flush() // no Content-Length
		} else {
			w.Header().Set("Content-Length", fmt.Sprint(n))
		}
		if r.Method != http.MethodHead {
			w.Write([]byte(strings.Repeat("x", n)))
		}
	})
	p := Policy{Allow: only("127.0.0.1"), MaxResponse: 1000}
	for _, q := range []string{"n=1000", "n=1000&chunked=1"} {
		if resp, err := get(p, s.URL+"/?"+q); err != nil || len(resp.Body) != 1000 {
			t.Errorf("%s: %d bytes, %v", q, len(resp.Body), err)
		}
	}
	for _, q := range []string{"n=1001", "n=1001&chunked=1", "n=100000", "n=100000&chunked=1"} {
		_, err := get(p, s.URL+"/?"+q)
		if !errors.Is(err, ErrResponseTooLarge) || !strings.Contains(err.Error(), "1000 bytes") {
			t.Errorf("%s: error %v, want ErrResponseTooLarge naming the limit", q, err)
		}
	}
	// HEAD announces a length but has no body.
	resp, err := Do(context.Background(), NewClient(p), Request{Method: "HEAD", URL: s.URL + "/?n=5000"})
	if err != nil || resp.Status != 200 {
		t.Errorf("HEAD: %d %v", resp.Status, err)
	}
	// The client alone enforces the limit too.
	r, err := NewClient(p).Get(s.URL + "/?n=5000&chunked=1")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	if _, err := io.ReadAll(r.Body); !errors.Is(err, ErrResponseTooLarge) {
		t.Fatalf("direct use: %v", err)
	}
}

// Proxies from the environment are not used: a proxy would make the
// connection itself, out of the dialer's sight (REQ-SEP-6).
func TestNoProxy(t *testing.T) {
	proxy := serve(t, "127.0.0.1", 0, hello)
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("http_proxy", proxy.URL)
	c := NewClient(Policy{})
	if tr := c.Transport.(*guard).base.(*http.Transport); tr.Proxy != nil {
		t.Fatal("the transport has a proxy function")
	}
	p := Policy{Resolver: names(map[string]string{"api.example.com": "127.0.0.1"})}
	_, err := get(p, "http://api.example.com:1/")
	wantBlocked(t, "through a proxy", err, "127.0.0.1")
	if n := proxy.hits.Load(); n != 0 {
		t.Fatalf("the proxy saw %d requests", n)
	}
}

// A request that outlives the policy's Timeout ends in ErrTimeout.
func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	s := serve(t, "127.0.0.1", 0, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	start := time.Now()
	_, err := get(Policy{Allow: only("127.0.0.1"), Timeout: 200 * time.Millisecond}, s.URL)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}
