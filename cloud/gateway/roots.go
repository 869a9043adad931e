package gateway

import (
	"context"
	"errors"
	"fmt"

	"drey/cloud/store"
	"drey/wire"
)

// sendRoots sends a device the root versions it lacks, oldest first,
// each once per link. A gap in the service's history is logged on the
// device's log and is not an error of the link: the device keeps the
// root it has.
func (g *Gateway) sendRoots(s *session) error {
	if g.Roots == nil {
		return nil
	}
	s.rootMu.Lock()
	defer s.rootMu.Unlock()
	roots, err := g.Roots.RootsAfter(s.rootSent)
	if err != nil {
		g.logger().Error("root of trust", "device", s.dev.ID, "err", err)
		go g.status(context.Background(), s.dev, "root of trust not sent: "+err.Error())
		return nil
	}
	for _, r := range roots {
		if err := s.conn.WriteFrame(&wire.Root{Signed: r}); err != nil {
			return err
		}
		s.rootSent++
		g.stats.rootsSent.Add(1)
	}
	return nil
}

// PushRoots sends every connected device the root versions it lacks:
// after the operator publishes a new one (REQ-VULN-6). It returns how
// many devices were sent at least one.
func (g *Gateway) PushRoots() int {
	g.mu.Lock()
	targets := make([]*session, 0, len(g.conns))
	for _, s := range g.conns {
		targets = append(targets, s)
	}
	g.mu.Unlock()
	n := 0
	for _, s := range targets {
		s.rootMu.Lock()
		before := s.rootSent
		s.rootMu.Unlock()
		if err := g.sendRoots(s); err != nil {
			continue
		}
		s.rootMu.Lock()
		if s.rootSent > before {
			n++
		}
		s.rootMu.Unlock()
	}
	return n
}

// rootAck records what a device says of a Root: the version it holds
// now, in the store and in its log.
func (g *Gateway) rootAck(ctx context.Context, s *session, a *wire.RootAck) error {
	s.mu.Lock()
	s.status.RootVersion = a.Version
	st := s.status
	s.mu.Unlock()
	if !a.OK {
		return g.append(ctx, s.dev, store.SourceStatus, store.LevelError,
			fmt.Sprintf("root of trust update refused, device holds version %d: %s", a.Version, a.Error))
	}
	if err := g.Store.UpdateDeviceStatus(ctx, s.dev.OwnerID, s.dev.ID, st); err != nil && !errors.Is(err, store.ErrRevoked) {
		return err
	}
	return g.append(ctx, s.dev, store.SourceStatus, store.LevelInfo, fmt.Sprintf("root of trust: version %d", a.Version))
}
