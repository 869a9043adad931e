package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/rollout"
	"drey/cloud/store"
	"drey/device/boot"
	"drey/device/power"
)

// A platform upgrade end to end, on simulated imps connected to the
// service: the release is verified on upload; the rollout waits for the
// owner's approval; devices on mains upgrade; devices whose code defers
// are offered again and, past the deferral limit, get a demand they
// cannot defer; devices on a low battery report it and erase nothing
// until they are charged; a rollout whose release every device refuses
// pauses itself after its first wave. At the end every device runs a
// valid image and the status counts match the devices' own versions.
// REQ-PROC-9, REQ-PROC-10, REQ-PROC-11, REQ-PROC-12, REQ-PROC-14,
// REQ-OWN-1, REQ-OWN-2.
func TestRolloutEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end rollout: skipped with -short")
	}
	s := newServiceWith(t, Config{Agents: agent.Limits{}, RolloutInterval: 100 * time.Millisecond, RetryDeferred: 300 * time.Millisecond,
		RetryLowBattery: 300 * time.Millisecond, UpgradeGrace: time.Second, DeferLimit: 2})
	p := newPlatform(t)
	if err := s.data.SetRoot(p.root); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	owner, _ := s.data.DefaultOwner()
	for _, g := range []string{"deferring", "battery", "brittle"} {
		if _, err := s.data.Store.CreateGroup(ctx, store.Group{OwnerID: owner, Name: g}); err != nil {
			t.Fatal(err)
		}
	}
	groupID := func(name string) string {
		gs, _ := s.data.Store.Groups(ctx, owner)
		for _, g := range gs {
			if g.Name == name {
				return g.ID
			}
		}
		t.Fatalf("no group %s", name)
		return ""
	}
	s.deploy("default", `server.log("running " + imp.getsoftwareversion())`, ``)
	s.deploy("deferring", `server.onshutdown(function(reason) { server.log("not now: " + reason) })`, ``)
	s.deploy("battery", ``, ``)
	s.deploy("brittle", ``, ``)

	type dev struct {
		*device
		group  string
		supply *power.Supply
	}
	var devs []dev
	add := func(group string, n int, supply func() *power.Supply) {
		for i := 0; i < n; i++ {
			var sup *power.Supply
			if supply != nil {
				sup = supply()
			}
			d := s.connectWith(s.enroll(group), p.root, sup)
			devs = append(devs, dev{d, group, sup})
		}
	}
	add("default", 12, nil)
	add("deferring", 3, nil)
	add("battery", 3, func() *power.Supply { b := power.Battery(3.0, 2000, 1); b.SetLevel(0.62); return b })
	add("brittle", 6, nil)
	for _, d := range devs {
		s.waitLog(d.creds.DeviceID, "[status] connected")
	}

	good := releaseOf(t, s, p.image(t, "2.0", 5))
	bad := releaseOf(t, s, p.imageFor(t, "2.1", 6, "9.9")) // needs a bootrom no device has

	// The good release, to every group but brittle, in two waves.
	spec := rollout.Spec{ReleaseID: good.ID, Mode: "request", Groups: []string{groupID("default"), groupID("deferring"), groupID("battery")},
		Waves: []int{50, 100}, FailureThreshold: 0.5}
	var ri RolloutInfo
	code, body := api(t, "POST", s.base+"/v1/rollouts", s.operator, spec)
	json.Unmarshal(body, &ri)
	if code != http.StatusCreated || ri.State != "pending-approval" || ri.Counts["waiting-approval"] != 18 {
		t.Fatalf("create: %d %s", code, body)
	}
	if code, _ := api(t, "POST", s.base+"/v1/rollouts", s.token, spec); code != http.StatusForbidden {
		t.Fatalf("an owner made a rollout: %d", code)
	}
	time.Sleep(300 * time.Millisecond)
	if h := history(t, s, devs[0].creds.DeviceID); len(h) != 0 {
		t.Fatalf("offers before approval: %v", h)
	}
	if code, body := api(t, "POST", s.base+"/v1/owner/rollouts/"+ri.ID+"/approve", s.token, nil); code != http.StatusOK {
		t.Fatalf("approve: %d %s", code, body)
	}

	// The bad release, to brittle: the first wave fails, and it pauses.
	var bi RolloutInfo
	code, body = api(t, "POST", s.base+"/v1/rollouts", s.operator, rollout.Spec{ReleaseID: bad.ID, Mode: "demand", Justification: "test of the brakes",
		Emergency: true, Groups: []string{groupID("brittle")}, Waves: []int{50, 100}, FailureThreshold: 0.2})
	json.Unmarshal(body, &bi)
	if code != http.StatusCreated || bi.State != "running" {
		t.Fatalf("emergency create: %d %s", code, body)
	}

	// Charge the batteries once they have said they are low.
	waitFor(t, 30*time.Second, "low-battery reports", func() bool {
		for _, d := range devs {
			if d.group == "battery" && !hasState(history(t, s, d.creds.DeviceID), "low-battery") {
				return false
			}
		}
		return true
	})
	for _, d := range devs {
		if d.group == "battery" {
			if v, _ := firmware(d.device); v != "1.0" {
				t.Fatalf("a device on a low battery changed firmware: %s", v)
			}
			d.supply.SetLevel(1)
		}
	}
	waitFor(t, 60*time.Second, "the good rollout to finish", func() bool {
		_, body := api(t, "GET", s.base+"/v1/rollouts/"+ri.ID, s.operator, nil)
		json.Unmarshal(body, &ri)
		return ri.State == "done"
	})
	waitFor(t, 30*time.Second, "the bad rollout to pause", func() bool {
		_, body := api(t, "GET", s.base+"/v1/rollouts/"+bi.ID, s.operator, nil)
		json.Unmarshal(body, &bi)
		return bi.State == "paused"
	})

	// The devices' own state.
	_, body = api(t, "GET", s.base+"/v1/devices", s.token, nil)
	var listed []DeviceInfo
	json.Unmarshal(body, &listed)
	improm := map[string]string{}
	for _, d := range listed {
		improm[d.ID] = d.Improm
	}
	upgraded := 0
	for _, d := range devs {
		id := d.creds.DeviceID
		v, err := firmware(d.device)
		if err != nil {
			t.Fatalf("device %s does not boot a valid image: %v", id, err)
		}
		h := history(t, s, id)
		switch d.group {
		case "brittle":
			if v != "1.0" {
				t.Errorf("brittle device %s runs %s", id, v)
			}
		default:
			if v != "2.0" || improm[id] != "2.0" {
				t.Errorf("%s device %s runs %s (service says %s); history %v", d.group, id, v, improm[id], h)
			}
			upgraded++
		}
		if d.group == "deferring" {
			// Deferred while it could, then a demand it could not defer.
			if n := count(h, "deferred"); n != 2 {
				t.Errorf("deferring device %s deferred %d times, want the limit of 2: %v", id, n, h)
			}
			if i := lastIndex(h, "deferred"); i > lastIndex(h, "offered") || h[len(h)-1] != "succeeded" {
				t.Errorf("deferred after the demand: %v", h)
			}
		}
	}
	if ri.Counts["succeeded"] != upgraded || ri.Counts["succeeded"] != 18 {
		t.Errorf("status counts %v, but %d devices run the release", ri.Counts, upgraded)
	}
	if bi.Counts["failed"] != 3 || bi.Counts["pending"] != 3 || !strings.Contains(bi.Note, "3 of 3") {
		t.Errorf("bad rollout: %v, note %q", bi.Counts, bi.Note)
	}
	for reason := range bi.Failures {
		if !strings.Contains(reason, "bootrom") {
			t.Errorf("failure reason %q does not name the bootrom", reason)
		}
	}
}

