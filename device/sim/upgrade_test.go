package sim

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/veraison/go-cose"

	"drey/cloud/identity"
	"drey/device/boot"
	"drey/device/power"
	"drey/image/build"
	"drey/image/suit"
	"drey/image/trust"
	"drey/squirrel"
	"drey/squirrel/msg"
	"drey/wire"
)

// upgradeWorld is a service in miniature for upgrade tests: a TLS
// listener speaking the wire protocol's server side, whose connections
// the test drives frame by frame, and an HTTP server for image files.
type upgradeWorld struct {
	root   []byte
	rel    ed25519.PrivateKey
	creds  *identity.Credentials
	addr   string
	conns  chan *peerConn
	images *httptest.Server
	hits   atomic.Int32 // image requests
	full   atomic.Int32 // image requests for the whole file, served
	ranged atomic.Int32 // image requests for the rest of it (Range), served
	log    syncBuffer

	mu    sync.Mutex
	files map[string][]byte
	// refuse, if set, says which image requests (counted from 1) get 404.
	refuse func(hit int32) bool
	// drop, if set, says after how many bytes of its response the
	// connection of an image request (counted from 1) drops; 0 for none.
	drop func(hit int32) int
}

func newUpgradeWorld(t *testing.T) *upgradeWorld {
	t.Helper()
	_, rootKey, _ := ed25519.GenerateKey(rand.Reader)
	_, rel, _ := ed25519.GenerateKey(rand.Reader)
	r, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{rootKey.Public()}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel.Public()}, ReleaseThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	w := &upgradeWorld{rel: rel, conns: make(chan *peerConn, 8), files: map[string][]byte{}}
	if w.root, err = r.Sign(rootKey); err != nil {
		t.Fatal(err)
	}
	ca, err := identity.NewCA("drey test", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if w.creds, err = identity.Enroll(ca, "imp001", rand.Reader); err != nil {
		t.Fatal(err)
	}
	cert, err := ca.IssueServer([]string{"127.0.0.1"}, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	conf := identity.ServerTLSConfig(cert, ca.Cert, func(string) bool { return false })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	w.addr = ln.Addr().String()
	go func() {
		for {
			raw, err := ln.Accept()
			if err != nil {
				return
			}
			go w.accept(raw, conf)
		}
	}()
	w.images = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		hit := w.hits.Add(1)
		w.mu.Lock()
		b, ok := w.files[req.URL.Path]
		refused := w.refuse != nil && w.refuse(hit)
		drop := 0
		if w.drop != nil {
			drop = w.drop(hit)
		}
		w.mu.Unlock()
		if !ok || refused {
			http.NotFound(rw, req)
			return
		}
		if req.Header.Get("Range") == "" {
			w.full.Add(1)
		} else {
			w.ranged.Add(1)
		}
		rw.Header().Set("ETag", `"`+req.URL.Path+`"`)
		if drop > 0 {
			http.ServeContent(&shortWriter{ResponseWriter: rw, left: drop}, req, "", time.Time{}, bytes.NewReader(b))
			if hj, ok := rw.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
				}
			}
			return
		}
		http.ServeContent(rw, req, "", time.Time{}, bytes.NewReader(b))
	}))
	t.Cleanup(w.images.Close)
	return w
}

func (w *upgradeWorld) refuseImages(refuse func(hit int32) bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.refuse = refuse
}

func (w *upgradeWorld) dropImages(drop func(hit int32) int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.drop = drop
}

// peerConn is one connection of the device, seen from the server.
type peerConn struct {
	c      *wire.Conn
	hello  wire.Hello
	frames chan wire.Frame // every frame but keepalives; closed when the connection ends
}

func (w *upgradeWorld) accept(raw net.Conn, conf *tls.Config) {
	tc := tls.Server(raw, conf)
	defer tc.Close()
	c, err := wire.NewConn(tc, wire.Server, wire.Config{})
	if err != nil {
		return
	}
	h, err := wire.ServerAccept(c, func(wire.Hello) (wire.HelloAck, error) {
		return wire.HelloAck{ServerTime: time.Now(), Keepalive: time.Minute}, nil
	})
	if err != nil {
		return
	}
	p := &peerConn{c: c, hello: h, frames: make(chan wire.Frame, 64)}
	defer close(p.frames)
	w.conns <- p
	for {
		f, err := c.ReadFrame()
		var cl *wire.Close
		if errors.As(err, &cl) {
			f, err = cl, nil
		}
		if err != nil {
			return
		}
		if ping, ok := f.(*wire.Ping); ok {
			c.WriteFrame(&wire.Pong{Nonce: ping.Nonce})
			continue
		}
		p.frames <- f
	}
}

