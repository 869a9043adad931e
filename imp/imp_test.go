package imp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"drey/imp"
	"drey/squirrel"
)

func runImp(t *testing.T, kind imp.Kind, src string) (string, string, *imp.Runtime) {
	t.Helper()
	var out, errs strings.Builder
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	r := imp.New(imp.Config{Kind: kind, Log: &out, Err: &errs, Start: start})
	if err := r.Run(context.Background(), "main.nut", []byte(src)); err != nil && r.Errors() == 0 {
		t.Fatal(err)
	}
	if _, err := r.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String(), errs.String(), r
}

// Timers fire in due order on the simulated clock, and the clock jumps
// to each one: an hour of timers runs at once.
func TestWakeupOrder(t *testing.T) {
	out, errs, r := runImp(t, imp.Device, `
imp.wakeup(3600, function() { server.log("hour " + hardware.millis()) })
imp.wakeup(0.5, function() { server.log("half " + hardware.millis()) })
local t = imp.wakeup(1, function() { server.log("cancelled") })
imp.wakeup(0.5, function() { server.log("half again") })
imp.cancelwakeup(t)
server.log("main")
`)
	want := "[Device] main\n[Device] half 500\n[Device] half again\n[Device] hour 3600000\n"
	if out != want || errs != "" {
		t.Fatalf("log:\n%s\nerrors:\n%s", out, errs)
	}
	if got := r.Now().Sub(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)); got != time.Hour {
		t.Fatalf("simulated clock advanced %v", got)
	}
}

// A callback runs with the this of the code that registered it, as on
// the imp.
func TestCallbackThis(t *testing.T) {
	out, errs, _ := runImp(t, imp.Device, `
class Sensor {
	name = "temp"
	function start() { imp.wakeup(1, function() { server.log("from " + name) }) }
}
Sensor().start()
`)
	if out != "[Device] from temp\n" || errs != "" {
		t.Fatalf("log %q errors %q", out, errs)
	}
}

// onidle runs once nothing else is due; sleep advances the clock.
func TestIdleAndSleep(t *testing.T) {
	out, _, _ := runImp(t, imp.Device, `
imp.wakeup(2, function() { server.log("timer " + hardware.millis()) })
imp.onidle(function() { server.log("idle " + hardware.millis()); imp.sleep(5) })
`)
	if out != "[Device] idle 0\n[Device] timer 5000\n" {
		t.Fatalf("log %q", out)
	}
}

// An uncaught error in a callback is reported with its stack and does
// not stop other callbacks.
func TestCallbackError(t *testing.T) {
	out, errs, r := runImp(t, imp.Agent, `
imp.wakeup(1, function() { local x = null; x.boom() })
imp.wakeup(2, function() { server.log("still running") })
`)
	if out != "[Agent] still running\n" {
		t.Fatalf("log %q", out)
	}
	if !strings.Contains(errs, "[Agent] ERROR: the index 'boom' does not exist") || !strings.Contains(errs, "main.nut:2") {
		t.Fatalf("errors %q", errs)
	}
	if r.Errors() != 1 {
		t.Fatalf("%d errors counted", r.Errors())
	}
}

// Code that re-arms a timer forever still ends, and a busy loop in a
// callback is stopped by the step limit.
func TestRunawayCode(t *testing.T) {
	var out, errs strings.Builder
	r := imp.New(imp.Config{Kind: imp.Device, Log: &out, Err: &errs, MaxEvents: 50, StepLimit: 100_000})
	r.Run(context.Background(), "main.nut", []byte(`
function tick() { imp.wakeup(1, tick) }
tick()
imp.wakeup(0.1, function() { while (true) {} })
`))
	if _, err := r.Drain(context.Background()); err == nil {
		t.Fatal("endless timers drained")
	}
	if !strings.Contains(errs.String(), "instruction limit exceeded") {
		t.Fatalf("errors %q", errs.String())
	}
}

// Device floats are 32-bit; agent floats are not.
func TestFloatWidth(t *testing.T) {
	dev, _, _ := runImp(t, imp.Device, `server.log(format("%.10f", 0.1 + 0.2))`)
	agent, _, _ := runImp(t, imp.Agent, `server.log(format("%.10f", 0.1 + 0.2))`)
	if dev == agent {
		t.Fatalf("device and agent agree on 0.1+0.2: %q", dev)
	}
}

// crypto.equals compares strings and blobs.
func TestCryptoEquals(t *testing.T) {
	out, errs, _ := runImp(t, imp.Device, `
local b = blob(); b.writestring("abc")
server.log(crypto.equals("abc", b) + " " + crypto.equals("abc", "abd"))
`)
	if out != "[Device] true false\n" {
		t.Fatalf("log %q errors %q", out, errs)
	}
}

// Files concatenated for a run report errors at their own names and
// lines.
func TestConcatPositions(t *testing.T) {
	s := imp.Concat([]imp.Source{
		{Name: "lib.nut", Text: []byte("a <- 1\nb <- 2\n")},
		{Name: "test.nut", Text: []byte("c <- 3\nd <- 4")},
		{Name: "more.nut", Text: []byte("e <- 5\n")},
	})
	for _, c := range []struct {
		line int
		want string
	}{{1, "lib.nut:1"}, {2, "lib.nut:2"}, {3, "test.nut:1"}, {4, "test.nut:2"}, {5, "more.nut:1"}} {
		if got := s.Position(c.line); got != c.want {
			t.Errorf("line %d: %s, want %s", c.line, got, c.want)
		}
	}
}

// hardware.voltage() reads the device's supply.
func TestVoltage(t *testing.T) {
	var out strings.Builder
	r := imp.New(imp.Config{Kind: imp.Device, Log: &out, Voltage: func() float64 { return 2.75 }})
	if err := r.Run(context.Background(), "v.nut", []byte(`server.log(format("%.2f", hardware.voltage()))`)); err != nil {
		t.Fatal(err)
	}
	if out.String() != "[Device] 2.75\n" {
		t.Fatalf("log %q", out.String())
	}
}

// In real time, timers fire on the wall clock and OnLog sees every line
// and error, as the device's cloud log will.
func TestRealtime(t *testing.T) {
	var got []string
	r := imp.New(imp.Config{Kind: imp.Device, OnLog: func(isErr bool, text string, trace []squirrel.TraceFrame) {
		if isErr {
			text = "E:" + text
		}
		got = append(got, text)
	}})
	if err := r.Run(context.Background(), "rt.nut", []byte(`
imp.wakeup(0.05, function() { server.log("tick") })
imp.wakeup(0.1, function() { local x = null; x.y })`)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	start := time.Now()
	r.RunRealtime(ctx)
	if len(got) != 2 || got[0] != "tick" || !strings.HasPrefix(got[1], "E:the index 'y'") {
		t.Fatalf("log %q", got)
	}
	if time.Since(start) < 300*time.Millisecond {
		t.Fatal("returned before the context ended")
	}
}
