package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"drey/cloud/loglimit"
	"drey/cloud/store"
	"drey/imp"
	"drey/squirrel"
	"drey/squirrel/compile"
	"drey/wire"
)

// Devices is how agents reach their devices: the gateway.
type Devices interface {
	// SendToDevice sends a message to a connected device; see imp.Peer.
	// It returns imp.ErrNotConnected if the device is not connected.
	SendToDevice(deviceID, name string, payload []byte, done func(error)) error
	// Connected reports whether a device has a live link.
	Connected(deviceID string) bool
}

// Limits bound each agent.
type Limits struct {
	Memory  int           // Squirrel heap budget in bytes (0: 1 MB)
	Steps   int64         // instructions per callback (0: 10 million)
	Duty    float64       // share of one CPU (0: 0.25)
	Request time.Duration // how long an agent may take to answer an HTTP request (0: 30 s)
	Body    int64         // largest incoming request body (0: 1 MB)
}

func (l Limits) withDefaults() Limits {
	if l.Memory == 0 {
		l.Memory = 1 << 20
	}
	if l.Steps == 0 {
		l.Steps = 10_000_000
	}
	if l.Duty == 0 {
		l.Duty = 0.25
	}
	if l.Request == 0 {
		l.Request = 30 * time.Second
	}
	if l.Body == 0 {
		l.Body = 1 << 20
	}
	return l
}

// Host runs every device's agent.
type Host struct {
	Store   store.Store
	Devices Devices
	Log     *slog.Logger
	// HTTP is the client for agents' outbound requests (egress.NewClient).
	HTTP *http.Client
	// Key derives agent ids (AgentID); it must stay the same across
	// restarts for agent URLs to.
	Key []byte
	// BaseURL is the public prefix of agent URLs, such as
	// "https://agents.example.com/agent/"; an agent's URL is BaseURL
	// followed by its id.
	BaseURL string
	Limits  Limits

	mu      sync.Mutex
	agents  map[string]*Agent // by device id
	byAgent map[string]*Agent // by agent id
	ctx     context.Context
	wg      sync.WaitGroup
}

// Agent is one device's running agent.
type Agent struct {
	ID         string // the agent id in its URL
	DeviceID   string
	OwnerID    string
	Deployment string // the deployment whose code runs

	rt     *imp.Runtime
	cancel context.CancelFunc
	done   chan struct{}
}

func (h *Host) logger() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Start starts the agent of every device in a group whose current
// deployment has agent code. Agents run until ctx is done; Wait waits
// for them to stop.
func (h *Host) Start(ctx context.Context) error {
	h.mu.Lock()
	h.ctx = ctx
	h.Limits = h.Limits.withDefaults()
	h.agents = map[string]*Agent{}
	h.byAgent = map[string]*Agent{}
	h.mu.Unlock()
	devs, err := h.Store.AllDevices(ctx)
	if err != nil {
		return fmt.Errorf("agents: %w", err)
	}
	type key struct{ owner, group string }
	current := map[key]*store.Deployment{}
	n := 0
	for _, d := range devs {
		if d.Revoked != nil || d.GroupID == "" {
			continue
		}
		k := key{d.OwnerID, d.GroupID}
		dep, ok := current[k]
		if !ok {
			c, err := h.Store.CurrentDeployment(ctx, d.OwnerID, d.GroupID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("agents: %w", err)
			}
			if err == nil {
				dep = &c
			}
			current[k] = dep
		}
		if dep != nil && len(dep.AgentCode) > 0 {
			h.run(d, *dep)
			n++
		}
	}
	h.logger().Info("agents started", "count", n)
	return nil
}

// Wait waits until every agent has stopped, after Start's context ends.
func (h *Host) Wait() { h.wg.Wait() }

// Deploy restarts the agents of the deployment's group with its code.
func (h *Host) Deploy(ctx context.Context, d store.Deployment) error {
	devs, err := h.Store.Devices(ctx, d.OwnerID, d.GroupID)
	if err != nil {
		return err
	}
	for _, dev := range devs {
		if dev.Revoked == nil {
			h.run(dev, d)
		}
	}
	return nil
}

// Restart starts a device's agent afresh with a deployment's agent code,
// as when the device moves to another group.
func (h *Host) Restart(dev store.Device, d store.Deployment) {
	if dev.Revoked == nil && len(d.AgentCode) > 0 {
		h.run(dev, d)
	}
}

// Stop stops a device's agent, as when the device is revoked.
func (h *Host) Stop(deviceID string) {
	h.mu.Lock()
	a := h.agents[deviceID]
	if a != nil {
		delete(h.agents, deviceID)
		delete(h.byAgent, a.ID)
	}
	h.mu.Unlock()
	if a != nil {
		a.cancel()
		<-a.done
	}
}

// Lookup returns the running agent with an agent id.
func (h *Host) Lookup(agentID string) *Agent {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.byAgent[agentID]
}

// ForDevice returns a device's running agent, or nil.
func (h *Host) ForDevice(deviceID string) *Agent {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.agents[deviceID]
}

