package server

import (
	"fmt"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"sync/atomic"

	"drey/cloud/agent"
	"drey/cloud/gateway"
	"drey/cloud/rollout"
	"drey/cloud/store"
)

// metrics counts what the service does, for GET /metrics in the
// Prometheus text exposition format.
type metrics struct {
	agentRequests atomic.Int64
}

// count counts requests to h in c.
func (m *metrics) count(c *atomic.Int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.Add(1)
		h.ServeHTTP(w, r)
	})
}

func (m *metrics) handler(gw *gateway.Gateway, host *agent.Host, d *Data, ro *rollout.Engine) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		gs := gw.Stats()
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		for _, x := range []struct {
			name, kind, help string
			v                int64
		}{
			{"drey_devices_connected", "gauge", "Devices with a live link.", int64(gs.Connected)},
			{"drey_device_connections_total", "counter", "Device links accepted after hello.", gs.Connections},
			{"drey_device_messages_total", "counter", "Messages from devices to their agents.", gs.FromDevices},
			{"drey_agent_messages_total", "counter", "Messages from agents to their devices.", gs.ToDevices},
			{"drey_device_log_lines_total", "counter", "Log and error lines from devices.", gs.LogLines},
			{"drey_deploys_pushed_total", "counter", "Deployments sent to connected devices.", gs.Deploys},
			{"drey_agents_running", "gauge", "Agents running.", int64(host.Count())},
			{"drey_agent_http_requests_total", "counter", "Requests to agent URLs.", m.agentRequests.Load()},
			{"drey_go_goroutines", "gauge", "Goroutines in the server process.", int64(runtime.NumGoroutine())},
			{"drey_go_heap_inuse_bytes", "gauge", "Heap bytes in use.", int64(ms.HeapInuse)},
			{"drey_roots_sent_total", "counter", "Root of trust versions sent to devices.", gs.RootsSent},
		} {
			fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %d\n", x.name, x.help, x.name, x.kind, x.name, x.v)
		}
		if ro != nil {
			rs := ro.Stats()
			fmt.Fprintf(w, "# HELP drey_upgrade_offers_total Platform upgrade offers sent to devices.\n# TYPE drey_upgrade_offers_total counter\ndrey_upgrade_offers_total %d\n", rs.Offers)
			fmt.Fprintf(w, "# HELP drey_upgrade_reports_total Upgrade statuses reported by devices, by state.\n# TYPE drey_upgrade_reports_total counter\n")
			for _, s := range slices.Sorted(maps.Keys(rs.Reports)) {
				fmt.Fprintf(w, "drey_upgrade_reports_total{state=%q} %d\n", s, rs.Reports[s])
			}
			if all, err := ro.Store.Rollouts(r.Context()); err == nil {
				byState := map[string]int{}
				for _, x := range all {
					byState[x.State]++
				}
				fmt.Fprintf(w, "# HELP drey_rollouts Rollouts, by state.\n# TYPE drey_rollouts gauge\n")
				for _, s := range []string{store.RolloutPendingApproval, store.RolloutRunning, store.RolloutPaused, store.RolloutAborted, store.RolloutDone} {
					fmt.Fprintf(w, "drey_rollouts{state=%q} %d\n", s, byState[s])
				}
			}
		}
		// The newest root: devices refuse every image once it expires,
		// so alert well before (docs/key-compromise.md, "Expiry").
		if t, err := d.Trusted(); err == nil {
			fmt.Fprintf(w, "# HELP drey_root_version Version of the newest platform root of trust installed.\n# TYPE drey_root_version gauge\ndrey_root_version %d\n", t.Version())
			fmt.Fprintf(w, "# HELP drey_root_expiry_timestamp_seconds When the newest root of trust expires, Unix time.\n# TYPE drey_root_expiry_timestamp_seconds gauge\ndrey_root_expiry_timestamp_seconds %d\n", t.Expires().Unix())
		}
	})
}
