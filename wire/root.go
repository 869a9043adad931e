package wire

// Root delivers the next version of the platform's root of trust: signed
// root metadata (image/trust) that a threshold of the device's current
// root keys and of the new version's root keys signed. The server sends
// the versions a device lacks, one frame each and in order, after the
// hello and whenever the operator publishes a new one (REQ-VULN-6). The
// device accepts only its current version plus one (REQ-SEC-6,
// REQ-SEC-7), stores it crash-safely, and answers with a RootAck. The
// frame carries no authority of its own: a Root the device's keys did
// not sign is refused with a RootAck, and the link stays up.
type Root struct {
	Signed []byte // signed root metadata, opaque here; at most MaxRoot bytes
}

// Type returns TypeRoot.
func (*Root) Type() Type { return TypeRoot }

// Encode appends the body of r to b.
func (r *Root) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeRoot, b)
	e.bytes("signed", r.Signed, MaxRoot)
	return e.result()
}

func (r *Root) decode(d *decoder) {
	r.Signed = d.bytes("signed", MaxRoot)
}

// RootAck answers a Root: the version of the root the device trusts now,
// and why it refused the Root if it did.
type RootAck struct {
	Version uint64 // the root version the device trusts after the Root
	OK      bool   // the Root was the next version and is stored
	Error   string // why not, when !OK; empty when OK. At most MaxErrorText bytes
}

// Type returns TypeRootAck.
func (*RootAck) Type() Type { return TypeRootAck }

// Encode appends the body of a to b.
func (a *RootAck) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeRootAck, b)
	e.uvarint(a.Version)
	e.bool(a.OK)
	if a.OK != (a.Error == "") {
		e.fail("error", ErrRange, "ok=%v with %d bytes of error text: an error needs text and success has none", a.OK, len(a.Error))
	}
	e.string("error", a.Error, MaxErrorText)
	return e.result()
}

func (a *RootAck) decode(d *decoder) {
	a.Version = d.uvarint("version")
	a.OK = d.bool("ok")
	a.Error = d.string("error", MaxErrorText)
	if d.err == nil && a.OK != (a.Error == "") {
		d.fail("error", ErrRange, "ok=%v with %d bytes of error text", a.OK, len(a.Error))
	}
}
