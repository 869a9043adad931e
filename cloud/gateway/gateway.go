// Package gateway terminates devices' links: mutually authenticated TLS
// 1.3 (cloud/identity), the wire protocol's hello, then the steady state
// in which the device reports logs and errors, receives its group's
// current code deployment, and answers keepalives. It records what it
// learns in the store. A malformed or oversized frame closes that one
// connection with a logged reason and nothing else.
package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"drey/cloud/identity"
	"drey/cloud/loglimit"
	"drey/cloud/store"
	"drey/imp"
	"drey/wire"
)

// Agents is the agent runtime as the gateway sees it.
type Agents interface {
	// FromDevice hands a device's message to its agent; done is called
	// once with 0 when the agent's handler took it, or the reason not.
	FromDevice(deviceID, name string, payload []byte, done func(wire.NackReason))
	// DeviceConnected tells a device's agent of a connect or disconnect.
	DeviceConnected(deviceID string, connected bool)
}

// Upgrades is the rollout engine as the gateway sees it.
type Upgrades interface {
	// Connected hears each device's hello, once its link is live, and may
	// offer it an upgrade through Offer.
	Connected(ctx context.Context, dev store.Device, hello wire.Hello)
	// Report records a device's UpgradeStatus.
	Report(ctx context.Context, dev store.Device, s *wire.UpgradeStatus) error
}

// Roots holds the platform's root of trust, every version of it.
type Roots interface {
	// RootsAfter returns the signed roots a device holding version v
	// needs, oldest first; none if it holds the newest.
	RootsAfter(v uint64) ([][]byte, error)
}

// Gateway accepts device connections.
type Gateway struct {
	Upgrades  Upgrades // nil: no platform upgrades are offered
	Roots     Roots    // nil: devices are sent no root of trust updates
	Store     store.Store
	Agents    Agents      // nil: messages from devices are refused as unavailable
	TLS       *tls.Config // from identity.ServerTLSConfig
	Log       *slog.Logger
	Keepalive time.Duration // interval devices ping at (default 60 s)
	// WriteTimeout bounds each frame written to a device (default
	// DefaultWriteTimeout): a device that stops reading loses its link
	// instead of holding up whoever writes to it.
	WriteTimeout time.Duration
	Now          func() time.Time

	mu    sync.Mutex
	conns map[string]*session
	stats counters
}

type counters struct {
	connections, fromDevices, toDevices, logLines, deploys, rootsSent atomic.Int64
}

// Stats are the gateway's counters since it started.
type Stats struct {
	Connected   int   // devices with a live link now
	Connections int64 // links accepted after hello
	FromDevices int64 // messages from devices to agents
	ToDevices   int64 // messages from agents to devices
	LogLines    int64 // log and error lines from devices
	Deploys     int64 // deployments sent
	RootsSent   int64 // root of trust versions sent
}

// Stats returns the gateway's counters.
func (g *Gateway) Stats() Stats {
	g.mu.Lock()
	n := len(g.conns)
	g.mu.Unlock()
	return Stats{Connected: n, Connections: g.stats.connections.Load(), FromDevices: g.stats.fromDevices.Load(),
		ToDevices: g.stats.toDevices.Load(), LogLines: g.stats.logLines.Load(), Deploys: g.stats.deploys.Load(),
		RootsSent: g.stats.rootsSent.Load()}
}

// session is one connected device.
type session struct {
	dev  store.Device
	conn *wire.Conn
	raw  net.Conn

	mu       sync.Mutex
	deployed string // the last deployment sent
	nextID   uint32
	pending  map[uint32]func(error) // agent messages awaiting the device's answer
	stats    *counters
	closed   bool
	logs     loglimit.Limiter
	recorded chan struct{} // closed once the connection's status is in the store
	status   store.DeviceStatus
	rootMu   sync.Mutex // held while roots are sent: each is sent once, in order
	rootSent uint64     // the newest root version sent or held; under rootMu
}

// limit applies the session's log rate limit, writing the note of
// dropped lines first when there is one.
func (g *Gateway) limit(ctx context.Context, s *session) bool {
	ok, note := s.logs.Allow(g.now())
	if ok && note != "" {
		g.append(ctx, s.dev, store.SourceStatus, store.LevelError, note)
	}
	return ok
}

