package wire_test

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"drey/wire"
)

// pipe returns the two ends of an in-memory connection, closed at the end
// of the test.
func pipe(t *testing.T) (dev, srv net.Conn) {
	dev, srv = net.Pipe()
	t.Cleanup(func() { dev.Close(); srv.Close() })
	return dev, srv
}

func newConn(t *testing.T, rw net.Conn, side wire.Side) *wire.Conn {
	t.Helper()
	c, err := wire.NewConn(rw, side, wire.Config{IdleTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sendRaw writes b from its own goroutine: a peer that stops reading
// halfway must not block the test.
func sendRaw(c net.Conn, b []byte) { go c.Write(b) }

// marshal is wire.Marshal for frames known to encode.
func marshal(t *testing.T, f wire.Frame) []byte {
	t.Helper()
	b, err := wire.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readClose reads the Close a peer sent on c, as the device.
func readClose(t *testing.T, c net.Conn) *wire.Close {
	t.Helper()
	f, err := newConn(t, c, wire.Device).ReadFrame()
	if err != nil {
		t.Fatalf("reading the Close: %v", err)
	}
	cl, ok := f.(*wire.Close)
	if !ok {
		t.Fatalf("got %v, want Close", f.Type())
	}
	return cl
}

func acceptAll(h wire.Hello) (wire.HelloAck, error) {
	return wire.HelloAck{ServerTime: serverTime, Keepalive: wire.DefaultKeepalive, Deployment: "dep-18"}, nil
}

func TestHandshake(t *testing.T) {
	d, s := pipe(t)
	type result struct {
		ack wire.HelloAck
		err error
	}
	done := make(chan result)
	go func() {
		ack, err := wire.ClientHello(newConn(t, d, wire.Device), *helloSample())
		done <- result{ack, err}
	}()
	h, err := wire.ServerAccept(newConn(t, s, wire.Server), acceptAll)
	if err != nil {
		t.Fatal(err)
	}
	if h != *helloSample() {
		t.Errorf("server got %+v", h)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := wire.HelloAck{Version: wire.Version, ServerTime: serverTime, Keepalive: wire.DefaultKeepalive, Deployment: "dep-18"}
	if r.ack != want {
		t.Errorf("device got %+v, want %+v", r.ack, want)
	}
}

// A device whose first frame is not a Hello is refused with a Close that
// says so, and the server does not call accept.
func TestHelloFirst(t *testing.T) {
	for _, first := range []wire.Frame{
		&wire.Log{Text: "hi"},
		&wire.Message{ID: 1, Name: "temp"},
		&wire.Ping{Nonce: 1},
	} {
		d, s := pipe(t)
		sendRaw(d, marshal(t, first))
		errc := make(chan error)
		go func() {
			_, err := wire.ServerAccept(newConn(t, s, wire.Server), func(wire.Hello) (wire.HelloAck, error) {
				t.Error("accept called")
				return wire.HelloAck{}, nil
			})
			errc <- err
		}()
		cl := readClose(t, d)
		err := <-errc
		if !errors.Is(err, wire.ErrUnexpected) {
			t.Errorf("%v first: ServerAccept = %v, want ErrUnexpected", first.Type(), err)
		}
		if cl.Code != wire.CloseProtocol || !strings.Contains(cl.Reason, "first frame must be Hello") {
			t.Errorf("%v first: device got %v", first.Type(), cl)
		}
	}
}

// The server answers a Hello of a version it does not speak with a Close
// that names the version it does speak; the device's ClientHello returns
// that Close.
func TestVersionRefused(t *testing.T) {
	d, s := pipe(t)
	errc := make(chan error)
	go func() {
		h := *helloSample()
		h.Version = wire.Version + 1
		_, err := wire.ClientHello(newConn(t, d, wire.Device), h)
		errc <- err
	}()
	_, err := wire.ServerAccept(newConn(t, s, wire.Server), acceptAll)
	var ve *wire.VersionError
	if !errors.As(err, &ve) || ve.Got != wire.Version+1 {
		t.Fatalf("ServerAccept = %v, want a VersionError for %d", err, wire.Version+1)
	}
	err = <-errc
	var cl *wire.Close
	if !errors.As(err, &cl) || cl.Code != wire.CloseVersion {
		t.Fatalf("ClientHello = %v, want a Close with CloseVersion", err)
	}
	if !strings.Contains(cl.Reason, "speaks version 1") || !strings.Contains(cl.Reason, "version 2") {
		t.Errorf("reason %q does not say which version was offered and which is spoken", cl.Reason)
	}
}

// A device refuses a HelloAck for another version the same way.
func TestDeviceRefusesVersion(t *testing.T) {
	d, s := pipe(t)
	errc := make(chan error)
	go func() {
		_, err := wire.ClientHello(newConn(t, d, wire.Device), *helloSample())
		errc <- err
	}()
	srv := newConn(t, s, wire.Server)
	if _, err := srv.ReadFrame(); err != nil {
		t.Fatal(err)
	}
	sendRaw(s, raw(wire.TypeHelloAck, uv(7), uv(0), uv(60), str("")))
	f, err := srv.ReadFrame()
	if err != nil {
		t.Fatal(err)
	}
	if cl, ok := f.(*wire.Close); !ok || cl.Code != wire.CloseVersion || !strings.Contains(cl.Reason, "speaks version 1") {
		t.Errorf("server got %#v", f)
	}
	if err := <-errc; !errors.Is(err, wire.ErrUnsupportedVersion) {
		t.Errorf("ClientHello = %v", err)
	}
}

// The server's accept function refuses a device with the Close it
// returns; the device sees that Close as ClientHello's error.
func TestAcceptRefuses(t *testing.T) {
	d, s := pipe(t)
	errc := make(chan error)
	go func() {
		_, err := wire.ClientHello(newConn(t, d, wire.Device), *helloSample())
		errc <- err
	}()
	refusal := &wire.Close{Code: wire.CloseUnauthorized, Reason: "device 0c2a6900000a1b2c is revoked"}
	_, err := wire.ServerAccept(newConn(t, s, wire.Server), func(wire.Hello) (wire.HelloAck, error) { return wire.HelloAck{}, refusal })
	if err != refusal {
		t.Errorf("ServerAccept = %v", err)
	}
	var cl *wire.Close
	if err := <-errc; !errors.As(err, &cl) || *cl != *refusal {
		t.Errorf("ClientHello = %v, want %v", err, refusal)
	}
}

// Frames from the wrong side, a second hello, and a server frame before
// the HelloAck are refused on read; a side cannot write them either.
func TestOrderAndDirection(t *testing.T) {
	cases := []struct {
		name   string
		side   wire.Side // the reading side
		frames []wire.Frame
		want   string
	}{
		{"second hello", wire.Server, []wire.Frame{helloSample(), helloSample()}, "a second Hello"},
		{"device sends Deploy", wire.Server, []wire.Frame{helloSample(), wire.NewDeploy("d", nil)}, "Deploy frames come from the server, not the device"},
		{"server sends Log", wire.Device, []wire.Frame{helloAckSample(), &wire.Log{}}, "Log frames come from the device, not the server"},
		{"server skips HelloAck", wire.Device, []wire.Frame{&wire.Ping{}}, "the server's first frame must be HelloAck"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := pipe(t)
			var stream []byte
			for _, f := range c.frames {
				stream = append(stream, marshal(t, f)...)
			}
			sendRaw(a, stream)
			conn := newConn(t, b, c.side)
			var err error
			for range c.frames {
				if _, err = conn.ReadFrame(); err != nil {
					break
				}
			}
			if !errors.Is(err, wire.ErrUnexpected) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want ErrUnexpected: %s", err, c.want)
			}
			if _, again := conn.ReadFrame(); again != err {
				t.Errorf("the read error is not final: then %v", again)
			}
		})
	}

	d, _ := pipe(t)
	dev := newConn(t, d, wire.Device)
	for _, f := range []wire.Frame{&wire.Log{}, helloAckSample(), wire.NewDeploy("d", nil)} {
		if err := dev.WriteFrame(f); !errors.Is(err, wire.ErrUnexpected) {
			t.Errorf("device wrote %v first: %v", f.Type(), err)
		}
	}
}

func TestCloseFor(t *testing.T) {
	_, _, tooLarge := wire.Unmarshal(cat(uv(wire.DefaultMaxFrame+1), []byte{1}), 0)
	_, _, version := wire.Unmarshal(raw(wire.TypeHello, uv(9)), 0)
	_, _, bad := wire.Unmarshal(raw(wire.TypeLog, []byte{5}), 0)
	refusal := &wire.Close{Code: wire.CloseReplaced, Reason: "newer connection"}
	cases := []struct {
		err  error
		want wire.CloseCode
	}{
		{tooLarge, wire.CloseTooLarge},
		{version, wire.CloseVersion},
		{bad, wire.CloseProtocol},
		{refusal, wire.CloseReplaced},
		{timeoutErr{}, wire.CloseTimeout},
		{errors.New("database down"), wire.CloseInternal},
	}
	for _, c := range cases {
		cl := wire.CloseFor(c.err)
		if cl.Code != c.want {
			t.Errorf("CloseFor(%v) = %v, want %v", c.err, cl.Code, c.want)
		}
		if _, err := wire.Marshal(cl); err != nil {
			t.Errorf("CloseFor(%v) does not encode: %v", c.err, err)
		}
	}
	long := errors.New(strings.Repeat("é", wire.MaxCloseReason))
	if cl := wire.CloseFor(long); len(cl.Reason) > wire.MaxCloseReason {
		t.Errorf("reason of %d bytes", len(cl.Reason))
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string { return "i/o timeout" }
func (timeoutErr) Timeout() bool { return true }

// A device may give up before its Hello; the server returns its Close.
func TestCloseBeforeHello(t *testing.T) {
	d, s := pipe(t)
	sendRaw(d, marshal(t, &wire.Close{Code: wire.CloseGoingAway, Reason: "powering down"}))
	_, err := wire.ServerAccept(newConn(t, s, wire.Server), acceptAll)
	var cl *wire.Close
	if !errors.As(err, &cl) || cl.Code != wire.CloseGoingAway {
		t.Errorf("ServerAccept = %v", err)
	}
}
