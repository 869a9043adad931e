package examples_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"drey/examples"
	"drey/imp"
)

// The temperature example, device and agent paired in one process on
// simulated clocks: the device samples every 2 s, the agent keeps the
// last 20 readings and serves them as JSON; a POST changes the interval.
func TestTemperatureExample(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	var log strings.Builder
	temp := func(time.Time) float64 { return 21.5 }
	d := imp.New(imp.Config{Kind: imp.Device, Log: &log, Err: &log, Start: start, Temperature: temp})
	a := imp.New(imp.Config{Kind: imp.Agent, Log: &log, Err: &log, Start: start})
	imp.Pair(d, a)
	if err := a.Run(ctx, "temperature.agent.nut", examples.TemperatureAgent); err != nil {
		t.Fatal(err)
	}
	if err := d.Run(ctx, "temperature.device.nut", examples.TemperatureDevice); err != nil {
		t.Fatal(err)
	}
	step := func(until time.Time) {
		for now := d.Now(); now.Before(until); now = now.Add(time.Second) {
			d.RunUntil(ctx, now)
			a.RunUntil(ctx, now)
		}
	}
	step(start.Add(60 * time.Second))
	get := func(method, path, query string) (int, string) {
		var code int
		var body string
		q := map[string]string{}
		if k, v, ok := strings.Cut(query, "="); ok {
			q[k] = v
		}
		a.HandleRequest(ctx, imp.IncomingRequest{Method: method, Path: path, Query: q}, func(c int, _ map[string]string, b []byte) { code, body = c, string(b) })
		return code, body
	}
	code, body := get("GET", "/", "")
	var got struct {
		Connected bool
		Readings  []struct{ Celsius, Volts float64 }
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != 200 {
		t.Fatalf("GET: %d %s %v\nlog:\n%s", code, body, err, log.String())
	}
	if !got.Connected || len(got.Readings) != 20 {
		t.Fatalf("connected %v, %d readings, want 20\nlog:\n%s", got.Connected, len(got.Readings), log.String())
	}
	for _, r := range got.Readings {
		if r.Celsius < 21.3 || r.Celsius > 21.7 || math.Abs(r.Volts-3.3) > 1e-5 {
			t.Errorf("reading %+v, want 21.5 C at 3.3 V", r)
		}
	}
	if code, body := get("POST", "/interval", "s=0"); code != 400 {
		t.Errorf("bad interval: %d %s", code, body)
	}
	if code, body := get("POST", "/interval", "s=10"); code != 200 {
		t.Errorf("interval: %d %s", code, body)
	}
	step(d.Now().Add(2 * time.Second))
	if !strings.Contains(log.String(), "[Device] sampling every 10 s") {
		t.Errorf("the device did not hear the new interval:\n%s", log.String())
	}
}
