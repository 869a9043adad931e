package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"drey/cloud/identity"
	"drey/device/link"
	"drey/imp"
	"drey/squirrel"
	"drey/squirrel/compile"
	"drey/wire"
)

// Online says how a device stays connected to the service.
type Online struct {
	Addr       string // the gateway, HOST:PORT
	ServerName string // the name its certificate is checked against
	Creds      *identity.Credentials
	// ErrorRestart is how long the device waits after an uncaught error
	// in its code before restarting its VM, as the imp does (0: 10 s).
	ErrorRestart time.Duration
	// Reconnect bounds the backoff between connection attempts (0: 60 s);
	// the first retry comes after about a second.
	Reconnect time.Duration
	// Configure, if set, adjusts each new runtime's configuration before
	// the code starts (a simulated sensor, say).
	Configure func(*imp.Config)
	// ShutdownGrace bounds how long device code's server.onshutdown
	// handler may put off a restart for new code before it happens anyway
	// (0: 60 s).
	ShutdownGrace time.Duration
	// OnConnect, if set, hears each connection and what the server said.
	OnConnect func(wire.HelloAck)
}

// RunOnline runs the device as a connected imp until ctx is done: it
// keeps a link to the service (reconnecting with backoff when it drops),
// runs the installed customer code live with the agent API wired to the
// link, stores deployed code crash-safely and restarts the VM on it, and
// sends every log line and uncaught error, with its Squirrel stack, to
// the cloud. An uncaught error restarts the VM after o.ErrorRestart.
func (d *Device) RunOnline(ctx context.Context, o Online) error {
	if _, _, err := d.Start(); err != nil {
		return err
	}
	if o.ErrorRestart == 0 {
		o.ErrorRestart = 10 * time.Second
	}
	if o.Reconnect == 0 {
		o.Reconnect = 60 * time.Second
	}
	if o.ShutdownGrace == 0 {
		o.ShutdownGrace = 60 * time.Second
	}
	u := &uplink{restartNow: make(chan struct{}, 1)}
	restart := make(chan time.Duration, 1)
	go d.superviseCode(ctx, o, u, restart)
	backoff := time.Second
	for ctx.Err() == nil {
		l, err := link.Dial(ctx, o.Addr, o.ServerName, o.Creds, d.Boot)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			fmt.Fprintf(d.log, "improm: connecting to %s: %v (retrying in %v)\n", o.Addr, err, backoff.Round(time.Second))
			if !sleep(ctx, jitter(backoff)) {
				break
			}
			backoff = min(backoff*2, o.Reconnect)
			continue
		}
		backoff = time.Second
		if o.OnConnect != nil {
			o.OnConnect(l.Ack())
		}
		l.OnMessage = u.deliver
		u.set(l)
		go func() {
			for range l.Deployed {
				select {
				case restart <- 0:
				default:
				}
			}
		}()
		err = l.Run(ctx)
		u.set(nil)
		close(l.Deployed)
		if ctx.Err() != nil {
			l.Close()
			break
		}
		fmt.Fprintf(d.log, "improm: link to %s lost: %v\n", o.Addr, err)
		if !sleep(ctx, jitter(backoff)) {
			break
		}
	}
	return nil
}

// superviseCode runs the customer code, restarting its VM after a new
// deployment (at once) or an uncaught error (after a delay).
func (d *Device) superviseCode(ctx context.Context, o Online, u *uplink, restart chan time.Duration) {
	for ctx.Err() == nil {
		cctx, stop := context.WithCancel(ctx)
		errored := make(chan struct{}, 1)
		onLog := func(isError bool, text string, trace []squirrel.TraceFrame) {
			u.log(isError, text, trace)
			if trace != nil {
				select {
				case errored <- struct{}{}:
				default:
				}
			}
		}
		done := make(chan error, 1)
		go func() { done <- d.runConnected(cctx, o, u, onLog) }()
		var wait time.Duration
		finished := false
		select {
		case <-ctx.Done():
		case <-restart:
			// New code is stored: the running code may get ready first.
			u.negotiate(ctx, o.ShutdownGrace)
		case <-u.restartNow:
			// The code called server.restart() of its own accord.
		case <-errored:
			wait = o.ErrorRestart
			fmt.Fprintf(d.log, "improm: code error, restarting the VM in %v\n", wait)
		case err := <-done:
			finished = true
			if err != nil && !errors.Is(err, ErrNoCode) {
				fmt.Fprintf(d.log, "improm: %v\n", err)
			}
			// No code, or it cannot load: wait for a deployment.
			select {
			case <-ctx.Done():
			case <-restart:
			}
		}
		stop()
		if !finished {
			<-done
		}
		if wait > 0 && !sleep(ctx, wait) {
			return
		}
	}
}