// SendToDevice sends an agent's message to its device (see imp.Peer).
func (g *Gateway) SendToDevice(deviceID, name string, payload []byte, done func(error)) error {
	g.mu.Lock()
	s := g.conns[deviceID]
	g.mu.Unlock()
	if s == nil {
		return imp.ErrNotConnected
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return imp.ErrNotConnected
	}
	if len(s.pending) >= wire.MaxInFlight {
		s.mu.Unlock()
		return imp.ErrBusy
	}
	s.nextID++
	for s.pending[s.nextID] != nil {
		s.nextID++
	}
	id := s.nextID
	s.pending[id] = done
	s.mu.Unlock()
	if err := s.conn.WriteFrame(&wire.Message{ID: id, Name: name, Payload: payload}); err != nil {
		s.mu.Lock()
		delete(s.pending, id)
		s.mu.Unlock()
		return imp.ErrNotConnected
	}
	g.stats.toDevices.Add(1)
	return nil
}

// answer completes a pending message with err (nil: handled) and
// reports whether the id was pending.
func (s *session) answer(id uint32, err error) bool {
	s.mu.Lock()
	done := s.pending[id]
	delete(s.pending, id)
	s.mu.Unlock()
	if done != nil {
		done(err)
	}
	return done != nil
}

// fail ends every pending message with ErrConnectionLost.
func (s *session) fail() {
	s.mu.Lock()
	p := s.pending
	s.pending = nil
	s.closed = true
	s.mu.Unlock()
	for _, done := range p {
		done(imp.ErrConnectionLost)
	}
}

func (g *Gateway) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func (g *Gateway) logger() *slog.Logger {
	if g.Log != nil {
		return g.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Serve accepts connections on ln until ctx is done.
func (g *Gateway) Serve(ctx context.Context, ln net.Listener) error {
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				g.closeAll("server shutting down")
				return nil
			}
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.handle(ctx, c)
		}()
	}
}

// Connected reports whether a device has a live link.
func (g *Gateway) Connected(deviceID string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	_, ok := g.conns[deviceID]
	return ok
}

// Disconnect closes a device's live link, as after its revocation
// (REQ-SEP-4: the TLS configuration refuses it from then on).
func (g *Gateway) Disconnect(deviceID, reason string) {
	g.mu.Lock()
	s := g.conns[deviceID]
	g.mu.Unlock()
	if s != nil {
		s.conn.WriteFrame(&wire.Close{Code: wire.CloseUnauthorized, Reason: reason})
		s.raw.Close()
	}
}