// image builds and signs an image (an improm, unencrypted, unless the
// spec says otherwise) and serves it; it returns the image and its URL.
func (w *upgradeWorld) image(t *testing.T, s build.Spec) (*build.Image, string) {
	t.Helper()
	signer, _ := cose.NewSigner(cose.AlgorithmEdDSA, w.rel)
	k, _ := trust.NewKey(w.rel.Public())
	kid := k.ID()
	if s.Model == "" {
		s.Model = "imp001"
	}
	if s.Slot == "" {
		s.Slot = "improm"
	}
	s.Signers = []cose.Signer{suit.WithKeyID(signer, kid[:])}
	if s.Payload == nil {
		s.Payload = bytes.Repeat([]byte("new improm "), 10000)
	}
	img, err := build.Build(s)
	if err != nil {
		t.Fatal(err)
	}
	path := "/images/" + s.Version + ".suit"
	w.serve(path, img.File)
	return img, w.images.URL + path
}

func (w *upgradeWorld) serve(path string, file []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.files[path] = file
}

// start opens a device in memory with code (none if ""), runs it online
// until the test ends, and returns its first connection once the code
// (if any) is running.
func (w *upgradeWorld) start(t *testing.T, supply *power.Supply, code string) (*Device, *peerConn) {
	t.Helper()
	d, err := Open(Config{Model: "imp001", Root: w.root, Memory: true, Supply: supply, Log: &w.log})
	if err != nil {
		t.Fatal(err)
	}
	if code != "" {
		if err := d.InstallCode("device.nut", []byte(code+"\nagent.on(\"ready?\", function(v) {})\n")); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		d.RunOnline(ctx, Online{Addr: w.addr, ServerName: "127.0.0.1", Creds: w.creds, Reconnect: time.Second})
	}()
	t.Cleanup(func() {
		cancel()
		<-stopped
		if t.Failed() {
			t.Logf("device log:\n%s", w.log.String())
		}
	})
	p := w.next(t)
	if code != "" {
		p.waitCode(t)
	}
	return d, p
}

// next returns the device's next connection.
func (w *upgradeWorld) next(t *testing.T) *peerConn {
	t.Helper()
	select {
	case p := <-w.conns:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("the device did not connect")
	}
	return nil
}

// waitCode waits until the device code has registered its handlers: a
// message to it is acknowledged, not refused as no-handler.
func (p *peerConn) waitCode(t *testing.T) {
	t.Helper()
	payload, err := msg.Encode(squirrel.Null, 64)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for id := uint32(1); time.Now().Before(deadline); id++ {
		if err := p.c.WriteFrame(&wire.Message{ID: id, Name: "ready?", Payload: payload}); err != nil {
			t.Fatal(err)
		}
		for f := range p.frames {
			if _, ok := f.(*wire.MessageAck); ok {
				return
			}
			if _, ok := f.(*wire.MessageNack); ok {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the device code did not start")
}

// offer sends an upgrade offer.
func (p *peerConn) offer(t *testing.T, f *wire.UpgradeOffer) {
	t.Helper()
	if err := p.c.WriteFrame(f); err != nil {
		t.Fatal(err)
	}
}

// status returns the next upgrade status, failing unless it is for
// rollout and in state; log collects the device's log lines on the way.
func (p *peerConn) status(t *testing.T, rollout string, state wire.UpgradeState, log *[]string) *wire.UpgradeStatus {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case f, ok := <-p.frames:
			if !ok {
				t.Fatalf("the connection ended while waiting for %s", state)
			}
			switch f := f.(type) {
			case *wire.UpgradeStatus:
				if f.RolloutID != rollout || f.State != state {
					t.Fatalf("status %s %s (%q), want %s %s", f.RolloutID, f.State, f.Reason, rollout, state)
				}
				return f
			case *wire.Log:
				if log != nil {
					*log = append(*log, f.Text)
				}
			}
		case <-timeout:
			t.Fatalf("no %s status", state)
		}
	}
}

// quiet fails if an upgrade status arrives within d.
func (p *peerConn) quiet(t *testing.T, d time.Duration) {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case f := <-p.frames:
			if s, ok := f.(*wire.UpgradeStatus); ok {
				t.Fatalf("unexpected status %s %s (%q)", s.RolloutID, s.State, s.Reason)
			}
		case <-timeout:
			return
		}
	}
}

