package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"drey/cloud/agent"
	"drey/cloud/identity"
	"drey/cloud/rollout"
	"drey/cloud/store"
	"drey/device/boot"
	"drey/device/power"
	"drey/device/sim"
)

// A platform upgrade end to end, on a fleet of simulated imps connected
// to the service, as the issue asks: at least 200 devices in one `go
// test`. The release is verified on upload; the rollout waits for the
// owner's approval. Most devices are on mains and upgrade at once. A
// tenth defer through their code: offered again, and past the deferral
// limit a demand they cannot defer. A tenth are on a low battery: they
// report it and erase nothing until they are charged. A twentieth lose
// power while the bootrom writes the new improm: each boots a valid
// image when the power comes back, the bootrom finds the upgrade pending
// and finishes it, and they end on the new improm. A rollout whose
// release every device refuses pauses itself after its first wave. At
// the end every device boots a valid image, and the rollouts' status
// (counts, waves, each device's state) matches the devices' own
// firmware.
// REQ-PROC-4, REQ-PROC-9, REQ-PROC-10, REQ-PROC-11, REQ-PROC-12,
// REQ-PROC-14, REQ-OWN-1, REQ-OWN-2.
func TestRolloutEndToEnd(t *testing.T) {
	fleet := 200 // 7 to 9 s on two cores
	if testing.Short() || raceEnabled {
		fleet = 40 // the race detector makes every device several times slower
	}
	sizes := map[string]int{"battery": fleet / 10, "deferring": fleet / 10, "powercut": fleet / 20, "brittle": max(6, fleet/20)}
	sizes["default"] = fleet - sizes["battery"] - sizes["deferring"] - sizes["powercut"] - sizes["brittle"]
	const deferLimit = 2
	began := time.Now()
	phase := func(what string) { t.Logf("%6.1fs %s", time.Since(began).Seconds(), what) }

	s := newServiceWith(t, Config{Agents: agent.Limits{}, RolloutInterval: 100 * time.Millisecond, RetryDeferred: 300 * time.Millisecond,
		RetryLowBattery: 300 * time.Millisecond, UpgradeGrace: time.Second, DeferLimit: deferLimit})
	p := newPlatform(t)
	if _, err := s.data.SetRoot(p.root); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	owner, _ := s.data.DefaultOwner()
	for _, g := range []string{"deferring", "battery", "powercut", "brittle"} {
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
	deployed := map[string]string{
		"default":   s.deploy("default", `server.log("running " + imp.getsoftwareversion())`, ``).ID,
		"deferring": s.deploy("deferring", `server.onshutdown(function(reason) { server.log("not now: " + reason) })`, ``).ID,
		"battery":   s.deploy("battery", ``, ``).ID,
		"powercut":  s.deploy("powercut", `server.log("running " + imp.getsoftwareversion())`, ``).ID,
		"brittle":   s.deploy("brittle", ``, ``).ID,
	}

	type dev struct {
		*device
		group   string
		supply  *power.Supply
		erases0 int // flash erases once its code was stored, before any offer
		cutAt   int // the power cut: after this many flash operations of the install
	}
	var devs []*dev
	for _, group := range []string{"default", "deferring", "battery", "powercut", "brittle"} {
		for _, c := range s.enrollFleet(group, sizes[group]) {
			var sup *power.Supply
			if group == "battery" {
				sup = power.Battery(3.0, 2000, 1)
				sup.SetLevel(0.62) // 2.66 V open circuit: under 2.7 V while erasing
			}
			devs = append(devs, &dev{device: s.connectWith(c, p.root, sup), group: group, supply: sup})
		}
	}
	phase(fmt.Sprintf("%d devices enrolled and started: %v", len(devs), sizes))
	waitFor(t, 60*time.Second, "every device to connect and store its code", func() bool {
		for _, d := range devs {
			if d.sim.Boot.CodeID() != deployed[d.group] {
				return false
			}
		}
		return true
	})
	for _, d := range devs {
		s.waitLog(d.creds.DeviceID, "[status] connected")
		d.erases0 = d.sim.FlashStats().Erases
	}
	phase("every device connected, its code stored")

	goodImg := p.image(t, "2.0", 5)
	good := releaseOf(t, s, goodImg)
	bad := releaseOf(t, s, p.imageFor(t, "2.1", 6, "9.9")) // needs a bootrom no device has

	// The power cuts, spread over the bootrom's part of the install: from
	// the erase of the improm slot's first sector to the last word of the
	// record that marks the new improm valid. (A cut while the improm
	// invalidates itself leaves the old improm, which reports failed:
	// device/sim's TestUpgradePowerCut.)
	inv, ops := installOps(t, p.root, goodImg, deployed["powercut"])
	var cut []*dev
	for _, d := range devs {
		if d.group == "powercut" {
			cut = append(cut, d)
		}
	}
	for i, d := range cut {
		d.cutAt = inv + i*(ops-1-inv)/max(1, len(cut)-1)
		d.sim.CutPowerDuringInstall(d.cutAt)
	}
	t.Logf("the install takes %d flash operations, the first %d the improm's invalidation; power cuts after %d to %d", ops, inv, cut[0].cutAt, cut[len(cut)-1].cutAt)

	// The good release, to every group but brittle, in two waves.
	targets := fleet - sizes["brittle"]
	spec := rollout.Spec{ReleaseID: good.ID, Mode: "request", Groups: []string{groupID("default"), groupID("deferring"), groupID("battery"), groupID("powercut")},
		Waves: []int{50, 100}, FailureThreshold: 0.1}
	var ri RolloutInfo
	code, body := api(t, "POST", s.base+"/v1/rollouts", s.operator, spec)
	json.Unmarshal(body, &ri)
	if code != http.StatusCreated || ri.State != "pending-approval" || ri.Counts["waiting-approval"] != targets {
		t.Fatalf("create: %d %s", code, body)
	}
	if code, _ := api(t, "POST", s.base+"/v1/rollouts", s.token, spec); code != http.StatusForbidden {
		t.Fatalf("an owner made a rollout: %d", code)
	}
	time.Sleep(300 * time.Millisecond)
	for _, d := range devs {
		if h := history(t, s, d.creds.DeviceID); len(h) != 0 {
			t.Fatalf("offers before approval: %v", h)
		}
	}
	if code, body := api(t, "POST", s.base+"/v1/owner/rollouts/"+ri.ID+"/approve", s.token, nil); code != http.StatusOK {
		t.Fatalf("approve: %d %s", code, body)
	}
	phase("good rollout approved")

	// The bad release, to brittle: the first wave fails, and it pauses.
	var bi RolloutInfo
	code, body = api(t, "POST", s.base+"/v1/rollouts", s.operator, rollout.Spec{ReleaseID: bad.ID, Mode: "demand", Justification: "test of the brakes",
		Emergency: true, Groups: []string{groupID("brittle")}, Waves: []int{50, 100}, FailureThreshold: 0.2})
	json.Unmarshal(body, &bi)
	if code != http.StatusCreated || bi.State != "running" {
		t.Fatalf("emergency create: %d %s", code, body)
	}

	// Charge the batteries once they have said they are low; until then
	// they have erased nothing and still run their firmware (REQ-PROC-9).
	waitFor(t, 60*time.Second, "low-battery reports", func() bool {
		for _, d := range devs {
			if d.group == "battery" && !hasState(history(t, s, d.creds.DeviceID), "low-battery") {
				return false
			}
		}
		return true
	})
	phase("every battery device reported low-battery")
	for _, d := range devs {
		if d.group == "battery" {
			if v, _ := firmware(d.device); v != "1.0" {
				t.Fatalf("a device on a low battery changed firmware: %s", v)
			}
			if e := d.sim.FlashStats().Erases; e != d.erases0 {
				t.Fatalf("a device on a low battery erased %d sectors", e-d.erases0)
			}
			d.supply.SetLevel(1)
		}
	}
	waitFor(t, 120*time.Second, "the good rollout to finish", func() bool {
		_, body := api(t, "GET", s.base+"/v1/rollouts/"+ri.ID, s.operator, nil)
		ri = RolloutInfo{} // fresh maps: Unmarshal adds to a map it is given
		json.Unmarshal(body, &ri)
		if ri.State == "paused" {
			t.Fatalf("the good rollout paused: %s; failures %v", ri.Note, ri.Failures)
		}
		return ri.State == "done"
	})
	phase("good rollout done")
	waitFor(t, 30*time.Second, "the bad rollout to pause", func() bool {
		_, body := api(t, "GET", s.base+"/v1/rollouts/"+bi.ID, s.operator, nil)
		bi = RolloutInfo{}
		json.Unmarshal(body, &bi)
		return bi.State == "paused"
	})
	phase("bad rollout paused")

	// The devices' own state, against the service's.
	_, body = api(t, "GET", s.base+"/v1/devices", s.token, nil)
	var listed []DeviceInfo
	json.Unmarshal(body, &listed)
	improm := map[string]string{}
	for _, d := range listed {
		improm[d.ID] = d.Improm
	}
	goodState, badState := map[string]string{}, map[string]string{}
	for _, d := range ri.Devices {
		goodState[d.Device] = d.State
	}
	for _, d := range bi.Devices {
		badState[d.Device] = d.State
	}
	upgraded, refused, untouched := 0, 0, 0
	for _, d := range devs {
		id := d.creds.DeviceID
		v, err := firmware(d.device)
		if err != nil {
			t.Fatalf("device %s does not boot a valid image: %v", id, err)
		}
		evs := historyEvents(t, s, id)
		h := states(evs)
		// Requests may be deferred, demands may not (REQ-PROC-10,
		// REQ-PROC-11): each deferral answers an offered request.
		for i, e := range evs {
			if e.State != "deferred" {
				continue
			}
			j := i - 1
			for j >= 0 && (evs[j].State != "offered" || evs[j].Rollout != e.Rollout) {
				j--
			}
			if j < 0 || evs[j].Reason != "request" {
				t.Errorf("device %s deferred what was not a request: %v", id, evs)
			}
		}
		switch d.group {
		case "brittle":
			if v != "1.0" || improm[id] != "1.0" {
				t.Errorf("brittle device %s runs %s (service says %s)", id, v, improm[id])
			}
			switch st := badState[id]; {
			case st == "failed" && hasState(h, "failed"):
				refused++
			case st == "pending" && len(h) == 0:
				untouched++
			default:
				t.Errorf("brittle device %s: %s in the status, history %v", id, st, h)
			}
			continue
		}
		if v != "2.0" || improm[id] != "2.0" || goodState[id] != "succeeded" {
			t.Errorf("%s device %s runs %s (service says %s, status %s); history %v", d.group, id, v, improm[id], goodState[id], h)
		} else {
			upgraded++
		}
		if hasState(h, "failed") {
			t.Errorf("%s device %s failed: history %v", d.group, id, h)
		}
		if n := count(h, "deferred"); d.group != "deferring" && n != 0 {
			t.Errorf("%s device %s deferred: %v", d.group, id, h)
		}
		// Every status it sent is in its history, flashing included
		// (sent just before it closed its link to restart).
		if n := len(h); n < 4 || !slices.Equal(h[n-4:], []string{"offered", "downloading", "flashing", "succeeded"}) {
			t.Errorf("%s device %s: history %v", d.group, id, h)
		}
		switch d.group {
		case "deferring":
			// Deferred while it could, then a demand it could not defer.
			if n := count(h, "deferred"); n != deferLimit {
				t.Errorf("deferring device %s deferred %d times, want the limit of %d: %v", id, n, deferLimit, h)
			}
			last := evs[lastIndex(h, "offered")]
			if lastIndex(h, "deferred") > lastIndex(h, "offered") || last.Reason != "demand" {
				t.Errorf("deferring device %s: the last offer was a %s, after it %v", id, last.Reason, h)
			}
		case "battery":
			if !hasState(h, "low-battery") || lastIndex(h, "low-battery") > lastIndex(h, "offered") {
				t.Errorf("battery device %s: history %v", id, h)
			}
		case "powercut":
			// The cut struck while the bootrom wrote; at power-on the
			// preboot found the improm invalid and ran the bootrom (a valid
			// image), which finished the install. A cut at the last word of
			// the final record may, half done, have completed it (a chance
			// of about 2^-16): then the new improm ran at once.
			_, after, _ := strings.Cut(d.log.String(), "power on\n")
			recovered := strings.HasPrefix(after, "preboot: improm not valid, jumping to the bootrom\nbootrom 1.0 running (recovery)\n") &&
				strings.Contains(after, "bootrom: improm 2.0 valid")
			completed := d.cutAt == ops-1 && strings.HasPrefix(after, "preboot: improm 2.0 valid, jumping\nimprom 2.0 running\n")
			if n := d.sim.FlashStats().PowerCuts; n != 1 || !recovered && !completed {
				t.Errorf("device %s, cut after %d operations: %d power cuts; log after the power came back:\n%s", id, d.cutAt, n, after)
			}
		}
	}
	if upgraded != targets || len(ri.Devices) != targets || ri.Counts["succeeded"] != upgraded || len(ri.Counts) != 1 {
		t.Errorf("status counts %v, but %d of %d devices run the release", ri.Counts, upgraded, targets)
	}
	if n := waveSum(ri.WaveProgress, func(w rollout.WaveStatus) int { return w.Succeeded }); n != upgraded {
		t.Errorf("waves count %d succeeded: %+v", n, ri.WaveProgress)
	}
	first := bi.WaveProgress[0].Devices
	if refused != first || untouched != sizes["brittle"]-first || bi.Counts["failed"] != refused || bi.Counts["pending"] != untouched ||
		bi.WaveProgress[0].Failed != first || !strings.Contains(bi.Note, fmt.Sprintf("%d of %d", first, first)) {
		t.Errorf("bad rollout: %v, waves %+v, note %q; %d devices refused it, %d were not offered it", bi.Counts, bi.WaveProgress, bi.Note, refused, untouched)
	}
	for reason := range bi.Failures {
		if !strings.Contains(reason, "bootrom") {
			t.Errorf("failure reason %q does not name the bootrom", reason)
		}
	}
	phase("checked")
}

// enrollFleet makes n devices at the factory in a group of the default
// owner, as enroll does, but unlocks the CA once for all of them (each
// unlock is an scrypt of the pass phrase) and keeps their credentials in
// memory.
func (s *service) enrollFleet(group string, n int) []*identity.Credentials {
	s.t.Helper()
	ctx := context.Background()
	publishSupport(s.t, s.data, "imp001")
	e, err := s.data.NewEnroller(ctx, testPass, "imp001", "", group)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []*identity.Credentials
	for range n {
		c, err := e.Register(ctx)
		if err != nil {
			s.t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

// installOps counts the flash operations of installing an improm image
// on a new imp001 running the code of deployment codeID: inv of the
// improm's invalidation of itself, all in all. (The boot state records
// the deployment's id, so its length changes the count.)
func installOps(t *testing.T, root, img []byte, codeID string) (inv, all int) {
	t.Helper()
	d, err := sim.Open(sim.Config{Model: "imp001", Root: root, Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.Boot.InstallCodeID([]byte("code"), codeID); err != nil {
		t.Fatal(err)
	}
	ops := func() int { st := d.FlashStats(); return st.Erases + st.Words }
	start := ops()
	if err := d.Boot.RequestImpromUpgrade(bytes.NewReader(img), nil); err != nil {
		t.Fatal(err)
	}
	inv = ops() - start
	if _, err := d.Boot.InstallImprom(bytes.NewReader(img), nil); err != nil {
		t.Fatal(err)
	}
	return inv, ops() - start
}

func waveSum(ws []rollout.WaveStatus, f func(rollout.WaveStatus) int) int {
	n := 0
	for _, w := range ws {
		n += f(w)
	}
	return n
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
	return states(historyEvents(t, s, id))
}

// upgradeEvent is an entry of a device's upgrade history.
type upgradeEvent struct{ Rollout, State, Reason string }

// historyEvents returns a device's upgrade history, oldest first.
func historyEvents(t *testing.T, s *service, id string) []upgradeEvent {
	t.Helper()
	_, body := api(t, "GET", s.base+"/v1/devices/"+id+"/upgrades", s.token, nil)
	var evs []upgradeEvent
	json.Unmarshal(body, &evs)
	return evs
}

func states(evs []upgradeEvent) []string {
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
