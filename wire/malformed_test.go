package wire_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"drey/wire"
)

// Helpers that build frames by hand, to break them.

func uv(n uint64) []byte { return binary.AppendUvarint(nil, n) }

func str(s string) []byte { return append(uv(uint64(len(s))), s...) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// raw returns a frame of type t around body, with a correct length.
func raw(t wire.Type, body ...[]byte) []byte {
	b := cat(body...)
	return cat(uv(uint64(1+len(b))), []byte{byte(t)}, b)
}

// Each class of malformed input is refused with a *FrameError that names
// its class, the frame type and the field.
func TestMalformed(t *testing.T) {
	digest := make([]byte, 32)
	cases := []struct {
		name  string
		in    []byte
		class error
		typ   wire.Type // 0: the type is not known
		field string
	}{
		{"oversized length", cat(uv(wire.DefaultMaxFrame+1), []byte{byte(wire.TypePing)}), wire.ErrTooLarge, 0, "length"},
		{"huge length", cat(uv(1<<63), []byte{byte(wire.TypePing)}), wire.ErrTooLarge, 0, "length"},
		{"length varint overflow", bytes.Repeat([]byte{0xff}, 11), wire.ErrOverflow, 0, "length"},
		{"non-minimal length", []byte{0x82, 0x00, byte(wire.TypePing), 0x00}, wire.ErrNonCanonical, 0, "length"},
		{"empty frame", []byte{0x00}, wire.ErrTruncated, 0, "type"},
		{"unknown type", raw(0x7f), wire.ErrUnknownType, 0, "type"},
		{"type zero", raw(0x00), wire.ErrUnknownType, 0, "type"},
		{"frame cut short", raw(wire.TypePing, uv(5))[:2], wire.ErrTruncated, wire.TypePing, "length"},
		{"header cut short", []byte{0x83}, wire.ErrTruncated, 0, "length"},

		{"truncated varint", raw(wire.TypePing), wire.ErrTruncated, wire.TypePing, "nonce"},
		{"truncated string", raw(wire.TypeLog, []byte{0}, uv(10), []byte("abc")), wire.ErrTruncated, wire.TypeLog, "text"},
		{"truncated digest", raw(wire.TypeDeploy, str("d"), str("code"), digest[:31]), wire.ErrTruncated, wire.TypeDeploy, "digest"},
		{"truncated enum", raw(wire.TypeMessageNack, uv(1)), wire.ErrTruncated, wire.TypeMessageNack, "reason"},
		{"truncated list", raw(wire.TypeError, str("e"), uv(2), str("f"), str("g"), uv(1)), wire.ErrTruncated, wire.TypeError, "stack"},
		{"truncated list item", raw(wire.TypeError, str("e"), uv(1), str("f"), str("g")), wire.ErrTruncated, wire.TypeError, "stack[0].line"},
		{"truncated hello", raw(wire.TypeHello, uv(wire.Version), str("imp001")), wire.ErrTruncated, wire.TypeHello, "device_id"},

		{"trailing bytes", raw(wire.TypePing, uv(1), []byte{0}), wire.ErrTrailing, wire.TypePing, ""},
		{"trailing after empty body", raw(wire.TypeShutdownReady, []byte{1, 2}), wire.ErrTrailing, wire.TypeShutdownReady, ""},

		{"log text over bound", raw(wire.TypeLog, []byte{0}, str(strings.Repeat("x", wire.MaxLogText+1))), wire.ErrTooLong, wire.TypeLog, "text"},
		{"name over bound", raw(wire.TypeMessage, uv(1), str(strings.Repeat("n", wire.MaxMessageName+1)), str("")), wire.ErrTooLong, wire.TypeMessage, "name"},
		{"bound checked before size", raw(wire.TypeMessage, uv(1), uv(1<<40)), wire.ErrTooLong, wire.TypeMessage, "name"},
		{"payload over bound", raw(wire.TypeMessage, uv(1), str("n"), uv(wire.MaxPayload+1)), wire.ErrTooLong, wire.TypeMessage, "payload"},
		{"bytecode over bound", raw(wire.TypeDeploy, str("d"), uv(wire.MaxBytecode+1)), wire.ErrTooLong, wire.TypeDeploy, "bytecode"},
		{"stack over bound", raw(wire.TypeError, str("e"), uv(wire.MaxStackFrames+1)), wire.ErrTooLong, wire.TypeError, "stack"},
		{"list item over bound", raw(wire.TypeError, str("e"), uv(2), str("f"), str("g"), uv(1), str("f"), str(strings.Repeat("x", wire.MaxFile+1)), uv(1)),
			wire.ErrTooLong, wire.TypeError, "stack[1].file"},
		{"local over bound", raw(wire.TypeError, str("e"), uv(0), uv(1), str(strings.Repeat("x", wire.MaxLocalName+1)), str("")),
			wire.ErrTooLong, wire.TypeError, "locals[0].name"},
		{"close reason over bound", raw(wire.TypeClose, []byte{0}, str(strings.Repeat("x", wire.MaxCloseReason+1))), wire.ErrTooLong, wire.TypeClose, "reason"},

		{"bad log level", raw(wire.TypeLog, []byte{2}, str("x")), wire.ErrBadEnum, wire.TypeLog, "level"},
		{"bad close code", raw(wire.TypeClose, []byte{9}, str("")), wire.ErrBadEnum, wire.TypeClose, "code"},
		{"bad reset reason", raw(wire.TypeHello, uv(wire.Version), str(""), str(""), str(""), str(""), uv(0), uv(0), uv(0), []byte{200}, str("")),
			wire.ErrBadEnum, wire.TypeHello, "reset"},
		{"nack reason zero", raw(wire.TypeMessageNack, uv(1), []byte{0}), wire.ErrBadEnum, wire.TypeMessageNack, "reason"},
		{"bad bool", raw(wire.TypeDeployAck, str("d"), []byte{2}, str("")), wire.ErrBadEnum, wire.TypeDeployAck, "ok"},
		{"bad upgrade mode", raw(wire.TypeUpgradeOffer, str("r"), []byte{3}), wire.ErrBadEnum, wire.TypeUpgradeOffer, "mode"},
		{"bad upgrade state", raw(wire.TypeUpgradeStatus, str("r"), []byte{7}), wire.ErrBadEnum, wire.TypeUpgradeStatus, "state"},
		{"bad shutdown reason", raw(wire.TypeShutdown, []byte{3}, uv(0)), wire.ErrBadEnum, wire.TypeShutdown, "reason"},

		{"varint overflow", raw(wire.TypePing, bytes.Repeat([]byte{0xff}, 10), []byte{0x01}), wire.ErrOverflow, wire.TypePing, "nonce"},
		{"varint of 11 bytes", raw(wire.TypePong, bytes.Repeat([]byte{0x80}, 10), []byte{0x00}), wire.ErrOverflow, wire.TypePong, "nonce"},
		{"non-minimal varint", raw(wire.TypePing, []byte{0x80, 0x00}), wire.ErrNonCanonical, wire.TypePing, "nonce"},
		{"id over 32 bits", raw(wire.TypeMessageAck, uv(1<<32)), wire.ErrRange, wire.TypeMessageAck, "id"},
		{"line over 32 bits", raw(wire.TypeError, str("e"), uv(1), str("f"), str("g"), uv(1<<32), uv(0)), wire.ErrRange, wire.TypeError, "stack[0].line"},
		{"battery over 32 bits", raw(wire.TypeUpgradeStatus, str("r"), []byte{1}, str(""), uv(1<<33)), wire.ErrRange, wire.TypeUpgradeStatus, "battery_mv"},
		{"keepalive zero", raw(wire.TypeHelloAck, uv(wire.Version), uv(0), uv(0), str("")), wire.ErrRange, wire.TypeHelloAck, "keepalive"},
		{"keepalive too long", raw(wire.TypeHelloAck, uv(wire.Version), uv(0), uv(3601), str("")), wire.ErrRange, wire.TypeHelloAck, "keepalive"},
		{"server time past int64", raw(wire.TypeHelloAck, uv(wire.Version), uv(1<<63), uv(60), str("")), wire.ErrRange, wire.TypeHelloAck, "server_time"},
		{"defer of zero", raw(wire.TypeShutdownDefer, uv(0)), wire.ErrRange, wire.TypeShutdownDefer, "delay"},
		{"deadline too long", raw(wire.TypeShutdown, []byte{1}, uv(86401)), wire.ErrRange, wire.TypeShutdown, "deadline"},
		{"grace too long", raw(wire.TypeUpgradeOffer, str("r"), []byte{1}, str("u"), str(""), str(""), uv(7*86400+1)), wire.ErrRange, wire.TypeUpgradeOffer, "grace"},
		{"deploy ack ok with error", raw(wire.TypeDeployAck, str("d"), []byte{1}, str("but")), wire.ErrRange, wire.TypeDeployAck, "error"},
		{"deploy ack failed without error", raw(wire.TypeDeployAck, str("d"), []byte{0}, str("")), wire.ErrRange, wire.TypeDeployAck, "error"},

		{"hello of another version", raw(wire.TypeHello, uv(2), []byte("a v2 body this side cannot parse")), wire.ErrUnsupportedVersion, wire.TypeHello, "version"},
		{"hello ack of another version", raw(wire.TypeHelloAck, uv(0)), wire.ErrUnsupportedVersion, wire.TypeHelloAck, "version"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, _, err := wire.Unmarshal(c.in, 0)
			if err == nil {
				t.Fatalf("accepted: %#v", f)
			}
			var fe *wire.FrameError
			if !errors.As(err, &fe) {
				t.Fatalf("%v: not a *FrameError", err)
			}
			if !errors.Is(err, c.class) {
				t.Errorf("%v: want class %v", err, c.class)
			}
			if fe.Type != c.typ || fe.Field != c.field {
				t.Errorf("%v: type %v field %q, want %v %q", err, fe.Type, fe.Field, c.typ, c.field)
			}
			if c.field != "" && !strings.Contains(err.Error(), c.field+":") {
				t.Errorf("%q does not name the field %s", err, c.field)
			}
		})
	}
}

