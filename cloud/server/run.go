package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"drey/cloud/agent"
	"drey/cloud/egress"
	"drey/cloud/gateway"
	"drey/cloud/rollout"
	"drey/cloud/store"
)

// Addrs are where a running service listens.
type Addrs struct {
	Gateway, HTTP net.Addr
	// AgentBase is the prefix of agent URLs: an agent's URL is AgentBase
	// followed by its id.
	AgentBase string
}

// Config says where and how the service runs.
type Config struct {
	GatewayAddr string // devices' mutual-TLS listener, HOST:PORT
	HTTPAddr    string // the API, agent URLs and /metrics, HOST:PORT
	// PublicURL is the base URL the HTTP listener is reached at from
	// outside, for agent URLs (empty: http:// and the listener's address).
	PublicURL string
	Log       *slog.Logger
	// Egress is what agents' outbound HTTP may reach; the zero Policy
	// allows public addresses only (REQ-SEP-6).
	Egress egress.Policy
	// Webhooks is what owners' notice webhooks may reach; the zero Policy
	// allows public addresses only, each request bounded to 10 s.
	Webhooks egress.Policy
	// Agents bounds each agent (zero: the defaults of agent.Limits).
	Agents agent.Limits
	// LogMaxAge and LogMaxLines bound each device's log (REQ-PRIV-4):
	// lines older than LogMaxAge, and all but the newest LogMaxLines, are
	// deleted at start and every hour (0: 30 days and 10,000 lines).
	LogMaxAge   time.Duration
	LogMaxLines int
	// HistoryMaxAge bounds devices' upgrade history (REQ-PRIV-4): events
	// older are deleted with the logs (0: two years).
	HistoryMaxAge time.Duration
	// RolloutInterval is how often rollouts are looked at (0: 5 s);
	// RetryDeferred, RetryLowBattery and UpgradeGrace are the rollout
	// policy (0: the defaults of package rollout).
	RolloutInterval, RetryDeferred, RetryLowBattery, UpgradeGrace time.Duration
	// DeferLimit is how many deferrals turn a request into a demand (0:
	// rollout.DefaultDeferLimit).
	DeferLimit int
	// SecurityContact and SecurityPolicy are published in
	// /.well-known/security.txt (empty contact: security@ the public
	// URL's host).
	SecurityContact, SecurityPolicy string
	// Ready, if set, is called once everything listens.
	Ready func(Addrs)
}

