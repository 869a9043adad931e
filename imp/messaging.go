package imp

import (
	"context"
	"errors"
	"fmt"

	"drey/squirrel"
	"drey/squirrel/msg"
	"drey/wire"
)

// Peer carries messages from this runtime's code to the other half of
// its device-agent pair: the agent for device code, the device for agent
// code.
type Peer interface {
	// Send sends one message, its value encoded by squirrel/msg. An error
	// means it was not sent. Otherwise done is called exactly once, from
	// any goroutine: with nil when the peer's handler took the message,
	// or with the reason it did not (a *NackError, or ErrConnectionLost).
	Send(name string, payload []byte, done func(error)) error
}

// The ways a message can fail to reach its handler, as the sender's
// onfail callback hears them.
var (
	// ErrNoHandler: the receiver registered no handler for the name.
	ErrNoHandler = errors.New("no handler")
	// ErrBadPayload: the value does not decode in the receiver's VM.
	ErrBadPayload = errors.New("bad payload")
	// ErrNotConnected: the peer is not connected.
	ErrNotConnected = errors.New("not connected")
	// ErrConnectionLost: the link dropped before the peer answered; the
	// message may or may not have been handled.
	ErrConnectionLost = errors.New("connection lost")
	// ErrUnavailable: the agent is not running.
	ErrUnavailable = errors.New("agent not running")
)

// The integer codes agent.send and device.send return, as on the imp
// (0 is success). They are root constants of device and agent code.
const (
	SendOK              = 0
	SendNotConnected    = 1 // SEND_ERROR_NOT_CONNECTED
	SendTooManyInFlight = 2 // SEND_ERROR_BUSY
	SendTooLarge        = 3 // SEND_ERROR_TOO_LARGE
)

// The reasons server.onshutdown handlers receive, as on the imp.
const (
	ShutdownNewSquirrel = 1 // SHUTDOWN_NEWSQUIRREL: new customer code
	ShutdownNewFirmware = 2 // SHUTDOWN_NEWFIRMWARE: a platform upgrade
	ShutdownOther       = 3 // SHUTDOWN_OTHER
)

// messaging is the runtime's half of device-agent messaging.
type messaging struct {
	handlers   map[string]*callback
	inFlight   int
	connected  bool
	onConnect  *callback // agent: device.onconnect
	onDisconn  *callback // agent: device.ondisconnect; device: server.onunexpecteddisconnect
	peerObject string    // "agent" on a device, "device" in an agent
}

func (r *Runtime) installMessaging() {
	r.msg.handlers = map[string]*callback{}
	name := "agent"
	if r.cfg.Kind == Agent {
		name = "device"
	}
	r.msg.peerObject = name
	for k, v := range map[string]int{"SEND_ERROR_NOT_CONNECTED": SendNotConnected, "SEND_ERROR_BUSY": SendTooManyInFlight,
		"SEND_ERROR_TOO_LARGE": SendTooLarge, "SHUTDOWN_NEWSQUIRREL": ShutdownNewSquirrel,
		"SHUTDOWN_NEWFIRMWARE": ShutdownNewFirmware, "SHUTDOWN_OTHER": ShutdownOther} {
		r.constant(k, squirrel.Int(int32(v)))
	}
	t := r.table(name)
	r.fn(t, "on", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		n, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		if len(n) > wire.MaxMessageName {
			return squirrel.Null, vm.Errorf("message name longer than %d bytes", wire.MaxMessageName)
		}
		if a[2].IsNull() {
			r.release(r.msg.handlers[n])
			delete(r.msg.handlers, n)
			return squirrel.Null, nil
		}
		if !squirrel.IsCallable(a[2]) {
			return squirrel.Null, vm.ArgError(2, a[2], "function")
		}
		r.release(r.msg.handlers[n])
		cb := r.newCallback(a[2])
		r.msg.handlers[n] = &cb
		return squirrel.Null, nil
	})
	r.fn(t, "send", -3, r.send)
	if r.cfg.Kind == Agent {
		r.fn(t, "isconnected", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
			return squirrel.Bool(r.msg.connected), nil
		})
		r.fn(t, "onconnect", 2, r.setHandler(&r.msg.onConnect))
		r.fn(t, "ondisconnect", 2, r.setHandler(&r.msg.onDisconn))
		return
	}
	srv, _ := r.vm.Root().GetStr("server")
	st := srv.Table()
	r.fn(st, "isconnected", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		return squirrel.Bool(r.msg.connected), nil
	})
	r.fn(st, "onunexpecteddisconnect", 2, r.setHandler(&r.msg.onDisconn))
	r.fn(st, "onshutdown", 2, r.setHandler(&r.shut))
	r.fn(st, "restart", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		r.restart = true
		if r.cfg.OnRestart != nil {
			r.cfg.OnRestart()
		}
		return squirrel.Null, nil
	})
}

// setHandler returns a native function that registers (or, given null,
// removes) the handler kept in *slot.
func (r *Runtime) setHandler(slot **callback) squirrel.NativeFunc {
	return func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		r.release(*slot)
		*slot = nil
		if a[1].IsNull() {
			return squirrel.Null, nil
		}
		if !squirrel.IsCallable(a[1]) {
			return squirrel.Null, vm.ArgError(1, a[1], "function|null")
		}
		cb := r.newCallback(a[1])
		*slot = &cb
		return squirrel.Null, nil
	}
}

