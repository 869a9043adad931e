package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/rollout"
	"drey/cloud/store"
	"drey/examples"
)

// publishSupport publishes model's support period, five years from now,
// unless one is published: what the operator does before the first sale
// (REQ-LIFE-1).
func publishSupport(t testing.TB, d *Data, model string) {
	t.Helper()
	ctx := context.Background()
	if _, err := d.Store.ModelSupport(ctx, model); err == nil {
		return
	}
	_, err := d.Store.SetModelSupport(ctx, store.ModelSupport{Model: model, Until: store.Date(time.Now().AddDate(5, 0, 0)), By: "test", Note: "test setup"})
	if err != nil {
		t.Fatal(err)
	}
}

// noAuth makes a request with no Authorization header at all.
func noAuth(t *testing.T, method, url string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// The operator publishes each model's support period; anyone reads it
// without a token; an owner's token cannot set it; every change is kept
// with who, when, the old and new dates and the note (REQ-LIFE-1).
// REQ-LIFE-1, REQ-LIFE-2.
func TestModelSupportAPI(t *testing.T) {
	s := newService(t, agent.Limits{})
	if code, body := noAuth(t, "GET", s.base+"/v1/models"); code != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("models before any: %d %s", code, body)
	}
	until := store.Date(time.Now().AddDate(5, 0, 0)).Format(store.DateLayout)
	req := SupportRequest{Until: until, Note: "five years from launch", By: "alice"}
	if code, body := api(t, "POST", s.base+"/v1/models/imp001/support", s.token, req); code != http.StatusForbidden {
		t.Fatalf("an owner set a support date: %d %s", code, body)
	}
	if code, body := noAuth(t, "POST", s.base+"/v1/models/imp001/support"); code != http.StatusUnauthorized {
		t.Fatalf("no token set a support date: %d %s", code, body)
	}
	code, body := api(t, "POST", s.base+"/v1/models/imp001/support", s.operator, req)
	var mi ModelInfo
	json.Unmarshal(body, &mi)
	if code != http.StatusOK || mi.Model != "imp001" || mi.SupportUntil != until || mi.Ended || time.Since(mi.Announced) > time.Minute {
		t.Fatalf("publish: %d %s", code, body)
	}
	code, body = noAuth(t, "GET", s.base+"/v1/models")
	var ms []ModelInfo
	json.Unmarshal(body, &ms)
	if code != http.StatusOK || len(ms) != 1 || ms[0] != mi {
		t.Fatalf("public listing: %d %s, want [%+v]", code, body, mi)
	}
	if code, body := httpGet(t, "GET", s.base+"/.well-known/security.txt"); code != http.StatusOK ||
		!strings.Contains(body, "\n# Security support periods of device models: "+s.base+"/v1/models\n") {
		t.Errorf("security.txt does not point to the listing: %d\n%s", code, body)
	}
	if code, body := api(t, "GET", s.base+"/v1/models/imp001/history", s.token, nil); code != http.StatusForbidden {
		t.Fatalf("an owner read the history: %d %s", code, body)
	}
	later := store.Date(time.Now().AddDate(6, 0, 0)).Format(store.DateLayout)
	if code, body := api(t, "POST", s.base+"/v1/models/imp001/support", s.operator, SupportRequest{Until: later, Note: "extended"}); code != http.StatusOK {
		t.Fatalf("move later: %d %s", code, body)
	}
	code, body = api(t, "GET", s.base+"/v1/models/imp001/history", s.operator, nil)
	var h []SupportChange
	json.Unmarshal(body, &h)
	if code != http.StatusOK || len(h) != 2 ||
		h[0].Old != "" || h[0].New != until || h[0].By != "alice" || h[0].Note != "five years from launch" ||
		h[1].Old != until || h[1].New != later || h[1].By != "operator" || h[1].Note != "extended" || h[1].At.Before(h[0].At) {
		t.Fatalf("history: %d %s", code, body)
	}
	if code, body := api(t, "GET", s.base+"/v1/models/imp003/history", s.operator, nil); code != http.StatusNotFound {
		t.Errorf("history of a model never published: %d %s", code, body)
	}

	// Malformed requests name the field and the value.
	for _, bad := range []struct {
		path, until, want string
	}{
		{"imp001", "2032-13-01", `until "2032-13-01": want a date YYYY-MM-DD`},
		{"imp001", "2032-06-31", `until "2032-06-31"`},
		{"imp001", "30/06/2032", `until "30/06/2032"`},
		{"imp001", "2032-6-30", `until "2032-6-30"`},
		{"imp001", "2032-06-30T00:00:00Z", `until "2032-06-30T00:00:00Z"`},
		{"imp001", "", `until ""`},
		{"imp$001", later, `model "imp$001"`},
	} {
		code, body := api(t, "POST", s.base+"/v1/models/"+bad.path+"/support", s.operator, SupportRequest{Until: bad.until})
		var e struct{ Error string }
		json.Unmarshal(body, &e)
		if code != http.StatusBadRequest || !strings.Contains(e.Error, bad.want) {
			t.Errorf("until %q for %s: %d %s, want 400 naming %s", bad.until, bad.path, code, body, bad.want)
		}
	}
	if code, body := api(t, "POST", s.base+"/v1/models/imp001/support", s.operator, map[string]string{"until": later, "untill": later}); code != http.StatusBadRequest {
		t.Errorf("unknown field: %d %s", code, body)
	}
	code, body = noAuth(t, "GET", s.base+"/v1/models")
	if !strings.Contains(string(body), `"support_until":"`+later+`"`) {
		t.Errorf("a refused request changed the date: %d %s", code, body)
	}
}

