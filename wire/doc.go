// Package wire is the protocol a Drey device and the cloud gateway speak
// over their one mutually authenticated TLS 1.3 connection: framing,
// limits, version negotiation and the codec of every message. It does no
// I/O of its own beyond the io.ReadWriter it is given, and it knows nothing
// of Squirrel: a device↔agent payload is opaque bytes here, in the
// encoding of package drey/squirrel/msg, decoded by whoever runs the
// handler. docs/protocol.md is the specification; this comment is its
// grammar.
//
//	stream   = frame* .
//	frame    = length:uvarint type:u8 body .      length = 1 + len(body), 1 ≤ length ≤ MaxFrame
//	uvarint  = minimal LEB128, at most 10 bytes, at most 64 bits .
//	u8       = one byte: an enum or a bool (0, 1) .
//	string   = n:uvarint n*byte .                 n ≤ the field's bound
//	bytes    = n:uvarint n*byte .                 n ≤ the field's bound
//	list     = n:uvarint n*item .                 n ≤ the list's bound
//	digest   = 32*byte .                          SHA-256
//	seconds  = uvarint .                          a duration in whole seconds
//	millis   = uvarint .                          Unix time in milliseconds
//
// The body of each type is a fixed sequence of these fields, in the order
// its Encode method writes them. Decoding is strict, so every message has
// exactly one encoding: a length over the limit, an unknown type, a field
// that runs past the end of the frame, bytes left after the last field, a
// string or list over its bound, an enum value not defined, a varint that
// overflows its field or is not minimal are each a *FrameError naming the
// frame type and the field. The connection that sent it is closed; no
// other connection is affected.
//
// The frame layer (length, type) and the first field of Hello and
// HelloAck (the protocol version) never change between versions, so two
// peers can always learn that they do not share one.
package wire
