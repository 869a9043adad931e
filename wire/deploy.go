package wire

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
)

// Deploy delivers a code deployment: the device writes the bytecode to
// its spare code slot, checks it, and answers with a DeployAck. It runs
// the new code after the restart a Shutdown with reason ShutdownNewCode
// negotiates.
type Deploy struct {
	ID       string   // deployment id, at most MaxDeploymentID bytes
	Bytecode []byte   // compiled device code, at most MaxBytecode bytes
	Digest   [32]byte // SHA-256 of Bytecode
}

// NewDeploy returns the Deploy of bytecode with its digest.
func NewDeploy(id string, bytecode []byte) *Deploy {
	return &Deploy{ID: id, Bytecode: bytecode, Digest: sha256.Sum256(bytecode)}
}

// ErrDigest is returned by Deploy.Check for bytecode that does not match
// its digest.
var ErrDigest = errors.New("wire: bytecode does not match its SHA-256 digest")

// Check reports whether the bytecode matches the digest. The decoder does
// not check it, so that the device can refuse the deployment with a
// DeployAck rather than lose its connection.
func (p *Deploy) Check() error {
	sum := sha256.Sum256(p.Bytecode)
	if subtle.ConstantTimeCompare(sum[:], p.Digest[:]) != 1 {
		return ErrDigest
	}
	return nil
}

// Type returns TypeDeploy.
func (*Deploy) Type() Type { return TypeDeploy }

// Encode appends the body of p to b.
func (p *Deploy) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeDeploy, b)
	e.string("id", p.ID, MaxDeploymentID)
	e.bytes("bytecode", p.Bytecode, MaxBytecode)
	e.digest(p.Digest)
	return e.result()
}

func (p *Deploy) decode(d *decoder) {
	p.ID = d.string("id", MaxDeploymentID)
	p.Bytecode = d.bytes("bytecode", MaxBytecode)
	p.Digest = d.digest("digest")
}

// DeployAck answers a Deploy: the bytecode is stored, or why not.
type DeployAck struct {
	ID    string // the Deploy's id
	OK    bool   // the bytecode is stored and will run after the restart
	Error string // why not, when !OK; empty when OK. At most MaxErrorText bytes
}

// Type returns TypeDeployAck.
func (*DeployAck) Type() Type { return TypeDeployAck }

// Encode appends the body of a to b.
func (a *DeployAck) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeDeployAck, b)
	e.string("id", a.ID, MaxDeploymentID)
	e.bool(a.OK)
	if a.OK != (a.Error == "") {
		e.fail("error", ErrRange, "ok=%v with %d bytes of error text: an error needs text and success has none", a.OK, len(a.Error))
	}
	e.string("error", a.Error, MaxErrorText)
	return e.result()
}

func (a *DeployAck) decode(d *decoder) {
	a.ID = d.string("id", MaxDeploymentID)
	a.OK = d.bool("ok")
	a.Error = d.string("error", MaxErrorText)
	if d.err == nil && a.OK != (a.Error == "") {
		d.fail("error", ErrRange, "ok=%v with %d bytes of error text", a.OK, len(a.Error))
	}
}
