package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/rollout"
	"drey/cloud/store"
)

// logsAs reads a device's log with an owner's token, and the status.
func (s *service) logsAs(token, deviceID string) (int, string) {
	s.t.Helper()
	code, body := api(s.t, "GET", s.base+"/v1/devices/"+deviceID+"/logs", token, nil)
	var ls []LogEntry
	json.Unmarshal(body, &ls)
	var b strings.Builder
	for _, l := range ls {
		b.WriteString("[" + l.Source + "] " + l.Text + "\n")
	}
	return code, b.String()
}

// agentURLAs returns a device's agent URL as an owner's device list
// shows it ("" if the device is not listed or has no agent).
func (s *service) agentURLAs(token, deviceID string) (string, bool) {
	s.t.Helper()
	_, body := api(s.t, "GET", s.base+"/v1/devices", token, nil)
	var ds []DeviceInfo
	json.Unmarshal(body, &ds)
	for _, d := range ds {
		if d.ID == deviceID {
			return d.AgentURL, true
		}
	}
	return "", false
}

// A device transferred by the operator leaves its old owner with
// nothing: the old owner's token gets 404 on the device, its logs, its
// upgrade history and its revocation, and the agent URL it knew stops
// answering. The device reconnects as the new owner's, in the group the
// operator named: it runs that group's code, and its agent starts afresh
// with that group's agent code and none of the old agent's saved data.
// Both owners are notified. Only the operator may transfer.
// REQ-OWN-4, REQ-OWN-3, REQ-SEP-5.
func TestTransferDevice(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `server.log("a code")`,
		`server.save({secret = "a's secret"})
		 http.onrequest(function(req, res) { res.send(200, "a agent") })`)
	s.connect(c)
	s.waitLog(c.DeviceID, "[device] a code")
	oldURL := s.agentURL(c.DeviceID)
	if code, body := httpGet(t, "GET", oldURL); code != http.StatusOK || body != "a agent" {
		t.Fatalf("a's agent: %d %q", code, body)
	}

	b, tokenB := s.otherOwner("globex")
	code, body := api(t, "POST", s.base+"/v1/deploy", tokenB, DeployRequest{Group: "default", DeviceCode: `server.log("b code")`,
		AgentCode: `http.onrequest(function(req, res) {
			local d = server.load()
			res.send(200, "b agent, saved: " + ("secret" in d ? d.secret : "nothing"))
		})`})
	if code != http.StatusCreated {
		t.Fatalf("b's deploy: %d %s", code, body)
	}

	// A rollout waiting for the old owner's approval when the device goes.
	p := newPlatform(t)
	if _, err := s.data.SetRoot(p.root); err != nil {
		t.Fatal(err)
	}
	rel := releaseOf(t, s, p.image(t, "2.0", 5))
	code, body = api(t, "POST", s.base+"/v1/rollouts", s.operator, rollout.Spec{ReleaseID: rel.ID, Mode: "request", Waves: []int{100}, FailureThreshold: 0.5})
	var ri RolloutInfo
	json.Unmarshal(body, &ri)
	if code != http.StatusCreated || ri.State != "pending-approval" {
		t.Fatalf("rollout: %d %s", code, body)
	}

	path := s.base + "/v1/devices/" + c.DeviceID + "/transfer"
	for _, tok := range []string{s.token, tokenB} {
		if code, _ := api(t, "POST", path, tok, TransferRequest{To: "globex"}); code != http.StatusForbidden {
			t.Fatalf("an owner's token transferred a device: %d", code)
		}
	}
	for _, bad := range []struct {
		path string
		req  TransferRequest
		want int
	}{
		{path, TransferRequest{To: "nobody"}, http.StatusNotFound},
		{path, TransferRequest{To: "globex", Group: "nope"}, http.StatusNotFound},
		{path, TransferRequest{To: "default"}, http.StatusConflict},
		{s.base + "/v1/devices/nodevice/transfer", TransferRequest{To: "globex"}, http.StatusNotFound},
	} {
		if code, body := api(t, "POST", bad.path, s.operator, bad.req); code != bad.want {
			t.Errorf("transfer %+v: %d %s, want %d", bad.req, code, body, bad.want)
		}
	}
	code, body = api(t, "POST", path, s.operator, TransferRequest{To: "globex", Group: "default"})
	var tr TransferResponse
	json.Unmarshal(body, &tr)
	if code != http.StatusOK || tr.To != b.ID || tr.Group != "default" {
		t.Fatalf("transfer: %d %s", code, body)
	}

	// The old owner has nothing left.
	if code, _ := s.logsAs(s.token, c.DeviceID); code != http.StatusNotFound {
		t.Errorf("the old owner reads the device's logs: %d", code)
	}
	if code, _ := api(t, "GET", s.base+"/v1/devices/"+c.DeviceID+"/upgrades", s.token, nil); code != http.StatusNotFound {
		t.Errorf("the old owner reads the device's upgrade history: %d", code)
	}
	if code, _ := api(t, "POST", s.base+"/v1/devices/"+c.DeviceID+"/revoke", s.token, nil); code != http.StatusNotFound {
		t.Errorf("the old owner revoked the device: %d", code)
	}
	if code, _ := api(t, "POST", s.base+"/v1/devices/"+c.DeviceID+"/group", s.token, AssignRequest{Group: "default"}); code != http.StatusNotFound {
		t.Errorf("the old owner moved the device: %d", code)
	}
	if _, listed := s.agentURLAs(s.token, c.DeviceID); listed {
		t.Errorf("the old owner still lists the device")
	}
	if code, body := httpGet(t, "GET", oldURL); code != http.StatusNotFound {
		t.Errorf("the old agent URL still answers: %d %q", code, body)
	}
	if code, body := api(t, "GET", s.base+"/v1/owner/rollouts/"+ri.ID, s.token, nil); code != http.StatusNotFound {
		t.Errorf("the old owner still sees the open rollout of the device: %d %s", code, body)
	}
	code, body = api(t, "GET", s.base+"/v1/owner/rollouts/"+ri.ID, tokenB, nil)
	if code != http.StatusOK || !strings.Contains(string(body), c.DeviceID) {
		t.Errorf("the new owner's view of the open rollout: %d %s", code, body)
	}

	// The new owner's device runs the new owner's code, with a fresh agent.
	waitFor(t, 10*time.Second, "the device to run b's code", func() bool {
		_, l := s.logsAs(tokenB, c.DeviceID)
		return strings.Contains(l, "[device] b code")
	})
	_, l := s.logsAs(tokenB, c.DeviceID)
	if strings.Contains(l, "a code") || !strings.Contains(l, "[status] transferred to this owner") {
		t.Errorf("the new owner's log of the device:\n%s", l)
	}
	newURL, listed := s.agentURLAs(tokenB, c.DeviceID)
	if !listed || newURL == "" || newURL == oldURL {
		t.Fatalf("the new owner's agent URL %q (listed %v), the old one %q", newURL, listed, oldURL)
	}
	if code, body := httpGet(t, "GET", newURL); code != http.StatusOK || body != "b agent, saved: nothing" {
		t.Errorf("the new agent: %d %q", code, body)
	}

	// Both owners are told; each only of its own side.
	var out, in []NoticeInfo
	for _, n := range s.notices(s.token, "") {
		if n.Kind == store.NoticeTransferredOut && n.Subject == c.DeviceID {
			out = append(out, n)
		}
	}
	approval := false
	for _, n := range s.notices(tokenB, "") {
		if n.Kind == store.NoticeTransferredIn && n.Subject == c.DeviceID {
			in = append(in, n)
		}
		approval = approval || n.Kind == store.NoticeApprovalNeeded && n.Subject == ri.ID
	}
	if !approval {
		t.Errorf("the new owner was not asked to approve the open rollout its device is in")
	}
	if len(out) != 1 || len(in) != 1 || strings.Contains(out[0].Text, "globex") || !strings.Contains(in[0].Text, "group default") {
		t.Errorf("notices: old owner %+v, new owner %+v", out, in)
	}
}
