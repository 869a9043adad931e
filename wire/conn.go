package wire

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// ReadDeadliner is the part of a net.Conn, such as *tls.Conn, that a Conn
// uses for keepalive: a read that sees no frame within the idle timeout
// fails, and the owner closes the connection.
type ReadDeadliner interface {
	SetReadDeadline(t time.Time) error
}

// Config sets a connection's limits.
type Config struct {
	// MaxFrame bounds the length of a frame (type byte and body) in
	// both directions: 0 means DefaultMaxFrame; otherwise at least
	// MinMaxFrame.
	MaxFrame int
	// IdleTimeout, if set, fails a ReadFrame that has not read a whole
	// frame within it. The transport must implement ReadDeadliner.
	// Servers start with HandshakeTimeout and switch to
	// KeepaliveTimeout(keepalive) after the handshake.
	IdleTimeout time.Duration
	// WriteTimeout, if set, fails a WriteFrame that has not handed its
	// frame to the transport within it, so that a peer that stops
	// reading cannot hold a writer for ever. The transport must have a
	// SetWriteDeadline method. A timed-out write is final, as any write
	// error is: the stream may hold part of a frame.
	WriteTimeout time.Duration
}

// writeDeadliner is the part of a net.Conn that WriteTimeout needs.
type writeDeadliner interface {
	SetWriteDeadline(t time.Time) error
}

// ErrClosed is returned by WriteFrame once this side has sent a Close.
var ErrClosed = errors.New("wire: Close already sent")

// firstChunk is how much of a frame body ReadFrame allocates before the
// bytes arrive; it doubles the buffer as they do, so memory follows what
// the peer has sent, not what its length prefix claims.
const firstChunk = 16 << 10

// Conn is one side of a device connection over a transport, normally a
// *tls.Conn. It frames, checks and decodes what it reads, and enforces the
// handshake order and the direction of each frame type. One goroutine may
// read while others write: writes are serialized, so frames never
// interleave.
type Conn struct {
	side Side
	max  int
	dl   ReadDeadliner
	idle atomic.Int64 // time.Duration

	r     *bufio.Reader
	nread int   // frames read
	armed bool  // a read deadline is set on the transport
	rerr  error // the first read error: after it the stream is out of step

	wmu    sync.Mutex
	w      io.Writer
	wdl    writeDeadliner // set when WriteTimeout is
	wto    time.Duration
	wbuf   []byte
	nwrote int   // frames written
	werr   error // the first write error, or ErrClosed
}

// NewConn returns the side end of a connection over rw.
func NewConn(rw io.ReadWriter, side Side, cfg Config) (*Conn, error) {
	if side != Device && side != Server {
		return nil, fmt.Errorf("wire: NewConn: side %v, want Device or Server", side)
	}
	switch {
	case cfg.MaxFrame == 0:
		cfg.MaxFrame = DefaultMaxFrame
	case cfg.MaxFrame < MinMaxFrame:
		return nil, fmt.Errorf("wire: NewConn: MaxFrame %d is below MinMaxFrame (%d)", cfg.MaxFrame, MinMaxFrame)
	}
	c := &Conn{side: side, max: cfg.MaxFrame, r: bufio.NewReader(rw), w: rw}
	c.dl, _ = rw.(ReadDeadliner)
	if err := c.SetIdleTimeout(cfg.IdleTimeout); err != nil {
		return nil, err
	}
	if cfg.WriteTimeout < 0 {
		return nil, fmt.Errorf("wire: NewConn: write timeout %v is negative", cfg.WriteTimeout)
	}
	if cfg.WriteTimeout > 0 {
		wdl, ok := rw.(writeDeadliner)
		if !ok {
			return nil, errors.New("wire: NewConn: write timeout set, but the transport has no SetWriteDeadline")
		}
		c.wdl, c.wto = wdl, cfg.WriteTimeout
	}
	return c, nil
}

// Side returns the side this end speaks for.
func (c *Conn) Side() Side { return c.side }

// MaxFrame returns the connection's frame limit.
func (c *Conn) MaxFrame() int { return c.max }

// SetIdleTimeout changes the idle timeout (0: none) from the next
// ReadFrame on.
func (c *Conn) SetIdleTimeout(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("wire: idle timeout %v is negative", d)
	}
	if d > 0 && c.dl == nil {
		return errors.New("wire: idle timeout set, but the transport has no SetReadDeadline")
	}
	c.idle.Store(int64(d))
	return nil
}

