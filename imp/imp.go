// Package imp provides the Electric Imp API to Squirrel code: the imp,
// server and hardware tables of a device, or the imp and server tables
// of an agent, driven by an event loop with a simulated clock. The local
// runner (drey sq --imp) uses it to run customer code and library tests
// on a developer's machine; the device simulator and the agent runtime
// build on it.
package imp

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"drey/squirrel"
	"drey/squirrel/lib"
)

// Kind says which side of the platform the code runs on.
type Kind int

// The two kinds of imp code.
const (
	Device Kind = iota
	Agent
)

// String returns "Device" or "Agent", as the imp's logs label lines.
func (k Kind) String() string {
	if k == Agent {
		return "Agent"
	}
	return "Device"
}

// Config configures a Runtime.
type Config struct {
	Kind Kind
	// Start is the simulated wall-clock time when the runtime starts
	// (zero: the real time now).
	Start time.Time
	// Log receives server.log lines and print output; Err receives
	// server.error lines and runtime errors.
	Log, Err io.Writer
	// MemoryLimit is the Squirrel heap budget (0: the default for the
	// kind: 80 KB on a device, 1 MB for an agent).
	MemoryLimit int
	// StepLimit bounds each entry into Squirrel (0: 10 million steps).
	StepLimit int64
	// OnLog, if set, also receives every server.log and server.error
	// line, and every uncaught runtime error with its stack trace: what a
	// device sends to the cloud log.
	OnLog func(isError bool, text string, trace []squirrel.TraceFrame)
	// Voltage reads the supply for hardware.voltage() (nil: 3.3 V, mains).
	Voltage func() float64
	// Temperature is what the thermistor on hardware.pin9 senses at
	// simulated time t, in °C (nil: 20 °C ± 3 °C over the UTC day).
	Temperature func(t time.Time) float64
	// Sources, if set, maps positions in the program back to the files
	// it was concatenated from, for error reports.
	Sources *Sources
	// Inbox is how many posted events may wait (0: DefaultInbox).
	Inbox int
	// Peer is the other half of the device-agent pair (nil: none, as
	// when code runs alone under drey sq; sends fail as not connected).
	Peer Peer
	// Storage keeps an agent's server.save data (nil: kept in memory).
	Storage Storage
	// HTTP sends an agent's outbound requests (nil: http.get and the
	// other request functions fail with an error status).
	HTTP *http.Client
	// AgentURL is what an agent's http.agenturl() returns.
	AgentURL string
	// MaxDuty, between 0 and 1, bounds the share of one CPU that
	// RunRealtime lets the code use: after a callback that ran for d (over
	// a millisecond), the loop pauses so that d is at most MaxDuty of the
	// time (0: no bound). It keeps a busy agent from crowding out others.
	MaxDuty float64
	// DeviceID is the device's id, for hardware.getdeviceid() and
	// imp.getmacaddress() (empty: a fixed id for local runs).
	DeviceID string
	// OnRestart runs when device code calls server.restart().
	OnRestart func()
	// MaxEvents bounds how many timer and idle callbacks Drain runs, so
	// that code which re-arms a timer forever still ends (0: 100000).
	MaxEvents int
}

// Runtime is one imp's Squirrel VM with its API and event loop. It is not
// safe for concurrent use.
type Runtime struct {
	cfg    Config
	vm     *squirrel.VM
	now    time.Time // the simulated clock
	start  time.Time
	timers timerHeap
	seq    int
	idle   *callback
	errs   int
	inbox  chan func(context.Context)
	ctx    context.Context // of the loop or call running now, for natives that block

	msg     messaging
	web     agentHTTP
	shut    *callback
	saved   []byte // server.save data when there is no Storage
	restart bool
}

// callback is a Squirrel function to call later with the this of the
// code that registered it.
type callback struct {
	fn, this squirrel.Value
}

