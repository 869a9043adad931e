package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"drey/cloud/agent"
)

// The operator records advisories and sees how many devices, per owner,
// still run affected firmware; owners cannot (REQ-VULN-3, REQ-VULN-4).
// REQ-VULN-3, REQ-VULN-4.
func TestAdvisoriesAndExposure(t *testing.T) {
	s := newService(t, agent.Limits{})
	c1 := s.enroll("default")
	s.enroll("default") // never connected: its version is unknown
	s.deploy("default", `server.log("up")`, ``)
	s.connect(c1)
	s.waitLog(c1.DeviceID, "[device] up")
	adv := AdvisoryInfo{ID: "DREY-2026-0001", Severity: "critical", Summary: "TLS bypass", Model: "imp001", Affected: ">=1.0 <36.10", Fixed: "36.10"}
	if code, _ := api(t, "POST", s.base+"/v1/advisories", s.token, adv); code != http.StatusForbidden {
		t.Fatalf("an owner recorded an advisory: %d", code)
	}
	if code, body := api(t, "POST", s.base+"/v1/advisories", s.operator, adv); code != http.StatusCreated {
		t.Fatalf("advisory: %d %s", code, body)
	}
	for _, bad := range []AdvisoryInfo{
		{ID: "X-1", Severity: "apocalyptic", Model: "imp001", Affected: "<2", Fixed: "2"},
		{ID: "X-2", Severity: "low", Model: "imp001", Affected: "", Fixed: "2"},
		{ID: "X-3", Severity: "low", Model: "imp001", Affected: "<2", Fixed: "two"},
		adv,
	} {
		if code, body := api(t, "POST", s.base+"/v1/advisories", s.operator, bad); code < 400 || code == http.StatusInternalServerError {
			t.Errorf("advisory %+v: %d %s", bad, code, body)
		}
	}
	code, body := api(t, "GET", s.base+"/v1/exposure", s.operator, nil)
	var ex []Exposure
	json.Unmarshal(body, &ex)
	if code != http.StatusOK || len(ex) != 1 || ex[0].Devices != 1 || ex[0].ByOwner["default"] != 1 {
		t.Fatalf("exposure: %d %s", code, body)
	}
}
