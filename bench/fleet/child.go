package main

// A fleet process: it holds the links of its share of the simulated
// devices, sends each device's ping on its own schedule, and times the
// pong its agent answers with. It takes its orders from the parent on
// standard input, one per line, and reports on standard output as JSON
// lines (see event).
//
//	stdin:  a childConfig (JSON), then "measure", "report", "stop"
//	stdout: "progress"… "ready", then "report" after "report"

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"drey/bench/internal/procstat"
	"drey/cloud/identity"
	"drey/wire"
)

// childConfig is the first line a fleet process reads.
type childConfig struct {
	Index       int           `json:"index"`
	Dirs        []string      `json:"dirs"` // credential directories, one per device
	Gateway     string        `json:"gateway"`
	ServerName  string        `json:"server_name"`
	Source      string        `json:"source"` // the local address devices dial from
	Rate        float64       `json:"rate"`   // connections started per second
	Concurrency int           `json:"concurrency"`
	Interval    time.Duration `json:"interval"`
	Deployment  string        `json:"deployment"` // what the devices say they run, so no Deploy is due
}

// event is a line a fleet process writes.
type event struct {
	Event string `json:"event"` // progress, ready, report, error; "exit" is made by the parent
	Child int    `json:"child"`
	Text  string `json:"text,omitempty"`

	// progress and ready
	Connected     int            `json:"connected"`
	Failed        int            `json:"failed"`
	ConnectErrors map[string]int `json:"connect_errors,omitempty"`
	Connect       *hist          `json:"connect,omitempty"` // dial to HelloAck, every device
	ConnectTime   time.Duration  `json:"connect_time"`      // from the first dial to the last link up

	// report: pings sent in the window, and their answers
	Window  time.Duration     `json:"window"`
	Sent    uint64            `json:"sent"`
	Acked   uint64            `json:"acked"`
	Pongs   uint64            `json:"pongs"`
	Nacks   map[string]uint64 `json:"nacks,omitempty"`
	SendErr uint64            `json:"send_errors"`
	RTT     *hist             `json:"rtt,omitempty"` // ping sent to pong read
	AckRTT  *hist             `json:"ack_rtt,omitempty"`
	Drops   map[string]int    `json:"drops,omitempty"` // links lost since connecting, by reason
	Deploys uint64            `json:"deploys"`
	Other   uint64            `json:"other_frames"`
	RSS     int64             `json:"rss"`
	CPU     time.Duration     `json:"cpu"`
}