// closed waits for the device to close the connection, and reports the
// Close it sent.
func (p *peerConn) closed(t *testing.T) *wire.Close {
	t.Helper()
	var c *wire.Close
	timeout := time.After(10 * time.Second)
	for {
		select {
		case f, ok := <-p.frames:
			if !ok {
				return c
			}
			if f, ok := f.(*wire.Close); ok {
				c = f
			}
		case <-timeout:
			t.Fatal("the device did not close the connection")
		}
	}
}

// firmware returns the device's improm version and flash erase count.
func firmware(t *testing.T, d *Device) (string, int) {
	t.Helper()
	_, st, err := d.Boot.Boot()
	if err != nil {
		t.Fatal(err)
	}
	return st.Improm.Version, d.flash.Stats().Erases
}

// An accepted request (code without a shutdown handler): the device
// reports downloading and flashing, closes its link, installs through
// the bootrom and reconnects saying it restarted for an upgrade into the
// new improm, then reports success. The image is encrypted for the
// device, so the offer's wrapped key is used. An offer of the same
// rollout after that is answered succeeded without a second install.
// REQ-PROC-14, REQ-PRIV-2, REQ-PRIV-3.
func TestUpgradeAccepted(t *testing.T) {
	w := newUpgradeWorld(t)
	img, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1, Encryption: suit.EncryptionDevice})
	d, p := w.start(t, nil, "")
	if p.hello.Reset != wire.ResetPowerOn || p.hello.Improm != FactoryImprom {
		t.Fatalf("first hello: reset %s, improm %s", p.hello.Reset, p.hello.Improm)
	}
	wrapped, err := build.Wrap(img.CEK, img.Alg, img.IV, d.Boot.Key.PublicKey(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	offer := &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope, WrappedKey: wrapped, Grace: time.Second}
	p.offer(t, offer)
	if s := p.status(t, "r1", wire.UpgradeDownloading, nil); s.BatteryMV != 3300 {
		t.Errorf("downloading: battery %d mV, want 3300 (mains)", s.BatteryMV)
	}
	p.status(t, "r1", wire.UpgradeFlashing, nil)
	if c := p.closed(t); c == nil || c.Code != wire.CloseNormal {
		t.Fatalf("the device closed with %v, want a normal Close", c)
	}

	p = w.next(t)
	if p.hello.Reset != wire.ResetUpgrade || p.hello.Improm != "2.0" || p.hello.SecurityCounter != 1 {
		t.Fatalf("hello after the upgrade: reset %s, improm %s, counter %d", p.hello.Reset, p.hello.Improm, p.hello.SecurityCounter)
	}
	p.status(t, "r1", wire.UpgradeSucceeded, nil)
	if v, _ := firmware(t, d); v != "2.0" {
		t.Fatalf("running improm %s", v)
	}

	hits := w.hits.Load()
	p.offer(t, offer)
	p.status(t, "r1", wire.UpgradeSucceeded, nil)
	if w.hits.Load() != hits {
		t.Fatal("a repeated offer downloaded the image again")
	}
	for _, want := range []string{"improm: invalidated for an upgrade", "bootrom: improm 2.0 valid, rebooting", "improm 2.0 running"} {
		if !strings.Contains(w.log.String(), want) {
			t.Errorf("device log lacks %q", want)
		}
	}
}