// The end of support is announced at least twelve months ahead: a first
// date, or a move earlier, under twelve months from now is refused with
// the earliest allowed date; a move later is always allowed
// (REQ-LIFE-2).
// REQ-LIFE-2.
func TestModelSupportNotice(t *testing.T) {
	s := newService(t, agent.Limits{})
	date := func(months, days int) string {
		return store.Date(time.Now().AddDate(0, months, days)).Format(store.DateLayout)
	}
	earliest := store.EarliestSupportEnd(time.Now()).Format(store.DateLayout)
	steps := []struct {
		name, model, until string
		ok                 bool
	}{
		{"first, six months ahead", "imp001", date(6, 0), false},
		{"first, a day short of twelve months", "imp001", store.EarliestSupportEnd(time.Now()).AddDate(0, 0, -1).Format(store.DateLayout), false},
		{"first, at twelve months", "imp001", earliest, true},
		{"later", "imp001", date(36, 0), true},
		{"earlier, a day short", "imp001", store.EarliestSupportEnd(time.Now()).AddDate(0, 0, -1).Format(store.DateLayout), false},
		{"earlier, to the boundary", "imp001", earliest, true},
		{"the same again", "imp001", earliest, true},
		{"first, in the past", "imp003", date(-1, 0), false},
		{"first, far ahead", "imp003", date(120, 0), true},
	}
	for _, st := range steps {
		code, body := api(t, "POST", s.base+"/v1/models/"+st.model+"/support", s.operator, SupportRequest{Until: st.until})
		if st.ok {
			if code != http.StatusOK {
				t.Errorf("%s (%s %s): %d %s", st.name, st.model, st.until, code, body)
			}
			continue
		}
		var e struct{ Error, Earliest string }
		json.Unmarshal(body, &e)
		if code != http.StatusUnprocessableEntity || e.Earliest != earliest ||
			!strings.Contains(e.Error, "until "+st.until) || !strings.Contains(e.Error, earliest) {
			t.Errorf("%s (%s %s): %d %s, want 422 naming until, the value and the earliest date %s", st.name, st.model, st.until, code, body, earliest)
		}
	}
	_, body := noAuth(t, "GET", s.base+"/v1/models")
	var ms []ModelInfo
	json.Unmarshal(body, &ms)
	if len(ms) != 2 || ms[0].SupportUntil != earliest || ms[1].SupportUntil != date(120, 0) {
		t.Errorf("published after the steps: %s", body)
	}
	_, body = api(t, "GET", s.base+"/v1/models/imp001/history", s.operator, nil)
	var h []SupportChange
	json.Unmarshal(body, &h)
	if len(h) != 4 {
		t.Errorf("history of imp001: %s, want the 4 accepted changes only", body)
	}
}

