// Conformance suite: rollouts, their devices and approvals, the gateway's
// lookup of a device's rollouts, and upgrade history with owner scoping.

package store

import (
	"reflect"
	"testing"
)

// twoOwners is a release and the devices of two owners, for rollouts.
type twoOwners struct {
	a, b     Owner
	ga, gb   Group
	da1, da2 Device // a's
	db       Device // b's
	rel      Release
}

// makeTwoOwners records a twoOwners.
func makeTwoOwners(f fixture) twoOwners {
	var w twoOwners
	w.a, w.b = f.owner("a"), f.owner("b")
	w.ga, w.gb = f.group(w.a.ID, "lamp"), f.group(w.b.ID, "meter")
	w.da1, w.da2, w.db = f.device(w.a.ID, w.ga.ID), f.device(w.a.ID, w.ga.ID), f.device(w.b.ID, w.gb.ID)
	w.rel = f.release("1", at(0))
	return w
}

// devices returns the three devices in waves 0, 1 and 2, only b's with
// its OwnerID given: the store fills in the others'.
func (w twoOwners) devices() []RolloutDevice {
	return []RolloutDevice{
		{DeviceID: w.da1.ID, Wave: 0},
		{DeviceID: w.da2.ID, Wave: 1},
		{DeviceID: w.db.ID, OwnerID: w.b.ID, Wave: 2},
	}
}

func testRollouts(t *testing.T, f fixture) {
	w := makeTwoOwners(f)
	adv, err := f.s.CreateAdvisory(f.ctx, newAdvisory("DREY-2026-0001", at(0)))
	must(t, "CreateAdvisory", err)
	in := newRollout(w.rel.ID)
	in.Groups, in.FromVersions, in.AdvisoryID = []string{w.gb.ID, w.ga.ID}, "<36.10", adv.ID
	r := f.rollout(in, w.devices()...)
	if r.ID == "" || r.State != RolloutPendingApproval || r.Wave != 0 || r.Created.IsZero() {
		t.Errorf("CreateRollout = %+v, want an id, pending-approval, wave 0, a time", r)
	}
	got, err := f.s.Rollout(f.ctx, r.ID)
	must(t, "Rollout", err)
	if !reflect.DeepEqual(got, r) {
		t.Errorf("Rollout = %+v, want %+v", got, r)
	}
	_, err = f.s.Rollout(f.ctx, "nope")
	wantErr(t, "Rollout unknown", err, ErrNotFound)

	demand := newRollout(w.rel.ID)
	demand.Mode, demand.Justification, demand.Emergency, demand.State = "demand", "CVE exploited", true, RolloutRunning
	r2 := f.rollout(demand, RolloutDevice{DeviceID: w.db.ID, Wave: 1, State: DeviceOffered, Updated: at(9)})
	list, err := f.s.Rollouts(f.ctx)
	must(t, "Rollouts", err)
	if !reflect.DeepEqual(list, []Rollout{r2, r}) {
		t.Errorf("Rollouts = %+v, want newest first", list)
	}

	devs, err := f.s.RolloutDevices(f.ctx, r.ID)
	must(t, "RolloutDevices", err)
	want := w.devices()
	for i := range want {
		want[i].RolloutID, want[i].State, want[i].Updated = r.ID, DevicePending, r.Created
	}
	want[0].OwnerID, want[1].OwnerID = w.a.ID, w.a.ID
	sortRolloutDevices(want)
	if !reflect.DeepEqual(devs, want) {
		t.Errorf("RolloutDevices = %+v, want %+v", devs, want)
	}
	devs, err = f.s.RolloutDevices(f.ctx, r2.ID)
	must(t, "RolloutDevices", err)
	if len(devs) != 1 || devs[0].State != DeviceOffered || !devs[0].Updated.Equal(at(9)) || devs[0].OwnerID != w.b.ID {
		t.Errorf("RolloutDevices of the demand = %+v", devs)
	}
	_, err = f.s.RolloutDevices(f.ctx, "nope")
	wantErr(t, "RolloutDevices unknown", err, ErrNotFound)

	testRolloutStates(t, f, r)
	testRolloutCreateRefused(t, f, w)
}

