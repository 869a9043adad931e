package wire

import "fmt"

// Type is a frame's type byte.
type Type byte

// The frame types of protocol version 1. Related frames share the high
// nibble; docs/protocol.md has the table.
const (
	TypeHello         Type = 0x01
	TypeHelloAck      Type = 0x02
	TypePing          Type = 0x03
	TypePong          Type = 0x04
	TypeClose         Type = 0x05
	TypeLog           Type = 0x10
	TypeError         Type = 0x11
	TypeMessage       Type = 0x20
	TypeMessageAck    Type = 0x21
	TypeMessageNack   Type = 0x22
	TypeDeploy        Type = 0x30
	TypeDeployAck     Type = 0x31
	TypeUpgradeOffer  Type = 0x40
	TypeUpgradeStatus Type = 0x41
	TypeRoot          Type = 0x42
	TypeRootAck       Type = 0x43
	TypeShutdown      Type = 0x50
	TypeShutdownReady Type = 0x51
	TypeShutdownDefer Type = 0x52
)

// Side names an end of the connection. As a mask it says which sides may
// send a frame type.
type Side uint8

// The two sides.
const (
	Device Side = 1 << iota
	Server
)

// Both is the mask of frame types either side may send.
const Both = Device | Server

// String returns "device", "server" or "both".
func (s Side) String() string {
	switch s {
	case Device:
		return "device"
	case Server:
		return "server"
	case Both:
		return "both"
	}
	return fmt.Sprintf("Side(%d)", uint8(s))
}

// peer returns the other side.
func (s Side) peer() Side { return Both &^ s }

type typeInfo struct {
	name string
	from Side
	new  func() Frame
}

var types = map[Type]typeInfo{
	TypeHello:         {"Hello", Device, func() Frame { return new(Hello) }},
	TypeHelloAck:      {"HelloAck", Server, func() Frame { return new(HelloAck) }},
	TypePing:          {"Ping", Both, func() Frame { return new(Ping) }},
	TypePong:          {"Pong", Both, func() Frame { return new(Pong) }},
	TypeClose:         {"Close", Both, func() Frame { return new(Close) }},
	TypeLog:           {"Log", Device, func() Frame { return new(Log) }},
	TypeError:         {"Error", Device, func() Frame { return new(Error) }},
	TypeMessage:       {"Message", Both, func() Frame { return new(Message) }},
	TypeMessageAck:    {"MessageAck", Both, func() Frame { return new(MessageAck) }},
	TypeMessageNack:   {"MessageNack", Both, func() Frame { return new(MessageNack) }},
	TypeDeploy:        {"Deploy", Server, func() Frame { return new(Deploy) }},
	TypeDeployAck:     {"DeployAck", Device, func() Frame { return new(DeployAck) }},
	TypeUpgradeOffer:  {"UpgradeOffer", Server, func() Frame { return new(UpgradeOffer) }},
	TypeUpgradeStatus: {"UpgradeStatus", Device, func() Frame { return new(UpgradeStatus) }},
	TypeRoot:          {"Root", Server, func() Frame { return new(Root) }},
	TypeRootAck:       {"RootAck", Device, func() Frame { return new(RootAck) }},
	TypeShutdown:      {"Shutdown", Server, func() Frame { return new(Shutdown) }},
	TypeShutdownReady: {"ShutdownReady", Device, func() Frame { return new(ShutdownReady) }},
	TypeShutdownDefer: {"ShutdownDefer", Device, func() Frame { return new(ShutdownDefer) }},
}

// Types returns every frame type of this version, in type-byte order.
func Types() []Type {
	var out []Type
	for t := 0; t < 256; t++ {
		if _, ok := types[Type(t)]; ok {
			out = append(out, Type(t))
		}
	}
	return out
}

// String returns the frame type's name, such as "Hello".
func (t Type) String() string {
	if i, ok := types[t]; ok {
		return i.name
	}
	return fmt.Sprintf("Type(0x%02x)", byte(t))
}

// Sender returns the sides that may send frames of type t, or 0 for an
// unknown type.
func (t Type) Sender() Side { return types[t].from }
