package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/store"
	"drey/examples"
)

// readings polls an agent URL of the temperature example until it
// serves at least n readings.
func readings(t *testing.T, url string, n int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var got struct {
		Connected bool
		Readings  []map[string]any
	}
	for time.Now().Before(deadline) {
		code, body := httpGet(t, "GET", url)
		if code == http.StatusOK && json.Unmarshal([]byte(body), &got) == nil && len(got.Readings) >= n {
			return got.Readings
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("agent %s never served %d readings (last: %+v)", url, n, got)
	return nil
}

// What drey demo does, asserted: devices read their sensor and send the
// readings to their agents, which serve them as JSON at their URLs; an
// HTTP request to an agent reaches its device as a message (REQ-SEP-3:
// each device its own identity and agent).
func TestDemoEndToEnd(t *testing.T) {
	s := newService(t, agent.Limits{})
	c1, c2 := s.enroll("default"), s.enroll("default")
	s.deploy("default", string(examples.TemperatureDevice), string(examples.TemperatureAgent))
	d1 := s.connect(c1)
	s.connect(c2)
	u1, u2 := s.agentURL(c1.DeviceID), s.agentURL(c2.DeviceID)
	if u1 == "" || u2 == "" || u1 == u2 || strings.Contains(u1, c1.DeviceID) {
		t.Fatalf("agent URLs %q %q: want two distinct URLs that do not reveal the device id", u1, u2)
	}
	for _, u := range []string{u1, u2} {
		for _, r := range readings(t, u, 1) {
			if r["celsius"] != 22.5 {
				t.Errorf("reading %v, want 22.5 C", r)
			}
		}
	}
	if code, body := httpGet(t, "POST", u1+"/interval?s=7"); code != http.StatusOK || !strings.Contains(body, `"sent":true`) {
		t.Fatalf("POST interval: %d %s", code, body)
	}
	s.waitLog(c1.DeviceID, "[device] sampling every 7 s")
	if code, _ := httpGet(t, "GET", s.addrs.AgentBase+"nosuchagent"); code != http.StatusNotFound {
		t.Errorf("unknown agent: %d", code)
	}
	code, metrics := httpGet(t, "GET", s.base+"/metrics")
	for _, want := range []string{"drey_agents_running 2\n", "drey_devices_connected 2\n", "# TYPE drey_device_messages_total counter\n"} {
		if code != http.StatusOK || !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, metrics)
		}
	}
	// With its device offline, the agent's send fails at once and it says so.
	d1.disconnect()
	s.waitLog(c1.DeviceID, "[agent] device disconnected")
	if code, body := httpGet(t, "POST", u1+"/interval?s=9"); code != http.StatusServiceUnavailable || !strings.Contains(body, `"sent":false`) {
		t.Fatalf("POST interval to an offline device: %d %s", code, body)
	}
}

// A device that was offline during a deploy gets the code when it
// connects, and runs it.
func TestOfflineDeviceGetsCode(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `server.log("version 1")`, ``)
	r := s.deploy("default", `server.log("version 2")`, ``)
	s.connect(c)
	s.waitLog(c.DeviceID, "[status] deployed "+r.ID)
	s.waitLog(c.DeviceID, "[device] version 2")
	if strings.Contains(s.logs(c.DeviceID), "version 1") {
		t.Error("the device ran a deployment that was superseded while it was offline")
	}
}

// A server restart loses no deployment, log line or saved agent data:
// after it, the agent serves the readings it saved before, with no
// device connected.
func TestRestartKeepsState(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	r := s.deploy("default", string(examples.TemperatureDevice), string(examples.TemperatureAgent))
	d := s.connect(c)
	before := readings(t, s.agentURL(c.DeviceID), 2)
	d.disconnect()
	logBefore := s.logs(c.DeviceID)
	s.restart()
	after := readings(t, s.agentURL(c.DeviceID), len(before))
	if len(after) < len(before) || after[0]["time"] != before[0]["time"] {
		t.Errorf("saved readings after restart %v, before %v", after, before)
	}
	if logAfter := s.logs(c.DeviceID); !strings.HasPrefix(logAfter, logBefore) {
		t.Errorf("log lines lost in the restart:\nbefore:\n%s\nafter:\n%s", logBefore, logAfter)
	}
	code, body := api(t, "GET", s.base+"/v1/deployments", s.token, nil)
	if code != http.StatusOK || !strings.Contains(string(body), r.ID) {
		t.Errorf("deployments after restart: %d %s", code, body)
	}
}

