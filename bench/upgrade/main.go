// Command upgrade times a platform upgrade of a fleet of simulated imps
// end to end, and what it costs the server: wall time until every
// device runs the new improm, each device's time from offer to success,
// the server's CPU time per device upgraded, and the bytes the server
// sent for images, without and with an HTTP cache in front of it.
//
//	go run ./bench/upgrade -devices 50                     # quick
//	go run ./bench/upgrade -devices 1000                   # the benchmark
//	go run ./bench/upgrade -devices 1000 -waves 1,10,50,100 -flash-scale 1
//
// The process that starts is the parent, and the server. For each run
// (by default one without a cache, then one with) it makes a service in
// a temporary data directory (server.OpenData, Init, EnsureOperator,
// SetRoot with a platform root made here), enrols the devices (their
// credentials go to DIR/devices), and starts this program again with
// -child: the fleet process. The fleet process opens an HTTP proxy in
// front of the server's /images/ URLs, a pass-through one or a caching
// one (cache.go), and the parent runs the server in-process
// (server.Run) with PublicURL set to the proxy, so that offers point
// devices at it while the API stays direct. Then the fleet process
// starts one simulated imp per device (device/sim, flash in memory,
// sim.Device.RunOnline against the gateway), each provisioned with the
// same root. The devices live in another process than the server so
// that the server's CPU time (/proc/self/stat) is the server's alone.
//
// Once every device is connected and the server has recorded its
// improm version, the parent uploads one signed improm release (POST
// /v1/releases, the operator's token; an unencrypted payload of
// -payload random bytes) and creates an emergency request rollout to
// every device (POST /v1/rollouts, -waves), then waits for it to be
// done. The wall time runs from the create request to the last
// "succeeded" in the devices' upgrade histories; the per-device times
// are from each device's "offered" to its "succeeded", read from the
// same histories after the run, and also cut where the devices saw them
// (their console lines and HelloAcks, same clock). The bytes the server
// sent are those the proxy read on its connections to the server,
// headers included; both runs have the same hop, only the caching
// differs. The output ends with a Markdown table row per run;
// docs/benchmarks.md has the results and what they leave out.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"drey/bench/internal/logcount"
)

func main() {
	var o options
	var waves, cache string
	flag.IntVar(&o.Devices, "devices", 50, "simulated imps, all in one rollout")
	flag.IntVar(&o.Payload, "payload", 200<<10, "improm payload bytes (random, unencrypted); the imp001 improm slot holds 512 KiB")
	flag.StringVar(&waves, "waves", "100", "the rollout's waves, cumulative percentages")
	flag.StringVar(&cache, "cache", "both", "HTTP cache in front of /images/: off, on, or both (two runs, off first)")
	flag.Float64Var(&o.FlashScale, "flash-scale", 0, "flash time scale: 0 instant (as device/sim sets it), 1 the STM32F205's real erase and program times, 0.01 a hundredth of them")
	flag.DurationVar(&o.Interval, "interval", 500*time.Millisecond, "the rollout engine's interval (server.Config.RolloutInterval)")
	flag.Float64Var(&o.Rate, "rate", 500, "device connections started per second before the rollout")
	flag.DurationVar(&o.Timeout, "timeout", 15*time.Minute, "give up on a rollout after this long")
	flag.StringVar(&o.CPUProfile, "cpuprofile", "", "write the server process's CPU profile of the rollout to FILE-off / FILE-on")
	flag.StringVar(&o.MutexProfile, "mutexprofile", "", "write the server process's mutex contention profile of the rollout to FILE-off / FILE-on")
	flag.BoolVar(&o.Verbose, "v", false, "print the server's log and the devices' consoles (otherwise only warnings, errors and counts)")
	child := flag.Bool("child", false, "run as the fleet process (the parent starts it)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *child {
		if err := runChild(ctx, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "upgrade:", err)
			os.Exit(1)
		}
		return
	}
	var err error
	if o.Waves, err = parseWaves(waves); err != nil {
		fmt.Fprintln(os.Stderr, "upgrade:", err)
		os.Exit(2)
	}
	if o.Devices <= 0 || o.Payload <= 0 || o.Rate <= 0 || o.Interval <= 0 || o.FlashScale < 0 {
		fmt.Fprintln(os.Stderr, "upgrade: -devices, -payload, -rate and -interval must be positive, -flash-scale at least 0")
		os.Exit(2)
	}
	var modes []bool
	switch cache {
	case "off":
		modes = []bool{false}
	case "on":
		modes = []bool{true}
	case "both":
		modes = []bool{false, true}
	default:
		fmt.Fprintln(os.Stderr, "upgrade: -cache must be off, on or both")
		os.Exit(2)
	}
	o.Out = os.Stdout
	var results []*result
	for _, c := range modes {
		o.Cache = c
		res, err := run(ctx, o, execSpawn)
		if err != nil {
			fmt.Fprintln(os.Stderr, "upgrade:", err)
			os.Exit(1)
		}
		report(os.Stdout, o, res)
		results = append(results, res)
	}
	fmt.Println()
	fmt.Println("| devices | cache | waves | interval | flash scale | image | all succeeded | offer → succeeded p50 | p99 | max | server CPU | CPU per device | origin bytes sent | per device | requests to origin |")
	fmt.Println("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range results {
		fmt.Println(row(o, r))
	}
	for _, r := range results {
		if !r.ok() {
			os.Exit(1)
		}
	}
}

func parseWaves(s string) ([]int, error) {
	var ws []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 100 || (len(ws) > 0 && n <= ws[len(ws)-1]) {
			return nil, fmt.Errorf("waves %q: want increasing percentages from 1 to 100", s)
		}
		ws = append(ws, n)
	}
	if len(ws) == 0 || ws[len(ws)-1] != 100 {
		return nil, fmt.Errorf("waves %q: the last must be 100", s)
	}
	return ws, nil
}

