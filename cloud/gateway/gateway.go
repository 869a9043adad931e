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
	"time"

	"drey/cloud/identity"
	"drey/cloud/store"
	"drey/wire"
)

// Gateway accepts device connections.
type Gateway struct {
	Store     store.Store
	TLS       *tls.Config // from identity.ServerTLSConfig
	Log       *slog.Logger
	Keepalive time.Duration // interval devices ping at (default 60 s)
	Now       func() time.Time

	mu    sync.Mutex
	conns map[string]*session
}

// session is one connected device.
type session struct {
	dev  store.Device
	conn *wire.Conn
	raw  net.Conn
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

func (g *Gateway) closeAll(reason string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, s := range g.conns {
		s.conn.WriteFrame(&wire.Close{Code: wire.CloseNormal, Reason: reason})
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
	conn, err := wire.NewConn(tc, wire.Server, wire.Config{})
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
	status := store.DeviceStatus{LastSeen: g.now(), ImpromVersion: hello.Improm, BootromVersion: hello.Bootrom, Counter: int64(hello.SecurityCounter)}
	if err := g.Store.UpdateDeviceStatus(ctx, dev.OwnerID, id, status); err != nil {
		log.Error("recording status", "err", err)
	}
	g.status(ctx, dev, fmt.Sprintf("connected: improm %s, bootrom %s, battery %d mV", hello.Improm, hello.Bootrom, hello.BatteryMV))
	s := &session{dev: dev, conn: conn, raw: tc}
	g.mu.Lock()
	if g.conns == nil {
		g.conns = map[string]*session{}
	}
	if old := g.conns[id]; old != nil {
		old.raw.Close() // a device has one link: the newest wins
	}
	g.conns[id] = s
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		if g.conns[id] == s {
			delete(g.conns, id)
		}
		g.mu.Unlock()
		g.status(context.WithoutCancel(ctx), dev, "disconnected")
	}()
	if current.ID != "" && current.ID != hello.Deployment && len(current.DeviceCode) > 0 {
		if err := conn.WriteFrame(wire.NewDeploy(current.ID, current.DeviceCode)); err != nil {
			log.Info("deploy not sent", "err", err)
			return
		}
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
		level := store.LevelInfo
		if f.Level == wire.LogError {
			level = store.LevelError
		}
		return g.append(ctx, s.dev, store.SourceDevice, level, f.Text)
	case *wire.Error:
		var b strings.Builder
		b.WriteString("ERROR: " + f.Text)
		for _, fr := range f.Stack {
			fmt.Fprintf(&b, "\n  at %s:%d in %s()", fr.File, fr.Line, fr.Function)
		}
		for _, l := range f.Locals {
			fmt.Fprintf(&b, "\n  [%s] %s", l.Name, l.Value)
		}
		return g.append(ctx, s.dev, store.SourceDevice, store.LevelError, b.String())
	case *wire.DeployAck:
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
		if s.conn.WriteFrame(wire.NewDeploy(d.ID, d.DeviceCode)) == nil {
			n++
		}
	}
	return n
}