// closeAll tells every device why its link closes, all at once, and
// closes the links: a device that reads nothing delays shutdown by two
// seconds at most, not by its write timeout.
func (g *Gateway) closeAll(reason string) {
	g.mu.Lock()
	sessions := make([]*session, 0, len(g.conns))
	for _, s := range g.conns {
		sessions = append(sessions, s)
	}
	g.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range sessions {
		wg.Go(func() { s.conn.WriteFrame(&wire.Close{Code: wire.CloseNormal, Reason: reason}) })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
	for _, s := range sessions {
		s.raw.Close()
	}
}

// handle runs one device connection.
func (g *Gateway) handle(ctx context.Context, raw net.Conn) {
	defer raw.Close()
	log := g.logger().With("remote", raw.RemoteAddr().String())
	tc := tls.Server(raw, g.TLS)
	hctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err := tc.HandshakeContext(hctx)
	cancel()
	if err != nil {
		log.Info("device refused at TLS handshake", "err", err)
		return
	}
	state := tc.ConnectionState()
	id, err := identity.DeviceIDFromConn(&state)
	if err != nil {
		log.Info("device refused", "err", err)
		return
	}
	log = log.With("device", id)
	dev, err := g.Store.Device(ctx, id)
	if err != nil {
		log.Info("unknown device refused", "err", err)
		return
	}
	wt := g.WriteTimeout
	if wt == 0 {
		wt = DefaultWriteTimeout
	}
	conn, err := wire.NewConn(wire.DropOnWriteError{Conn: tc, TCP: raw}, wire.Server, wire.Config{WriteTimeout: wt})
	if err != nil {
		log.Error("wire", "err", err)
		return
	}
	keepalive := g.Keepalive
	if keepalive == 0 {
		keepalive = 60 * time.Second
	}
	var current store.Deployment
	hello, err := wire.ServerAccept(conn, func(h wire.Hello) (wire.HelloAck, error) {
		if h.DeviceID != id {
			return wire.HelloAck{}, &wire.Close{Code: wire.CloseUnauthorized, Reason: "hello names another device than the certificate"}
		}
		if dev.Revoked != nil {
			return wire.HelloAck{}, &wire.Close{Code: wire.CloseUnauthorized, Reason: "device revoked"}
		}
		if dev.GroupID != "" {
			if d, err := g.Store.CurrentDeployment(ctx, dev.OwnerID, dev.GroupID); err == nil {
				current = d
			}
		}
		return wire.HelloAck{Version: h.Version, ServerTime: g.now(), Keepalive: keepalive, Deployment: current.ID}, nil
	})
	if err != nil {
		log.Info("hello refused", "err", err)
		return
	}
	conn.SetIdleTimeout(wire.KeepaliveTimeout(keepalive))
	status := store.DeviceStatus{LastSeen: g.now(), ImpromVersion: hello.Improm, BootromVersion: hello.Bootrom,
		Counter: int64(hello.SecurityCounter), RootVersion: hello.RootVersion}
	s := &session{dev: dev, conn: conn, raw: tc, pending: map[uint32]func(error){}, stats: &g.stats, recorded: make(chan struct{}),
		status: status, rootSent: hello.RootVersion}
	g.mu.Lock()
	if g.conns == nil {
		g.conns = map[string]*session{}
	}
	if old := g.conns[id]; old != nil {
		old.raw.Close() // a device has one link: the newest wins
	}
	g.conns[id] = s
	g.mu.Unlock()
	g.stats.connections.Add(1)
	if g.Agents != nil {
		g.Agents.DeviceConnected(id, true)
	}
	// The link is live before its status is recorded: when a fleet
	// reconnects at once, the store's writer is the bottleneck, and the
	// devices' messages need not wait for it. Log lines from the link
	// wait for the "connected" line, so the log stays in order.
	go func() {
		defer close(s.recorded)
		wctx := context.WithoutCancel(ctx)
		if err := g.Store.UpdateDeviceStatus(wctx, dev.OwnerID, id, status); err != nil {
			log.Error("recording status", "err", err)
		}
		g.status(wctx, dev, fmt.Sprintf("connected: improm %s, bootrom %s, battery %d mV", hello.Improm, hello.Bootrom, hello.BatteryMV))
	}()
	defer func() {
		g.mu.Lock()
		last := g.conns[id] == s
		if last {
			delete(g.conns, id)
		}
		g.mu.Unlock()
		s.fail()
		if last && g.Agents != nil {
			g.Agents.DeviceConnected(id, false)
		}
		<-s.recorded
		g.status(context.WithoutCancel(ctx), dev, "disconnected")
	}()
	// The session is registered, so a deploy from now on is pushed to it;
	// one made since the hello is found here. Either way the device gets
	// the group's current code once.
	if dev.GroupID != "" {
		if d, err := g.Store.CurrentDeployment(ctx, dev.OwnerID, dev.GroupID); err == nil {
			current = d
		}
	}
	if current.ID != "" && current.ID != hello.Deployment {
		if err := s.sendDeploy(current); err != nil {
			log.Info("deploy not sent", "err", err)
			return
		}
	}
	// Roots before offers: the link keeps frames in order, so an offer
	// of an image signed under a new root finds the device holding it.
	if err := g.sendRoots(s); err != nil {
		log.Info("root of trust not sent", "err", err)
		return
	}
	if g.Upgrades != nil {
		go g.Upgrades.Connected(context.WithoutCancel(ctx), dev, hello)
	}
	for {
		f, err := conn.ReadFrame()
		if err != nil {
			var c *wire.Close
			if errors.As(err, &c) {
				log.Info("device closed the link", "code", c.Code, "reason", c.Reason)
			} else if !errors.Is(err, net.ErrClosed) && !strings.Contains(err.Error(), "EOF") {
				log.Info("link closed", "err", err)
				conn.WriteFrame(wire.CloseFor(err))
			}
			return
		}
		if c, ok := f.(*wire.Close); ok {
			log.Info("device closed the link", "code", c.Code, "reason", c.Reason)
			return
		}
		if err := g.frame(ctx, s, f); err != nil {
			log.Info("closing link", "err", err)
			conn.WriteFrame(wire.CloseFor(err))
			return
		}
	}
}

// frame handles one frame of the steady state.
func (g *Gateway) frame(ctx context.Context, s *session, f wire.Frame) error {
	switch f := f.(type) {
	case *wire.Ping:
		return s.conn.WriteFrame(&wire.Pong{Nonce: f.Nonce})
	case *wire.Pong:
		return nil
	case *wire.Log:
		g.stats.logLines.Add(1)
		<-s.recorded
		if !g.limit(ctx, s) {
			return nil
		}
		level := store.LevelInfo
		if f.Level == wire.LogError {
			level = store.LevelError
		}
		return g.append(ctx, s.dev, store.SourceDevice, level, f.Text)
	case *wire.Error:
		g.stats.logLines.Add(1)
		<-s.recorded
		if !g.limit(ctx, s) {
			return nil
		}
		var b strings.Builder
		b.WriteString("ERROR: " + f.Text)
		for _, fr := range f.Stack {
			fmt.Fprintf(&b, "\n  at %s:%d in %s()", fr.File, fr.Line, fr.Function)
		}
		for _, l := range f.Locals {
			fmt.Fprintf(&b, "\n  [%s] %s", l.Name, l.Value)
		}
		return g.append(ctx, s.dev, store.SourceDevice, store.LevelError, b.String())
	case *wire.Message:
		g.stats.fromDevices.Add(1)
		if g.Agents == nil {
			return s.conn.WriteFrame(&wire.MessageNack{ID: f.ID, Reason: wire.NackUnavailable})
		}
		id := f.ID
		g.Agents.FromDevice(s.dev.ID, f.Name, f.Payload, func(r wire.NackReason) {
			if r == 0 {
				s.conn.WriteFrame(&wire.MessageAck{ID: id})
			} else {
				s.conn.WriteFrame(&wire.MessageNack{ID: id, Reason: r})
			}
		})
		return nil
	case *wire.MessageAck:
		if !s.answer(f.ID, nil) {
			g.logger().Info("ack for an unknown message", "device", s.dev.ID, "id", f.ID)
		}
		return nil
	case *wire.MessageNack:
		if !s.answer(f.ID, imp.NackError(f.Reason)) {
			g.logger().Info("nack for an unknown message", "device", s.dev.ID, "id", f.ID)
		}
		return nil
	case *wire.UpgradeStatus:
		if g.Upgrades == nil {
			return nil
		}
		<-s.recorded
		line := fmt.Sprintf("upgrade %s: %s", f.RolloutID, f.State)
		if f.Reason != "" {
			line += ": " + f.Reason
		}
		level := store.LevelInfo
		if f.State == wire.UpgradeFailed {
			level = store.LevelError
		}
		if err := g.append(ctx, s.dev, store.SourceStatus, level, line); err != nil {
			return err
		}
		if err := g.Upgrades.Report(ctx, s.dev, f); err != nil {
			g.logger().Info("upgrade status", "device", s.dev.ID, "err", err)
		}
		return nil
	case *wire.RootAck:
		<-s.recorded
		return g.rootAck(ctx, s, f)
	case *wire.DeployAck:
		<-s.recorded
		if f.OK {
			return g.append(ctx, s.dev, store.SourceStatus, store.LevelInfo, "deployed "+f.ID)
		}
		return g.append(ctx, s.dev, store.SourceStatus, store.LevelError, "deploy "+f.ID+" failed: "+f.Error)
	}
	return fmt.Errorf("unexpected %v frame", f.Type())
}

func (g *Gateway) append(ctx context.Context, dev store.Device, src store.LogSource, level store.LogLevel, text string) error {
	return g.Store.AppendLog(ctx, dev.OwnerID, store.LogLine{DeviceID: dev.ID, Time: g.now(), Source: src, Level: level, Text: text})
}

func (g *Gateway) status(ctx context.Context, dev store.Device, text string) {
	if err := g.append(ctx, dev, store.SourceStatus, store.LevelInfo, text); err != nil {
		g.logger().Error("status log", "device", dev.ID, "err", err)
	}
}

// Offer sends an upgrade offer to a connected device. The frame is
// written in the background, so that the rollout engine never waits for
// one device's link: an offer lost with its link is made again when the
// device reconnects.
func (g *Gateway) Offer(deviceID string, o *wire.UpgradeOffer) error {
	g.mu.Lock()
	s := g.conns[deviceID]
	g.mu.Unlock()
	if s == nil {
		return imp.ErrNotConnected
	}
	go func() {
		if err := s.conn.WriteFrame(o); err != nil {
			g.logger().Info("upgrade offer not sent", "device", deviceID, "rollout", o.RolloutID, "err", err)
		}
	}()
	return nil
}

// Push sends a group's current deployment to every connected device of
// the group now; the others get it when they next connect.
func (g *Gateway) Push(ctx context.Context, d store.Deployment) int {
	g.mu.Lock()
	var targets []*session
	for _, s := range g.conns {
		if s.dev.OwnerID == d.OwnerID && s.dev.GroupID == d.GroupID {
			targets = append(targets, s)
		}
	}
	g.mu.Unlock()
	n := 0
	for _, s := range targets {
		if s.sendDeploy(d) == nil {
			n++
		}
	}
	return n
}

// sendDeploy sends a deployment's device code, unless it was the last
// one sent on this link.
func (s *session) sendDeploy(d store.Deployment) error {
	s.mu.Lock()
	if s.deployed == d.ID {
		s.mu.Unlock()
		return nil
	}
	s.deployed = d.ID
	s.mu.Unlock()
	if err := s.conn.WriteFrame(wire.NewDeploy(d.ID, d.DeviceCode)); err != nil {
		return err
	}
	s.stats.deploys.Add(1)
	return nil
}

// DefaultWriteTimeout is how long a frame may take to reach a device's
// transport: a 256 KiB deploy at 10 KiB/s, with room to spare.
const DefaultWriteTimeout = 30 * time.Second
