// Command fleet is a load test of one Drey server: it connects N
// simulated devices to it over loopback, each exchanging a message with
// its agent every interval, and reports the round-trip times, the
// message rate, the server's memory per connected device and agent, and
// its CPU use.
//
//	go run ./bench/fleet -devices 200 -duration 30s       # quick
//	go run ./bench/fleet -devices 10000 -duration 2m      # the target
//
// The process that starts is the parent. It makes a service in a
// temporary data directory (server.OpenData, Init), enrols the devices
// (their credentials go to DIR/devices), runs the server in-process
// (server.Run, gateway on 127.0.0.1), and deploys through the owners' API
// (POST /v1/deploy) an agent that answers each "ping" from its device
// with a "pong" carrying the same value, which starts one agent per
// device. Then it starts this program again with -child, once per
// -per-child devices: a process holds at most ~19.9k sockets (ulimit -n
// is 20000), so the fleet's links cannot live in the server's process,
// and each fleet process dials from its own loopback address (127.0.0.2,
// 127.0.0.3, …) so that none runs short of ephemeral ports.
//
// A fleet process connects its devices at its share of -rate (mutual TLS
// 1.3 with each device's own certificate, then the wire hello, as
// device/link does), then every device sends Message "ping" every
// -interval, at a random phase so that the load is even, and times the
// Message "pong" that comes back: the round trip device → gateway →
// agent (Squirrel handler) → gateway → device. After the last device has
// connected and a warm-up, the parent opens the measuring window: only
// pings sent in it count. At its end the fleet processes report their
// histograms (JSON lines on standard output) and the parent prints the
// results.
//
// Server memory is measured after a forced garbage collection, before the
// agents start, with the agents running, and with every link up; the
// differences divided by N are the cost of an agent, of a link, and of
// both. CPU is the server process's user + system time in the window
// (/proc/self/stat); the fleet processes share the same two cores.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"drey/bench/internal/logcount"
)

func main() {
	var o options
	flag.IntVar(&o.Devices, "devices", 200, "simulated devices, each with its agent")
	flag.IntVar(&o.PerChild, "per-child", 5000, "devices per fleet process (each process holds this many sockets; at most ~19,000)")
	flag.DurationVar(&o.Duration, "duration", time.Minute, "measuring window")
	flag.DurationVar(&o.Interval, "interval", 10*time.Second, "time between a device's pings")
	flag.DurationVar(&o.Warmup, "warmup", 0, "wait after the last device connected, before measuring (0: interval + 2s)")
	flag.Float64Var(&o.Rate, "rate", 250, "connections started per second, whole fleet")
	flag.IntVar(&o.Concurrency, "concurrency", 64, "handshakes under way at once, whole fleet")
	flag.IntVar(&o.SlowEnroll, "slow-enroll", 5, "devices enrolled through Data.Enroll (the factory's path, which decrypts the CA key each time), to time it; the rest load the CA once")
	flag.StringVar(&o.Data, "data", "", "data directory to create and keep (default: a temporary one, removed at the end)")
	flag.StringVar(&o.CPUProfile, "cpuprofile", "", "write the server process's CPU profile of the window to this file")
	flag.StringVar(&o.ConnProfile, "connprofile", "", "write the server process's CPU profile of the connecting phase to this file")
	flag.StringVar(&o.MemProfile, "memprofile", "", "write the server process's heap profile, taken with every link up, to this file")
	flag.StringVar(&o.ConnStacks, "connstacks", "", "write the server process's goroutines, counted by stack, to FILE.25, .50, .75 and .100 at those percentages of the planned connecting time (-devices / -rate)")
	flag.BoolVar(&o.Verbose, "v", false, "print the server's log (otherwise only warnings and errors; every record is counted)")
	child := flag.Bool("child", false, "run as a fleet process (the parent starts these)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *child {
		if err := runChild(ctx, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "fleet:", err)
			os.Exit(1)
		}
		return
	}
	if o.Devices <= 0 || o.PerChild <= 0 || o.Rate <= 0 || o.Interval <= 0 || o.Duration <= 0 {
		fmt.Fprintln(os.Stderr, "fleet: -devices, -per-child, -rate, -interval and -duration must be positive")
		os.Exit(2)
	}
	if o.PerChild > 19000 {
		fmt.Fprintln(os.Stderr, "fleet: -per-child over 19000: a process may hold only 20000 files")
		os.Exit(2)
	}
	o.Out = os.Stdout
	res, err := run(ctx, o, execSpawn)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
	report(os.Stdout, o, res)
}

