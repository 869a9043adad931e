// Package link is a simulated device's side of the cloud link: mutual
// TLS 1.3 pinned to the service's CA (cloud/identity), the wire
// protocol's hello, and the steady state: store deployed code
// crash-safely, answer keepalives, send logs, hand platform upgrade
// offers to the device and carry their statuses back.
package link

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"drey/cloud/identity"
	"drey/device/boot"
	"drey/imp"
	"drey/wire"
)

// Link is a connected device.
type Link struct {
	conn *wire.Conn
	raw  net.Conn
	dev  *boot.Device
	ack  wire.HelloAck
	// Deployed receives the id of each deployment the device stored.
	Deployed chan string
	// OnMessage, if set before Run, receives each message from the agent
	// and must call reply once, from any goroutine, with 0 when its
	// handler took it or the reason not. Unset, messages are refused as
	// no-handler.
	OnMessage func(name string, payload []byte, reply func(wire.NackReason))
	// OnUpgrade, if set before Run, receives each platform upgrade offer.
	// It runs on the link's reader, so it must not block: the device
	// carries the offer out elsewhere and reports with
	// SendUpgradeStatus. Unset, offers are answered failed.
	OnUpgrade func(*wire.UpgradeOffer)
	// OnRoot, if set before Run, hears of each Root frame once it is
	// handled: the root version the device now trusts, and why the root
	// was refused if it was.
	OnRoot func(version uint64, err error)

	mu      sync.Mutex
	nextID  uint32
	pending map[uint32]func(error)
	closed  bool
	running bool          // Run has started
	done    chan struct{} // closed when Run returns
}

// WriteTimeout bounds each frame the device writes: a server that stops
// reading costs the device its link, not its code's progress (agent.send
// and server.log block no longer than this).
const WriteTimeout = 30 * time.Second

// closeWait bounds how long CloseFor waits for the server to close its
// side of the link.
const closeWait = 10 * time.Second

// Send sends a message to the agent (see imp.Peer): done hears the
// agent's answer, or imp.ErrConnectionLost if the link drops first.
func (l *Link) Send(name string, payload []byte, done func(error)) error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return imp.ErrNotConnected
	}
	if l.pending == nil {
		l.pending = map[uint32]func(error){}
	}
	if len(l.pending) >= wire.MaxInFlight {
		l.mu.Unlock()
		return imp.ErrBusy
	}
	l.nextID++
	for l.pending[l.nextID] != nil {
		l.nextID++
	}
	id := l.nextID
	l.pending[id] = done
	l.mu.Unlock()
	if err := l.conn.WriteFrame(&wire.Message{ID: id, Name: name, Payload: payload}); err != nil {
		l.answer(id, nil)
		return imp.ErrNotConnected
	}
	return nil
}

func (l *Link) answer(id uint32, err error) {
	l.mu.Lock()
	done := l.pending[id]
	delete(l.pending, id)
	l.mu.Unlock()
	if done != nil {
		done(err)
	}
}

// fail ends every unanswered message with ErrConnectionLost.
func (l *Link) fail() {
	l.mu.Lock()
	p := l.pending
	l.pending = nil
	l.closed = true
	l.mu.Unlock()
	for _, done := range p {
		done(imp.ErrConnectionLost)
	}
}

// DialOptions are the settings of a connection that Dial leaves at
// their defaults.
type DialOptions struct {
	// Reset is why the device last started, for its Hello: ResetUpgrade
	// after restarting into new firmware, say. The zero value says
	// power-on.
	Reset wire.ResetReason
}

// Dial connects the device to the gateway at addr, saying in its Hello
// that it started from power-on.
func Dial(ctx context.Context, addr, serverName string, creds *identity.Credentials, dev *boot.Device) (*Link, error) {
	return DialWith(ctx, addr, serverName, creds, dev, DialOptions{})
}

// DialWith is Dial with options.
func DialWith(ctx context.Context, addr, serverName string, creds *identity.Credentials, dev *boot.Device, o DialOptions) (*Link, error) {
	if o.Reset == wire.ResetUnknown {
		o.Reset = wire.ResetPowerOn
	}
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	tc := tls.Client(raw, identity.ClientTLSConfig(creds, serverName))
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("link: TLS: %w", err)
	}
	conn, err := wire.NewConn(wire.DropOnWriteError{Conn: tc, TCP: raw}, wire.Device, wire.Config{WriteTimeout: WriteTimeout})
	if err != nil {
		raw.Close()
		return nil, err
	}
	_, st, err := dev.Boot()
	if err != nil {
		raw.Close()
		return nil, err
	}
	rootVersion, err := dev.RootVersion()
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("link: root of trust: %w", err)
	}
	h := wire.Hello{Version: wire.Version, Model: dev.Model, DeviceID: creds.DeviceID, Bootrom: st.Bootrom.Version,
		Improm: st.Improm.Version, SecurityCounter: st.Counter, Reset: o.Reset, Deployment: dev.CodeID(), RootVersion: rootVersion}
	if dev.Supply != nil {
		h.BatteryMV = uint32(dev.Supply.Voltage() * 1000)
	}
	ack, err := wire.ClientHello(conn, h)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("link: hello: %w", err)
	}
	return &Link{conn: conn, raw: tc, dev: dev, ack: ack, Deployed: make(chan string, 16), done: make(chan struct{})}, nil
}