// ReadFrame reads the next frame. It returns io.EOF when the peer closed
// the transport between frames. Any other error is final: a *FrameError
// says what was wrong with the frame (see CloseFor), and anything else is
// the transport's. Byte-slice fields of the frame are its own.
func (c *Conn) ReadFrame() (Frame, error) {
	if c.rerr != nil {
		return nil, c.rerr
	}
	f, err := c.readFrame()
	if err != nil {
		c.rerr = err
		return nil, err
	}
	c.nread++
	return f, nil
}

func (c *Conn) readFrame() (Frame, error) {
	if idle := time.Duration(c.idle.Load()); idle > 0 || c.armed {
		var t time.Time
		if idle > 0 {
			t = time.Now().Add(idle)
		}
		if err := c.dl.SetReadDeadline(t); err != nil {
			return nil, fmt.Errorf("wire: setting the read deadline: %w", err)
		}
		c.armed = idle > 0
	}
	n, t, err := readHeader(c.r, c.max)
	if err != nil {
		return nil, transportErr(err)
	}
	if err := c.checkRead(t); err != nil {
		return nil, err
	}
	body, err := readBody(c.r, n-1)
	if err != nil {
		return nil, transportErr(err)
	}
	return Decode(t, body)
}

// transportErr wraps an error of the transport, leaving io.EOF as is and
// a *FrameError from the header alone.
func transportErr(err error) error {
	var fe *FrameError
	switch {
	case err == io.EOF, errors.As(err, &fe):
		return err
	case err == io.ErrUnexpectedEOF:
		return fmt.Errorf("wire: the connection ended inside a frame: %w", err)
	}
	return fmt.Errorf("wire: reading a frame: %w", err)
}

// readBody reads n bytes, growing its buffer only as bytes arrive.
func readBody(r io.Reader, n int) ([]byte, error) {
	buf := make([]byte, min(n, firstChunk))
	got := 0
	for {
		k, err := io.ReadFull(r, buf[got:])
		got += k
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		if got == n {
			return buf, nil
		}
		next := make([]byte, min(n, 2*len(buf)))
		copy(next, buf)
		buf = next
	}
}

// hello returns the frame type that opens the side's half of the stream.
func hello(s Side) Type {
	if s == Device {
		return TypeHello
	}
	return TypeHelloAck
}

// checkRead refuses a frame the peer may not send, or not now.
func (c *Conn) checkRead(t Type) error {
	return checkOrder(t, c.side.peer(), c.nread)
}

// checkOrder checks that side from may send a frame of type t after n
// frames: its hello (or a Close) first, and its hello only once.
func checkOrder(t Type, from Side, n int) error {
	switch {
	case t.Sender()&from == 0:
		return &FrameError{Type: t, Err: ErrUnexpected, Detail: fmt.Sprintf("%s frames come from the %s, not the %s", t, t.Sender(), from)}
	case n == 0 && t != hello(from) && t != TypeClose:
		return &FrameError{Type: t, Err: ErrUnexpected, Detail: fmt.Sprintf("the %s's first frame must be %s", from, hello(from))}
	case n > 0 && t == hello(from):
		return &FrameError{Type: t, Err: ErrUnexpected, Detail: "a second " + t.String()}
	}
	return nil
}

// WriteFrame encodes f and writes it as one frame. An encoding error, a
// frame over the limit or a frame this side may not send now is returned
// with nothing written; a transport error is final.
func (c *Conn) WriteFrame(f Frame) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.werr != nil {
		return c.werr
	}
	if f == nil {
		return errors.New("wire: WriteFrame of a nil frame")
	}
	t := f.Type()
	if err := checkOrder(t, c.side, c.nwrote); err != nil {
		return err
	}
	buf, err := AppendFrame(c.wbuf[:0], f)
	if err != nil {
		return err
	}
	if n, _ := binary.Uvarint(buf); n > uint64(c.max) {
		return &FrameError{Type: t, Field: "length", Err: ErrTooLarge, Detail: fmt.Sprintf("%d bytes, limit %d", n, c.max)}
	}
	if c.wdl != nil {
		if err := c.wdl.SetWriteDeadline(time.Now().Add(c.wto)); err != nil {
			c.werr = fmt.Errorf("wire: setting the write deadline: %w", err)
			return c.werr
		}
	}
	_, err = c.w.Write(buf)
	if cap(buf) <= firstChunk {
		c.wbuf = buf // keep a small buffer; let a large one go
	}
	if err != nil {
		c.werr = fmt.Errorf("wire: writing a %s frame: %w", t, err)
		return c.werr
	}
	c.nwrote++
	if t == TypeClose {
		c.werr = ErrClosed
	}
	return nil
}