// sortRolloutDevices sorts ds by device id, as RolloutDevices lists them.
func sortRolloutDevices(ds []RolloutDevice) {
	for i := range ds {
		for j := i + 1; j < len(ds); j++ {
			if ds[j].DeviceID < ds[i].DeviceID {
				ds[i], ds[j] = ds[j], ds[i]
			}
		}
	}
}

// testRolloutStates moves r through states and refuses bad ones.
func testRolloutStates(t *testing.T, f fixture, r Rollout) {
	for _, c := range []struct {
		state string
		wave  int
		note  string
	}{
		{RolloutRunning, 0, "approved"},
		{RolloutRunning, 1, ""},
		{RolloutPaused, 1, "wave 1: 3 of 20 failed, over 10%"},
		{RolloutRunning, 2, "resumed by operator"},
		{RolloutDone, 2, ""},
	} {
		must(t, "SetRolloutState "+c.state, f.s.SetRolloutState(f.ctx, r.ID, c.state, c.wave, c.note))
		got, err := f.s.Rollout(f.ctx, r.ID)
		must(t, "Rollout", err)
		if got.State != c.state || got.Wave != c.wave || got.StateNote != c.note {
			t.Errorf("after SetRolloutState(%s, %d, %q): %s, %d, %q", c.state, c.wave, c.note, got.State, got.Wave, got.StateNote)
		}
	}
	wantErr(t, "SetRolloutState unknown state", f.s.SetRolloutState(f.ctx, r.ID, "finished", 0, ""), ErrInvalid)
	wantErr(t, "SetRolloutState wave 3", f.s.SetRolloutState(f.ctx, r.ID, RolloutRunning, 3, ""), ErrInvalid)
	wantErr(t, "SetRolloutState wave -1", f.s.SetRolloutState(f.ctx, r.ID, RolloutRunning, -1, ""), ErrInvalid)
	wantErr(t, "SetRolloutState unknown", f.s.SetRolloutState(f.ctx, "nope", RolloutRunning, 0, ""), ErrNotFound)
}

// testRolloutCreateRefused checks that a rollout naming a missing or
// unusable record is refused, and leaves nothing behind.
func testRolloutCreateRefused(t *testing.T, f fixture, w twoOwners) {
	before, err := f.s.Rollouts(f.ctx)
	must(t, "Rollouts", err)
	withdrawn := f.release("withdrawn", at(1))
	must(t, "WithdrawRelease", f.s.WithdrawRelease(f.ctx, withdrawn.ID, at(2)))
	for _, c := range []struct {
		name   string
		change func(*Rollout, []RolloutDevice)
		want   error
	}{
		{"unknown release", func(r *Rollout, _ []RolloutDevice) { r.ReleaseID = digest("missing") }, ErrNotFound},
		{"withdrawn release", func(r *Rollout, _ []RolloutDevice) { r.ReleaseID = withdrawn.ID }, ErrInvalid},
		{"unknown group", func(r *Rollout, _ []RolloutDevice) { r.Groups = []string{w.ga.ID, "nope"} }, ErrNotFound},
		{"unknown advisory", func(r *Rollout, _ []RolloutDevice) { r.AdvisoryID = "DREY-0" }, ErrNotFound},
		{"unknown device", func(_ *Rollout, ds []RolloutDevice) { ds[2].DeviceID = "nope" }, ErrNotFound},
		{"device of another owner", func(_ *Rollout, ds []RolloutDevice) { ds[2].OwnerID = w.a.ID }, ErrNotFound},
		{"id in use", func(r *Rollout, _ []RolloutDevice) { r.ID = before[0].ID }, ErrConflict},
	} {
		r, ds := newRollout(w.rel.ID), w.devices()
		r.ID = "refused"
		c.change(&r, ds)
		_, err := f.s.CreateRollout(f.ctx, r, ds)
		wantErr(t, "CreateRollout "+c.name, err, c.want)
	}
	after, err := f.s.Rollouts(f.ctx)
	must(t, "Rollouts", err)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("refused CreateRollouts left %d rollouts, want %d", len(after), len(before))
	}
	_, err = f.s.RolloutDevices(f.ctx, "refused")
	wantErr(t, "RolloutDevices of a refused rollout", err, ErrNotFound)
}