// report prints the results.
func report(w io.Writer, o options, r *result) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	n := float64(r.Devices)
	win := r.Window.Seconds()
	p("")
	p("== fleet: %d devices and agents, %d fleet processes, a ping every %v, window %v", r.Devices, r.Children, o.Interval, r.Window.Round(time.Second))
	p("enrolment: %v in all; %v per device through Data.Enroll, %v per device with the CA loaded once",
		r.Enroll.Round(time.Millisecond), r.SlowEnrollEach.Round(time.Microsecond), r.FastEnrollEach.Round(time.Microsecond))
	p("deploy (starts %d agents): %v, %.0f µs per agent", r.Devices, r.Deploy.Round(time.Millisecond), float64(r.Deploy.Microseconds())/n)
	p("connect: %d connected, %d failed, in %v (%.0f/s); dial to HelloAck p50 %v, p99 %v, max %v",
		r.Connected, r.Failed, r.ConnectTime.Round(time.Millisecond), float64(r.Connected)/r.ConnectTime.Seconds(),
		r.Connect.quantile(0.5), r.Connect.quantile(0.99), r.Connect.quantile(1))
	p("  the server counted every link (status recorded, agent told) %v after the first dial", r.ServerConnectTime.Round(100*time.Millisecond))
	for _, c := range logcount.ByCount(r.ConnectErrors) {
		p("  connect error ×%d: %s", r.ConnectErrors[c], c)
	}
	p("after the window: server has %d links and %d agents; links lost during the run: %d", r.ConnectedAtEnd, r.Running, sum(r.Drops))
	for _, c := range logcount.ByCount(r.Drops) {
		p("  lost ×%d: %s", r.Drops[c], c)
	}
	p("pings sent in the window: %d; acked %d, pongs %d, unanswered %d, send errors %d, nacks %v; deploys %d, other frames %d",
		r.Sent, r.Acked, r.Pongs, int64(r.Sent)-int64(r.Pongs), r.SendErr, r.Nacks, r.Deploys, r.Other)
	p("round trip ping → pong: p50 %v, p90 %v, p99 %v, p99.9 %v, max %v, mean %v",
		r.RTT.quantile(0.5), r.RTT.quantile(0.9), r.RTT.quantile(0.99), r.RTT.quantile(0.999), r.RTT.quantile(1), r.RTT.mean())
	p("ping → MessageAck: p50 %v, p99 %v, max %v", r.AckRTT.quantile(0.5), r.AckRTT.quantile(0.99), r.AckRTT.quantile(1))
	dev := r.Server1["drey_device_messages_total"] - r.Server0["drey_device_messages_total"]
	agt := r.Server1["drey_agent_messages_total"] - r.Server0["drey_agent_messages_total"]
	p("rate: %.0f round trips/s; gateway messages %.0f/s (device → agent %.0f/s, agent → device %.0f/s; acks not counted)",
		r.rate(), float64(dev+agt)/win, float64(dev)/win, float64(agt)/win)
	p("server memory (after a forced GC):")
	p("  no agents, no links:  %v", r.Mem0)
	p("  %d agents:          %v", r.Devices, r.MemAgents)
	p("  and %d links:       %v", r.Connected, r.MemLinks)
	p("  after the window:     %v", r.MemAfter)
	per := func(m memory, k float64) string {
		return fmt.Sprintf("heap %s, stacks %s, Go runtime %s, RSS %s, %.1f goroutines", kib(float64(m.HeapInuse)/k),
			kib(float64(m.StackInuse)/k), kib(float64(m.Sys)/k), kib(float64(m.RSS)/k), float64(m.Goroutines)/k)
	}
	p("  per agent:            %s", per(r.MemAgents.minus(r.Mem0), n))
	if r.Connected > 0 {
		p("  per link:             %s", per(r.MemLinks.minus(r.MemAgents), float64(r.Connected)))
		p("  per device + agent:   %s", per(r.MemLinks.minus(r.Mem0), float64(r.Connected)))
	}
	p("CPU in the window: server %.1f s (%.0f%% of one core); fleet processes %.1f s (%.0f%%); RSS of the fleet processes %s",
		r.ServerCPU.Seconds(), 100*r.ServerCPU.Seconds()/win, r.FleetCPU.Seconds(), 100*r.FleetCPU.Seconds()/win, mib(r.FleetRSS))
	p("server log records:")
	for _, c := range logcount.ByCount(r.ServerLog) {
		p("  ×%d %s", r.ServerLog[c], c)
	}
	verdict := "met"
	if r.RTT.quantile(0.99) >= 50*time.Millisecond || r.Connected < r.Devices || int64(r.Running) < int64(r.Devices) {
		verdict = "NOT met"
	}
	p("target (all %d connected with live agents, p99 < 50 ms): %s", r.Devices, verdict)
	p("")
	p("| devices | connected | p50 | p90 | p99 | max | round trips/s | KiB per device+agent (RSS) | server CPU |")
	p("| %d | %d | %v | %v | %v | %v | %.0f | %.1f | %.0f%% |", r.Devices, r.Connected, ms(r.RTT.quantile(0.5)), ms(r.RTT.quantile(0.9)),
		ms(r.RTT.quantile(0.99)), ms(r.RTT.quantile(1)), r.rate(), float64(r.MemLinks.RSS-r.Mem0.RSS)/1024/max(float64(r.Connected), 1),
		100*r.ServerCPU.Seconds()/win)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func sum(m map[string]int) int {
	t := 0
	for _, n := range m {
		t += n
	}
	return t
}