// Run serves the device gateway, the agents and the HTTP API until ctx is
// done, then shuts down cleanly: in-flight API requests finish, devices
// are told the server is going away, and every agent stops (what agents
// keep with server.save is already in the store).
func Run(ctx context.Context, d *Data, c Config) error {
	log := c.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tlsConf, err := d.ServerTLS()
	if err != nil {
		return err
	}
	key, err := d.AgentKey()
	if err != nil {
		return err
	}
	gl, err := net.Listen("tcp", c.GatewayAddr)
	if err != nil {
		return err
	}
	hl, err := net.Listen("tcp", c.HTTPAddr)
	if err != nil {
		gl.Close()
		return err
	}
	public := strings.TrimSuffix(c.PublicURL, "/")
	if public == "" {
		public = "http://" + hl.Addr().String()
	}
	if c.LogMaxAge == 0 {
		c.LogMaxAge = DefaultLogMaxAge
	}
	if c.LogMaxLines == 0 {
		c.LogMaxLines = DefaultLogMaxLines
	}
	if c.HistoryMaxAge == 0 {
		c.HistoryMaxAge = DefaultHistoryMaxAge
	}
	pctx, stopPruning := context.WithCancel(ctx)
	defer stopPruning()
	pruned := make(chan struct{})
	go func() {
		defer close(pruned)
		upkeep(pctx, d, c, log)
	}()
	m := &metrics{}
	gw := &gateway.Gateway{Store: d.Store, TLS: tlsConf, Log: log, Roots: d}
	host := &agent.Host{Store: d.Store, Devices: gw, Log: log, HTTP: egress.NewClient(c.Egress), Key: key,
		BaseURL: public + "/agent/", Limits: c.Agents}
	gw.Agents = host
	actx, stopAgents := context.WithCancel(context.WithoutCancel(ctx))
	defer stopAgents()
	if err := host.Start(actx); err != nil {
		gl.Close()
		hl.Close()
		return err
	}
	opHash, err := d.operatorHash()
	if err != nil {
		log.Warn("no operator token: releases and rollouts are disabled", "err", err)
	}
	api := &API{Store: d.Store, Gateway: gw, Agents: host, Data: d, OperatorHash: opHash, PublicURL: public, Log: log,
		Webhooks: newDeliverer(d, c.Webhooks, log)}
	api.Rollouts = &rollout.Engine{Store: d.Store, Devices: gw, ImageURL: api.ImageURL, Log: log, Interval: c.RolloutInterval,
		RetryDeferred: c.RetryDeferred, RetryLowBattery: c.RetryLowBattery, Grace: c.UpgradeGrace, DeferLimit: c.DeferLimit,
		Notified: func([]store.Notice) { api.Webhooks.Wake() }}
	wctx, stopWebhooks := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWebhooks()
	webhooksDone := make(chan struct{})
	go func() {
		defer close(webhooksDone)
		api.Webhooks.Run(wctx)
	}()
	gw.Upgrades = api.Rollouts
	rctx, stopRollouts := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRollouts()
	rolloutsDone := make(chan struct{})
	go func() {
		defer close(rolloutsDone)
		api.Rollouts.Run(rctx)
	}()
	mux := http.NewServeMux()
	mux.Handle("/v1/", api.Handler())
	mux.Handle("/agent/", m.count(&m.agentRequests, http.StripPrefix("/agent", host)))
	mux.Handle("GET /metrics", m.handler(gw, host, d, api.Rollouts))
	mux.HandleFunc("GET /images/{digest}", api.image)
	contact := c.SecurityContact
	if contact == "" {
		contact = defaultContact(public)
	}
	mux.HandleFunc("GET /.well-known/security.txt", securityTxt(contact, c.SecurityPolicy, public+"/v1/models"))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	gctx, stopGateway := context.WithCancel(context.WithoutCancel(ctx))
	defer stopGateway()
	gwDone := make(chan error, 1)
	httpDone := make(chan error, 1)
	go func() { gwDone <- gw.Serve(gctx, gl) }()
	go func() {
		if err := srv.Serve(hl); err != nil && !errors.Is(err, http.ErrServerClosed) {
			httpDone <- err
			return
		}
		httpDone <- nil
	}()
	log.Info("serving", "gateway", gl.Addr().String(), "http", hl.Addr().String(), "agents", host.Count())
	if c.Ready != nil {
		c.Ready(Addrs{Gateway: gl.Addr(), HTTP: hl.Addr(), AgentBase: public + "/agent/"})
	}
	var runErr error
	gwEnded, httpEnded := false, false
	select {
	case <-ctx.Done():
	case runErr = <-gwDone:
		gwEnded = true
	case runErr = <-httpDone:
		httpEnded = true
	}
	// Stop taking requests, then close device links (waiting for their
	// goroutines to finish writing to the store), then stop the agents.
	// In-flight requests get two seconds; then connections still open
	// (a follower of a log, a client that connected and sent nothing)
	// are closed.
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if srv.Shutdown(shut) != nil {
		srv.Close()
	}
	if !httpEnded {
		<-httpDone
	}
	stopGateway()
	if !gwEnded {
		<-gwDone
	}
	stopRollouts()
	<-rolloutsDone
	stopWebhooks()
	<-webhooksDone
	stopAgents()
	host.Wait()
	stopPruning()
	<-pruned
	log.Info("stopped")
	if runErr != nil {
		return fmt.Errorf("server: %w", runErr)
	}
	return nil
}

// RootExpiryWarning is how long before the newest root of trust expires
// the service starts warning, hourly, in its log.
const RootExpiryWarning = 30 * 24 * time.Hour

// The default retention of device logs and upgrade history
// (REQ-PRIV-4). Upgrade history is kept longer than logs: it answers
// which devices ran a vulnerable version, and when they left it.
const (
	DefaultLogMaxAge     = 30 * 24 * time.Hour
	DefaultLogMaxLines   = 10_000
	DefaultHistoryMaxAge = 2 * 365 * 24 * time.Hour
)

// upkeep applies the retention bounds of logs and upgrade history, and
// warns of the root of trust's coming expiry, now and then hourly until
// ctx is done.
func upkeep(ctx context.Context, d *Data, c Config, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		n, err := d.Store.PruneLogs(ctx, time.Now().Add(-c.LogMaxAge), c.LogMaxLines)
		if err != nil && ctx.Err() == nil {
			log.Error("pruning logs", "err", err)
		} else if n > 0 {
			log.Info("pruned logs", "lines", n)
		}
		if t, err := d.Trusted(); err == nil && time.Until(t.Expires()) < RootExpiryWarning {
			log.Warn("the platform root of trust expires soon: devices will refuse every image after; publish a rotation (drey root publish)",
				"version", t.Version(), "expires", t.Expires())
		}
		n, err = d.Store.PruneUpgradeHistory(ctx, time.Now().Add(-c.HistoryMaxAge))
		if err != nil && ctx.Err() == nil {
			log.Error("pruning upgrade history", "err", err)
		} else if n > 0 {
			log.Info("pruned upgrade history", "events", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