// A device of a model whose support period is not published is refused
// at the factory, with an error that says how to publish one; nothing of
// it is made or registered (REQ-LIFE-1: no later than the first sale).
// REQ-LIFE-1.
func TestEnrollNeedsSupportDate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Init(ctx, testPass, []string{"127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "dev1")
	_, err = d.Enroll(ctx, testPass, "imp001", "default", out)
	if !errors.Is(err, ErrNoSupportDate) || !strings.Contains(err.Error(), `model "imp001"`) || !strings.Contains(err.Error(), "drey model support imp001 --until") {
		t.Fatalf("enrol with no support date: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("credentials were written for a refused device")
	}
	owner, _ := d.DefaultOwner()
	if devs, _ := d.Store.Devices(ctx, owner, ""); len(devs) != 0 {
		t.Errorf("a refused device was registered: %+v", devs)
	}
	publishSupport(t, d, "imp001")
	if _, err := d.Enroll(ctx, testPass, "imp001", "default", out); err != nil {
		t.Fatalf("enrol once published: %v", err)
	}
	if _, err := d.Enroll(ctx, testPass, "imp003", "default", filepath.Join(dir, "dev2")); !errors.Is(err, ErrNoSupportDate) {
		t.Fatalf("a model's date let another model enrol: %v", err)
	}
}

// A device whose model's support has ended keeps working: it connects,
// gets a deploy and runs it, its agent serves its URL and reaches it; a
// rollout to it may still be made; the operator sees the end in the
// fleet's exposure. Nothing disables it (REQ-LIFE-3).
// REQ-LIFE-3.
func TestEndedSupportKeepsWorking(t *testing.T) {
	s := newService(t, agent.Limits{})
	ctx := context.Background()
	// Announced fourteen months ago, ended a week ago: the store takes the
	// announcement time, so the test needs no clock of its own.
	ended := store.Date(time.Now().AddDate(0, 0, -7))
	if _, err := s.data.Store.SetModelSupport(ctx, store.ModelSupport{Model: "imp001", Until: ended,
		Announced: time.Now().AddDate(0, -14, 0), By: "test", Note: "end of life"}); err != nil {
		t.Fatal(err)
	}
	_, body := noAuth(t, "GET", s.base+"/v1/models")
	var ms []ModelInfo
	json.Unmarshal(body, &ms)
	if len(ms) != 1 || !ms[0].Ended || ms[0].SupportUntil != ended.Format(store.DateLayout) {
		t.Fatalf("models: %s, want imp001 ended", body)
	}

	c := s.enroll("default") // selling an ended model is not refused either: its date is published
	r := s.deploy("default", string(examples.TemperatureDevice), string(examples.TemperatureAgent))
	s.connect(c)
	s.waitLog(c.DeviceID, "[status] deployed "+r.ID)
	u := s.agentURL(c.DeviceID)
	readings(t, u, 1)
	if code, body := httpGet(t, "POST", u+"/interval?s=7"); code != http.StatusOK || !strings.Contains(body, `"sent":true`) {
		t.Fatalf("POST interval: %d %s", code, body)
	}
	s.waitLog(c.DeviceID, "[device] sampling every 7 s")

	// A last fix may still be rolled out to it.
	p := newPlatform(t)
	if _, err := s.data.SetRoot(p.root); err != nil {
		t.Fatal(err)
	}
	rel := releaseOf(t, s, p.image(t, "2.0", 5))
	_, group, err := s.data.defaultGroup(ctx, "default")
	if err != nil {
		t.Fatal(err)
	}
	code, body := api(t, "POST", s.base+"/v1/rollouts", s.operator, rollout.Spec{ReleaseID: rel.ID, Mode: "request", Groups: []string{group}, Waves: []int{100}, FailureThreshold: 0.5})
	if code != http.StatusCreated {
		t.Fatalf("a rollout to an ended model: %d %s", code, body)
	}

	// The operator sees the end, per model and per advisory.
	code, body = api(t, "GET", s.base+"/v1/exposure/models", s.operator, nil)
	var me []ModelExposure
	json.Unmarshal(body, &me)
	if code != http.StatusOK || len(me) != 1 || me[0].Model != "imp001" || !me[0].Ended || me[0].Devices != 1 ||
		me[0].ByOwner["default"] != 1 || me[0].SupportUntil != ended.Format(store.DateLayout) {
		t.Fatalf("exposure per model: %d %s", code, body)
	}
	if code, _ := api(t, "GET", s.base+"/v1/exposure/models", s.token, nil); code != http.StatusForbidden {
		t.Errorf("an owner read the fleet's exposure: %d", code)
	}
	adv := AdvisoryInfo{ID: "DREY-2026-0042", Severity: "high", Summary: "late bug", Model: "imp001", Affected: "<2.0", Fixed: "2.0"}
	if code, body := api(t, "POST", s.base+"/v1/advisories", s.operator, adv); code != http.StatusCreated {
		t.Fatalf("advisory: %d %s", code, body)
	}
	_, body = api(t, "GET", s.base+"/v1/exposure", s.operator, nil)
	var ex []Exposure
	json.Unmarshal(body, &ex)
	if len(ex) != 1 || !ex[0].SupportEnded || ex[0].SupportUntil != ended.Format(store.DateLayout) {
		t.Errorf("exposure: %s, want the advisory's model shown as ended", body)
	}

	// Still running, still reachable, after all that.
	if code, body := httpGet(t, "POST", u+"/interval?s=9"); code != http.StatusOK || !strings.Contains(body, `"sent":true`) {
		t.Fatalf("POST interval at the end: %d %s", code, body)
	}
	s.waitLog(c.DeviceID, "[device] sampling every 9 s")
	if dv, err := s.data.Store.Device(ctx, c.DeviceID); err != nil || dv.Revoked != nil {
		t.Errorf("device after its support ended: %+v %v", dv, err)
	}
}
