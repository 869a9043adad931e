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
// link, stores deployed code crash-safely and restarts the VM on it,
// carries out platform upgrade offers (upgrade.go), and sends every log
// line and uncaught error, with its Squirrel stack, to the cloud. An
// uncaught error restarts the VM after o.ErrorRestart.
func (d *Device) RunOnline(ctx context.Context, o Online) error {
	if _, _, err := d.Start(); err != nil {
		return err
	}
	if o.Creds != nil && o.Creds.WrapKey != nil {
		// The key-wrapping key registered at enrolment is the one the
		// operator wraps content keys for (drey release wrap).
		d.Boot.Key = o.Creds.WrapKey
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
	u := &uplink{restartNow: make(chan struct{}, 1), firmware: make(chan firmwareAsk), halt: make(chan *vmHold)}
	up := newUpgrader(d, u, o.Reconnect)
	restart := make(chan time.Duration, 1)
	go d.superviseCode(ctx, o, u, restart)
	backoff := time.Second
	for ctx.Err() == nil {
		if !up.waitRestart(ctx) {
			break
		}
		l, err := link.DialWith(ctx, o.Addr, o.ServerName, o.Creds, d.Boot, link.DialOptions{Reset: up.resetReason()})
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
		lctx, lost := context.WithCancel(ctx)
		l.OnMessage = u.deliver
		l.OnUpgrade = func(f *wire.UpgradeOffer) { up.offer(ctx, lctx, l, f) }
		l.OnRoot = func(v uint64, err error) {
			if err != nil {
				fmt.Fprintf(d.log, "improm: root of trust update refused, still version %d: %v\n", v, err)
				return
			}
			fmt.Fprintf(d.log, "improm: root of trust updated to version %d\n", v)
		}
		u.set(l)
		up.connected(l)
		go func() {
			for range l.Deployed {
				select {
				case restart <- 0:
				default:
				}
			}
		}()
		err = l.Run(ctx)
		lost()
		u.set(nil)
		close(l.Deployed)
		if ctx.Err() != nil {
			l.Close()
			break
		}
		if up.restarting() {
			continue // the device closed its link to install new firmware
		}
		fmt.Fprintf(d.log, "improm: link to %s lost: %v\n", o.Addr, err)
		if !sleep(ctx, jitter(backoff)) {
			break
		}
	}
	return nil
}

// superviseCode runs the customer code, restarting its VM after a new
// deployment (at once) or an uncaught error (after a delay), and
// stopping it while new firmware installs.
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
		wait, finished, hold := d.watchCode(ctx, o, u, restart, errored, done)
		stop()
		if !finished {
			<-done
		}
		if hold != nil {
			// The device is restarting into new firmware: the VM stays
			// stopped until it has.
			close(hold.stopped)
			select {
			case <-hold.release:
			case <-ctx.Done():
			}
			continue
		}
		if wait > 0 && !sleep(ctx, wait) {
			return
		}
	}
}

// watchCode waits, while the code runs, for what ends its VM: ctx, new
// code, server.restart(), an uncaught error (wait before the next VM) or
// a platform install (hold). It answers firmware negotiations on the way,
// so that the code's server.restart() reaches them and not the restart
// case. finished reports that the code's VM already ended.
func (d *Device) watchCode(ctx context.Context, o Online, u *uplink, restart chan time.Duration, errored chan struct{}, done chan error) (wait time.Duration, finished bool, hold *vmHold) {
	for {
		select {
		case <-ctx.Done():
			return 0, finished, nil
		case <-restart:
			// New code is stored: the running code may get ready first.
			u.negotiate(ctx, imp.ShutdownNewSquirrel, o.ShutdownGrace)
			return 0, finished, nil
		case <-u.restartNow:
			// The code called server.restart() of its own accord.
			return 0, finished, nil
		case <-errored:
			fmt.Fprintf(d.log, "improm: code error, restarting the VM in %v\n", o.ErrorRestart)
			return o.ErrorRestart, finished, nil
		case a := <-u.firmware:
			a.ready <- u.negotiate(ctx, imp.ShutdownNewFirmware, a.grace)
		case h := <-u.halt:
			return 0, finished, h
		case err := <-done:
			// No code, or it cannot load: wait for a deployment.
			finished, done = true, nil
			if err != nil && !errors.Is(err, ErrNoCode) {
				fmt.Fprintf(d.log, "improm: %v\n", err)
			}
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

	restartNow chan struct{}    // the code called server.restart()
	firmware   chan firmwareAsk // an upgrade asks the running code to get ready
	halt       chan *vmHold     // an upgrade stops the VM
}

// firmwareAsk asks the code supervisor to run the code's
// server.onshutdown(SHUTDOWN_NEWFIRMWARE) handler; ready hears whether
// the code got ready within grace.
type firmwareAsk struct {
	grace time.Duration
	ready chan bool
}

// vmHold stops the code's VM while new firmware installs.
type vmHold struct {
	stopped chan struct{} // closed by the supervisor once the VM has stopped
	release chan struct{} // closed by the installer: start the VM again
}

// askFirmware asks the running code to get ready for new firmware and
// reports whether it did within grace (see negotiate); false also if ctx
// ends first.
func (u *uplink) askFirmware(ctx context.Context, grace time.Duration) bool {
	a := firmwareAsk{grace: grace, ready: make(chan bool, 1)}
	select {
	case u.firmware <- a:
	case <-ctx.Done():
		return false
	}
	select {
	case ready := <-a.ready:
		return ready && ctx.Err() == nil
	case <-ctx.Done():
		return false
	}
}

// stopVM stops the code's VM and keeps it stopped until release is
// called.
func (u *uplink) stopVM(ctx context.Context) (release func()) {
	h := &vmHold{stopped: make(chan struct{}), release: make(chan struct{})}
	select {
	case u.halt <- h:
	case <-ctx.Done():
		return func() {}
	}
	select {
	case <-h.stopped:
	case <-ctx.Done():
	}
	return func() { close(h.release) }
}

func (u *uplink) restartRequested() {
	select {
	case u.restartNow <- struct{}{}:
	default:
	}
}

// negotiate runs the code's server.onshutdown(reason) handler, if it
// has one, and waits until the code calls server.restart() or grace
// passes. It reports whether the code is ready: it has no handler (or no
// VM runs), or it called server.restart() in time.
func (u *uplink) negotiate(ctx context.Context, reason int, grace time.Duration) bool {
	u.mu.Lock()
	rt := u.rt
	u.mu.Unlock()
	if rt == nil {
		return true
	}
	select {
	case <-u.restartNow:
	default:
	}
	has := make(chan bool, 1)
	rt.PostAlways(func(ctx context.Context) { has <- rt.Shutdown(ctx, reason) })
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case h := <-has:
		if !h {
			return true
		}
	case <-ctx.Done():
		return false
	case <-t.C:
		return false
	}
	select {
	case <-u.restartNow:
		return true
	case <-ctx.Done():
	case <-t.C:
	}
	return false
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
