package rollout

import (
	"context"
	"strings"
	"testing"

	"drey/cloud/store"
	"drey/wire"
)

// feed returns an owner's notices, newest first.
func (f *fleet) feed(owner store.Owner) []store.Notice {
	f.t.Helper()
	ns, err := f.st.Notices(context.Background(), owner.ID, 0, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	return ns
}

// An emergency rollout tells the owners whose devices it touches, with
// the justification and who declared it, and no other owner; a rollout
// that pauses itself, and one aborted, tell their owners too, each of
// its own devices only.
// REQ-OWN-3.
func TestOwnerNotices(t *testing.T) {
	f := newFleet(t, 10)
	ctx := context.Background()
	acme, globex := f.owners[0], f.owners[1]
	var added []store.Notice
	f.e.Notified = func(ns []store.Notice) { added = append(added, ns...) }
	r, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, Mode: "demand", Justification: "DREY-2026-0001, exploited", Emergency: true,
		Groups: []string{f.groups[0].ID}, Waves: []int{50, 100}, FailureThreshold: 0.25, CreatedBy: "operator alice"})
	if err != nil {
		t.Fatal(err)
	}
	ns := f.feed(acme)
	if len(ns) != 1 || ns[0].Kind != store.NoticeEmergency || ns[0].Subject != r.ID {
		t.Fatalf("acme's notices after an emergency: %+v", ns)
	}
	for _, want := range []string{"DREY-2026-0001, exploited", "operator alice", "8 of your devices", "without waiting for your approval"} {
		if !strings.Contains(ns[0].Text, want) {
			t.Errorf("emergency notice %q lacks %q", ns[0].Text, want)
		}
	}
	if len(added) != 1 {
		t.Errorf("Notified got %d notices, want 1", len(added))
	}
	if ns := f.feed(globex); len(ns) != 0 {
		t.Fatalf("globex, untouched, was told: %+v", ns)
	}

	// Three of the first wave's four devices fail: it pauses itself.
	f.tick()
	i := 0
	for id := range f.offers {
		if i < 3 {
			f.report(id, r, wire.UpgradeFailed, "bad block 7")
		}
		i++
	}
	f.tick()
	if got := f.rollout(r.ID); got.State != store.RolloutPaused {
		t.Fatalf("rollout %s: %s", got.State, got.StateNote)
	}
	ns = f.feed(acme)
	if len(ns) != 2 || ns[0].Kind != store.NoticeRolloutPaused || !strings.Contains(ns[0].Text, "Of 8 of your devices in it, 3 failed") {
		t.Fatalf("acme's notices after the pause: %+v", ns)
	}
	if err := f.e.Abort(ctx, r.ID, "aborted by the operator"); err != nil {
		t.Fatal(err)
	}
	ns = f.feed(acme)
	if len(ns) != 3 || ns[0].Kind != store.NoticeRolloutAborted || !strings.Contains(ns[0].Text, "aborted by the operator") {
		t.Fatalf("acme's notices after the abort: %+v", ns)
	}
	if ns := f.feed(globex); len(ns) != 0 {
		t.Fatalf("globex was told of a rollout that never touched it: %+v", ns)
	}

	// A rollout over both owners waits for, and tells, each.
	r2, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, Mode: "request", CreatedBy: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range f.owners {
		ns := f.feed(o)
		if len(ns) == 0 || ns[0].Kind != store.NoticeApprovalNeeded || ns[0].Subject != r2.ID || !strings.Contains(ns[0].Text, "8 of your devices") {
			t.Errorf("%s's newest notice: %+v", o.Name, ns)
		}
	}
	// Manual pause is the operator's own business: no notice.
	if err := f.e.Approve(ctx, r2.ID, acme.ID, "owner acme"); err != nil {
		t.Fatal(err)
	}
	if err := f.e.Approve(ctx, r2.ID, globex.ID, "owner globex"); err != nil {
		t.Fatal(err)
	}
	if err := f.e.Pause(ctx, r2.ID, "paused by the operator"); err != nil {
		t.Fatal(err)
	}
	if n := len(f.feed(globex)); n != 1 {
		t.Errorf("globex has %d notices after approving and a manual pause, want 1", n)
	}
}

// Notices lost to a stop between a change and its notices are written
// when the engine starts, once.
// REQ-OWN-3.
func TestNotifyOwnersRepairs(t *testing.T) {
	f := newFleet(t, 2)
	ctx := context.Background()
	// As if the service stopped just after recording the rollout.
	var devs []store.RolloutDevice
	for _, d := range f.devices {
		if d.ImpromVersion == "36.0" {
			devs = append(devs, store.RolloutDevice{DeviceID: d.ID, OwnerID: d.OwnerID})
		}
	}
	r, err := f.st.CreateRollout(ctx, store.Rollout{ReleaseID: f.rel.ID, Mode: "demand", Justification: "exploited", Emergency: true,
		State: store.RolloutRunning, Percent: 100, Waves: []int{100}, FailureThreshold: 0.2, CreatedBy: "ops"}, devs)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := f.e.NotifyOwners(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range f.owners {
		if ns := f.feed(o); len(ns) != 1 || ns[0].Kind != store.NoticeEmergency || ns[0].Subject != r.ID {
			t.Errorf("%s's notices: %+v", o.Name, ns)
		}
	}
}
