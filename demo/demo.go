// Package demo is `drey demo`: the whole platform on its embedded
// defaults in one process. It starts the service on a SQLite store,
// enrols a handful of simulated imps at the factory, deploys the
// temperature example (device and agent code) through the owners' API,
// connects the devices over mutual TLS, prints the agent URLs and
// follows the devices' logs.
package demo

import (
	"bufio"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"drey/cloud/apiclient"
	"drey/cloud/identity"
	"drey/cloud/server"
	"drey/device/sim"
	"drey/examples"
	"drey/image/trust"
	"drey/imp"
)

// Options configure a demo.
type Options struct {
	// Data is the service's data directory; empty means a temporary one,
	// removed at the end.
	Data string
	// Passphrase protects the service CA's key in Data (empty: random,
	// for a temporary directory).
	Passphrase string
	// Devices is how many simulated imps to run (0: 3).
	Devices int
	// For bounds the demo (0: until ctx is done).
	For time.Duration
	// Out receives the demo's output.
	Out io.Writer
	// Log receives the service's structured log (nil: warnings and
	// errors to standard error).
	Log *slog.Logger
}

// Run runs the demo until ctx is done or o.For has passed.
func Run(ctx context.Context, o Options) error {
	if o.Devices <= 0 {
		o.Devices = 3
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if o.For > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.For)
		defer cancel()
	}
	if o.Data == "" {
		dir, err := os.MkdirTemp("", "drey-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.Data = dir
		if o.Passphrase == "" {
			o.Passphrase = randomText()
		}
	}
	if o.Passphrase == "" {
		return fmt.Errorf("demo: a passphrase is needed for the CA key in %s", o.Data)
	}
	d, err := server.OpenData(o.Data)
	if err != nil {
		return err
	}
	defer d.Close()
	token, err := ownerToken(ctx, d, o.Passphrase)
	if err != nil {
		return err
	}
	// The operator's API (releases, rollouts, roots) is on in the demo
	// too; its token is printed once, when the data directory is new.
	opToken, err := d.EnsureOperator()
	if err != nil {
		return err
	}

	sctx, stopServer := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServer()
	ready := make(chan server.Addrs, 1)
	served := make(chan error, 1)
	go func() {
		served <- server.Run(sctx, d, server.Config{GatewayAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Log: o.Log,
			Ready: func(a server.Addrs) { ready <- a }})
	}()
	var addrs server.Addrs
	select {
	case addrs = <-ready:
	case err := <-served:
		return err
	}
	api := "http://" + addrs.HTTP.String()
	fmt.Fprintf(o.Out, "Drey demo: service on %s (devices), %s (API, agent URLs, /metrics); data in %s\n", addrs.Gateway, api, o.Data)
	if opToken != "" {
		fmt.Fprintf(o.Out, "operator token (releases, rollouts, roots): %s\n", opToken)
	}
	fmt.Fprintln(o.Out)

	if err := publishSupport(ctx, d, o.Out); err != nil {
		return err
	}
	creds, err := enrolDevices(ctx, d, o)
	if err != nil {
		return err
	}
	var dr server.DeployResponse
	if err := apiclient.Call(ctx, "POST", api+"/v1/deploy", token, server.DeployRequest{
		DeviceCode: string(examples.TemperatureDevice), DeviceFile: "temperature.device.nut",
		AgentCode: string(examples.TemperatureAgent), AgentFile: "temperature.agent.nut"}, &dr); err != nil {
		return fmt.Errorf("deploy: %w", err)
	}
	fmt.Fprintf(o.Out, "deployed examples/temperature.{device,agent}.nut as version %d of group \"default\"\n\n", dr.Version)

	root, err := platformRoot()
	if err != nil {
		return err
	}
	dctx, stopDevices := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for i, c := range creds {
		dev, err := sim.Open(sim.Config{Model: c.Model, Root: root, Memory: true, Log: io.Discard})
		if err != nil {
			stopDevices()
			return err
		}
		celsius := 18.0 + 2.5*float64(i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer dev.Close()
			dev.RunOnline(dctx, sim.Online{Addr: addrs.Gateway.String(), ServerName: "127.0.0.1", Creds: c, ErrorRestart: 2 * time.Second,
				Configure: func(cfg *imp.Config) {
					cfg.Temperature = func(t time.Time) float64 {
						return celsius + 0.5*math.Sin(float64(t.Unix()%60)/60*2*math.Pi)
					}
				}})
		}()
	}

	var devs []server.DeviceInfo
	if err := apiclient.Call(ctx, "GET", api+"/v1/devices", token, nil, &devs); err != nil {
		stopDevices()
		return err
	}
	fmt.Fprintf(o.Out, "%d simulated imps, each with its agent:\n", len(devs))
	for _, dv := range devs {
		fmt.Fprintf(o.Out, "  device %s  agent %s\n", dv.ID, dv.AgentURL)
	}
	fmt.Fprintf(o.Out, "\nTry: curl %s   (the readings as JSON)\n     curl -X POST '%s/interval?s=5'\nFollowing the devices' logs (Ctrl-C stops):\n\n", devs[0].AgentURL, devs[0].AgentURL)

	var out sync.Mutex
	for _, dv := range devs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			follow(dctx, api, token, dv.ID, func(l server.LogEntry) {
				out.Lock()
				defer out.Unlock()
				fmt.Fprintf(o.Out, "%s %s [%s] %s\n", l.Time.Local().Format("15:04:05"), dv.ID[:8], l.Source, l.Text)
			})
		}()
	}
	// Once readings have arrived, show what an agent URL serves.
	wg.Add(1)
	go func() {
		defer wg.Done()
		if sleep(dctx, 5*time.Second) {
			body, err := get(dctx, devs[0].AgentURL)
			out.Lock()
			if err != nil {
				fmt.Fprintf(o.Out, "agent URL: %v\n", err)
			} else {
				fmt.Fprintf(o.Out, "GET %s\n  %s\n", devs[0].AgentURL, shorten(body, 300))
			}
			out.Unlock()
		}
	}()
	<-ctx.Done()
	stopDevices()
	wg.Wait()
	stopServer()
	if err := <-served; err != nil {
		return err
	}
	fmt.Fprintf(o.Out, "\ndemo stopped cleanly\n")
	return nil
}