func releaseOf(t *testing.T, s *service, img []byte) ReleaseInfo {
	t.Helper()
	code, body := upload(t, s, s.operator, img)
	var r ReleaseInfo
	json.Unmarshal(body, &r)
	if code != http.StatusCreated {
		t.Fatalf("upload: %d %s", code, body)
	}
	return r
}

// history returns a device's upgrade states, oldest first.
func history(t *testing.T, s *service, id string) []string {
	t.Helper()
	_, body := api(t, "GET", s.base+"/v1/devices/"+id+"/upgrades", s.token, nil)
	var evs []struct{ State, Reason string }
	json.Unmarshal(body, &evs)
	var out []string
	for _, e := range evs {
		out = append(out, e.State)
	}
	return out
}

func hasState(h []string, s string) bool { return index(h, s) >= 0 }

func index(h []string, s string) int {
	for i, x := range h {
		if x == s {
			return i
		}
	}
	return -1
}

func lastIndex(h []string, s string) int {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i] == s {
			return i
		}
	}
	return -1
}

func count(h []string, s string) int {
	n := 0
	for _, x := range h {
		if x == s {
			n++
		}
	}
	return n
}

func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// firmware is the improm version a device boots, as its preboot sees
// it; an error if it would not boot a valid improm.
func firmware(d *device) (string, error) {
	stage, st, err := d.sim.Boot.Boot()
	if err != nil {
		return "", err
	}
	if stage != boot.Improm {
		return "", fmt.Errorf("boots the %v", stage)
	}
	return st.Improm.Version, nil
}
