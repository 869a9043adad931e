package wire_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"drey/wire"
)

// choppy passes each Write to its transport a few bytes at a time, as a
// TLS connection may, so that frames written without the lock would
// interleave.
type choppy struct{ net.Conn }

func (c choppy) Write(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		k := min(len(b), 7)
		m, err := c.Conn.Write(b[:k])
		n += m
		if err != nil {
			return n, err
		}
		b = b[k:]
		runtime.Gosched()
	}
	return n, nil
}

// Two goroutines writing at once produce whole frames, each in the order
// its goroutine wrote them. Run with -race.
func TestConcurrentWrites(t *testing.T) {
	const perWriter = 300
	d, s := pipe(t)
	dev, err := wire.NewConn(choppy{d}, wire.Device, wire.Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := newConn(t, s, wire.Server)
	go func() {
		if _, err := wire.ClientHello(dev, *helloSample()); err != nil {
			t.Error(err)
			return
		}
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := range perWriter {
					id := uint32(w<<16 | i)
					m := &wire.Message{ID: id, Name: fmt.Sprintf("w%d", w), Payload: bytes.Repeat([]byte{byte(id)}, i*13%2000)}
					if err := dev.WriteFrame(m); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}()
	if _, err := wire.ServerAccept(srv, acceptAll); err != nil {
		t.Fatal(err)
	}
	next := [2]int{}
	for range 2 * perWriter {
		f, err := srv.ReadFrame()
		if err != nil {
			t.Fatal(err)
		}
		m := f.(*wire.Message)
		w, i := int(m.ID>>16), int(m.ID&0xffff)
		if w > 1 || m.Name != fmt.Sprintf("w%d", w) || i != next[w] ||
			!bytes.Equal(m.Payload, bytes.Repeat([]byte{byte(m.ID)}, i*13%2000)) {
			t.Fatalf("frame %d of writer %d: %q id %x, %d bytes", next[w], w, m.Name, m.ID, len(m.Payload))
		}
		next[w]++
	}
}

// A peer that sends nothing within the idle timeout fails the read with a
// timeout, which CloseFor turns into CloseTimeout.
func TestIdleTimeout(t *testing.T) {
	_, s := pipe(t)
	srv, err := wire.NewConn(s, wire.Server, wire.Config{IdleTimeout: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = srv.ReadFrame()
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("ReadFrame = %v, want a timeout", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("timed out after %v", time.Since(start))
	}
	if cl := wire.CloseFor(err); cl.Code != wire.CloseTimeout {
		t.Errorf("CloseFor = %v", cl)
	}
	// A transport without deadlines cannot have an idle timeout.
	if _, err := wire.NewConn(struct{ io.ReadWriter }{s}, wire.Server, wire.Config{IdleTimeout: time.Second}); err == nil {
		t.Error("IdleTimeout accepted without SetReadDeadline")
	}
}

// A peer that stops reading cannot hold a writer for ever: with a write
// timeout, the write fails with a timeout, and so does every later one,
// since the stream may hold part of a frame. Other writers waiting for
// the connection get the same error instead of waiting for ever.
func TestWriteTimeout(t *testing.T) {
	d, _ := pipe(t) // nobody reads the other end
	dev, err := wire.NewConn(d, wire.Device, wire.Config{WriteTimeout: 30 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- dev.WriteFrame(&wire.Hello{Version: wire.Version, Model: "imp001", DeviceID: "d1"}) }()
	}
	for range 2 {
		if err := <-errs; !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("WriteFrame = %v, want a timeout", err)
		}
	}
	if err := dev.WriteFrame(&wire.Ping{Nonce: 1}); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("WriteFrame after a timeout = %v, want the same timeout", err)
	}
	if _, err := wire.NewConn(struct{ io.ReadWriter }{d}, wire.Device, wire.Config{WriteTimeout: time.Second}); err == nil {
		t.Error("WriteTimeout accepted without SetWriteDeadline")
	}
	if _, err := wire.NewConn(d, wire.Device, wire.Config{WriteTimeout: -time.Second}); err == nil {
		t.Error("a negative WriteTimeout accepted")
	}
}

// The frame limit is per connection, in both directions: a frame over it
// is refused before its body is read, and not written at all.
func TestFrameLimit(t *testing.T) {
	d, s := pipe(t)
	small := wire.Config{MaxFrame: wire.MinMaxFrame}
	dev, _ := wire.NewConn(d, wire.Device, small)
	srv, _ := wire.NewConn(s, wire.Server, small)
	big := &wire.Message{ID: 1, Name: "big", Payload: make([]byte, wire.MinMaxFrame)}
	go func() {
		if err := dev.WriteFrame(helloSample()); err != nil {
			t.Error(err)
		}
		if err := dev.WriteFrame(big); !errors.Is(err, wire.ErrTooLarge) {
			t.Errorf("WriteFrame of %d bytes = %v", wire.MinMaxFrame, err)
		}
		// Nothing was written: the connection still works.
		if err := dev.WriteFrame(&wire.Ping{Nonce: 5}); err != nil {
			t.Error(err)
		}
		// A peer that ignores the limit.
		sendRaw(d, marshal(t, big))
	}()
	for _, want := range []wire.Type{wire.TypeHello, wire.TypePing} {
		if f, err := srv.ReadFrame(); err != nil || f.Type() != want {
			t.Fatalf("ReadFrame = %v, %v; want %v", f, err, want)
		}
	}
	_, err := srv.ReadFrame()
	var fe *wire.FrameError
	if !errors.As(err, &fe) || !errors.Is(err, wire.ErrTooLarge) || fe.Field != "length" {
		t.Errorf("ReadFrame = %v, want ErrTooLarge", err)
	}
	if _, err := wire.NewConn(s, wire.Server, wire.Config{MaxFrame: 100}); err == nil {
		t.Error("MaxFrame below MinMaxFrame accepted")
	}
}

// ReadFrame allocates for the bytes that arrive, not for the length the
// prefix claims: a peer that announces a full-size frame and sends ten
// bytes costs a small buffer.
func TestReadAllocatesWhatArrives(t *testing.T) {
	stream := cat(marshal(t, helloSample()), uv(wire.DefaultMaxFrame), []byte{byte(wire.TypeMessage)}, make([]byte, 10))
	c, err := wire.NewConn(struct{ io.ReadWriter }{rw(stream)}, wire.Server, wire.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadFrame(); err != nil {
		t.Fatal(err)
	}
	var err2 error
	n := allocated(func() { _, err2 = c.ReadFrame() })
	if !errors.Is(err2, io.ErrUnexpectedEOF) {
		t.Errorf("ReadFrame = %v, want unexpected EOF", err2)
	}
	if n > 64<<10 {
		t.Errorf("a 1 MiB claim with 10 bytes behind it allocated %d bytes", n)
	}
}

// A full-size frame arrives whole through the growing buffer.
func TestLargeFrame(t *testing.T) {
	code := make([]byte, wire.MaxBytecode)
	for i := range code {
		code[i] = byte(i * 7)
	}
	stream := cat(marshal(t, helloAckSample()), marshal(t, wire.NewDeploy("big", code)))
	c, _ := wire.NewConn(struct{ io.ReadWriter }{rw(stream)}, wire.Device, wire.Config{})
	if _, err := c.ReadFrame(); err != nil {
		t.Fatal(err)
	}
	f, err := c.ReadFrame()
	if err != nil {
		t.Fatal(err)
	}
	if p := f.(*wire.Deploy); !bytes.Equal(p.Bytecode, code) || p.Check() != nil {
		t.Error("bytecode damaged")
	}
	if _, err := c.ReadFrame(); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
}

func TestDeployCheck(t *testing.T) {
	p := wire.NewDeploy("d", []byte("code"))
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	p.Bytecode = []byte("cods")
	if err := p.Check(); !errors.Is(err, wire.ErrDigest) {
		t.Errorf("Check = %v", err)
	}
}

// After a Close, a side writes nothing more.
func TestWriteAfterClose(t *testing.T) {
	d, s := pipe(t)
	go io.Copy(io.Discard, s)
	dev := newConn(t, d, wire.Device)
	if err := dev.WriteFrame(&wire.Close{Code: wire.CloseNormal}); err != nil {
		t.Fatal(err)
	}
	if err := dev.WriteFrame(helloSample()); err != wire.ErrClosed {
		t.Errorf("WriteFrame after Close = %v", err)
	}
}

// rw is an io.ReadWriter that reads b and discards writes.
func rw(b []byte) io.ReadWriter {
	return struct {
		io.Reader
		io.Writer
	}{bytes.NewReader(b), io.Discard}
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}