// An agent that loops forever, or allocates without bound, is stopped
// with an error and a stack trace in its device's log, while a healthy
// agent beside it keeps answering (REQ-SEP-6).
func TestHostileAgentContained(t *testing.T) {
	s := newService(t, agent.Limits{Steps: 2_000_000, Memory: 256 << 10})
	ctx := t.Context()
	owner, _ := s.data.DefaultOwner()
	for _, g := range []string{"spin", "hog"} {
		if _, err := s.data.Store.CreateGroup(ctx, storeGroup(owner, g)); err != nil {
			t.Fatal(err)
		}
	}
	spin, hog, healthy := s.enroll("spin"), s.enroll("hog"), s.enroll("default")
	s.deploy("spin", ``, `
function spin() { local i = 0; while (true) i++ }
imp.wakeup(0, function() { spin(); });
http.onrequest(function(req, res) { spin() })`)
	s.deploy("hog", ``, `
local keep = [];
function hog() { while (true) keep.append(array(1000, "x")) }
imp.wakeup(0, hog)`)
	s.deploy("default", ``, `http.onrequest(function(req, res) { res.send(200, "ok") })`)
	s.waitLog(spin.DeviceID, "ERROR: ")
	s.waitLog(hog.DeviceID, "out of memory")
	// Requests keep hitting the spinning agent; the healthy one answers
	// every time.
	spinURL, okURL := s.agentURL(spin.DeviceID), s.agentURL(healthy.DeviceID)
	go func() {
		for i := 0; i < 5; i++ {
			req, _ := http.NewRequest("GET", spinURL, nil)
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
		}
	}()
	for i := 0; i < 20; i++ {
		if code, body := httpGet(t, "GET", okURL); code != http.StatusOK || body != "ok" {
			t.Fatalf("healthy agent: %d %q", code, body)
		}
	}
	log := s.logs(spin.DeviceID)
	if !strings.Contains(log, "in spin()") {
		t.Errorf("the spinning agent's error has no stack trace:\n%s", log)
	}
}

