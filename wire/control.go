package wire

// Ping asks the peer for a Pong with the same nonce. A side sends one when
// it has sent nothing for the keepalive interval.
type Ping struct {
	Nonce uint64
}

// Type returns TypePing.
func (*Ping) Type() Type { return TypePing }

// Encode appends the body of p to b.
func (p *Ping) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypePing, b)
	e.uvarint(p.Nonce)
	return e.result()
}

func (p *Ping) decode(d *decoder) { p.Nonce = d.uvarint("nonce") }

// Pong answers a Ping, echoing its nonce. A Pong whose nonce matches no
// Ping sent is ignored.
type Pong struct {
	Nonce uint64
}

// Type returns TypePong.
func (*Pong) Type() Type { return TypePong }

// Encode appends the body of p to b.
func (p *Pong) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypePong, b)
	e.uvarint(p.Nonce)
	return e.result()
}

func (p *Pong) decode(d *decoder) { p.Nonce = d.uvarint("nonce") }

// Close is the last frame a side sends before it closes the transport:
// why it is closing. It is also an error, so that a handshake refused by
// the peer, or refused by an accept function, can be returned as one.
type Close struct {
	Code   CloseCode
	Reason string // for people and logs, at most MaxCloseReason bytes
}

// Type returns TypeClose.
func (*Close) Type() Type { return TypeClose }

// Encode appends the body of c to b.
func (c *Close) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeClose, b)
	e.enum("code", byte(c.Code), closeNames)
	e.string("reason", c.Reason, MaxCloseReason)
	return e.result()
}

func (c *Close) decode(d *decoder) {
	c.Code = CloseCode(d.enum("code", closeNames))
	c.Reason = d.string("reason", MaxCloseReason)
}

// Error returns the code and reason, so a Close can be returned as an error.
func (c *Close) Error() string {
	if c.Reason == "" {
		return "wire: close: " + c.Code.String()
	}
	return "wire: close: " + c.Code.String() + ": " + c.Reason
}

// CloseCode classifies why a connection was closed.
type CloseCode byte

// The close codes.
const (
	CloseNormal       CloseCode = iota // done: the device restarts, or the server moved it
	CloseProtocol                      // a malformed or unexpected frame
	CloseVersion                       // no protocol version in common; the reason says which the sender speaks
	CloseTooLarge                      // a frame over the connection's limit
	CloseTimeout                       // nothing received within the keepalive timeout
	CloseUnauthorized                  // the identity is unknown, revoked, or not the one in the certificate
	CloseReplaced                      // the same device connected again; this connection is the older
	CloseGoingAway                     // the server is shutting down; reconnect with backoff
	CloseInternal                      // the sender failed; reconnect with backoff
)

var closeNames = enum{"normal", "protocol-error", "unsupported-version", "frame-too-large", "timeout", "unauthorized", "replaced", "going-away", "internal-error"}

// String returns the code's name, such as "protocol-error".
func (c CloseCode) String() string { return closeNames.name(byte(c)) }