// A request whose code has a shutdown handler that never calls
// server.restart() is deferred after the grace, with nothing downloaded
// or erased. While it waits, the same rollout's offer is ignored and
// another rollout's is refused.
// REQ-PROC-10.
func TestUpgradeDeferred(t *testing.T) {
	w := newUpgradeWorld(t)
	img, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1})
	d, p := w.start(t, nil, `server.onshutdown(function(reason) { server.log("onshutdown " + reason) })`)
	v0, erases0 := firmware(t, d)
	offer := &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope, Grace: time.Second}
	start := time.Now()
	p.offer(t, offer)
	p.offer(t, offer)
	other := *offer
	other.RolloutID = "r2"
	p.offer(t, &other)
	var log []string
	if s := p.status(t, "r2", wire.UpgradeFailed, &log); s.Reason != "another upgrade in progress" {
		t.Errorf("second rollout: reason %q", s.Reason)
	}
	if s := p.status(t, "r1", wire.UpgradeDeferred, &log); s.Reason != "deferred by device code" {
		t.Errorf("deferred: reason %q", s.Reason)
	}
	if e := time.Since(start); e < 900*time.Millisecond {
		t.Errorf("deferred after %v, before the grace", e)
	}
	p.quiet(t, 300*time.Millisecond)
	if !strings.Contains(strings.Join(log, "\n"), "onshutdown 2") {
		t.Errorf("the handler did not hear SHUTDOWN_NEWFIRMWARE (2); log %q", log)
	}
	if v, erases := firmware(t, d); v != v0 || erases != erases0 || w.hits.Load() != 0 {
		t.Fatalf("after a deferral: improm %s (was %s), %d erases (was %d), %d downloads", v, v0, erases, erases0, w.hits.Load())
	}
}

// A request whose handler calls server.restart() goes ahead at once.
func TestUpgradeCodeReady(t *testing.T) {
	w := newUpgradeWorld(t)
	img, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1})
	_, p := w.start(t, nil, `server.onshutdown(function(reason) { server.restart() })`)
	start := time.Now()
	p.offer(t, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope, Grace: 10 * time.Second})
	p.status(t, "r1", wire.UpgradeDownloading, nil)
	if e := time.Since(start); e > 5*time.Second {
		t.Errorf("downloading after %v: the device waited out the grace", e)
	}
	p.status(t, "r1", wire.UpgradeFlashing, nil)
	p = w.next(t)
	p.status(t, "r1", wire.UpgradeSucceeded, nil)
}

// A demand cannot be deferred: with a handler that never calls
// server.restart(), the device goes ahead when the grace has passed.
// REQ-PROC-11.
func TestUpgradeDemand(t *testing.T) {
	w := newUpgradeWorld(t)
	img, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1})
	d, p := w.start(t, nil, `server.onshutdown(function(reason) { server.log("onshutdown " + reason) })`)
	start := time.Now()
	p.offer(t, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeDemand, URL: url, Manifest: img.Envelope, Grace: time.Second})
	p.status(t, "r1", wire.UpgradeDownloading, nil)
	if e := time.Since(start); e < 900*time.Millisecond {
		t.Errorf("downloading after %v, before the grace", e)
	}
	p.status(t, "r1", wire.UpgradeFlashing, nil)
	p = w.next(t)
	if p.hello.Reset != wire.ResetUpgrade || p.hello.Improm != "2.0" {
		t.Fatalf("hello after the upgrade: reset %s, improm %s", p.hello.Reset, p.hello.Improm)
	}
	p.status(t, "r1", wire.UpgradeSucceeded, nil)
	if v, _ := firmware(t, d); v != "2.0" {
		t.Fatalf("running improm %s", v)
	}
}

// A supply too low for a flash erase (but enough for the radio) gets
// low-battery with the voltage, and nothing is downloaded or erased.
// REQ-PROC-9.
func TestUpgradeLowBattery(t *testing.T) {
	w := newUpgradeWorld(t)
	img, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1})
	supply := power.Battery(3.0, 2000, 1)
	d, p := w.start(t, supply, "")
	supply.SetLevel(0.62) // 2.66 V open circuit: under 2.7 V while erasing
	v0, erases0 := firmware(t, d)
	p.offer(t, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeDemand, URL: url, Manifest: img.Envelope, Grace: time.Second})
	s := p.status(t, "r1", wire.UpgradeLowBattery, nil)
	if s.BatteryMV < 2600 || s.BatteryMV >= 2700 || !strings.Contains(s.Reason, "battery too low") {
		t.Errorf("low-battery: %d mV, reason %q", s.BatteryMV, s.Reason)
	}
	if v, erases := firmware(t, d); v != v0 || erases != erases0 || w.hits.Load() != 0 {
		t.Fatalf("after low-battery: improm %s (was %s), %d erases (was %d), %d downloads", v, v0, erases, erases0, w.hits.Load())
	}
}

