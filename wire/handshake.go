package wire

import (
	"errors"
	"fmt"
	"io"
)

// ClientHello runs the device's side of the handshake: it sends h (with
// Version if h.Version is 0) and returns the server's HelloAck. A server
// that refuses answers with a Close, returned as the error (a *Close).
// When the server's answer is malformed or names another version,
// ClientHello sends the Close that says why before it returns the error.
// The caller closes the transport after any error.
func ClientHello(c *Conn, h Hello) (HelloAck, error) {
	if c.side != Device {
		return HelloAck{}, errors.New("wire: ClientHello on a server connection")
	}
	if h.Version == 0 {
		h.Version = Version
	}
	if err := c.WriteFrame(&h); err != nil {
		return HelloAck{}, err
	}
	f, err := c.ReadFrame()
	if err != nil {
		refuse(c, err)
		return HelloAck{}, err
	}
	switch f := f.(type) {
	case *HelloAck:
		return *f, nil
	case *Close:
		return HelloAck{}, f
	}
	return HelloAck{}, fmt.Errorf("wire: unexpected %s frame", f.Type()) // checkOrder makes this unreachable
}

// ServerAccept runs the server's side of the handshake: it reads the
// device's Hello, refusing anything else and any other version with a
// Close that says why, and asks accept for the HelloAck. accept refuses a
// device by returning an error: a *Close is sent as it is (say
// CloseUnauthorized for an identity that does not match the certificate),
// any other error as CloseInternal. The HelloAck's Version is set to the
// Hello's. ServerAccept returns the Hello, or the error; the caller logs
// it and closes the transport.
func ServerAccept(c *Conn, accept func(Hello) (HelloAck, error)) (Hello, error) {
	if c.side != Server {
		return Hello{}, errors.New("wire: ServerAccept on a device connection")
	}
	f, err := c.ReadFrame()
	if err != nil {
		refuse(c, err)
		return Hello{}, err
	}
	var h Hello
	switch f := f.(type) {
	case *Hello:
		h = *f
	case *Close:
		return Hello{}, f
	default:
		return Hello{}, fmt.Errorf("wire: unexpected %s frame", f.Type()) // checkOrder makes this unreachable
	}
	ack, err := accept(h)
	if err != nil {
		_ = c.WriteFrame(CloseFor(err)) // best effort: the connection is closing
		return h, err
	}
	ack.Version = h.Version
	if err := c.WriteFrame(&ack); err != nil {
		_ = c.WriteFrame(&Close{Code: CloseInternal, Reason: "the server could not send its HelloAck"})
		return h, err
	}
	return h, nil
}

// refuse tells the peer why the connection is closing, when the error is
// one it can be told about: nothing is sent after the transport ended.
func refuse(c *Conn, err error) {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return
	}
	_ = c.WriteFrame(CloseFor(err)) // best effort: the connection is closing
}

// CloseFor returns the Close frame that tells the peer why err ends the
// connection: a *Close as it is; CloseVersion, CloseTooLarge or
// CloseProtocol for a *FrameError; CloseTimeout for a transport timeout;
// CloseInternal otherwise. The reason is the error's text, cut to
// MaxCloseReason.
func CloseFor(err error) *Close {
	var (
		c       *Close
		fe      *FrameError
		timeout interface{ Timeout() bool }
	)
	code := CloseInternal
	switch {
	case errors.As(err, &c):
		return c
	case errors.Is(err, ErrUnsupportedVersion):
		code = CloseVersion
	case errors.Is(err, ErrTooLarge):
		code = CloseTooLarge
	case errors.As(err, &fe):
		code = CloseProtocol
	case errors.As(err, &timeout) && timeout.Timeout():
		code = CloseTimeout
	}
	return &Close{Code: code, Reason: CutText(err.Error(), MaxCloseReason)}
}
