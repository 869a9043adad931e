package main

// The fleet process: the HTTP hop in front of the server's images
// (cache.go) and the simulated imps. It takes its orders from the
// parent on standard input, one per line, and reports on standard
// output as JSON lines (see event).
//
//	stdin:  a proxyConfig (JSON), then a fleetConfig (JSON), then "mark", "report", "stop"
//	stdout: "proxy" (its address); "progress"…, "ready"; "report" after "report"

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"drey/bench/internal/procstat"
	"drey/cloud/identity"
	"drey/device/boot"
	"drey/device/flash"
	"drey/device/sim"
	"drey/wire"
)

// proxyConfig is the first line the fleet process reads.
type proxyConfig struct {
	Cache   bool `json:"cache"`
	Verbose bool `json:"verbose"` // print the devices' consoles to standard error
}

// fleetConfig is the second.
type fleetConfig struct {
	Origin     string   `json:"origin"` // the server's HTTP base URL, for the proxy
	Gateway    string   `json:"gateway"`
	ServerName string   `json:"server_name"`
	Dirs       []string `json:"dirs"` // credential directories, one per device
	Root       []byte   `json:"root"` // the platform root of trust, provisioned into every device
	FlashScale float64  `json:"flash_scale"`
	Rate       float64  `json:"rate"`    // connections started per second
	Version    string   `json:"version"` // the release's improm version, to check at the end
}

// event is a line the fleet process writes.
type event struct {
	Event string `json:"event"` // proxy, progress, ready, report, error; "exit" is made by the parent
	Text  string `json:"text,omitempty"`
	Addr  string `json:"addr,omitempty"` // proxy

	Connected   int           `json:"connected,omitempty"` // progress, ready: devices connected at least once
	ConnectTime time.Duration `json:"connect_time,omitempty"`

	// report
	CPU         time.Duration  `json:"cpu,omitempty"` // since "mark"
	RSS         int64          `json:"rss,omitempty"`
	Proxy       proxyStats     `json:"proxy"`
	Upgraded    int            `json:"upgraded,omitempty"`     // devices that boot the release's improm
	NotUpgraded int            `json:"not_upgraded,omitempty"` // the others
	Console     map[string]int `json:"console,omitempty"`      // notable console lines, by kind
	Times       []deviceTimes  `json:"times,omitempty"`        // per device, in the order of the configuration's Dirs
}

// deviceTimes are when a device did the steps of its upgrade, by its own
// clock (Unix nanoseconds; 0: not seen): it got the offer (its console's
// "upgrade offer" line), it began to install after downloading and
// verifying the image ("installing the firmware", after it closed its
// link), and it was connected again, running the new improm (its next
// HelloAck).
type deviceTimes struct {
	Offer   int64 `json:"offer"`
	Install int64 `json:"install"`
	Back    int64 `json:"back"`
}