// runChild runs a fleet process until "stop" or the end of in.
func runChild(ctx context.Context, in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	if !sc.Scan() {
		return fmt.Errorf("fleet process: no configuration on standard input: %v", sc.Err())
	}
	var cfg childConfig
	if err := json.Unmarshal(sc.Bytes(), &cfg); err != nil {
		return fmt.Errorf("fleet process: configuration: %w", err)
	}
	f := &fleet{cfg: cfg, enc: json.NewEncoder(out), rtt: newHist(), ackRTT: newHist(), connect: newHist(),
		connErrs: map[string]int{}, drops: map[string]int{}, nacks: map[string]uint64{}}
	if f.cfg.Concurrency <= 0 {
		f.cfg.Concurrency = 64
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := f.load(); err != nil {
		f.emit(event{Event: "error", Text: err.Error()})
		return err
	}
	go f.connectAll(ctx)
	for sc.Scan() {
		switch strings.TrimSpace(sc.Text()) {
		case "measure":
			f.windowEnd.Store(0)
			f.windowStart.Store(time.Now().UnixNano())
		case "report":
			f.report()
		case "stop":
			cancel()
			f.stop()
			return nil
		}
	}
	cancel()
	f.stop()
	return nil
}

// fleet is one process's devices.
type fleet struct {
	cfg  childConfig
	devs []*device

	outMu sync.Mutex
	enc   *json.Encoder

	// The measuring window, as Unix nanoseconds: pings sent in it count.
	windowStart, windowEnd atomic.Int64
	stopping               atomic.Bool

	mu             sync.Mutex
	connected      int
	failed         int
	connErrs       map[string]int
	connect        *hist
	connectTime    time.Duration
	rtt, ackRTT    *hist
	sent, acked    uint64
	pongs, sendErr uint64
	nacks          map[string]uint64
	drops          map[string]int
	deploys, other uint64
}

func (f *fleet) emit(e event) {
	e.Child = f.cfg.Index
	f.outMu.Lock()
	defer f.outMu.Unlock()
	f.enc.Encode(e)
}

// load reads every device's credentials.
func (f *fleet) load() error {
	for _, dir := range f.cfg.Dirs {
		c, err := identity.LoadCredentials(dir)
		if err != nil {
			return err
		}
		f.devs = append(f.devs, &device{f: f, creds: c})
	}
	return nil
}

// connectAll connects the devices at the configured rate, with at most
// Concurrency handshakes under way, and reports progress until all are
// connected or have failed.
func (f *fleet) connectAll(ctx context.Context) {
	began := time.Now()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				f.mu.Lock()
				e := event{Event: "progress", Connected: f.connected, Failed: f.failed}
				f.mu.Unlock()
				f.emit(e)
			}
		}
	}()
	gap := time.Duration(float64(time.Second) / f.cfg.Rate)
	sem := make(chan struct{}, f.cfg.Concurrency)
	var wg sync.WaitGroup
	next := time.Now()
	for _, d := range f.devs {
		if wait := time.Until(next); wait > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
		}
		next = next.Add(gap)
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f.connectDevice(ctx, d)
		}()
	}
	wg.Wait()
	close(done)
	f.mu.Lock()
	f.connectTime = time.Since(began)
	e := event{Event: "ready", Connected: f.connected, Failed: f.failed, ConnectErrors: f.connErrs,
		Connect: f.connect, ConnectTime: f.connectTime}
	f.mu.Unlock()
	f.emit(e)
}

// connectDevice connects one device, trying three times.
func (f *fleet) connectDevice(ctx context.Context, d *device) {
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Duration(attempt) * time.Second):
			}
		}
		began := time.Now()
		if err = d.dial(ctx); err == nil {
			took := time.Since(began)
			f.mu.Lock()
			f.connected++
			f.connect.add(took)
			f.mu.Unlock()
			d.start()
			return
		}
		f.mu.Lock()
		f.connErrs[errClass(err)]++
		f.mu.Unlock()
	}
	f.mu.Lock()
	f.failed++
	f.mu.Unlock()
}

// errClass shortens an error to what it has in common with others of its
// kind: the stage it happened at and the last part of its text, without
// the addresses and ports.
func errClass(err error) string {
	s := err.Error()
	stage, rest, ok := strings.Cut(s, ": ")
	if !ok {
		return s
	}
	if i := strings.LastIndex(rest, ": "); i >= 0 {
		rest = rest[i+2:]
	}
	if len(rest) > 100 {
		rest = rest[:100]
	}
	return stage + ": " + rest
}

// inWindow reports whether a ping sent at t counts.
func (f *fleet) inWindow(t time.Time) bool {
	start, end := f.windowStart.Load(), f.windowEnd.Load()
	n := t.UnixNano()
	return start != 0 && n >= start && (end == 0 || n < end)
}

// report closes the window, waits a second for the answers to the last
// pings, and reports what the window saw.
func (f *fleet) report() {
	start := f.windowStart.Load()
	end := time.Now().UnixNano()
	f.windowEnd.Store(end)
	time.Sleep(time.Second)
	f.mu.Lock()
	e := event{Event: "report", Connected: f.connected, Failed: f.failed, Window: time.Duration(end - start),
		Sent: f.sent, Acked: f.acked, Pongs: f.pongs, Nacks: f.nacks, SendErr: f.sendErr, RTT: f.rtt, AckRTT: f.ackRTT,
		Drops: f.drops, Deploys: f.deploys, Other: f.other, RSS: procstat.RSS("self"), CPU: procstat.CPUTime("self")}
	f.mu.Unlock()
	f.emit(e)
}

