package imp

import "context"

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