// runChild runs the fleet process until "stop" or the end of in.
func runChild(ctx context.Context, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	enc := json.NewEncoder(out)
	var encMu sync.Mutex
	emit := func(e event) {
		encMu.Lock()
		defer encMu.Unlock()
		enc.Encode(e)
	}
	fail := func(err error) error {
		emit(event{Event: "error", Text: err.Error()})
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	var pc proxyConfig
	if !sc.Scan() || json.Unmarshal(sc.Bytes(), &pc) != nil {
		return fail(fmt.Errorf("fleet process: no proxy configuration on standard input (%v)", sc.Err()))
	}
	proxy := newImageProxy(pc.Cache)
	addr, err := proxy.listen(ctx)
	if err != nil {
		return fail(err)
	}
	emit(event{Event: "proxy", Addr: addr.String()})

	var fc fleetConfig
	if !sc.Scan() || json.Unmarshal(sc.Bytes(), &fc) != nil {
		return fail(fmt.Errorf("fleet process: no fleet configuration on standard input (%v)", sc.Err()))
	}
	if err := setOrigin(proxy, fc.Origin); err != nil {
		return fail(err)
	}
	f := &fleet{cfg: fc, verbose: pc.Verbose, console: map[string]int{}, examples: map[string]string{}}
	if err := f.open(); err != nil {
		return fail(err)
	}
	go f.connect(ctx, emit)

	cpu0 := procstat.CPUTime("self")
	for sc.Scan() {
		switch strings.TrimSpace(sc.Text()) {
		case "mark":
			cpu0 = procstat.CPUTime("self")
		case "report":
			up, not := f.check()
			emit(event{Event: "report", CPU: procstat.CPUTime("self") - cpu0, RSS: procstat.RSS("self"), Proxy: proxy.stats(), Upgraded: up, NotUpgraded: not,
				Console: f.consoleCounts(), Times: f.timesCopy()})
		case "stop":
			cancel()
			f.wait()
			return nil
		}
	}
	cancel()
	f.wait()
	return nil
}

// fleet is the fleet process's devices.
type fleet struct {
	cfg     fleetConfig
	verbose bool
	devs    []*sim.Device
	creds   []*identity.Credentials
	running sync.WaitGroup

	connected atomic.Int64 // devices connected at least once

	mu       sync.Mutex
	console  map[string]int    // notable console lines, by kind
	examples map[string]string // the first line of each kind
	times    []deviceTimes
}

// open loads every device's credentials and provisions its simulated
// imp, flash in memory, with the platform root.
func (f *fleet) open() error {
	f.times = make([]deviceTimes, len(f.cfg.Dirs))
	for i, dir := range f.cfg.Dirs {
		c, err := identity.LoadCredentials(dir)
		if err != nil {
			return err
		}
		d, err := sim.Open(sim.Config{Model: "imp001", Root: f.cfg.Root, Memory: true, Log: &console{f: f, dev: i}})
		if err != nil {
			return fmt.Errorf("device %d: %w", i, err)
		}
		if f.cfg.FlashScale > 0 {
			// device/sim makes flash operations instant; its flash is a
			// *flash.Flash, whose clock can be set after Open.
			fl, ok := d.Boot.Flash.(*flash.Flash)
			if !ok {
				return fmt.Errorf("device %d: flash is a %T, cannot scale its time", i, d.Boot.Flash)
			}
			fl.SetClock(flash.ScaledClock(f.cfg.FlashScale))
		}
		f.devs = append(f.devs, d)
		f.creds = append(f.creds, c)
	}
	return nil
}

// connect starts every device at the configured rate, and reports
// progress until each has connected once.
func (f *fleet) connect(ctx context.Context, emit func(event)) {
	began := time.Now()
	gap := time.Duration(float64(time.Second) / f.cfg.Rate)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(2 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-done:
				emit(event{Event: "ready", Connected: int(f.connected.Load()), ConnectTime: time.Since(began)})
				return
			case <-t.C:
				emit(event{Event: "progress", Connected: int(f.connected.Load())})
			}
		}
	}()
	n := int64(len(f.devs))
	for i, d := range f.devs {
		if i > 0 && !sleep(ctx, gap) {
			return
		}
		var once sync.Once
		o := sim.Online{Addr: f.cfg.Gateway, ServerName: f.cfg.ServerName, Creds: f.creds[i], Reconnect: 10 * time.Second,
			OnConnect: func(wire.HelloAck) {
				f.mu.Lock()
				if t := &f.times[i]; t.Install != 0 && t.Back == 0 {
					t.Back = time.Now().UnixNano()
				}
				f.mu.Unlock()
				once.Do(func() {
					if f.connected.Add(1) == n {
						close(done)
					}
				})
			}}
		f.running.Add(1)
		go func() {
			defer f.running.Done()
			d.RunOnline(ctx, o)
		}()
	}
}

// wait waits for every device to stop (after ctx is done).
func (f *fleet) wait() {
	f.running.Wait()
	for _, d := range f.devs {
		d.Close()
	}
}

// check counts the devices whose preboot would start an improm of the
// release's version, as the end-to-end test checks them.
func (f *fleet) check() (upgraded, not int) {
	for _, d := range f.devs {
		stage, st, err := d.Boot.Boot()
		if err == nil && stage == boot.Improm && st.Improm.Version == f.cfg.Version {
			upgraded++
		} else {
			not++
		}
	}
	return upgraded, not
}

func (f *fleet) timesCopy() []deviceTimes {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.times)
}

func (f *fleet) consoleCounts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := maps.Clone(f.console)
	for k, ex := range f.examples {
		out[k+" (e.g. "+ex+")"] = out[k]
		delete(out, k)
	}
	return out
}

// console is a device's serial console: it counts the lines that say
// something went wrong, by kind, and prints every line when verbose.
type console struct {
	f   *fleet
	dev int
}

// notable are the kinds of console line counted, by a text they contain.
var notable = []struct{ text, kind string }{
	{"connecting to", "connect retry"},
	{"link to", "link lost"},
	{"upgrade failed", "upgrade failed"},
	{"install failed", "install retry"},
	{"refused", "refused"},
	{"upgrade deferred", "deferred"},
	{"upgrade low-battery", "low battery"},
}

func (c *console) Write(p []byte) (int, error) {
	for line := range strings.SplitSeq(strings.TrimRight(string(p), "\n"), "\n") {
		if c.f.verbose {
			fmt.Fprintf(os.Stderr, "device %d: %s\n", c.dev, line)
		}
		if step := c.step(line); step != nil {
			c.f.mu.Lock()
			if *step == 0 {
				*step = time.Now().UnixNano()
			}
			c.f.mu.Unlock()
		}
		for _, n := range notable {
			if strings.Contains(line, n.text) {
				c.f.mu.Lock()
				c.f.console[n.kind]++
				if _, ok := c.f.examples[n.kind]; !ok {
					c.f.examples[n.kind] = line
				}
				c.f.mu.Unlock()
				break
			}
		}
	}
	return len(p), nil
}

// step returns the time a console line marks, if any (device/sim/upgrade.go
// writes these lines).
func (c *console) step(line string) *int64 {
	t := &c.f.times[c.dev]
	switch {
	case strings.HasPrefix(line, "improm: upgrade offer for rollout"):
		return &t.Offer
	case strings.HasPrefix(line, "improm: installing the firmware"):
		return &t.Install
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