// stop closes every link as a device that goes away does.
func (f *fleet) stop() {
	f.stopping.Store(true)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for _, d := range f.devs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			d.close()
		}()
	}
	wg.Wait()
}

// device is one simulated device: a Go client of the wire protocol that
// runs no Squirrel, and only pings its agent.
type device struct {
	f     *fleet
	creds *identity.Credentials

	conn *wire.Conn
	raw  net.Conn

	mu     sync.Mutex
	timer  *time.Timer
	next   time.Time // when the next ping is due
	seq    uint32
	ring   [16]ping // the latest pings, by seq mod 16
	closed bool
}

// ping is a ping sent and what has come back for it.
type ping struct {
	seq           uint32
	at            time.Time
	acked, ponged bool
}

// dial connects the device: TCP from the fleet's source address, mutual
// TLS, and the wire hello, as device/link does.
func (d *device) dial(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	dialer := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(d.f.cfg.Source)}}
	raw, err := dialer.DialContext(ctx, "tcp", d.f.cfg.Gateway)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	tc := tls.Client(raw, identity.ClientTLSConfig(d.creds, d.f.cfg.ServerName))
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return fmt.Errorf("tls: %w", err)
	}
	conn, err := wire.NewConn(tc, wire.Device, wire.Config{})
	if err != nil {
		raw.Close()
		return fmt.Errorf("wire: %w", err)
	}
	// The server checks the client certificate after the client's side of
	// the TLS handshake is done, and answers the hello with a Close if it
	// refuses: bound the wait for the HelloAck too.
	tc.SetReadDeadline(time.Now().Add(30 * time.Second))
	_, err = wire.ClientHello(conn, wire.Hello{Model: d.creds.Model, DeviceID: d.creds.DeviceID, Bootrom: "fleet",
		Improm: "fleet", Reset: wire.ResetPowerOn, Deployment: d.f.cfg.Deployment})
	if err != nil {
		raw.Close()
		return fmt.Errorf("hello: %w", err)
	}
	tc.SetReadDeadline(time.Time{})
	d.mu.Lock()
	d.conn, d.raw = conn, tc
	d.mu.Unlock()
	return nil
}

// start runs the device's reader and schedules its first ping at a
// random point of the first interval, so that the fleet's pings spread
// evenly.
func (d *device) start() {
	iv := d.f.cfg.Interval
	d.mu.Lock()
	if d.f.stopping.Load() {
		d.closed = true
		d.mu.Unlock()
		d.raw.Close()
		return
	}
	d.next = time.Now().Add(rand.N(iv))
	d.timer = time.AfterFunc(time.Until(d.next), d.tick)
	d.mu.Unlock()
	go d.read()
}

// pingPayload is the squirrel/msg encoding of the integer seq (as a
// Squirrel integer, 32 bits): magic, version, tag 0x03, zigzag varint.
func pingPayload(seq uint32) []byte {
	return binary.AppendVarint([]byte{'S', 'Q', 1, 0x03}, int64(int32(seq)))
}

// pongSeq decodes what the agent echoes back.
func pongSeq(p []byte) (uint32, bool) {
	if len(p) < 5 || p[0] != 'S' || p[1] != 'Q' || p[2] != 1 || p[3] != 0x03 {
		return 0, false
	}
	v, n := binary.Varint(p[4:])
	if n <= 0 || 4+n != len(p) {
		return 0, false
	}
	return uint32(int32(v)), true
}

