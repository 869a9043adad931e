package imp

import (
	"context"
	"errors"

	"drey/squirrel"
)

// DefaultInbox is how many events from outside (messages, HTTP requests,
// connection changes, completed HTTP requests) may wait for the event
// loop before Post refuses more.
const DefaultInbox = 64

// ErrBusy means the runtime's inbox is full: its code is not keeping up
// with what is sent to it.
var ErrBusy = errors.New("imp: event queue full")

// Post queues fn to run on the event loop, between callbacks, and
// reports whether it was queued: ErrBusy if the inbox is full. It is the
// one Runtime method that is safe to call from any goroutine; whatever
// fn does to the runtime is then done by the loop's goroutine.
func (r *Runtime) Post(fn func(ctx context.Context)) error {
	select {
	case r.inbox <- fn:
		return nil
	default:
		return ErrBusy
	}
}

// runPosted runs the events waiting in the inbox, without blocking, and
// returns how many ran.
func (r *Runtime) runPosted(ctx context.Context) int {
	n := 0
	for {
		select {
		case fn := <-r.inbox:
			fn(ctx)
			n++
		default:
			return n
		}
	}
}

// Callback is a Squirrel function kept for a later call, with the this
// of the code that registered it, as imp API callbacks run. Hold one only
// while the runtime that made it is alive.
type Callback struct{ cb callback }

// Keep pins fn, for a native function to call later with Invoke. It
// must be called from inside a native call, so that the caller's this is
// known.
func (r *Runtime) Keep(fn squirrel.Value) Callback { return Callback{r.newCallback(fn)} }

// Invoke calls a kept callback once, on the loop's goroutine, and
// releases it; an uncaught error is reported like any other.
func (r *Runtime) Invoke(ctx context.Context, c Callback, args ...squirrel.Value) {
	r.invoke(ctx, &c.cb, args...)
}

// call calls a registered handler without releasing it.
func (r *Runtime) call(ctx context.Context, cb *callback, args ...squirrel.Value) {
	_, err := r.vm.Call(ctx, cb.fn, cb.this, args...)
	r.report(err)
}

// release unpins a kept callback that will not be called.
func (r *Runtime) release(cb *callback) {
	if cb == nil {
		return
	}
	r.vm.Unpin(cb.fn)
	r.vm.Unpin(cb.this)
}
