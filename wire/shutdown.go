package wire

import "time"

// Shutdown asks the device to restart, as the imp's server calls the
// device code's server.onshutdown(reason) handler. The code answers by
// calling server.restart(), which the device sends as ShutdownReady, or
// by deferring, sent as ShutdownDefer. A device whose code registered no
// handler is ready at once. Firmware upgrades negotiate through
// UpgradeOffer instead, which says whether they may be deferred.
type Shutdown struct {
	Reason ShutdownReason
	// Deadline is 0 for a request, which the device code may defer.
	// Otherwise it is a demand: the device restarts when Deadline has
	// passed whatever its code does, and does not send ShutdownDefer.
	// Whole seconds, up to MaxDeadline.
	Deadline time.Duration
}

// Type returns TypeShutdown.
func (*Shutdown) Type() Type { return TypeShutdown }

// Encode appends the body of s to b.
func (s *Shutdown) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeShutdown, b)
	e.enum("reason", byte(s.Reason), shutdownNames)
	e.seconds("deadline", s.Deadline, 0, MaxDeadline)
	return e.result()
}

func (s *Shutdown) decode(d *decoder) {
	s.Reason = ShutdownReason(d.enum("reason", shutdownNames))
	s.Deadline = d.seconds("deadline", 0, MaxDeadline)
}

// ShutdownReason is the reason a Shutdown gives, and the device code's
// onshutdown handler sees.
type ShutdownReason byte

// The shutdown reasons.
const (
	ShutdownNewCode ShutdownReason = iota + 1 // restart into the deployment last acknowledged (SHUTDOWN_NEWSQUIRREL)
	ShutdownOther                             // restart for another reason: the owner asked, or the server is moving the device (SHUTDOWN_OTHER)
)

var shutdownNames = enum{"", "new-code", "other"}

// String returns "new-code" or "other".
func (r ShutdownReason) String() string { return shutdownNames.name(byte(r)) }

// ShutdownReady says the device is about to restart as the last Shutdown
// asked: it sends a Close with CloseNormal next and closes the connection.
type ShutdownReady struct{}

// Type returns TypeShutdownReady.
func (*ShutdownReady) Type() Type { return TypeShutdownReady }

// Encode appends the (empty) body of r to b.
func (*ShutdownReady) Encode(b []byte) ([]byte, error) { return b, nil }

func (*ShutdownReady) decode(*decoder) {}

// ShutdownDefer says the device code deferred the last Shutdown, a
// request: the server asks again after Delay, and turns the request into
// a demand after a bounded number of deferrals (REQ-PROC-12).
type ShutdownDefer struct {
	Delay time.Duration // whole seconds from 1 s to MaxDefer, counted from when the server receives it
}

// Type returns TypeShutdownDefer.
func (*ShutdownDefer) Type() Type { return TypeShutdownDefer }

// Encode appends the body of s to b.
func (s *ShutdownDefer) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeShutdownDefer, b)
	e.seconds("delay", s.Delay, time.Second, MaxDefer)
	return e.result()
}

func (s *ShutdownDefer) decode(d *decoder) { s.Delay = d.seconds("delay", time.Second, MaxDefer) }