// send is agent.send(name, value[, onfail]) on a device and
// device.send(name, value[, onfail]) in an agent. It returns 0 when the
// message left, or a SEND_ERROR code when it could not; a failure learnt
// later (the peer had no handler, the link dropped) calls onfail(reason),
// or is logged when there is no onfail.
func (r *Runtime) send(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
	name, err := vm.StringArg(a, 1)
	if err != nil {
		return squirrel.Null, err
	}
	if len(a) > 4 {
		return squirrel.Null, vm.Errorf("wrong number of parameters")
	}
	var onfail squirrel.Value
	if len(a) == 4 && !a[3].IsNull() {
		if !squirrel.IsCallable(a[3]) {
			return squirrel.Null, vm.ArgError(3, a[3], "function")
		}
		onfail = a[3]
	}
	payload, err := msg.Encode(a[2], wire.MaxPayload)
	if err != nil {
		if errors.Is(err, msg.ErrTooLarge) {
			return squirrel.Int(SendTooLarge), nil
		}
		return squirrel.Null, vm.Errorf("%s.send: %v", r.msg.peerObject, err)
	}
	if !r.msg.connected || r.cfg.Peer == nil {
		return squirrel.Int(SendNotConnected), nil
	}
	if r.msg.inFlight >= wire.MaxInFlight {
		return squirrel.Int(SendTooManyInFlight), nil
	}
	var cb *callback
	if !onfail.IsNull() {
		c := r.newCallback(onfail)
		cb = &c
	}
	done := func(err error) {
		r.post(func(ctx context.Context) {
			r.msg.inFlight--
			if err == nil {
				r.release(cb)
				return
			}
			if cb != nil {
				r.invoke(ctx, cb, vm.Str(name), vm.Str(err.Error()))
				return
			}
			r.logError(fmt.Sprintf("%s.send(%q) failed: %v", r.msg.peerObject, name, err))
		})
	}
	if err := r.cfg.Peer.Send(name, payload, done); err != nil {
		r.release(cb)
		return squirrel.Int(SendNotConnected), nil
	}
	r.msg.inFlight++
	return squirrel.Int(SendOK), nil
}

// post queues fn even when the inbox is full: it completes something the
// runtime itself started (a send, an HTTP request), so it must not be
// lost.
func (r *Runtime) post(fn func(context.Context)) { r.PostAlways(fn) }

// PostAlways queues fn like Post, but never drops it: when the inbox is
// full, a goroutine waits for room. It is for events that must not be
// lost, such as the peer connecting. Safe to call from any goroutine.
func (r *Runtime) PostAlways(fn func(context.Context)) {
	if r.Post(fn) != nil {
		go func() { r.inbox <- fn }()
	}
}

// logError writes a line to the error log as server.error does.
func (r *Runtime) logError(s string) {
	if r.cfg.OnLog != nil {
		r.cfg.OnLog(true, s, nil)
	}
	fmt.Fprintf(r.cfg.Err, "[%s] ERROR: %s\n", r.cfg.Kind, s)
}

// Deliver hands a message from the peer to the handler registered for
// its name. It must run on the loop's goroutine (from a Post, or between
// event-loop runs). It returns ErrNoHandler or ErrBadPayload when the
// message could not be handed over; an error inside the handler is the
// code's own, reported to its log, and Deliver returns nil.
func (r *Runtime) Deliver(ctx context.Context, name string, payload []byte) error {
	cb := r.msg.handlers[name]
	if cb == nil {
		return ErrNoHandler
	}
	v, err := msg.Decode(r.vm, payload)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadPayload, err)
	}
	r.call(ctx, cb, v)
	return nil
}

// SetConnected tells the code its peer connected or disconnected: in an
// agent, device.onconnect or device.ondisconnect runs; on a device, a
// lost link runs server.onunexpecteddisconnect(reason). It must run on
// the loop's goroutine.
func (r *Runtime) SetConnected(ctx context.Context, connected bool, reason string) {
	if r.msg.connected == connected {
		return
	}
	r.msg.connected = connected
	switch {
	case connected && r.msg.onConnect != nil && r.cfg.Kind == Agent:
		r.call(ctx, r.msg.onConnect)
	case !connected && r.msg.onDisconn != nil:
		if r.cfg.Kind == Agent {
			r.call(ctx, r.msg.onDisconn)
		} else {
			r.call(ctx, r.msg.onDisconn, r.vm.Str(reason))
		}
	}
}

// Shutdown asks device code to get ready for a restart, calling its
// server.onshutdown(reason) handler, and reports whether there was one.
// Without a handler the code accepts at once; with one, the restart
// waits for server.restart() (see Restarting). It must run on the loop's
// goroutine.
func (r *Runtime) Shutdown(ctx context.Context, reason int) bool {
	if r.shut == nil {
		return false
	}
	r.call(ctx, r.shut, squirrel.Int(int32(reason)))
	return true
}

// Restarting reports whether the code has called server.restart().
func (r *Runtime) Restarting() bool { return r.restart }

// NackFor returns the wire reason for a delivery error from Deliver or
// Post (0 for nil: delivered).
func NackFor(err error) wire.NackReason {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrNoHandler):
		return wire.NackNoHandler
	case errors.Is(err, ErrBadPayload):
		return wire.NackBadPayload
	case errors.Is(err, ErrBusy):
		return wire.NackBusy
	}
	return wire.NackUnavailable
}

// NackError returns the error a sender's onfail hears for a nack reason.
func NackError(r wire.NackReason) error {
	switch r {
	case wire.NackNoHandler:
		return ErrNoHandler
	case wire.NackBadPayload:
		return ErrBadPayload
	case wire.NackBusy:
		return ErrBusy
	}
	return ErrUnavailable
}