func testRolloutApprovals(t *testing.T, f fixture) {
	w := makeTwoOwners(f)
	c := f.owner("c")
	r := f.rollout(newRollout(w.rel.ID), w.devices()...)

	must(t, "ApproveRollout a", f.s.ApproveRollout(f.ctx, Approval{RolloutID: r.ID, OwnerID: w.a.ID, By: "ci", At: at(1)}))
	must(t, "ApproveRollout a again", f.s.ApproveRollout(f.ctx, Approval{RolloutID: r.ID, OwnerID: w.a.ID, By: "laptop", At: at(2)}))
	must(t, "ApproveRollout b", f.s.ApproveRollout(f.ctx, Approval{RolloutID: r.ID, OwnerID: w.b.ID, By: "ops"}))
	wantErr(t, "ApproveRollout by an owner without devices",
		f.s.ApproveRollout(f.ctx, Approval{RolloutID: r.ID, OwnerID: c.ID, By: "ci"}), ErrNotFound)
	wantErr(t, "ApproveRollout unknown rollout",
		f.s.ApproveRollout(f.ctx, Approval{RolloutID: "nope", OwnerID: w.a.ID, By: "ci"}), ErrNotFound)
	wantErr(t, "ApproveRollout without By",
		f.s.ApproveRollout(f.ctx, Approval{RolloutID: r.ID, OwnerID: w.b.ID}), ErrInvalid)

	as, err := f.s.Approvals(f.ctx, r.ID)
	must(t, "Approvals", err)
	if len(as) != 2 || as[1].OwnerID != w.b.ID || as[1].By != "ops" || as[1].At.IsZero() {
		t.Fatalf("Approvals = %+v, want a's then b's", as)
	}
	if want := (Approval{RolloutID: r.ID, OwnerID: w.a.ID, By: "ci", At: at(1)}); as[0] != want {
		t.Errorf("a's approval = %+v, want the first %+v", as[0], want)
	}
	_, err = f.s.Approvals(f.ctx, "nope")
	wantErr(t, "Approvals unknown rollout", err, ErrNotFound)
}

func testDeviceRollouts(t *testing.T, f fixture) {
	w := makeTwoOwners(f)
	d := w.da1
	// Each rollout holds d in the given state and, in a running rollout,
	// da2 still pending.
	cases := []struct {
		rollout, device string
		listed          bool
	}{
		{RolloutRunning, DeviceOffered, true},
		{RolloutPaused, DevicePending, true},
		{RolloutPendingApproval, DevicePending, true},
		{RolloutAborted, DeviceOffered, false},
		{RolloutDone, DevicePending, false},
		{RolloutRunning, DeviceSucceeded, false},
		{RolloutRunning, DeviceFailed, false},
		{RolloutRunning, DeviceDeferred, true},
		{RolloutRunning, DeviceLowBattery, true},
	}
	var want []RolloutDevice
	for i, c := range cases {
		in := newRollout(w.rel.ID)
		in.State, in.Created = c.rollout, at(100-i) // created in the reverse order of the cases
		r := f.rollout(in,
			RolloutDevice{DeviceID: d.ID, State: c.device, Updated: at(i)},
			RolloutDevice{DeviceID: w.da2.ID})
		if c.listed {
			want = append([]RolloutDevice{{RolloutID: r.ID, DeviceID: d.ID, OwnerID: w.a.ID,
				State: c.device, Updated: at(i)}}, want...)
		}
	}
	got, err := f.s.DeviceRollouts(f.ctx, d.ID)
	must(t, "DeviceRollouts", err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DeviceRollouts = %+v\nwant %+v (oldest rollout first)", got, want)
	}
	got, err = f.s.DeviceRollouts(f.ctx, w.db.ID)
	if err != nil || len(got) != 0 {
		t.Errorf("DeviceRollouts of a device in none = %+v, %v", got, err)
	}
	got, err = f.s.DeviceRollouts(f.ctx, "nope")
	if err != nil || len(got) != 0 {
		t.Errorf("DeviceRollouts of an unknown device = %+v, %v", got, err)
	}
}

