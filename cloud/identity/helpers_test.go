package identity

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"drey/image/keys"
)

const (
	testModel      = "imp001"
	testServerName = "gw.drey.test"
	testPassphrase = "correct horse"
	ioTimeout      = 10 * time.Second
)

// fastScrypt makes CA key files cheap to write in tests.
var fastScrypt = keys.ScryptLogN(keys.MinScryptLogN)

func newTestCA(t testing.TB) *CA {
	t.Helper()
	ca, err := NewCA("Drey test CA", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

func enroll(t testing.TB, ca *CA) *Credentials {
	t.Helper()
	c, err := Enroll(ca, testModel, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func serverCert(t testing.TB, ca *CA) tls.Certificate {
	t.Helper()
	cert, err := ca.IssueServer([]string{testServerName, "127.0.0.1"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// revocations is the operator's revocation list as a gateway would keep
// it: safe for concurrent use, and counting how often it is consulted.
type revocations struct {
	mu      sync.Mutex
	revoked map[string]bool
	checks  int
}

func (r *revocations) set(id string, revoked bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.revoked == nil {
		r.revoked = map[string]bool{}
	}
	r.revoked[id] = revoked
}

func (r *revocations) isRevoked(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checks++
	return r.revoked[id]
}

func (r *revocations) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.checks
}

// handshake is what a test server learned from one connection.
type handshake struct {
	id  string // the device id, if the handshake succeeded
	err error  // the handshake's error
}

// testServer is a loopback TLS server standing in for the gateway: it
// greets each device by the id it learned ("hello <id>") and then echoes
// lines until the device hangs up.
type testServer struct {
	addr  string
	ln    net.Listener
	seen  chan handshake
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns []net.Conn
}

func startServer(t testing.TB, cfg *tls.Config) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{addr: ln.Addr().String(), ln: ln, seen: make(chan handshake, 64)}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(tls.Server(c, cfg))
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

func (s *testServer) serve(c *tls.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(ioTimeout))
	if err := c.Handshake(); err != nil {
		s.seen <- handshake{err: err}
		return
	}
	cs := c.ConnectionState()
	id, err := DeviceIDFromConn(&cs)
	s.seen <- handshake{id: id, err: err}
	if err != nil {
		return
	}
	fmt.Fprintf(c, "hello %s\n", id)
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if _, err := c.Write([]byte(line)); err != nil {
			return
		}
	}
}

// next returns what the server learned from its next handshake.
func (s *testServer) next(t testing.TB) handshake {
	t.Helper()
	select {
	case h := <-s.seen:
		return h
	case <-time.After(ioTimeout):
		t.Fatal("server saw no handshake")
		return handshake{}
	}
}

// device is a connected device's end of the link.
type device struct {
	conn  *tls.Conn
	r     *bufio.Reader
	hello string // the server's greeting, "hello <id>"
}

// connect dials addr with cfg and reads the server's greeting. In TLS 1.3
// a refused client certificate shows up on this first read, not in the
// handshake, so an error from either is a refusal.
func connect(t testing.TB, addr string, cfg *tls.Config) (*device, error) {
	t.Helper()
	raw, err := net.DialTimeout("tcp", addr, ioTimeout)
	if err != nil {
		t.Fatal(err)
	}
	c := tls.Client(raw, cfg)
	c.SetDeadline(time.Now().Add(ioTimeout))
	if err := c.Handshake(); err != nil {
		c.Close()
		return nil, err
	}
	r := bufio.NewReader(c)
	hello, err := r.ReadString('\n')
	if err != nil {
		c.Close()
		return nil, err
	}
	d := &device{conn: c, r: r, hello: strings.TrimSuffix(hello, "\n")}
	t.Cleanup(func() { c.Close() })
	return d, nil
}

// echo sends a line over the link and checks it comes back.
func (d *device) echo(t testing.TB, msg string) {
	t.Helper()
	d.conn.SetDeadline(time.Now().Add(ioTimeout))
	if _, err := fmt.Fprintf(d.conn, "%s\n", msg); err != nil {
		t.Fatalf("send %q: %v", msg, err)
	}
	got, err := d.r.ReadString('\n')
	if err != nil || got != msg+"\n" {
		t.Fatalf("echo of %q: %q, %v", msg, got, err)
	}
}

// mustRefuse connects and expects the connection to be refused, by the
// client or by the server; it returns the server's handshake error.
func mustRefuse(t testing.TB, s *testServer, cfg *tls.Config) error {
	t.Helper()
	d, err := connect(t, s.addr, cfg)
	if err == nil {
		t.Fatalf("connection accepted: server said %q", d.hello)
	}
	h := s.next(t)
	if h.err == nil {
		t.Fatalf("server accepted device %s; client saw %v", h.id, err)
	}
	t.Logf("refused: device saw %v; server saw %v", err, h.err)
	return h.err
}