// ownerToken initialises the data directory if it is new and returns an
// API token of its default owner.
func ownerToken(ctx context.Context, d *server.Data, passphrase string) (string, error) {
	token, err := d.Init(ctx, passphrase, []string{"127.0.0.1", "localhost"})
	if err != nil || token != "" {
		return token, err
	}
	owner, err := d.DefaultOwner()
	if err != nil {
		return "", err
	}
	_, token, err = d.Store.CreateToken(ctx, owner, "demo "+time.Now().Format(time.RFC3339))
	return token, err
}

// enrolDevices enrols the demo's devices at the factory, or loads those
// enrolled by an earlier demo in the same data directory.
func enrolDevices(ctx context.Context, d *server.Data, o Options) ([]*identity.Credentials, error) {
	var out []*identity.Credentials
	for i := 1; i <= o.Devices; i++ {
		dir := filepath.Join(o.Data, "devices", fmt.Sprintf("imp%d", i))
		c, err := identity.LoadCredentials(dir)
		if err != nil {
			if c, err = d.Enroll(ctx, o.Passphrase, demoModel, "default", dir); err != nil {
				return nil, fmt.Errorf("enrol %s: %w", dir, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// platformRoot makes a root of trust to provision the demo's imps with.
// The demo delivers no platform upgrade, so its keys are thrown away.
func platformRoot() ([]byte, error) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	rel, _, _ := ed25519.GenerateKey(rand.Reader)
	r, err := trust.NewRoot(trust.Spec{Expires: time.Now().Add(24 * time.Hour), RootKeys: []crypto.PublicKey{pub}, RootThreshold: 1,
		ReleaseKeys: []crypto.PublicKey{rel}, ReleaseThreshold: 1})
	if err != nil {
		return nil, err
	}
	return r.Sign(priv)
}

func randomText() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func get(ctx context.Context, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return strings.TrimSpace(string(b)), err
}

// follow streams a device's log until ctx ends.
func follow(ctx context.Context, api, token, id string, line func(server.LogEntry)) {
	req, err := http.NewRequestWithContext(ctx, "GET", api+"/v1/devices/"+id+"/logs?follow=1", nil)
	if err != nil {
		return
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var l server.LogEntry
			if json.Unmarshal([]byte(data), &l) == nil {
				line(l)
			}
		}
	}
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

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