// An agent cannot reach the host's own network (REQ-SEP-6): a request to
// the service's loopback API fails with the reason in its log.
func TestAgentSSRFBlocked(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", ``, `
local res = http.get("`+s.base+`/metrics").sendsync();
server.log("status " + res.statuscode + ": " + res.body)`)
	s.waitLog(c.DeviceID, "[agent] status 7: ")
	if log := s.logs(c.DeviceID); !strings.Contains(log, "loopback") {
		t.Errorf("log does not say why:\n%s", log)
	}
}

// A revoked device is cut off, cannot connect again, and its agent stops;
// another owner cannot revoke it (REQ-SEP-4, REQ-SEP-5).
func TestRevokeDevice(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `server.log("running")`, `http.onrequest(function(req, res) { res.send(200, "ok") })`)
	d := s.connect(c)
	s.waitLog(c.DeviceID, "[device] running")
	url := s.agentURL(c.DeviceID)

	other, _ := s.data.Store.CreateOwner(t.Context(), "mallory")
	_, otherToken, _ := s.data.Store.CreateToken(t.Context(), other.ID, "t")
	if code, _ := api(t, "POST", s.base+"/v1/devices/"+c.DeviceID+"/revoke", otherToken, nil); code != http.StatusNotFound {
		t.Fatalf("another owner's revoke: %d", code)
	}
	if code, _ := api(t, "GET", s.base+"/v1/deployments?group=default", otherToken, nil); code != http.StatusNotFound {
		t.Fatalf("another owner read the deployments: %d", code)
	}
	if code, body := api(t, "POST", s.base+"/v1/devices/"+c.DeviceID+"/revoke", s.token, nil); code != http.StatusOK {
		t.Fatalf("revoke: %d %s", code, body)
	}
	s.waitLog(c.DeviceID, "[status] disconnected")
	if code, _ := httpGet(t, "GET", url); code != http.StatusNotFound {
		t.Errorf("a revoked device's agent still answers: %d", code)
	}
	// The device keeps trying and is refused at the handshake.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(d.log.String(), "connecting to") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(d.log.String(), "connecting to") {
		t.Fatalf("the revoked device was not refused:\n%s", d.log.String())
	}
	if strings.Count(s.logs(c.DeviceID), "[status] connected") != 1 {
		t.Errorf("the revoked device connected again:\n%s", s.logs(c.DeviceID))
	}
}

// Deployments are listed newest first and an earlier one can be rolled
// back to, as a new version that devices receive.
func TestRollback(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `server.log("code one")`, ``)
	s.deploy("default", `server.log("code two")`, ``)
	s.connect(c)
	s.waitLog(c.DeviceID, "[device] code two")
	code, body := api(t, "POST", s.base+"/v1/rollback", s.token, RollbackRequest{Group: "default", Version: 1})
	if code != http.StatusCreated {
		t.Fatalf("rollback: %d %s", code, body)
	}
	s.waitLog(c.DeviceID, "[device] code one")
	code, body = api(t, "GET", s.base+"/v1/deployments?group=default", s.token, nil)
	var ds []DeploymentInfo
	json.Unmarshal(body, &ds)
	if code != http.StatusOK || len(ds) != 3 || ds[0].Version != 3 || ds[0].RolledBackFrom == nil || *ds[0].RolledBackFrom != 1 {
		t.Fatalf("deployments: %d %s", code, body)
	}
	if code, _ := api(t, "POST", s.base+"/v1/rollback", s.token, RollbackRequest{Group: "default", Version: 9}); code != http.StatusNotFound {
		t.Errorf("rollback to a version that does not exist: %d", code)
	}
}

// New code reaches running device code through server.onshutdown: the
// code restarts when it calls server.restart(), and messages flow both
// ways with the device id the code can read.
func TestDeployNegotiatesRestart(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `
server.onshutdown(function(reason) {
	server.log("shutdown " + (reason == SHUTDOWN_NEWSQUIRREL));
	imp.wakeup(0.2, function() { server.log("saved state, restarting"); server.restart() });
});
agent.on("hello", function(v) { server.log("agent says " + v) });
agent.send("id", hardware.getdeviceid());
server.log("mac " + imp.getmacaddress().len());
server.log("v1")`, `
device.on("id", function(id) { server.log("device id " + id); device.send("hello", "hi") })`)
	s.connect(c)
	s.waitLog(c.DeviceID, "[device] v1")
	s.waitLog(c.DeviceID, "[agent] device id "+c.DeviceID)
	s.waitLog(c.DeviceID, "[device] agent says hi")
	s.waitLog(c.DeviceID, "[device] mac 12")
	s.deploy("default", `server.log("v2")`, ``)
	s.waitLog(c.DeviceID, "[device] v2")
	log := s.logs(c.DeviceID)
	i, j, k := strings.Index(log, "[device] shutdown true"), strings.Index(log, "[device] saved state, restarting"), strings.Index(log, "[device] v2")
	if i < 0 || j < i || k < j {
		t.Fatalf("want shutdown, then the code's restart, then v2:\n%s", log)
	}
}

// Device logs are kept for a bounded time (REQ-PRIV-4): the service
// deletes lines past the retention age when it starts.
func TestLogRetention(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	owner, _ := s.data.DefaultOwner()
	old := store.LogLine{DeviceID: c.DeviceID, Time: time.Now().Add(-DefaultLogMaxAge - time.Hour), Source: store.SourceStatus, Level: store.LevelInfo, Text: "ancient"}
	if err := s.data.Store.AppendLog(t.Context(), owner, old); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.logs(c.DeviceID), "ancient") {
		t.Fatal("the old line was not stored")
	}
	s.restart()
	deadline := time.Now().Add(5 * time.Second)
	for strings.Contains(s.logs(c.DeviceID), "ancient") {
		if time.Now().After(deadline) {
			t.Fatal("a line past the retention age survived a start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// An agent or a device that logs in a tight loop is rate limited: the
// log keeps a bounded number of its lines and says how many it dropped.
func TestLogFloodLimited(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `for (local i = 0; i < 1000; i++) server.log("device line " + i)
imp.wakeup(1.5, function() { server.log("device after") })`, `for (local i = 0; i < 1000; i++) server.log("agent line " + i)
imp.wakeup(1.5, function() { server.log("agent after") })`)
	s.connect(c)
	s.waitLog(c.DeviceID, "[agent] agent after")
	s.waitLog(c.DeviceID, "[device] device after")
	log := s.logs(c.DeviceID)
	for _, who := range []string{"agent", "device"} {
		// The burst of 200, and what the rate refills while the loop runs.
		if n := strings.Count(log, who+" line "); n < 200 || n > 600 {
			t.Errorf("%d of 1000 %s lines kept, want the burst of 200 and a little more", n, who)
		}
	}
	if !strings.Contains(log, "[agent] ") || !strings.Contains(log, "log lines dropped") {
		t.Errorf("the drops are not reported:\n%s", log)
	}
	for _, src := range []string{"[agent] ", "[status] "} {
		found := false
		for _, l := range strings.Split(log, "\n") {
			if strings.HasPrefix(l, src) && strings.Contains(l, "log lines dropped") {
				found = true
			}
		}
		if !found {
			t.Errorf("no %q line reports dropped lines:\n%s", src, log)
		}
	}
}
