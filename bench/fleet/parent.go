package main

// The parent process: it makes a service, enrols the fleet, deploys the
// echo application through the owners' API, runs the server in this
// process, and measures it while fleet processes hold the devices' links.

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"drey/bench/internal/logcount"
	"drey/bench/internal/procstat"
	"drey/cloud/apiclient"
	"drey/cloud/server"
	"drey/cloud/store"
)

// The echo application: the devices are Go clients that run no code, so
// the device code only has to compile; every agent answers a ping with a
// pong carrying the same value.
const (
	deviceCode = `server.log("x")`
	agentCode  = `device.on("ping", function(v) { device.send("pong", v) })`
	model      = "imp001"
)

// options are the harness's flags.
type options struct {
	Devices     int
	PerChild    int
	Duration    time.Duration
	Interval    time.Duration
	Warmup      time.Duration // after the last device connected, before the window (0: one interval)
	Rate        float64       // connections per second, whole fleet
	Concurrency int           // handshakes under way at once, whole fleet
	SlowEnroll  int           // devices enrolled through Data.Enroll, to time it
	Data        string        // data directory to use and keep (empty: a temporary one, removed)
	CPUProfile  string        // server CPU profile of the window
	ConnProfile string        // server CPU profile of the connecting phase
	MemProfile  string        // server heap profile with every link up
	ConnStacks  string        // server goroutines, counted by stack, at 25, 50, 75 and 100% of the planned connecting time
	Verbose     bool          // print the server's log
	Out         io.Writer
}

// spawnFunc starts fleet process k: it returns the process's standard
// input and output, its pid (0 in-process) and a function that waits for
// it to end.
type spawnFunc func(ctx context.Context, k int) (in io.WriteCloser, out io.Reader, pid int, wait func() error, err error)

// execSpawn starts a fleet process as this program with -child.
func execSpawn(ctx context.Context, k int) (io.WriteCloser, io.Reader, int, func() error, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, 0, nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "-child")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, 0, nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, 0, nil, err
	}
	return in, out, cmd.Process.Pid, cmd.Wait, nil
}

// result is what a run measured.
type result struct {
	Devices, Children int
	Enroll            time.Duration // whole fleet
	SlowEnrollEach    time.Duration // one device through Data.Enroll
	FastEnrollEach    time.Duration // one device through the fast path, wall clock per device
	Deploy            time.Duration // POST /v1/deploy, which starts every agent
	ConnectTime       time.Duration // first dial to last link up, slowest fleet process
	ServerConnectTime time.Duration // first dial to the server counting every link
	Connected         int           // links up once connecting ended, by the fleet's count
	Failed            int
	ConnectErrors     map[string]int
	Connect           *hist

	Server0, Server1 metricsSnap // /metrics at the start and the end of the window

	Mem0, MemAgents, MemLinks, MemAfter memory // server: before agents, with agents, with links, after the window

	Window                  time.Duration
	Sent, Acked, Pongs      uint64
	SendErr                 uint64
	Nacks                   map[string]uint64
	Drops                   map[string]int
	Deploys, Other          uint64
	RTT, AckRTT             *hist
	ServerCPU, FleetCPU     time.Duration // in the window
	FleetRSS                int64
	ServerLog               map[string]int // the server's log records, by message
	ConnectedAtEnd, Running int64          // /metrics after the window
}

// metricsSnap is what /metrics said.
type metricsSnap map[string]int64

func (r *result) rate() float64 { return float64(r.Pongs) / r.Window.Seconds() }