// tick sends a ping and schedules the next one an interval after this
// one was due, so that the schedule does not drift.
func (d *device) tick() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.seq++
	seq := d.seq
	now := time.Now()
	d.ring[seq%uint32(len(d.ring))] = ping{seq: seq, at: now}
	d.next = d.next.Add(d.f.cfg.Interval)
	d.timer.Reset(time.Until(d.next))
	d.mu.Unlock()
	counted := d.f.inWindow(now)
	err := d.conn.WriteFrame(&wire.Message{ID: seq, Name: "ping", Payload: pingPayload(seq)})
	if counted {
		d.f.mu.Lock()
		if err != nil {
			d.f.sendErr++
		} else {
			d.f.sent++
		}
		d.f.mu.Unlock()
	}
}

// answered marks what came back for ping seq and returns when that ping
// was sent, or false for a ping it no longer knows.
func (d *device) answered(seq uint32, pong bool) (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p := &d.ring[seq%uint32(len(d.ring))]
	if p.seq != seq || p.at.IsZero() {
		return time.Time{}, false
	}
	if pong {
		if p.ponged {
			return time.Time{}, false
		}
		p.ponged = true
	} else {
		if p.acked {
			return time.Time{}, false
		}
		p.acked = true
	}
	return p.at, true
}

// read handles what the server sends until the link ends.
func (d *device) read() {
	f := d.f
	for {
		fr, err := d.conn.ReadFrame()
		now := time.Now()
		if err != nil {
			d.lost(err.Error())
			return
		}
		switch fr := fr.(type) {
		case *wire.Message:
			if fr.Name != "pong" {
				d.conn.WriteFrame(&wire.MessageNack{ID: fr.ID, Reason: wire.NackNoHandler})
				f.count(&f.other)
				continue
			}
			if err := d.conn.WriteFrame(&wire.MessageAck{ID: fr.ID}); err != nil {
				d.lost(err.Error())
				return
			}
			seq, ok := pongSeq(fr.Payload)
			if !ok {
				f.count(&f.other)
				continue
			}
			if at, ok := d.answered(seq, true); ok && f.inWindow(at) {
				f.mu.Lock()
				f.pongs++
				f.rtt.add(now.Sub(at))
				f.mu.Unlock()
			}
		case *wire.MessageAck:
			if at, ok := d.answered(fr.ID, false); ok && f.inWindow(at) {
				f.mu.Lock()
				f.acked++
				f.ackRTT.add(now.Sub(at))
				f.mu.Unlock()
			}
		case *wire.MessageNack:
			if at, ok := d.answered(fr.ID, false); ok && f.inWindow(at) {
				f.mu.Lock()
				f.nacks[fr.Reason.String()]++
				f.mu.Unlock()
			}
		case *wire.Ping:
			d.conn.WriteFrame(&wire.Pong{Nonce: fr.Nonce})
		case *wire.Deploy:
			// The fleet runs no code: acknowledge without storing it.
			d.conn.WriteFrame(&wire.DeployAck{ID: fr.ID, OK: true})
			f.count(&f.deploys)
		case *wire.Close:
			d.lost(fmt.Sprintf("server closed the link: %v", fr))
			return
		default:
			f.count(&f.other)
		}
	}
}

func (f *fleet) count(c *uint64) {
	f.mu.Lock()
	*c++
	f.mu.Unlock()
}

// lost records a link that ended while the fleet was not stopping.
func (d *device) lost(reason string) {
	d.mu.Lock()
	wasClosed := d.closed
	d.closed = true
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Unlock()
	d.raw.Close()
	if wasClosed || d.f.stopping.Load() {
		return
	}
	d.f.mu.Lock()
	d.f.connected--
	d.f.drops[errClass(errors.New(reason))]++
	d.f.mu.Unlock()
}

// close ends the link as a device that goes away does.
func (d *device) close() {
	d.mu.Lock()
	if d.closed || d.conn == nil {
		d.closed = true
		d.mu.Unlock()
		return
	}
	d.closed = true
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Unlock()
	d.conn.WriteFrame(&wire.Close{Code: wire.CloseNormal, Reason: "fleet stopping"})
	d.raw.Close()
}
