package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"drey/cloud/agent"
)

// Owners manage their products (groups) and API tokens: a device moved to
// another group runs that group's code; a revoked token stops working;
// another owner sees none of it and can move nothing (REQ-SEP-5).
func TestGroupsAndTokens(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `server.log("default code")`, ``)
	s.connect(c)
	s.waitLog(c.DeviceID, "[device] default code")

	if code, body := api(t, "POST", s.base+"/v1/groups", s.token, GroupInfo{Name: "sensors", TimeZone: "Europe/Paris"}); code != http.StatusCreated {
		t.Fatalf("create group: %d %s", code, body)
	}
	if code, body := api(t, "POST", s.base+"/v1/groups/sensors/maintenance", s.token, GroupInfo{Maintenance: "02:00-05:00"}); code != http.StatusOK {
		t.Fatalf("maintenance: %d %s", code, body)
	}
	if code, _ := api(t, "POST", s.base+"/v1/groups/sensors/maintenance", s.token, GroupInfo{Maintenance: "2am"}); code != http.StatusBadRequest {
		t.Errorf("a bad window: %d", code)
	}
	for _, bad := range []GroupInfo{{Name: "sensors"}, {Name: ""}, {Name: "x", TimeZone: "Mars/Olympus"}, {Name: "y", Maintenance: "25:00-01:00"}} {
		if code, body := api(t, "POST", s.base+"/v1/groups", s.token, bad); code != http.StatusConflict && code != http.StatusBadRequest {
			t.Errorf("create group %+v: %d %s", bad, code, body)
		}
	}
	s.deploy("sensors", `server.log("sensor code")`, `server.log("sensor agent")`)
	if code, body := api(t, "POST", s.base+"/v1/devices/"+c.DeviceID+"/group", s.token, AssignRequest{Group: "sensors"}); code != http.StatusOK {
		t.Fatalf("assign: %d %s", code, body)
	}
	s.waitLog(c.DeviceID, "[device] sensor code")
	s.waitLog(c.DeviceID, "[agent] sensor agent")

	// Another owner.
	other, _ := s.data.Store.CreateOwner(t.Context(), "mallory")
	_, otherToken, _ := s.data.Store.CreateToken(t.Context(), other.ID, "t")
	if code, _ := api(t, "POST", s.base+"/v1/devices/"+c.DeviceID+"/group", otherToken, AssignRequest{Group: ""}); code != http.StatusNotFound {
		t.Errorf("another owner moved the device: %d", code)
	}
	if _, body := api(t, "GET", s.base+"/v1/groups", otherToken, nil); strings.Contains(string(body), "sensors") {
		t.Errorf("another owner lists the groups: %s", body)
	}

	code, body := api(t, "POST", s.base+"/v1/tokens", s.token, TokenInfo{Name: "ci"})
	var tok TokenInfo
	json.Unmarshal(body, &tok)
	if code != http.StatusCreated || tok.Secret == "" {
		t.Fatalf("create token: %d %s", code, body)
	}
	if code, _ := api(t, "GET", s.base+"/v1/devices", tok.Secret, nil); code != http.StatusOK {
		t.Fatalf("new token: %d", code)
	}
	if _, body := api(t, "GET", s.base+"/v1/tokens", s.token, nil); strings.Contains(string(body), tok.Secret) || !strings.Contains(string(body), `"ci"`) {
		t.Errorf("token list shows a secret, or lacks the token: %s", body)
	}
	if code, _ := api(t, "POST", s.base+"/v1/tokens/"+tok.ID+"/revoke", otherToken, nil); code != http.StatusNotFound {
		t.Errorf("another owner revoked the token: %d", code)
	}
	if code, body := api(t, "POST", s.base+"/v1/tokens/"+tok.ID+"/revoke", s.token, nil); code != http.StatusOK {
		t.Fatalf("revoke token: %d %s", code, body)
	}
	if code, _ := api(t, "GET", s.base+"/v1/devices", tok.Secret, nil); code != http.StatusUnauthorized {
		t.Errorf("a revoked token still works: %d", code)
	}
}
