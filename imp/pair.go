package imp

import (
	"context"
	"fmt"
	"time"
)

// pipePeer delivers one runtime's messages to another in the same
// process.
type pipePeer struct{ to *Runtime }

func (p pipePeer) Send(name string, payload []byte, done func(error)) error {
	return p.to.Post(func(ctx context.Context) { done(p.to.Deliver(ctx, name, payload)) })
}

// Pair connects a device runtime and its agent runtime in one process,
// as drey sq runs a device and an agent program together: each one's
// sends are posted to the other's event loop, and both see their peer
// connected. Call it before either runs.
func Pair(device, agent *Runtime) {
	device.cfg.Peer = pipePeer{agent}
	agent.cfg.Peer = pipePeer{device}
	device.msg.connected = true
	agent.msg.connected = true
}

// next returns when the runtime's next event is due: now if posted
// events or an idle callback wait, else its earliest timer; false if it
// has nothing left to do.
func (r *Runtime) next() (time.Time, bool) {
	if len(r.inbox) > 0 || r.idle != nil {
		return r.now, true
	}
	if len(r.timers) > 0 {
		return r.timers[0].due, true
	}
	return time.Time{}, false
}

// RunPair runs a paired device and agent (see Pair) on one simulated
// clock until neither has anything left to do, or until deadline (zero:
// no limit): each step runs whichever events fall due first, on both
// sides, so messages and timers interleave as they would live. Both
// runtimes must start at the same simulated time.
func RunPair(ctx context.Context, device, agent *Runtime, deadline time.Time) error {
	budget := device.cfg.MaxEvents
	for budget > 0 {
		t1, ok1 := device.next()
		t2, ok2 := agent.next()
		if !ok1 && !ok2 {
			return nil
		}
		t := t1
		if !ok1 || (ok2 && t2.Before(t1)) {
			t = t2
		}
		if !deadline.IsZero() && t.After(deadline) {
			device.RunUntil(ctx, deadline)
			agent.RunUntil(ctx, deadline)
			return nil
		}
		n1, err := device.RunUntil(ctx, t)
		if err != nil {
			return err
		}
		n2, err := agent.RunUntil(ctx, t)
		if err != nil {
			return err
		}
		budget -= max(n1+n2, 1)
	}
	return fmt.Errorf("device and agent stopped after %d events (MaxEvents)", device.cfg.MaxEvents)
}