// URL returns the agent URL of a device owned by ownerID.
func (h *Host) URL(deviceID, ownerID string) string {
	return h.BaseURL + AgentID(h.Key, deviceID, ownerID)
}

// Count returns how many agents are running.
func (h *Host) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.agents)
}

// run (re)starts a device's agent with a deployment's agent code.
func (h *Host) run(dev store.Device, d store.Deployment) {
	h.Stop(dev.ID)
	h.mu.Lock()
	ctx := h.ctx
	h.mu.Unlock()
	if ctx == nil || ctx.Err() != nil {
		return
	}
	actx, cancel := context.WithCancel(ctx)
	a := &Agent{ID: AgentID(h.Key, dev.ID, dev.OwnerID), DeviceID: dev.ID, OwnerID: dev.OwnerID, Deployment: d.ID, cancel: cancel, done: make(chan struct{})}
	log := h.logLine(dev)
	a.rt = imp.New(imp.Config{
		Kind:        imp.Agent,
		Start:       time.Now(),
		MemoryLimit: h.Limits.Memory,
		StepLimit:   h.Limits.Steps,
		MaxDuty:     h.Limits.Duty,
		Peer:        peer{h, dev.ID},
		Storage:     storage{h.Store, dev.OwnerID, dev.ID},
		HTTP:        h.HTTP,
		AgentURL:    h.BaseURL + a.ID,
		OnLog:       log,
	})
	h.mu.Lock()
	h.agents[dev.ID] = a
	h.byAgent[a.ID] = a
	h.mu.Unlock()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		defer close(a.done)
		h.serve(actx, a, d, log)
	}()
}

// serve runs an agent's code and event loop until ctx ends.
func (h *Host) serve(ctx context.Context, a *Agent, d store.Deployment, log func(bool, string, []squirrel.TraceFrame)) {
	p, err := compile.DecodeProgram(d.AgentCode)
	if err != nil {
		log(true, fmt.Sprintf("agent code of deployment %s does not load: %v", d.ID, err), nil)
		return
	}
	// The agent knows whether its device is online before its code runs.
	if h.Devices != nil && h.Devices.Connected(a.DeviceID) {
		a.rt.SetConnected(ctx, true, "")
	}
	a.rt.RunClosure(ctx, a.rt.VM().Load(p))
	a.rt.RunRealtime(ctx)
}

// logLine returns the function that writes an agent's log lines and
// errors, with their stack traces, to its device's log.
func (h *Host) logLine(dev store.Device) func(bool, string, []squirrel.TraceFrame) {
	limit := &loglimit.Limiter{}
	write := func(level store.LogLevel, text string) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := h.Store.AppendLog(ctx, dev.OwnerID, store.LogLine{DeviceID: dev.ID, Source: store.SourceAgent, Level: level, Text: text}); err != nil {
			h.logger().Error("agent log", "device", dev.ID, "err", err)
		}
	}
	return func(isError bool, text string, trace []squirrel.TraceFrame) {
		ok, note := limit.Allow(time.Now())
		if !ok {
			return
		}
		if note != "" {
			write(store.LevelError, note)
		}
		level := store.LevelInfo
		if isError {
			level = store.LevelError
		}
		if trace != nil {
			var b strings.Builder
			b.WriteString("ERROR: " + text)
			for _, f := range trace {
				fmt.Fprintf(&b, "\n  at %s:%d in %s()", f.File, f.Line, f.Func)
			}
			text = b.String()
		}
		write(level, wire.CutText(text, wire.MaxLogText))
	}
}

// DeviceConnected tells a device's agent that its device connected or
// disconnected (device.onconnect, device.ondisconnect).
func (h *Host) DeviceConnected(deviceID string, connected bool) {
	a := h.ForDevice(deviceID)
	if a == nil {
		return
	}
	a.rt.PostAlways(func(ctx context.Context) { a.rt.SetConnected(ctx, connected, "") })
}

// FromDevice hands a message from a device to its agent; done is called
// once, from the agent's goroutine, with 0 when the handler took it or
// the reason it did not.
func (h *Host) FromDevice(deviceID, name string, payload []byte, done func(wire.NackReason)) {
	a := h.ForDevice(deviceID)
	if a == nil {
		done(wire.NackUnavailable)
		return
	}
	err := a.rt.Post(func(ctx context.Context) { done(imp.NackFor(a.rt.Deliver(ctx, name, payload))) })
	if err != nil {
		done(wire.NackBusy)
	}
}

// peer sends an agent's messages to its device through the gateway.
type peer struct {
	h        *Host
	deviceID string
}

func (p peer) Send(name string, payload []byte, done func(error)) error {
	if p.h.Devices == nil {
		return imp.ErrNotConnected
	}
	return p.h.Devices.SendToDevice(p.deviceID, name, payload, done)
}

// storage keeps an agent's server.save data in the store.
type storage struct {
	st              store.Store
	owner, deviceID string
}

func (s storage) Save(data []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.st.SaveAgentData(ctx, s.owner, s.deviceID, data)
}

func (s storage) Load() ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.st.LoadAgentData(ctx, s.owner, s.deviceID)
}