// Offers that fail verification are refused with the verifier's reason,
// before the device downloads or erases anything; an image at the URL
// that is not the offered manifest's is refused after downloading it,
// before anything is erased.
// REQ-PROC-14, REQ-SEC-3.
func TestUpgradeRefused(t *testing.T) {
	w := newUpgradeWorld(t)
	d, p := w.start(t, nil, "")
	good, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1})
	tampered := bytes.Clone(good.Envelope)
	tampered[len(tampered)-20] ^= 1
	foreign, foreignURL := w.image(t, build.Spec{Model: "imp003", Version: "3.0", Sequence: 1})
	newer, newerURL := w.image(t, build.Spec{Version: "4.0", Sequence: 1, MinBootrom: "99.0"})
	encrypted, encURL := w.image(t, build.Spec{Version: "5.0", Sequence: 1, Encryption: suit.EncryptionDevice})
	other, _ := w.image(t, build.Spec{Version: "6.0", Sequence: 1})
	for _, c := range []struct {
		name          string
		url           string
		manifest      []byte
		downloads     bool
		reason        string
		afterDownload bool
	}{
		{"tampered manifest", url, tampered, false, "bad signature", false},
		{"wrong model", foreignURL, foreign.Envelope, false, "image is for another model", false},
		{"bootrom too old", newerURL, newer.Envelope, false, "requires a newer bootrom", false},
		{"no wrapped key", encURL, encrypted.Envelope, false, "content key missing", false},
		{"image not the manifest's", url, other.Envelope, true, "not the offered manifest's", true},
	} {
		v0, erases0 := firmware(t, d)
		hits0 := w.hits.Load()
		p.offer(t, &wire.UpgradeOffer{RolloutID: c.name, Mode: wire.UpgradeDemand, URL: c.url, Manifest: c.manifest, Grace: time.Second})
		if c.afterDownload {
			p.status(t, c.name, wire.UpgradeDownloading, nil)
		}
		s := p.status(t, c.name, wire.UpgradeFailed, nil)
		if !strings.Contains(s.Reason, c.reason) {
			t.Errorf("%s: reason %q, want %q", c.name, s.Reason, c.reason)
		}
		v, erases := firmware(t, d)
		if v != v0 || erases != erases0 {
			t.Errorf("%s: improm %s (was %s), %d erases (was %d)", c.name, v, v0, erases, erases0)
		}
		if downloaded := w.hits.Load() != hits0; downloaded != c.downloads {
			t.Errorf("%s: downloaded %v, want %v", c.name, downloaded, c.downloads)
		}
	}
}

// A failure after the device has closed its link for the install is
// reported at the next connection: here a bootrom image vanishes once
// offered, so the improm's install of it fails before it touches the
// bootrom, and the device comes back on its firmware and reports failed
// with the reason.
func TestUpgradeFailsAfterFlashing(t *testing.T) {
	w := newUpgradeWorld(t)
	w.refuseImages(func(int32) bool { return true })
	img, url := w.image(t, build.Spec{Slot: "bootrom", Version: "2.0", Sequence: 1})
	d, p := w.start(t, nil, "")
	p.offer(t, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope})
	p.status(t, "r1", wire.UpgradeDownloading, nil)
	p.status(t, "r1", wire.UpgradeFlashing, nil)
	p = w.next(t)
	if p.hello.Reset != wire.ResetUpgrade || p.hello.Improm != FactoryImprom {
		t.Fatalf("hello after the failed upgrade: reset %s, improm %s", p.hello.Reset, p.hello.Improm)
	}
	if s := p.status(t, "r1", wire.UpgradeFailed, nil); !strings.Contains(s.Reason, "404") {
		t.Errorf("reason %q", s.Reason)
	}
	if st := bootState(t, d); st.Improm.Version != FactoryImprom || !st.Bootrom.Valid || st.Bootrom.Version != FactoryBootrom {
		t.Fatalf("improm %s, bootrom %s (valid %v)", st.Improm.Version, st.Bootrom.Version, st.Bootrom.Valid)
	}
}