// Encode refuses what the decoder would refuse, naming the field, so a
// sender never puts a frame on the wire that its peer must reject.
func TestEncodeRefuses(t *testing.T) {
	cases := []struct {
		frame wire.Frame
		class error
		field string
	}{
		{&wire.Log{Text: strings.Repeat("x", wire.MaxLogText+1)}, wire.ErrTooLong, "text"},
		{&wire.Log{Level: 9}, wire.ErrBadEnum, "level"},
		{&wire.Error{Stack: make([]wire.StackFrame, wire.MaxStackFrames+1)}, wire.ErrTooLong, "stack"},
		{&wire.Error{Stack: []wire.StackFrame{{}, {File: strings.Repeat("x", wire.MaxFile+1)}}}, wire.ErrTooLong, "stack[1].file"},
		{&wire.MessageNack{ID: 1}, wire.ErrBadEnum, "reason"},
		{&wire.HelloAck{Version: wire.Version, ServerTime: serverTime}, wire.ErrRange, "keepalive"},
		{&wire.HelloAck{Version: wire.Version, ServerTime: serverTime, Keepalive: 1500e6}, wire.ErrRange, "keepalive"},
		{&wire.HelloAck{Version: wire.Version, Keepalive: wire.DefaultKeepalive}, wire.ErrRange, "server_time"},
		{&wire.DeployAck{ID: "d"}, wire.ErrRange, "error"},
		{&wire.ShutdownDefer{}, wire.ErrRange, "delay"},
		{&wire.UpgradeOffer{Mode: wire.UpgradeRequest, Grace: -1}, wire.ErrRange, "grace"},
	}
	for _, c := range cases {
		_, err := wire.Marshal(c.frame)
		var fe *wire.FrameError
		if !errors.As(err, &fe) || !errors.Is(err, c.class) || fe.Field != c.field {
			t.Errorf("Marshal(%#v) = %v, want %v in %s", c.frame, err, c.class, c.field)
		}
	}
}

func TestCutText(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 3, "hel"},
		{"héllo", 2, "h"}, // é is two bytes: not split
		{"日本", 4, "日"},
		{"\x80\x80\x80\x80\x80", 3, "\x80\x80\x80"}, // not UTF-8: cut where asked
		{"abc", 0, ""},
	}
	for _, c := range cases {
		if got := wire.CutText(c.in, c.max); got != c.want {
			t.Errorf("CutText(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}
