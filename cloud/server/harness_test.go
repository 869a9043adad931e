package server

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/identity"
	"drey/cloud/store"
	"drey/device/power"
	"drey/device/sim"
	"drey/image/trust"
	"drey/imp"
)

// service is a running service for a test, on a data directory that
// outlives it (restart starts another on the same directory).
type service struct {
	t        *testing.T
	dir      string
	data     *Data
	token    string // the default owner's API token
	operator string // the operator's API token
	addrs    Addrs
	base     string
	limits   agent.Limits
	cfg      Config // rollout policy and intervals for the test
	stop     context.CancelFunc
	done     chan error
}

const testPass = "pass phrase"

func newService(t *testing.T, limits agent.Limits) *service {
	t.Helper()
	return newServiceWith(t, Config{Agents: limits})
}

// newServiceWith starts a service with c's policy (its addresses, log
// and Ready are the harness's).
func newServiceWith(t *testing.T, c Config) *service {
	t.Helper()
	s := &service{t: t, dir: filepath.Join(t.TempDir(), "data"), limits: c.Agents, cfg: c}
	d, err := OpenData(s.dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.token, err = d.Init(context.Background(), testPass, []string{"127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if s.operator, err = d.EnsureOperator(); err != nil {
		t.Fatal(err)
	}
	s.data = d
	s.start()
	t.Cleanup(func() { s.shutdown(); s.data.Close() })
	return s
}

func (s *service) start() {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan Addrs, 1)
	s.done = make(chan error, 1)
	s.stop = cancel
	go func() {
		c := s.cfg
		c.GatewayAddr, c.HTTPAddr, c.Log, c.Agents, c.Ready = "127.0.0.1:0", "127.0.0.1:0", slog.New(slog.DiscardHandler), s.limits, func(a Addrs) { ready <- a }
		s.done <- Run(ctx, s.data, c)
	}()
	select {
	case s.addrs = <-ready:
	case err := <-s.done:
		s.t.Fatal(err)
	}
	s.base = "http://" + s.addrs.HTTP.String()
}

// shutdown stops the service and waits for it to finish.
func (s *service) shutdown() {
	if s.stop == nil {
		return
	}
	s.stop()
	if err := <-s.done; err != nil {
		s.t.Errorf("service: %v", err)
	}
	s.stop = nil
}

// restart stops the service and starts a new one on the same data.
func (s *service) restart() {
	s.t.Helper()
	s.shutdown()
	s.data.Close()
	d, err := OpenData(s.dir)
	if err != nil {
		s.t.Fatal(err)
	}
	s.data = d
	s.start()
}

// enroll makes a device at the factory in a group of the default owner,
// publishing imp001's support period first if none is (REQ-LIFE-1).
func (s *service) enroll(group string) *identity.Credentials {
	s.t.Helper()
	publishSupport(s.t, s.data, "imp001")
	c, err := s.data.Enroll(context.Background(), testPass, "imp001", group, filepath.Join(s.t.TempDir(), "creds"))
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// deploy deploys device and agent code to a group and fails the test on
// an error.
func (s *service) deploy(group, device, agentCode string) DeployResponse {
	s.t.Helper()
	code, body := api(s.t, "POST", s.base+"/v1/deploy", s.token, DeployRequest{Group: group, DeviceCode: device, AgentCode: agentCode})
	if code != http.StatusCreated {
		s.t.Fatalf("deploy: %d %s", code, body)
	}
	var r DeployResponse
	json.Unmarshal(body, &r)
	return r
}

// device is a simulated imp online with the service.
type device struct {
	creds *identity.Credentials
	sim   *sim.Device
	log   *syncBuffer
	stop  context.CancelFunc
	done  chan struct{}
}

// connect starts a simulated imp that stays online until the test ends
// or disconnect.
func (s *service) connect(c *identity.Credentials) *device {
	s.t.Helper()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	rel, _, _ := ed25519.GenerateKey(rand.Reader)
	r, _ := trust.NewRoot(trust.Spec{Expires: time.Now().Add(time.Hour), RootKeys: []crypto.PublicKey{pub}, RootThreshold: 1, ReleaseKeys: []crypto.PublicKey{rel}, ReleaseThreshold: 1})
	root, _ := r.Sign(priv)
	return s.connectWith(c, root, nil)
}

// connectWith starts a simulated imp provisioned with root and powered
// by supply (nil: mains).
func (s *service) connectWith(c *identity.Credentials, root []byte, supply *power.Supply) *device {
	s.t.Helper()
	dv := &device{creds: c, log: &syncBuffer{}, done: make(chan struct{})}
	d, err := sim.Open(sim.Config{Model: "imp001", Root: root, Memory: true, Log: dv.log, Supply: supply})
	dv.sim = d
	if err != nil {
		s.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	dv.stop = cancel
	go func() {
		defer close(dv.done)
		defer d.Close()
		d.RunOnline(ctx, sim.Online{Addr: s.addrs.Gateway.String(), ServerName: "127.0.0.1", Creds: c, ErrorRestart: 100 * time.Millisecond,
			Reconnect: time.Second, Configure: func(cfg *imp.Config) { cfg.Temperature = func(time.Time) float64 { return 22.5 } }})
	}()
	s.t.Cleanup(dv.disconnect)
	return dv
}

func (dv *device) disconnect() {
	dv.stop()
	<-dv.done
}

// logs returns a device's log as text, one line per entry.
func (s *service) logs(deviceID string) string {
	s.t.Helper()
	code, body := api(s.t, "GET", s.base+"/v1/devices/"+deviceID+"/logs", s.token, nil)
	if code != http.StatusOK {
		s.t.Fatalf("logs: %d %s", code, body)
	}
	var ls []LogEntry
	json.Unmarshal(body, &ls)
	var b strings.Builder
	for _, l := range ls {
		b.WriteString("[" + l.Source + "] " + l.Text + "\n")
	}
	return b.String()
}

// waitLog waits until a device's log contains want: up to 30 s, room
// for a machine loaded with other tests.
func (s *service) waitLog(deviceID, want string) {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.logs(deviceID), want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("device %s's log never had %q:\n%s", deviceID, want, s.logs(deviceID))
}

// agentURL returns a device's agent URL from the API.
func (s *service) agentURL(deviceID string) string {
	s.t.Helper()
	code, body := api(s.t, "GET", s.base+"/v1/devices", s.token, nil)
	if code != http.StatusOK {
		s.t.Fatalf("devices: %d %s", code, body)
	}
	var ds []DeviceInfo
	json.Unmarshal(body, &ds)
	for _, d := range ds {
		if d.ID == deviceID {
			return d.AgentURL
		}
	}
	s.t.Fatalf("device %s not listed", deviceID)
	return ""
}

func httpGet(t *testing.T, method, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// syncBuffer is a console log written by a device's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
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

func storeGroup(owner, name string) store.Group { return store.Group{OwnerID: owner, Name: name} }
