package gateway

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"drey/cloud/identity"
	"drey/cloud/store"
	"drey/device/link"
	"drey/device/sim"
	"drey/image/trust"
	"drey/squirrel/compile"
	"drey/wire"
)

// world is a server with one owner, one group and one enrolled device.
type world struct {
	st    *store.SQLite
	gw    *Gateway
	addr  string
	owner store.Owner
	group store.Group
	creds *identity.Credentials
	dev   *sim.Device
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	st, err := store.OpenSQLite(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &world{st: st}
	if w.owner, err = st.CreateOwner(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	if w.group, err = st.CreateGroup(ctx, store.Group{OwnerID: w.owner.ID, Name: "greenhouse"}); err != nil {
		t.Fatal(err)
	}
	ca, err := identity.NewCA("drey test", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if w.creds, err = identity.Enroll(ca, "imp001", rand.Reader); err != nil {
		t.Fatal(err)
	}
	reg, err := w.creds.Registration()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.EnrollDevice(ctx, store.Device{ID: reg.DeviceID, OwnerID: w.owner.ID, GroupID: w.group.ID, Model: "imp001", PublicKey: reg.TLSPublicKeyDER}); err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer([]string{"127.0.0.1"}, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	isRevoked := func(id string) bool {
		d, err := st.Device(context.Background(), id)
		return err != nil || d.Revoked != nil
	}
	w.gw = &Gateway{Store: st, TLS: identity.ServerTLSConfig(cert, ca.Cert, isRevoked)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.addr = ln.Addr().String()
	go w.gw.Serve(ctx, ln)

	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, _ := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	root, _ := r.Sign(rootKey)
	if w.dev, err = sim.Open(sim.Config{Model: "imp001", Root: root, Memory: true}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) deploy(t *testing.T, src string) store.Deployment {
	t.Helper()
	p, err := compile.Source("device.nut", []byte(src), compile.Options{Float32: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.st.CreateDeployment(context.Background(), store.Deployment{OwnerID: w.owner.ID, GroupID: w.group.ID, DeviceCode: p.Encode(), DeviceSource: src})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (w *world) connect(t *testing.T) (*link.Link, chan error) {
	t.Helper()
	l, err := link.Dial(context.Background(), w.addr, "127.0.0.1", w.creds, w.dev.Boot)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- l.Run(context.Background()) }()
	return l, done
}

func waitDeployed(t *testing.T, l *link.Link, id string) {
	t.Helper()
	select {
	case got := <-l.Deployed:
		if got != id {
			t.Fatalf("deployed %s, want %s", got, id)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("deployment %s never arrived", id)
	}
}

func (w *world) logs(t *testing.T) string {
	t.Helper()
	var lines []string
	for i := 0; i < 50; i++ {
		ll, err := w.st.Logs(context.Background(), w.owner.ID, w.creds.DeviceID, time.Time{}, 100)
		if err != nil {
			t.Fatal(err)
		}
		lines = lines[:0]
		for _, l := range ll {
			lines = append(lines, string(l.Source)+": "+l.Text)
		}
		if len(lines) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return strings.Join(lines, "\n")
}

// A device connects over mutual TLS, gets its group's code, stores it
// crash-safely and runs it; its logs reach the store; code deployed while
// it is offline arrives when it reconnects; a revoked device is cut off
// and refused (REQ-SEP-4).
func TestDeviceLink(t *testing.T) {
	w := newWorld(t)
	d1 := w.deploy(t, `server.log("v1")`)
	l, done := w.connect(t)
	waitDeployed(t, l, d1.ID)
	if w.dev.Boot.CodeID() != d1.ID {
		t.Fatalf("device runs %q", w.dev.Boot.CodeID())
	}
	if err := l.Log(wire.LogInfo, "hello from the device"); err != nil {
		t.Fatal(err)
	}
	if err := l.SendError(&wire.Error{Text: "the index 'x' does not exist", Stack: []wire.StackFrame{{Function: "tick", File: "device.nut", Line: 7}}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(w.logs(t), "hello from the device") {
		if time.Now().After(deadline) {
			t.Fatalf("logs:\n%s", w.logs(t))
		}
		time.Sleep(20 * time.Millisecond)
	}
	for !strings.Contains(w.logs(t), "at device.nut:7 in tick()") {
		if time.Now().After(deadline) {
			t.Fatalf("no runtime error with its stack in the logs:\n%s", w.logs(t))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(w.logs(t), "deployed "+d1.ID) {
		t.Fatalf("no deploy ack in the logs:\n%s", w.logs(t))
	}
	l.Close()
	<-done

	// Offline: a new deployment waits for the reconnect.
	d2 := w.deploy(t, `server.log("v2")`)
	l, done = w.connect(t)
	waitDeployed(t, l, d2.ID)
	// Pushed while connected.
	d3 := w.deploy(t, `server.log("v3")`)
	if n := w.gw.Push(context.Background(), d3); n != 1 {
		t.Fatalf("pushed to %d devices", n)
	}
	waitDeployed(t, l, d3.ID)

	// Revoked: the live link is closed and the next handshake refused.
	if err := w.st.RevokeDevice(context.Background(), w.owner.ID, w.creds.DeviceID, time.Now()); err != nil {
		t.Fatal(err)
	}
	w.gw.Disconnect(w.creds.DeviceID, "revoked")
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the revoked device's link stayed open")
	}
	if l2, err := link.Dial(context.Background(), w.addr, "127.0.0.1", w.creds, w.dev.Boot); err == nil {
		l2.Close()
		t.Fatal("a revoked device connected")
	}
}

// A device that stops reading cannot hold up the service: once the
// socket buffers are full, a write to it times out, its link is dropped,
// and senders get an error instead of waiting for ever; an upgrade offer
// to it returns at once.
func TestStalledDeviceIsDropped(t *testing.T) {
	w := newWorld(t)
	w.gw.WriteTimeout = 200 * time.Millisecond
	l, err := link.Dial(context.Background(), w.addr, "127.0.0.1", w.creds, w.dev.Boot)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	// The link is never Run: the device reads nothing more.
	id := w.creds.DeviceID
	deadline := time.Now().Add(10 * time.Second)
	for !w.gw.Connected(id) {
		if time.Now().After(deadline) {
			t.Fatal("the device never connected")
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	if err := w.gw.Offer(id, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: "http://x/i", Manifest: []byte{1}}); err != nil {
		t.Fatalf("offer: %v", err)
	}
	// Deploys of 200 KiB each, until one is not sent: the socket buffers
	// hold a few MiB at most.
	code := make([]byte, 200<<10)
	sent := 0
	for i := 0; ; i++ {
		if i == 500 {
			t.Fatal("100 MB sent to a device that reads nothing")
		}
		code[0] = byte(i)
		d := store.Deployment{ID: fmt.Sprintf("dep-%d", i), OwnerID: w.owner.ID, GroupID: w.group.ID, DeviceCode: code}
		if w.gw.Push(context.Background(), d) == 0 {
			break
		}
		sent++
	}
	t.Logf("%d deploys (%d MiB) sent before a write timed out", sent, sent*200>>10)
	for w.gw.Connected(id) {
		if time.Now().After(deadline) {
			t.Fatalf("the stalled device is still connected %v after the first write", time.Since(start))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