// runConnected runs the installed code live with the runtime attached
// to the uplink until ctx ends.
func (d *Device) runConnected(ctx context.Context, o Online, u *uplink, onLog func(bool, string, []squirrel.TraceFrame)) error {
	data, err := d.Boot.Code()
	if err != nil {
		return err
	}
	if data == nil {
		return ErrNoCode
	}
	p, err := compile.DecodeProgram(data)
	if err != nil {
		return fmt.Errorf("stored bytecode: %w", err)
	}
	cfg := imp.Config{Kind: imp.Device, Log: d.log, Err: d.log, Voltage: d.Boot.Supply.Voltage, OnLog: onLog, Start: time.Now(), Peer: u,
		DeviceID: o.Creds.DeviceID, OnRestart: u.restartRequested}
	if o.Configure != nil {
		o.Configure(&cfg)
	}
	rt := imp.New(cfg)
	u.attach(ctx, rt)
	defer u.attach(ctx, nil)
	rt.RunClosure(ctx, rt.VM().Load(p))
	if err := rt.RunRealtime(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

// uplink joins the device's current link (which comes and goes) and its
// current runtime (which restarts).
type uplink struct {
	mu sync.Mutex
	l  *link.Link
	rt *imp.Runtime

	restartNow chan struct{} // the code called server.restart()
}

func (u *uplink) restartRequested() {
	select {
	case u.restartNow <- struct{}{}:
	default:
	}
}

// negotiate runs the code's server.onshutdown(SHUTDOWN_NEWSQUIRREL)
// handler, if it has one, and waits until the code calls
// server.restart() or grace passes. Without a handler it returns at
// once: the code accepts the restart.
func (u *uplink) negotiate(ctx context.Context, grace time.Duration) {
	u.mu.Lock()
	rt := u.rt
	u.mu.Unlock()
	if rt == nil {
		return
	}
	select {
	case <-u.restartNow:
	default:
	}
	has := make(chan bool, 1)
	if rt.Post(func(ctx context.Context) { has <- rt.Shutdown(ctx, imp.ShutdownNewSquirrel) }) != nil {
		return
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case h := <-has:
		if !h {
			return
		}
	case <-ctx.Done():
		return
	case <-t.C:
		return
	}
	select {
	case <-u.restartNow:
	case <-ctx.Done():
	case <-t.C:
	}
}

func (u *uplink) set(l *link.Link) {
	u.mu.Lock()
	u.l = l
	rt := u.rt
	u.mu.Unlock()
	if rt != nil {
		connected := l != nil
		rt.PostAlways(func(ctx context.Context) { rt.SetConnected(ctx, connected, "link lost") })
	}
}

func (u *uplink) attach(ctx context.Context, rt *imp.Runtime) {
	u.mu.Lock()
	u.rt = rt
	connected := u.l != nil
	u.mu.Unlock()
	if rt != nil && connected {
		rt.SetConnected(ctx, true, "")
	}
}

// Send implements imp.Peer.
func (u *uplink) Send(name string, payload []byte, done func(error)) error {
	u.mu.Lock()
	l := u.l
	u.mu.Unlock()
	if l == nil {
		return imp.ErrNotConnected
	}
	return l.Send(name, payload, done)
}

// deliver hands a message from the agent to the running code.
func (u *uplink) deliver(name string, payload []byte, reply func(wire.NackReason)) {
	u.mu.Lock()
	rt := u.rt
	u.mu.Unlock()
	if rt == nil {
		reply(wire.NackNoHandler)
		return
	}
	if err := rt.Post(func(ctx context.Context) { reply(imp.NackFor(rt.Deliver(ctx, name, payload))) }); err != nil {
		reply(wire.NackBusy)
	}
}

// log sends a log line or an error with its stack to the cloud, if
// connected; offline lines are only on the device's console.
func (u *uplink) log(isError bool, text string, trace []squirrel.TraceFrame) {
	u.mu.Lock()
	l := u.l
	u.mu.Unlock()
	if l == nil {
		return
	}
	if isError && trace != nil {
		we := &wire.Error{Text: wire.CutText(text, wire.MaxErrorText)}
		for i, f := range trace {
			if i == wire.MaxStackFrames {
				break
			}
			we.Stack = append(we.Stack, wire.StackFrame{Function: wire.CutText(f.Func, wire.MaxFunction), File: wire.CutText(f.File, wire.MaxFile), Line: uint32(max(f.Line, 0))})
		}
		l.SendError(we)
		return
	}
	level := wire.LogInfo
	if isError {
		level = wire.LogError
	}
	l.Log(level, text)
}

// sleep waits for d or ctx, and reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// jitter spreads reconnections of a fleet over ±25% of d.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration((rand.Float64()-0.5)*0.5*float64(d))
}