// report prints a run's results.
func report(w io.Writer, o options, r *result) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	n := float64(max(r.Succeeded, 1))
	p("")
	p("== upgrade: %d devices, cache %s, waves %v, flash scale %g, rollout interval %v", r.Devices, onOff(r.Cache), o.Waves, o.FlashScale, o.Interval)
	p("image: %s (payload %s, unencrypted), release %s", size(r.ImageSize), size(int64(o.Payload)), r.Release)
	p("setup: enrolled in %v; %d devices connected in %v", r.Enroll.Round(time.Millisecond), r.Connected, r.ConnectTime.Round(time.Millisecond))
	p("rollout %s: %s (%s); succeeded %d, failed %d, other %d", r.Rollout, r.State, r.Note, r.Succeeded, r.Failed, r.Devices-r.Succeeded-r.Failed)
	for reason, c := range r.Failures {
		p("  failed ×%d: %s", c, reason)
	}
	p("wall time, create → last succeeded: %v (the API said done after %v); first offer after %v, last offer after %v",
		r.Wall.Round(time.Millisecond), r.DoneSeen.Round(time.Millisecond), r.FirstOffer.Round(time.Millisecond), r.LastOffer.Round(time.Millisecond))
	p("per device, offer → succeeded: p50 %v, p90 %v, p99 %v, max %v", qd(r.Total, 0.5), qd(r.Total, 0.9), qd(r.Total, 0.99), qd(r.Total, 1))
	p("  as the server recorded it: offered → downloading: p50 %v, p99 %v, max %v", qd(r.ToDownload, 0.5), qd(r.ToDownload, 0.99), qd(r.ToDownload, 1))
	p("  downloading → flashing (download and verify): p50 %v, p99 %v, max %v", qd(r.ToFlash, 0.5), qd(r.ToFlash, 0.99), qd(r.ToFlash, 1))
	p("  flashing → succeeded (install, restart, hello): p50 %v, p99 %v, max %v", qd(r.ToSuccess, 0.5), qd(r.ToSuccess, 0.99), qd(r.ToSuccess, 1))
	p("  where the device saw it: offer sent → received p50 %v, p99 %v; received → installing (download, verify) p50 %v, p99 %v;",
		qd(r.Delivery, 0.5), qd(r.Delivery, 0.99), qd(r.DeviceWork, 0.5), qd(r.DeviceWork, 0.99))
	p("    installing → connected again p50 %v, p99 %v; connected → recorded succeeded p50 %v, p99 %v (%d devices)",
		qd(r.InstallBack, 0.5), qd(r.InstallBack, 0.99), qd(r.Recording, 0.5), qd(r.Recording, 0.99), len(r.Recording))
	p("  offers per device: %v", r.OffersPerDevice)
	if r.Gaps > 0 {
		p("  %d devices' upgrade histories lack the downloading or flashing status they sent, e.g. %s", r.Gaps, r.GapExample)
	}
	p("server CPU, create → done: %.2f s (%.0f%% of one core over the wall time), %.2f ms per device upgraded",
		r.ServerCPU.Seconds(), 100*r.ServerCPU.Seconds()/max(r.Wall.Seconds(), 1e-9), 1000*r.ServerCPU.Seconds()/n)
	p("fleet process CPU in the same time (devices and proxy): %.2f s; its RSS %s", r.Child.CPU.Seconds(), mib(r.Child.RSS))
	px := r.Child.Proxy
	p("origin (the server) → proxy: %s on the wire in %d connections, %d requests (%v), %s of bodies; %s per device upgraded, %.2f images",
		size(px.OriginRead), px.OriginConns, px.OriginRequests, px.OriginStatus, size(px.OriginBody), size(int64(float64(px.OriginRead)/n)),
		float64(px.OriginRead)/float64(max(r.ImageSize, 1))/n)
	p("proxy → devices: %s on the wire in %d connections, %d requests (%v); cache hits %d, misses %d, coalesced %d",
		size(px.DeviceWritten), px.DeviceConns, px.DeviceRequests, px.DeviceStatus, px.Hits, px.Misses, px.Coalesced)
	p("devices: %d boot the new improm %s, %d do not; console: %v", r.Child.Upgraded, r.Version, r.Child.NotUpgraded, r.Child.Console)
	p("server log records:")
	for _, c := range logcount.ByCount(r.ServerLog) {
		p("  ×%d %s", r.ServerLog[c], c)
	}
	p("")
	p("%s", row(o, r))
}

// row is a run's Markdown table row.
func row(o options, r *result) string {
	n := float64(max(r.Succeeded, 1))
	px := r.Child.Proxy
	return fmt.Sprintf("| %d | %s | %s | %v | %g | %s | %s | %s | %s | %s | %.2f s | %.2f ms | %s | %s | %d |",
		r.Devices, onOff(r.Cache), waveText(o.Waves), o.Interval, o.FlashScale, size(r.ImageSize), secs(r.Wall), secs(q(r.Total, 0.5)), secs(q(r.Total, 0.99)),
		secs(q(r.Total, 1)), r.ServerCPU.Seconds(), 1000*r.ServerCPU.Seconds()/n, size(px.OriginRead), size(int64(float64(px.OriginRead)/n)), px.OriginRequests)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func waveText(ws []int) string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = strconv.Itoa(w)
	}
	return strings.Join(s, ",")
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// size formats a byte count.
func size(b int64) string {
	switch {
	case b >= 10<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 10<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	case b >= 10<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}

// qd is a quantile rounded for reading.
func qd(sorted []time.Duration, p float64) time.Duration {
	d := q(sorted, p)
	if d < 10*time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}