// run runs the whole benchmark.
func run(ctx context.Context, o options, spawn spawnFunc) (*result, error) {
	out := o.Out
	if o.Warmup == 0 {
		o.Warmup = o.Interval + 2*time.Second
	}
	if o.Concurrency == 0 {
		o.Concurrency = 64
	}
	say := func(format string, a ...any) {
		fmt.Fprintf(out, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
	}
	res := &result{Devices: o.Devices, ConnectErrors: map[string]int{}, Connect: newHist(), RTT: newHist(), AckRTT: newHist(),
		Nacks: map[string]uint64{}, Drops: map[string]int{}}

	dir := o.Data
	if dir == "" {
		d, err := os.MkdirTemp("", "drey-fleet-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if _, err := os.Stat(filepath.Join(dir, "drey.db")); err == nil {
		return nil, fmt.Errorf("%s holds a data directory already: give a new one", dir)
	}
	d, err := server.OpenData(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	pass := randomText()
	token, err := d.Init(ctx, pass, []string{"127.0.0.1"})
	if err != nil {
		return nil, err
	}
	// The factory refuses a model with no published support period
	// (REQ-LIFE-1): publish one, as the operator does before a first sale.
	if _, err := d.Store.SetModelSupport(ctx, store.ModelSupport{Model: model, Until: store.Date(time.Now().AddDate(5, 0, 0)), By: "bench"}); err != nil {
		return nil, err
	}

	say("enrolling %d devices in %s", o.Devices, dir)
	dirs, err := enroll(ctx, d, pass, o, res)
	if err != nil {
		return nil, err
	}
	say("enrolled in %v: %v per device through Data.Enroll (first %d), %v per device through the fast path",
		res.Enroll.Round(time.Millisecond), res.SlowEnrollEach.Round(time.Microsecond), min(o.SlowEnroll, o.Devices),
		res.FastEnrollEach.Round(time.Microsecond))

	logs := logcount.New(o.Verbose, nil)
	sctx, stopServer := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServer()
	ready := make(chan server.Addrs, 1)
	served := make(chan error, 1)
	go func() {
		served <- server.Run(sctx, d, server.Config{GatewayAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
			Log: slog.New(logs), Ready: func(a server.Addrs) { ready <- a }})
	}()
	var addrs server.Addrs
	select {
	case addrs = <-ready:
	case err := <-served:
		return nil, err
	}
	defer func() {
		stopServer()
		<-served
	}()
	api := "http://" + addrs.HTTP.String()
	res.Mem0 = measureMemory()
	say("server up: gateway %s, API %s; %v", addrs.Gateway, api, res.Mem0)

	began := time.Now()
	var dr server.DeployResponse
	if err := apiclient.Call(ctx, "POST", api+"/v1/deploy", token, server.DeployRequest{DeviceCode: deviceCode, AgentCode: agentCode}, &dr); err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	res.Deploy = time.Since(began)
	m, err := scrape(ctx, api)
	if err != nil {
		return nil, err
	}
	if m["drey_agents_running"] != int64(o.Devices) {
		return nil, fmt.Errorf("deployed %s, but %d agents run, not %d", dr.ID, m["drey_agents_running"], o.Devices)
	}
	time.Sleep(time.Second) // let every agent load its code
	res.MemAgents = measureMemory()
	say("deployed %s in %v: %d agents running; %v", dr.ID, res.Deploy.Round(time.Millisecond), m["drey_agents_running"], res.MemAgents)

	// The fleet processes.
	k := (o.Devices + o.PerChild - 1) / o.PerChild
	res.Children = k
	procs := make([]fleetProc, k)
	events := make(chan event, 16*k)
	var readers sync.WaitGroup
	defer func() {
		for _, p := range procs {
			if p.in != nil {
				io.WriteString(p.in, "stop\n")
				p.in.Close()
			}
		}
		for _, p := range procs {
			if p.wait != nil {
				p.wait()
			}
		}
		readers.Wait()
	}()
	for i := range k {
		share := dirs[i*o.PerChild : min((i+1)*o.PerChild, len(dirs))]
		in, stdout, pid, wait, err := spawn(ctx, i)
		if err != nil {
			return nil, fmt.Errorf("fleet process %d: %w", i, err)
		}
		procs[i] = fleetProc{in, pid, wait}
		cfg := childConfig{Index: i, Dirs: share, Gateway: addrs.Gateway.String(), ServerName: "127.0.0.1",
			Source: sourceAddr(i), Rate: o.Rate / float64(k), Concurrency: max(1, o.Concurrency/k),
			Interval: o.Interval, Deployment: dr.ID}
		b, _ := json.Marshal(cfg)
		if _, err := in.Write(append(b, '\n')); err != nil {
			return nil, fmt.Errorf("fleet process %d: %w", i, err)
		}
		readers.Add(1)
		go func() {
			defer readers.Done()
			dec := json.NewDecoder(stdout)
			for {
				var e event
				if err := dec.Decode(&e); err != nil {
					text := "exited"
					if !errors.Is(err, io.EOF) {
						text = err.Error()
					}
					events <- event{Event: "exit", Child: i, Text: text}
					return
				}
				events <- e
			}
		}()
	}
	say("%d fleet processes of up to %d devices, connecting %.0f devices/s", k, o.PerChild, o.Rate)
	stopConnProfile, err := startCPUProfile(o.ConnProfile)
	if err != nil {
		return nil, err
	}
	defer stopConnProfile()

	// collect waits for one event of kind from every fleet process.
	progress := make([]int, k)
	collect := func(kind string, timeout time.Duration) ([]event, error) {
		got := make([]event, k)
		have := 0
		deadline := time.After(timeout)
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for have < k {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-deadline:
				return nil, fmt.Errorf("%d of %d fleet processes did not report %q within %v", k-have, k, kind, timeout)
			case <-tick.C:
				if kind == "ready" {
					m, _ := scrape(ctx, api)
					n := 0
					for _, p := range progress {
						n += p
					}
					say("  %d devices connected (server: %d links, %d agents)", n, m["drey_devices_connected"], m["drey_agents_running"])
				}
			case e := <-events:
				switch e.Event {
				case "progress":
					progress[e.Child] = e.Connected
				case "error", "exit":
					return nil, fmt.Errorf("fleet process %d: %s %s", e.Child, e.Event, e.Text)
				case kind:
					progress[e.Child] = e.Connected
					if got[e.Child].Event == "" {
						have++
					}
					got[e.Child] = e
				}
			}
		}
		return got, nil
	}
	connectFor := time.Duration(float64(o.Devices)/o.Rate*float64(time.Second))*2 + 2*time.Minute
	connectBegan := time.Now()
	if o.ConnStacks != "" {
		planned := float64(o.Devices) / o.Rate * float64(time.Second)
		for _, pct := range []int{25, 50, 75, 100} {
			t := time.AfterFunc(time.Duration(planned*float64(pct)/100), func() {
				if err := writeGoroutines(fmt.Sprintf("%s.%d", o.ConnStacks, pct)); err != nil {
					say("goroutines: %v", err)
				}
			})
			defer t.Stop()
		}
	}
	readies, err := collect("ready", connectFor)
	if err != nil {
		return nil, err
	}
	for _, e := range readies {
		res.Connected += e.Connected
		res.Failed += e.Failed
		for c, n := range e.ConnectErrors {
			res.ConnectErrors[c] += n
		}
		res.Connect.merge(e.Connect)
		res.ConnectTime = max(res.ConnectTime, e.ConnectTime)
	}
	say("connected %d devices in %v (%d failed); dial to HelloAck p50 %v, p99 %v, max %v",
		res.Connected, res.ConnectTime.Round(time.Millisecond), res.Failed,
		res.Connect.quantile(0.5), res.Connect.quantile(0.99), res.Connect.quantile(1))
	for c, n := range res.ConnectErrors {
		say("  connect error ×%d: %s", n, c)
	}
	// A device has its HelloAck before the gateway has recorded its
	// status and counted its link (and told its agent): wait for the
	// server to catch up.
	for {
		m, err := scrape(ctx, api)
		if err == nil && m["drey_devices_connected"] >= int64(res.Connected) {
			res.ServerConnectTime = time.Since(connectBegan)
			break
		}
		if time.Since(connectBegan) > connectFor {
			say("the server counts %d links, the fleet %d", m["drey_devices_connected"], res.Connected)
			break
		}
		if !sleep(ctx, 100*time.Millisecond) {
			return nil, ctx.Err()
		}
	}
	stopConnProfile()
	say("the server counted every link %v after the first dial", res.ServerConnectTime.Round(100*time.Millisecond))

	say("warming up for %v", o.Warmup)
	if !sleep(ctx, o.Warmup) {
		return nil, ctx.Err()
	}
	res.MemLinks = measureMemory()
	say("server with %d links and %d agents: %v", res.Connected, o.Devices, res.MemLinks)
	if o.MemProfile != "" {
		if err := writeHeapProfile(o.MemProfile); err != nil {
			return nil, err
		}
	}

	// The window.
	if res.Server0, err = scrape(ctx, api); err != nil {
		return nil, err
	}
	stopProfile, err := startCPUProfile(o.CPUProfile)
	if err != nil {
		return nil, err
	}
	defer stopProfile()
	cpu0, fleet0 := procstat.CPUTime("self"), fleetCPU(procs)
	winStart := time.Now()
	for _, p := range procs {
		io.WriteString(p.in, "measure\n")
	}
	say("measuring for %v", o.Duration)
	for left := o.Duration; left > 0; {
		step := min(left, 30*time.Second)
		if !sleep(ctx, step) {
			return nil, ctx.Err()
		}
		left -= step
		m, _ := scrape(ctx, api)
		say("  %v: %d links, %d agents, %d messages from devices", time.Since(winStart).Round(time.Second),
			m["drey_devices_connected"], m["drey_agents_running"], m["drey_device_messages_total"]-res.Server0["drey_device_messages_total"])
	}
	for _, p := range procs {
		io.WriteString(p.in, "report\n")
	}
	winEnd := time.Now()
	res.ServerCPU = procstat.CPUTime("self") - cpu0
	if fleet0 >= 0 {
		res.FleetCPU = fleetCPU(procs) - fleet0
	}
	stopProfile()
	if res.Server1, err = scrape(ctx, api); err != nil {
		return nil, err
	}
	reports, err := collect("report", time.Minute)
	if err != nil {
		return nil, err
	}
	for _, e := range reports {
		res.Window = max(res.Window, e.Window)
		res.Sent += e.Sent
		res.Acked += e.Acked
		res.Pongs += e.Pongs
		res.SendErr += e.SendErr
		for c, n := range e.Nacks {
			res.Nacks[c] += n
		}
		for c, n := range e.Drops {
			res.Drops[c] += n
		}
		res.Deploys += e.Deploys
		res.Other += e.Other
		res.RTT.merge(e.RTT)
		res.AckRTT.merge(e.AckRTT)
		res.FleetRSS += e.RSS
	}
	if res.Window == 0 {
		res.Window = winEnd.Sub(winStart)
	}
	res.MemAfter = measureMemory()
	res.ConnectedAtEnd, res.Running = res.Server1["drey_devices_connected"], res.Server1["drey_agents_running"]
	res.ServerLog = logs.Counts()
	return res, nil
}

// enroll makes the fleet's credentials: the first SlowEnroll devices
// through Data.Enroll, the factory command's path, which decrypts the CA
// key (scrypt) for every device; the rest through a factory line's
// server.Enroller, the CA key decrypted once, several devices at a time.
func enroll(ctx context.Context, d *server.Data, pass string, o options, res *result) ([]string, error) {
	began := time.Now()
	dirs := make([]string, o.Devices)
	for i := range dirs {
		dirs[i] = filepath.Join(d.Dir, "devices", fmt.Sprintf("%06d", i))
	}
	slow := min(o.SlowEnroll, o.Devices)
	for i := range slow {
		if _, err := d.Enroll(ctx, pass, model, "default", dirs[i]); err != nil {
			return nil, err
		}
	}
	if slow > 0 {
		res.SlowEnrollEach = time.Since(began) / time.Duration(slow)
	}
	fastBegan := time.Now()
	e, err := d.NewEnroller(ctx, pass, model, "", "default")
	if err != nil {
		return nil, err
	}
	var next atomic.Int64
	next.Store(int64(slow))
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range 4 * runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(dirs) {
					return
				}
				if _, err := e.Enroll(ctx, dirs[i]); err != nil {
					select {
					case errs <- err:
					default:
					}
					return
				}
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	if n := o.Devices - slow; n > 0 {
		res.FastEnrollEach = time.Since(fastBegan) / time.Duration(n)
	}
	res.Enroll = time.Since(began)
	return dirs, nil
}

// sourceAddr is the loopback address fleet process k dials from: each
// has its own, so that no two share the ~28k ephemeral ports of a
// source and destination pair.
func sourceAddr(k int) string {
	return fmt.Sprintf("127.0.%d.%d", (k+2)/250, (k+2)%250)
}

// startCPUProfile profiles this process, the server's, into file until
// the function it returns is called; an empty file name profiles nothing.
func startCPUProfile(file string) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}, nil
}

// writeHeapProfile writes the server process's heap profile.
func writeHeapProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeGoroutines writes the server process's goroutines, counted by
// stack, to file.
func writeGoroutines(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, 1); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// fleetProc is a running fleet process.
type fleetProc struct {
	in   io.WriteCloser
	pid  int // 0: in this process
	wait func() error
}

// fleetCPU returns the CPU time of the fleet processes, or -1 when they
// run in this process.
func fleetCPU(procs []fleetProc) time.Duration {
	var total time.Duration
	for _, p := range procs {
		if p.pid == 0 {
			return -1
		}
		total += procstat.CPUTime(strconv.Itoa(p.pid))
	}
	return total
}

// scrape reads the server's /metrics.
func scrape(ctx context.Context, api string) (metricsSnap, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", api+"/metrics", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	m := metricsSnap{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, v, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err == nil {
			m[name] = n
		}
	}
	return m, sc.Err()
}

func randomText() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
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
