package imp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"drey/imp"
	"drey/squirrel/compile"
)

// pair runs device and agent code connected in one process until
// neither has anything left to do.
func pair(t *testing.T, device, agent string) (string, string) {
	t.Helper()
	var dlog, alog strings.Builder
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	d := imp.New(imp.Config{Kind: imp.Device, Log: &dlog, Err: &dlog, Start: start})
	a := imp.New(imp.Config{Kind: imp.Agent, Log: &alog, Err: &alog, Start: start})
	imp.Pair(d, a)
	ctx := context.Background()
	if err := a.Run(ctx, "agent.nut", []byte(agent)); err != nil && a.Errors() == 0 {
		t.Fatal(err)
	}
	if err := d.Run(ctx, "device.nut", []byte(device)); err != nil && d.Errors() == 0 {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		n1, err := d.Drain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n2, err := a.Drain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n1+n2 == 0 {
			return dlog.String(), alog.String()
		}
	}
	t.Fatal("device and agent never went idle")
	return "", ""
}

// A value of every kind the protocol carries survives the round trip
// device → agent → device, and a handler's this is its registrant's.
func TestMessagesRoundTrip(t *testing.T) {
	dev, agent := pair(t, `
agent.on("echo", function(v) {
	server.log(typeof v + " " + v.n + " " + v.f + " " + v.s + " " + v.a.len() + " " + v.b.len() + " " + (v.z == null) + " " + v.t)
})
server.log("send " + agent.send("reading", {n = 42, f = 21.5, s = "hi", a = [1, [2, 3]], b = blob(3), z = null, t = true}))
`, `
class App {
	prefix = "got"
	constructor() { device.on("reading", function(v) { server.log(prefix + " " + v.n); device.send("echo", v) }) }
}
app <- App()
`)
	if dev != "[Device] send 0\n[Device] table 42 21.5 hi 2 3 true true\n" {
		t.Errorf("device log:\n%s", dev)
	}
	if agent != "[Agent] got 42\n" {
		t.Errorf("agent log:\n%s", agent)
	}
}

// A message to a name nobody handles fails at the sender: onfail runs
// with the reason, or one error line is logged.
func TestMessageNoHandler(t *testing.T) {
	dev, _ := pair(t, `
agent.send("typo", 1, function(name, reason) { server.log("failed " + name + ": " + reason) })
agent.send("typo2", 2)
`, ``)
	if !strings.Contains(dev, "[Device] failed typo: no handler\n") || !strings.Contains(dev, `[Device] ERROR: agent.send("typo2") failed: no handler`) {
		t.Errorf("device log:\n%s", dev)
	}
}

// Alone, a device's sends fail at once with SEND_ERROR_NOT_CONNECTED,
// and values that cannot travel are refused with a clear error.
func TestSendErrors(t *testing.T) {
	out, errs, _ := runImp(t, imp.Device, `
server.log(agent.send("x", 1) == SEND_ERROR_NOT_CONNECTED)
server.log(server.isconnected())
agent.send("x", function() {})
`)
	if out != "[Device] true\n[Device] false\n" {
		t.Errorf("log %q", out)
	}
	if !strings.Contains(errs, "agent.send") || !strings.Contains(errs, "function") {
		t.Errorf("errors %q", errs)
	}
}

// An agent's saved table survives into a new runtime with the same
// storage, and a save over the limit is refused.
func TestServerSave(t *testing.T) {
	st := &memStorage{}
	run := func(src string) string {
		var out strings.Builder
		r := imp.New(imp.Config{Kind: imp.Agent, Log: &out, Err: &out, Storage: st})
		r.Run(context.Background(), "agent.nut", []byte(src))
		return out.String()
	}
	if got := run(`server.log(server.load().len()); server.save({readings = [1, 2, 3], name = "x"})`); got != "[Agent] 0\n" {
		t.Fatalf("first run: %q", got)
	}
	if got := run(`local d = server.load(); server.log(d.name + d.readings.len())`); got != "[Agent] x3\n" {
		t.Fatalf("second run: %q", got)
	}
	if got := run(`local b = blob(70000); server.save({b = b})`); !strings.Contains(got, "server.save") || !strings.Contains(got, "too large") {
		t.Fatalf("oversized save: %q", got)
	}
}

type memStorage struct{ data []byte }

func (m *memStorage) Save(b []byte) error   { m.data = b; return nil }
func (m *memStorage) Load() ([]byte, error) { return m.data, nil }