func testUpgradeHistory(t *testing.T, f fixture) {
	w := makeTwoOwners(f)
	r := f.rollout(newRollout(w.rel.ID), w.devices()...)
	steps := []struct {
		d         RolloutDevice
		batteryMV int
	}{
		{RolloutDevice{State: DeviceOffered, Updated: at(1)}, 3300},
		{RolloutDevice{State: DeviceDeferred, Reason: "live event", Deferrals: 1, Updated: at(2)}, 3290},
		{RolloutDevice{State: DeviceDownloading, Deferrals: 1}, 3250}, // Updated now
		{RolloutDevice{State: DeviceFailed, Reason: "bad signature", Deferrals: 1, Updated: at(4)}, 3100},
	}
	for _, s := range steps {
		s.d.RolloutID, s.d.DeviceID = r.ID, w.da1.ID
		must(t, "UpdateRolloutDevice "+s.d.State, f.s.UpdateRolloutDevice(f.ctx, s.d, s.batteryMV))
	}
	history := func(ownerID, deviceID string) []UpgradeEvent {
		t.Helper()
		h, err := f.s.UpgradeHistory(f.ctx, ownerID, deviceID)
		must(t, "UpgradeHistory", err)
		return h
	}
	h := history(w.a.ID, w.da1.ID)
	if len(h) != len(steps) {
		t.Fatalf("UpgradeHistory = %+v, want %d entries", h, len(steps))
	}
	for i, e := range h {
		s := steps[i]
		if e.DeviceID != w.da1.ID || e.RolloutID != r.ID || e.State != s.d.State || e.Reason != s.d.Reason ||
			e.BatteryMV != s.batteryMV || (i > 0 && e.Seq <= h[i-1].Seq) || e.Time.IsZero() ||
			(!s.d.Updated.IsZero() && !e.Time.Equal(s.d.Updated)) {
			t.Errorf("history[%d] = %+v, want step %+v, %d mV", i, e, s.d, s.batteryMV)
		}
	}
	devs, err := f.s.RolloutDevices(f.ctx, r.ID)
	must(t, "RolloutDevices", err)
	for _, d := range devs {
		if d.DeviceID == w.da1.ID && (d.State != DeviceFailed || d.Reason != "bad signature" ||
			d.Deferrals != 1 || !d.Updated.Equal(at(4)) || d.Wave != 0 || d.OwnerID != w.a.ID) {
			t.Errorf("rollout device after updates = %+v", d)
		}
	}

	// Refused updates change nothing and append nothing.
	base := RolloutDevice{RolloutID: r.ID, DeviceID: w.da1.ID, State: DeviceOffered}
	for _, c := range []struct {
		name      string
		change    func(*RolloutDevice)
		batteryMV int
		want      error
	}{
		{"unknown state", func(d *RolloutDevice) { d.State = "rebooting" }, 3000, ErrInvalid},
		{"negative deferrals", func(d *RolloutDevice) { d.Deferrals = -1 }, 3000, ErrInvalid},
		{"negative battery", func(*RolloutDevice) {}, -1, ErrInvalid},
		{"unknown rollout", func(d *RolloutDevice) { d.RolloutID = "nope" }, 3000, ErrNotFound},
		{"device not in rollout", func(d *RolloutDevice) { d.DeviceID = f.device(w.a.ID, "").ID }, 3000, ErrNotFound},
	} {
		d := base
		c.change(&d)
		wantErr(t, "UpdateRolloutDevice "+c.name, f.s.UpdateRolloutDevice(f.ctx, d, c.batteryMV), c.want)
	}
	if again := history(w.a.ID, w.da1.ID); !reflect.DeepEqual(again, h) {
		t.Errorf("history after refused updates = %+v, want %+v", again, h)
	}

	// Owner scoping: b cannot read a's device's history, nor a b's.
	_, err = f.s.UpgradeHistory(f.ctx, w.b.ID, w.da1.ID)
	wantErr(t, "B: UpgradeHistory of A's device", err, ErrNotFound)
	_, err = f.s.UpgradeHistory(f.ctx, w.a.ID, w.db.ID)
	wantErr(t, "A: UpgradeHistory of B's device", err, ErrNotFound)
	_, err = f.s.UpgradeHistory(f.ctx, w.a.ID, "nope")
	wantErr(t, "UpgradeHistory unknown device", err, ErrNotFound)
	if h := history(w.b.ID, w.db.ID); len(h) != 0 {
		t.Errorf("history of a device never updated = %+v", h)
	}
}