// When the bootrom cannot fetch the image after the improm invalidated
// itself, it retries until it can; then the device reports success.
func TestUpgradeBootromRetries(t *testing.T) {
	w := newUpgradeWorld(t)
	// 1: the improm's verification as it downloads, 2: the bootrom's
	// first try.
	w.refuseImages(func(hit int32) bool { return hit == 2 })
	img, url := w.image(t, build.Spec{Version: "2.0", Sequence: 1})
	_, p := w.start(t, nil, "")
	p.offer(t, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope})
	p.status(t, "r1", wire.UpgradeDownloading, nil)
	p.status(t, "r1", wire.UpgradeFlashing, nil)
	p = w.next(t)
	if p.hello.Reset != wire.ResetUpgrade || p.hello.Improm != "2.0" {
		t.Fatalf("hello after the upgrade: reset %s, improm %s", p.hello.Reset, p.hello.Improm)
	}
	p.status(t, "r1", wire.UpgradeSucceeded, nil)
	if !strings.Contains(w.log.String(), "bootrom: install failed") {
		t.Error("the bootrom's first try did not fail")
	}
}

// An upgrade over the link transfers the image no more often than the
// design needs, since every transfer costs a device battery and airtime
// and a server bytes: an improm image twice (the improm verifies it as it
// downloads, and invalidates itself for that image; the bootrom fetches
// it again to install it), a bootrom image once (the improm's install
// verifies every block before writing it). A connection that drops
// during a download resumes with a Range request instead of starting
// over (REQ-PROC-16).
func TestUpgradeFetches(t *testing.T) {
	for _, c := range []struct {
		name         string
		slot         string
		drop         int // bytes of the first response before its connection drops
		full, ranged int32
	}{
		{"improm", "improm", 0, 2, 0},
		{"bootrom", "bootrom", 0, 1, 0},
		{"improm, dropped", "improm", 50000, 2, 1},
		{"bootrom, dropped", "bootrom", 50000, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newUpgradeWorld(t)
			w.dropImages(func(hit int32) int {
				if hit == 1 {
					return c.drop
				}
				return 0
			})
			img, url := w.image(t, build.Spec{Slot: c.slot, Version: "2.0", Sequence: 1})
			if len(img.File) < 2*c.drop {
				t.Fatalf("an image of %d bytes: the drop at %d is not mid-download", len(img.File), c.drop)
			}
			d, p := w.start(t, nil, "")
			p.offer(t, &wire.UpgradeOffer{RolloutID: "r1", Mode: wire.UpgradeRequest, URL: url, Manifest: img.Envelope})
			p.status(t, "r1", wire.UpgradeDownloading, nil)
			p.status(t, "r1", wire.UpgradeFlashing, nil)
			p = w.next(t)
			p.status(t, "r1", wire.UpgradeSucceeded, nil)
			st := bootState(t, d)
			if got := map[string]string{"improm": st.Improm.Version, "bootrom": st.Bootrom.Version}[c.slot]; got != "2.0" {
				t.Fatalf("%s %s installed, want 2.0", c.slot, got)
			}
			if full, ranged := w.full.Load(), w.ranged.Load(); full != c.full || ranged != c.ranged {
				t.Errorf("the image was fetched whole %d times and resumed %d times, want %d and %d", full, ranged, c.full, c.ranged)
			}
		})
	}
}

// `drey device --apply URL` fetches no more than an upgrade over the
// link: an improm image twice (the improm's check, the bootrom's
// install), a bootrom image once; the slot that routes the image is
// read from the first fetch, not from one of its own.
func TestApplyFetches(t *testing.T) {
	w := newUpgradeWorld(t)
	_, impromURL := w.image(t, build.Spec{Version: "2.0", Sequence: 1})
	_, bootromURL := w.image(t, build.Spec{Slot: "bootrom", Version: "3.0", Sequence: 2})
	d, err := Open(Config{Model: "imp001", Root: w.root, Memory: true, Log: &w.log})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		url  string
		full int32
	}{{impromURL, 2}, {bootromURL, 1}} {
		full0 := w.full.Load()
		if _, err := d.Apply(c.url, nil); err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
		if full := w.full.Load() - full0; full != c.full {
			t.Errorf("%s: fetched %d times, want %d", c.url, full, c.full)
		}
	}
	if st := bootState(t, d); st.Improm.Version != "2.0" || st.Bootrom.Version != "3.0" {
		t.Fatalf("improm %s, bootrom %s", st.Improm.Version, st.Bootrom.Version)
	}
}

// bootState returns the device's boot state.
func bootState(t *testing.T, d *Device) *boot.State {
	t.Helper()
	_, st, err := d.Boot.Boot()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// syncBuffer is a bytes.Buffer safe for the device's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