// Ack returns what the server said at hello.
func (l *Link) Ack() wire.HelloAck { return l.ack }

// Log sends a log line to the cloud.
func (l *Link) Log(level wire.LogLevel, text string) error {
	return l.conn.WriteFrame(&wire.Log{Level: level, Text: wire.CutText(text, wire.MaxLogText)})
}

// Run serves the link until it closes: deployments are stored in the
// idle code slot and switched to atomically, then acknowledged.
func (l *Link) Run(ctx context.Context) error {
	l.mu.Lock()
	l.running = true
	l.mu.Unlock()
	defer close(l.done)
	stop := context.AfterFunc(ctx, func() { l.raw.Close() })
	defer stop()
	defer l.fail()
	for {
		f, err := l.conn.ReadFrame()
		if err != nil {
			var c *wire.Close
			if errors.As(err, &c) {
				return c
			}
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		switch f := f.(type) {
		case *wire.Ping:
			err = l.conn.WriteFrame(&wire.Pong{Nonce: f.Nonce})
		case *wire.Pong:
		case *wire.Close:
			return f
		case *wire.Message:
			id := f.ID
			if l.OnMessage == nil {
				err = l.conn.WriteFrame(&wire.MessageNack{ID: id, Reason: wire.NackNoHandler})
				break
			}
			l.OnMessage(f.Name, f.Payload, func(r wire.NackReason) {
				if r == 0 {
					l.conn.WriteFrame(&wire.MessageAck{ID: id})
				} else {
					l.conn.WriteFrame(&wire.MessageNack{ID: id, Reason: r})
				}
			})
		case *wire.MessageAck:
			l.answer(f.ID, nil)
		case *wire.MessageNack:
			l.answer(f.ID, imp.NackError(f.Reason))
		case *wire.Deploy:
			ack := &wire.DeployAck{ID: f.ID, OK: true}
			if cerr := f.Check(); cerr != nil {
				ack.OK, ack.Error = false, cerr.Error()
			} else if ierr := l.dev.InstallCodeID(f.Bytecode, f.ID); ierr != nil {
				ack.OK, ack.Error = false, ierr.Error()
			}
			err = l.conn.WriteFrame(ack)
			if ack.OK {
				select {
				case l.Deployed <- f.ID:
				default:
				}
			}
		case *wire.Root:
			err = l.conn.WriteFrame(l.updateRoot(f.Signed))
		case *wire.UpgradeOffer:
			if l.OnUpgrade == nil {
				err = l.SendUpgradeStatus(&wire.UpgradeStatus{RolloutID: f.RolloutID, State: wire.UpgradeFailed, Reason: "this device takes no platform upgrades over its link"})
				break
			}
			l.OnUpgrade(f)
		default:
			err = fmt.Errorf("link: unexpected %v frame", f.Type())
		}
		if err != nil {
			return err
		}
	}
}

// Close ends the link.
func (l *Link) Close() error { return l.CloseFor("device closing") }

// CloseFor ends the link normally, telling the server why. While Run
// runs, it closes only the sending side and waits (up to closeWait) for
// the server to close the link, as it does once it has read the Close:
// so every frame sent before, such as the status of an upgrade the
// device is restarting for, has reached the server before the device
// can dial again. (Closing at once can lose them: the server keeps one
// link per device and drops the older when a new one arrives, unread
// frames and all; a simulated device restarts and dials again within
// milliseconds.) Run returns once the transport has closed.
func (l *Link) CloseFor(reason string) error {
	l.conn.WriteFrame(&wire.Close{Code: wire.CloseNormal, Reason: wire.CutText(reason, wire.MaxCloseReason)})
	l.mu.Lock()
	running := l.running
	l.mu.Unlock()
	if tc, ok := l.raw.(*tls.Conn); ok && running && tc.CloseWrite() == nil {
		t := time.NewTimer(closeWait)
		select {
		case <-l.done:
		case <-t.C:
		}
		t.Stop()
	}
	return l.raw.Close()
}

// SendUpgradeStatus reports the progress or outcome of an upgrade
// offer; a reason over its bound is cut.
func (l *Link) SendUpgradeStatus(s *wire.UpgradeStatus) error {
	c := *s
	c.Reason = wire.CutText(c.Reason, wire.MaxErrorText)
	return l.conn.WriteFrame(&c)
}

// SendError sends a runtime error, with its Squirrel stack, to the cloud
// log.
func (l *Link) SendError(e *wire.Error) error { return l.conn.WriteFrame(e) }

// updateRoot applies a Root frame's root, crash-safely, before the link
// reads another frame: an offer that follows it is verified against it.
func (l *Link) updateRoot(signed []byte) *wire.RootAck {
	uerr := l.dev.UpdateRoot(signed)
	v, verr := l.dev.RootVersion()
	ack := &wire.RootAck{Version: v, OK: uerr == nil && verr == nil}
	if !ack.OK {
		ack.Error = wire.CutText(errors.Join(uerr, verr).Error(), wire.MaxErrorText)
	}
	if l.OnRoot != nil {
		l.OnRoot(v, errors.Join(uerr, verr))
	}
	return ack
}
