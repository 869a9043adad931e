package egress

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"sync/atomic"
	"testing"
)

// server is a local HTTP server that counts the requests it receives,
// so a test can tell a refused request from one that got through.
type server struct {
	*httptest.Server
	hits atomic.Int32
	addr netip.AddrPort
}

// serve starts a server on ip (port 0: any) that runs h.
func serve(t *testing.T, ip string, port int, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	t.Cleanup(s.Close)
	s.addr = netip.MustParseAddrPort(ln.Addr().String())
	return s
}

// hello answers every request with "hello".
func hello(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "hello") }

// port returns the server's port as text.
func (s *server) port() string { return strconv.Itoa(int(s.addr.Port())) }

// names is a Policy.Resolver over a fixed table of names.
func names(m map[string]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		a, ok := m[host]
		if !ok {
			return nil, fmt.Errorf("no such host %q", host)
		}
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
}

// only is a Policy.Allow holding one address.
func only(addr string) []netip.Prefix {
	return []netip.Prefix{netip.PrefixFrom(netip.MustParseAddr(addr), 32)}
}

// get sends a GET through a client for p.
func get(p Policy, url string) (Response, error) {
	return Do(context.Background(), NewClient(p), Request{Method: "GET", URL: url})
}