// device.onconnect and ondisconnect run in the agent; a device's
// server.onunexpecteddisconnect hears the reason.
func TestConnectionEvents(t *testing.T) {
	var out strings.Builder
	ctx := context.Background()
	a := imp.New(imp.Config{Kind: imp.Agent, Log: &out, Err: &out})
	a.Run(ctx, "agent.nut", []byte(`device.onconnect(function() { server.log("up " + device.isconnected()) })
device.ondisconnect(function() { server.log("down " + device.isconnected()) })`))
	a.SetConnected(ctx, true, "")
	a.SetConnected(ctx, false, "")
	d := imp.New(imp.Config{Kind: imp.Device, Log: &out, Err: &out})
	d.Run(ctx, "device.nut", []byte(`server.onunexpecteddisconnect(function(r) { server.log("lost: " + r) })`))
	d.SetConnected(ctx, true, "")
	d.SetConnected(ctx, false, "keepalive timeout")
	if got := out.String(); got != "[Agent] up true\n[Agent] down false\n[Device] lost: keepalive timeout\n" {
		t.Fatalf("log:\n%s", got)
	}
}

// Device code with an onshutdown handler decides when to restart.
func TestShutdown(t *testing.T) {
	restarted := 0
	var out strings.Builder
	ctx := context.Background()
	d := imp.New(imp.Config{Kind: imp.Device, Log: &out, Err: &out, OnRestart: func() { restarted++ }})
	if d.Shutdown(ctx, imp.ShutdownNewSquirrel) {
		t.Fatal("no handler, but Shutdown says there was one")
	}
	d.Run(ctx, "device.nut", []byte(`server.onshutdown(function(reason) {
	server.log("shutdown " + (reason == SHUTDOWN_NEWFIRMWARE))
	imp.wakeup(5, function() { server.restart() })
})`))
	if !d.Shutdown(ctx, imp.ShutdownNewFirmware) || d.Restarting() {
		t.Fatal("handler not run, or restarted before it said so")
	}
	d.Drain(ctx)
	if !d.Restarting() || restarted != 1 || out.String() != "[Device] shutdown true\n" {
		t.Fatalf("restarting %v, %d, log %q", d.Restarting(), restarted, out.String())
	}
}

// Code compiled in the cloud, where the API's constants are unknown,
// still finds them at run time.
func TestConstantsInBytecode(t *testing.T) {
	p, err := compile.Source("device.nut", []byte(`server.log(SEND_ERROR_NOT_CONNECTED + " " + ANALOG_IN + " " + SHUTDOWN_NEWFIRMWARE)`), compile.Options{Float32: true})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	r := imp.New(imp.Config{Kind: imp.Device, Log: &out, Err: &out})
	r.RunClosure(context.Background(), r.VM().Load(p))
	if !strings.HasPrefix(out.String(), "[Device] 1 ") || strings.Contains(out.String(), "ERROR") {
		t.Fatalf("log %q", out.String())
	}
}

// RunPair interleaves a device and its agent on one simulated clock: a
// ping every minute for five minutes, each answered at once.
func TestRunPair(t *testing.T) {
	var log strings.Builder
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	d := imp.New(imp.Config{Kind: imp.Device, Log: &log, Err: &log, Start: start})
	a := imp.New(imp.Config{Kind: imp.Agent, Log: &log, Err: &log, Start: start})
	imp.Pair(d, a)
	ctx := context.Background()
	a.Run(ctx, "agent.nut", []byte(`device.on("ping", function(n) { device.send("pong", n) })`))
	d.Run(ctx, "device.nut", []byte(`
local n = 0
agent.on("pong", function(k) { server.log("pong " + k + " at " + hardware.millis() / 1000) })
function ping() { if (++n <= 5) { agent.send("ping", n); imp.wakeup(60, ping) } }
imp.wakeup(60, ping)`))
	if err := imp.RunPair(ctx, d, a, time.Time{}); err != nil {
		t.Fatal(err)
	}
	want := "[Device] pong 1 at 60\n[Device] pong 2 at 120\n[Device] pong 3 at 180\n[Device] pong 4 at 240\n[Device] pong 5 at 300\n"
	if log.String() != want {
		t.Fatalf("log:\n%s", log.String())
	}
	if d.Now() != a.Now() {
		t.Errorf("clocks apart: device %v, agent %v", d.Now(), a.Now())
	}
}