// New returns a runtime with the API of cfg.Kind installed.
func New(cfg Config) *Runtime {
	if cfg.Start.IsZero() {
		cfg.Start = time.Now()
	}
	if cfg.MemoryLimit == 0 {
		cfg.MemoryLimit = 80 << 10
		if cfg.Kind == Agent {
			cfg.MemoryLimit = 1 << 20
		}
	}
	if cfg.StepLimit == 0 {
		cfg.StepLimit = 10_000_000
	}
	if cfg.MaxEvents == 0 {
		cfg.MaxEvents = 100_000
	}
	if cfg.Inbox == 0 {
		cfg.Inbox = DefaultInbox
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Err == nil {
		cfg.Err = io.Discard
	}
	r := &Runtime{cfg: cfg, now: cfg.Start, start: cfg.Start, inbox: make(chan func(context.Context), cfg.Inbox)}
	r.vm = squirrel.New(squirrel.Options{
		MemoryLimit: cfg.MemoryLimit,
		StepLimit:   cfg.StepLimit,
		Float32:     cfg.Kind == Device,
		Stdout:      cfg.Log,
		Stderr:      cfg.Err,
		Now:         func() time.Time { return r.now },
	})
	lib.Open(r.vm, lib.Options{})
	r.installImp()
	r.installServer()
	r.installCrypto()
	r.installMessaging()
	if cfg.Kind == Device {
		r.installHardware()
	} else {
		r.installHTTP()
	}
	return r
}

// VM returns the runtime's Squirrel VM.
func (r *Runtime) VM() *squirrel.VM { return r.vm }

// Now returns the simulated time.
func (r *Runtime) Now() time.Time { return r.now }

// Errors returns how many uncaught runtime errors were reported.
func (r *Runtime) Errors() int { return r.errs }

// Run compiles and runs src as the imp's main program. A compile error
// is returned; a runtime error is reported to the error log, as on the
// imp, and returned.
func (r *Runtime) Run(ctx context.Context, filename string, src []byte) error {
	cl, err := r.vm.Compile(filename, src)
	if err != nil {
		return err
	}
	return r.RunClosure(ctx, cl)
}

// RunClosure runs a loaded main program, reporting a runtime error as
// Run does.
func (r *Runtime) RunClosure(ctx context.Context, cl *squirrel.Closure) error {
	r.ctx = ctx
	_, err := r.vm.Call(ctx, squirrel.ObjectValue(cl), squirrel.TableValue(r.vm.Root()))
	r.report(err)
	return err
}

// report logs an uncaught runtime error with its stack trace.
func (r *Runtime) report(err error) {
	if err == nil {
		return
	}
	r.errs++
	var e *squirrel.Error
	if errors.As(err, &e) {
		if r.cfg.OnLog != nil {
			r.cfg.OnLog(true, e.Msg, e.Trace)
		}
		fmt.Fprintf(r.cfg.Err, "[%s] ERROR: %s\n", r.cfg.Kind, e.Msg)
		for _, f := range e.Trace {
			if f.File == "NATIVE" {
				fmt.Fprintf(r.cfg.Err, "[%s] ERROR:   at %s: native\n", r.cfg.Kind, f.Func)
				continue
			}
			file, line := f.File, f.Line
			if s := r.cfg.Sources; s != nil && file == s.Name {
				file, line = s.Locate(line)
			}
			fmt.Fprintf(r.cfg.Err, "[%s] ERROR:   at %s:%d in %s()\n", r.cfg.Kind, file, line, f.Func)
		}
		return
	}
	fmt.Fprintf(r.cfg.Err, "[%s] ERROR: %v\n", r.cfg.Kind, err)
}

// Drain runs the event loop until no timer or idle callback is left, or
// MaxEvents have run, advancing the simulated clock to each timer as it
// falls due. It returns the number of callbacks run.
func (r *Runtime) Drain(ctx context.Context) (int, error) {
	return r.RunUntil(ctx, time.Time{})
}

// RunUntil runs the event loop like Drain, but stops before the first
// timer due after deadline and then moves the clock to deadline (a zero
// deadline means no limit). It returns the number of callbacks run.
func (r *Runtime) RunUntil(ctx context.Context, deadline time.Time) (int, error) {
	r.ctx = ctx
	n := 0
	for n < r.cfg.MaxEvents {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if k := r.runPosted(ctx); k > 0 {
			n += k
			continue
		}
		if r.idle != nil && (len(r.timers) == 0 || r.timers[0].due.After(r.now)) {
			// The imp calls onidle when no other event is due now.
			cb := r.idle
			r.idle = nil
			r.invoke(ctx, cb)
			n++
			continue
		}
		if len(r.timers) == 0 || (!deadline.IsZero() && r.timers[0].due.After(deadline)) {
			if !deadline.IsZero() && deadline.After(r.now) {
				r.now = deadline
			}
			return n, nil
		}
		t := heap.Pop(&r.timers).(*timer)
		if t.due.After(r.now) {
			r.now = t.due
		}
		r.invoke(ctx, &t.cb)
		n++
	}
	return n, fmt.Errorf("event loop stopped after %d callbacks (MaxEvents)", n)
}

func (r *Runtime) invoke(ctx context.Context, cb *callback, args ...squirrel.Value) {
	r.vm.Unpin(cb.fn)
	r.vm.Unpin(cb.this)
	_, err := r.vm.Call(ctx, cb.fn, cb.this, args...)
	r.report(err)
}

// newCallback keeps fn (and the caller's this) for a later call.
func (r *Runtime) newCallback(fn squirrel.Value) callback {
	this := r.vm.CallerThis()
	r.vm.Pin(fn)
	r.vm.Pin(this)
	return callback{fn: fn, this: this}
}

// RunRealtime runs the event loop against the real clock until ctx is
// done: it sleeps until the next timer falls due, as a live device does.
func (r *Runtime) RunRealtime(ctx context.Context) error {
	r.ctx = ctx
	for {
		r.now = time.Now()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		began := r.now
		if r.runPosted(ctx) > 0 {
			r.throttle(ctx, began)
			continue
		}
		if r.idle != nil && (len(r.timers) == 0 || r.timers[0].due.After(r.now)) {
			cb := r.idle
			r.idle = nil
			r.invoke(ctx, cb)
			r.throttle(ctx, began)
			continue
		}
		var wait <-chan time.Time
		var t *time.Timer
		if len(r.timers) > 0 {
			d := r.timers[0].due.Sub(r.now)
			if d <= 0 {
				tm := heap.Pop(&r.timers).(*timer)
				r.invoke(ctx, &tm.cb)
				r.throttle(ctx, began)
				continue
			}
			t = time.NewTimer(d)
			wait = t.C
		}
		select {
		case <-ctx.Done():
			if t != nil {
				t.Stop()
			}
			return ctx.Err()
		case fn := <-r.inbox:
			if t != nil {
				t.Stop()
			}
			r.now = time.Now()
			fn(ctx)
			r.throttle(ctx, r.now)
		case <-wait:
		}
	}
}

// throttle pauses the loop after work that began at began, to keep the
// code within MaxDuty.
func (r *Runtime) throttle(ctx context.Context, began time.Time) {
	d := time.Since(began)
	if r.cfg.MaxDuty <= 0 || r.cfg.MaxDuty >= 1 || d < time.Millisecond {
		return
	}
	pause := time.Duration(float64(d) * (1 - r.cfg.MaxDuty) / r.cfg.MaxDuty)
	t := time.NewTimer(pause)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
