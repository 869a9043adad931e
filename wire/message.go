package wire

// Message carries a device↔agent message: agent.send(name, value) on the
// device, device.send(name, value) in the agent. The payload is the value
// in the encoding of drey/squirrel/msg; this package does not look inside
// it. The receiver answers every Message with a MessageAck or a
// MessageNack carrying its ID.
type Message struct {
	ID      uint32 // chosen by the sender, unique among its unanswered Messages
	Name    string // the message name handlers are registered under, at most MaxMessageName bytes
	Payload []byte // a drey/squirrel/msg encoding, at most MaxPayload bytes
}

// Type returns TypeMessage.
func (*Message) Type() Type { return TypeMessage }

// Encode appends the body of m to b.
func (m *Message) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeMessage, b)
	e.uvarint(uint64(m.ID))
	e.string("name", m.Name, MaxMessageName)
	e.bytes("payload", m.Payload, MaxPayload)
	return e.result()
}

func (m *Message) decode(d *decoder) {
	m.ID = d.uint32("id")
	m.Name = d.string("name", MaxMessageName)
	m.Payload = d.bytes("payload", MaxPayload)
}

// MessageAck says that the Message with ID was handed to its handler.
type MessageAck struct {
	ID uint32
}

// Type returns TypeMessageAck.
func (*MessageAck) Type() Type { return TypeMessageAck }

// Encode appends the body of a to b.
func (a *MessageAck) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeMessageAck, b)
	e.uvarint(uint64(a.ID))
	return e.result()
}

func (a *MessageAck) decode(d *decoder) { a.ID = d.uint32("id") }

// MessageNack says that the Message with ID was dropped, and why. The
// sender's code learns of it through the send's onfail callback, or its
// log when it gave none.
type MessageNack struct {
	ID     uint32
	Reason NackReason
}

// Type returns TypeMessageNack.
func (*MessageNack) Type() Type { return TypeMessageNack }

// Encode appends the body of n to b.
func (n *MessageNack) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeMessageNack, b)
	e.uvarint(uint64(n.ID))
	e.enum("reason", byte(n.Reason), nackNames)
	return e.result()
}

func (n *MessageNack) decode(d *decoder) {
	n.ID = d.uint32("id")
	n.Reason = NackReason(d.enum("reason", nackNames))
}

// NackReason says why a Message was dropped.
type NackReason byte

// The reasons for a MessageNack.
const (
	NackNoHandler   NackReason = iota + 1 // no handler is registered for the name
	NackBadPayload                        // the payload is not a value the receiver can decode
	NackUnavailable                       // the agent is not running (sent by the server for it)
	NackBusy                              // the receiver's queue of unhandled messages is full
)

var nackNames = enum{"", "no-handler", "bad-payload", "unavailable", "busy"}

// String returns the reason's name, such as "no-handler".
func (r NackReason) String() string { return nackNames.name(byte(r)) }
