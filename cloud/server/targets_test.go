package server

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/vuln"
)

// Each advisory has a confirmation date (by default when it is recorded)
// and, from its severity, a fix target: 30 days for critical, 90 for
// high, 180 for medium, none for low. The fleet's exposure shows, per
// advisory, the days since confirmation, the target date, the devices
// still exposed and whether it is overdue; the advisory list shows the
// target and whether the advisory is open, overdue or fixed.
// REQ-VULN-5, REQ-VULN-4.
func TestFixTargets(t *testing.T) {
	s := newService(t, agent.Limits{})
	c := s.enroll("default")
	s.deploy("default", `server.log("up")`, ``)
	s.connect(c)
	s.waitLog(c.DeviceID, "[device] up")
	day := 24 * time.Hour
	now := time.Now()
	for _, adv := range []AdvisoryInfo{
		{ID: "CRIT-LATE", Severity: "critical", Affected: ">=1.0 <2.0", Confirmed: now.Add(-40 * day)},
		{ID: "HIGH-OPEN", Severity: "high", Affected: ">=1.0 <2.0", Confirmed: now.Add(-10*day - time.Hour)},
		{ID: "LOW", Severity: "low", Affected: ">=1.0 <2.0"},
		{ID: "CRIT-FIXED", Severity: "critical", Affected: "<1.0", Confirmed: now.Add(-40 * day)},
	} {
		adv.Summary, adv.Model, adv.Fixed = "bug", "imp001", "2.0"
		if code, body := api(t, "POST", s.base+"/v1/advisories", s.operator, adv); code != http.StatusCreated {
			t.Fatalf("advisory %s: %d %s", adv.ID, code, body)
		}
	}
	future := AdvisoryInfo{ID: "FUTURE", Severity: "high", Summary: "x", Model: "imp001", Affected: "<2", Fixed: "2", Confirmed: now.Add(48 * time.Hour)}
	if code, body := api(t, "POST", s.base+"/v1/advisories", s.operator, future); code != http.StatusBadRequest {
		t.Errorf("an advisory confirmed in the future: %d %s", code, body)
	}

	code, body := api(t, "GET", s.base+"/v1/exposure", s.operator, nil)
	var ex []Exposure
	json.Unmarshal(body, &ex)
	if code != http.StatusOK || len(ex) != 4 {
		t.Fatalf("exposure: %d %s", code, body)
	}
	byID := map[string]Exposure{}
	for _, e := range ex {
		byID[e.Advisory] = e
	}
	if ex[0].Advisory != "CRIT-LATE" || ex[len(ex)-1].Advisory != "CRIT-FIXED" {
		t.Errorf("exposure order %s ... %s, want the overdue first and the fixed last", ex[0].Advisory, ex[len(ex)-1].Advisory)
	}
	late := byID["CRIT-LATE"]
	if !late.Overdue || late.Status != vuln.StatusOverdue || late.Devices != 1 || late.Supported != 1 || late.DaysSinceConfirmed != 40 ||
		late.Target == nil || !late.Target.Equal(late.Confirmed.Add(30*day)) {
		t.Errorf("critical advisory 40 days after confirmation: %+v", late)
	}
	open := byID["HIGH-OPEN"]
	if open.Overdue || open.Status != vuln.StatusOpen || open.DaysSinceConfirmed != 10 || open.Target == nil || !open.Target.Equal(open.Confirmed.Add(90*day)) {
		t.Errorf("high advisory 10 days after confirmation: %+v", open)
	}
	low := byID["LOW"]
	if low.Target != nil || low.Overdue || low.Status != vuln.StatusOpen || low.DaysSinceConfirmed != 0 || time.Since(low.Confirmed) > time.Minute {
		t.Errorf("low advisory confirmed when recorded: %+v", low)
	}
	if fixed := byID["CRIT-FIXED"]; fixed.Status != vuln.StatusFixed || fixed.Overdue || fixed.Devices != 0 {
		t.Errorf("an advisory no device is exposed to: %+v", fixed)
	}

	code, body = api(t, "GET", s.base+"/v1/advisories", s.operator, nil)
	var as []AdvisoryInfo
	json.Unmarshal(body, &as)
	if code != http.StatusOK || len(as) != 4 {
		t.Fatalf("advisories: %d %s", code, body)
	}
	for _, a := range as {
		want := map[string]string{"CRIT-LATE": "overdue", "HIGH-OPEN": "open", "LOW": "open", "CRIT-FIXED": "fixed"}[a.ID]
		if a.Status != want || (a.Target == nil) != (a.ID == "LOW") || a.Confirmed.IsZero() {
			t.Errorf("advisory %s: status %q target %v confirmed %v, want status %q", a.ID, a.Status, a.Target, a.Confirmed, want)
		}
	}
}
