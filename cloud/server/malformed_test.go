package server

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/identity"
	"drey/wire"
)

// rawDevice connects with a device's credentials and says hello, leaving
// the connection for the test to misuse.
func rawDevice(t *testing.T, s *service, c *identity.Credentials) (*tls.Conn, *wire.Conn) {
	t.Helper()
	raw, err := net.Dial("tcp", s.addrs.Gateway.String())
	if err != nil {
		t.Fatal(err)
	}
	tc := tls.Client(raw, identity.ClientTLSConfig(c, "127.0.0.1"))
	if err := tc.HandshakeContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	conn, err := wire.NewConn(tc, wire.Device, wire.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wire.ClientHello(conn, wire.Hello{Version: wire.Version, Model: "imp001", DeviceID: c.DeviceID, Bootrom: "1.0", Improm: "1.0"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tc.Close() })
	return tc, conn
}

// A malformed or oversized frame closes that one connection, with a
// Close frame saying why, and nothing else: another device on the same
// gateway keeps working.
func TestMalformedFrameClosesOneLink(t *testing.T) {
	s := newService(t, agent.Limits{})
	good := s.enroll("default")
	s.deploy("default", `function tick() { server.log("tick"); imp.wakeup(0.2, tick) } tick()`, ``)
	s.connect(good)
	s.waitLog(good.DeviceID, "[device] tick")
	for _, tc := range []struct {
		name  string
		bytes []byte
		want  string
	}{
		{"unknown type", []byte{0x01, 0xEE}, "type"},
		{"oversized", []byte{0xff, 0xff, 0xff, 0x7f, byte(wire.TypeLog)}, "limit"},
		{"truncated field", []byte{0x03, byte(wire.TypeLog), 0x00, 0x09}, "log"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := s.enroll("default")
			raw, conn := rawDevice(t, s, bad)
			if _, err := raw.Write(tc.bytes); err != nil {
				t.Fatal(err)
			}
			raw.SetReadDeadline(time.Now().Add(5 * time.Second))
			var closed *wire.Close
			for closed == nil {
				f, err := conn.ReadFrame()
				if err != nil {
					t.Fatalf("the link ended without a Close frame: %v", err)
				}
				closed, _ = f.(*wire.Close) // skip a Deploy or Ping sent before the junk arrived
			}
			if closed.Code == wire.CloseNormal || !strings.Contains(strings.ToLower(closed.Reason), tc.want) {
				t.Errorf("Close %v %q, want a protocol error naming %q", closed.Code, closed.Reason, tc.want)
			}
		})
	}
	// The well-behaved device is still connected and still logging.
	n := strings.Count(s.logs(good.DeviceID), "[device] tick")
	s.waitLog(good.DeviceID, strings.Repeat("[device] tick\n", n+1))
	if strings.Count(s.logs(good.DeviceID), "[status] disconnected") != 0 {
		t.Errorf("the good device was disconnected:\n%s", s.logs(good.DeviceID))
	}
}
