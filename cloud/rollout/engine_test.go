package rollout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"drey/cloud/store"
	"drey/wire"
)

// fleet is a store with two owners' devices and a release, and a record
// of the offers the engine makes.
type fleet struct {
	t       *testing.T
	st      *store.SQLite
	e       *Engine
	now     time.Time
	owners  []store.Owner
	groups  []store.Group
	devices []store.Device
	rel     store.Release

	mu        sync.Mutex
	offers    map[string][]*wire.UpgradeOffer
	connected map[string]bool
}

func (f *fleet) Offer(id string, o *wire.UpgradeOffer) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.connected[id] {
		return fmt.Errorf("not connected")
	}
	f.offers[id] = append(f.offers[id], o)
	return nil
}

func (f *fleet) Connected(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.connected[id]
}

// newFleet makes n devices per owner on improm version "36.0" (every
// fifth on "36.10", already current), all connected.
func newFleet(t *testing.T, n int) *fleet {
	t.Helper()
	st, err := store.OpenSQLite(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	f := &fleet{t: t, st: st, now: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), offers: map[string][]*wire.UpgradeOffer{}, connected: map[string]bool{}}
	f.e = &Engine{Store: st, Devices: f, ImageURL: func(id string) string { return "http://cache/images/" + id }, Now: func() time.Time { return f.now }}
	for i, name := range []string{"acme", "globex"} {
		o, _ := st.CreateOwner(ctx, name)
		g, _ := st.CreateGroup(ctx, store.Group{OwnerID: o.ID, Name: "sensors"})
		f.owners, f.groups = append(f.owners, o), append(f.groups, g)
		for j := 0; j < n; j++ {
			d, err := st.EnrollDevice(ctx, store.Device{OwnerID: o.ID, GroupID: g.ID, Model: "imp001", PublicKey: []byte(fmt.Sprintf("key-%d-%d", i, j))})
			if err != nil {
				t.Fatal(err)
			}
			v := "36.0"
			if j%5 == 4 {
				v = "36.10"
			}
			st.UpdateDeviceStatus(ctx, o.ID, d.ID, store.DeviceStatus{LastSeen: f.now, ImpromVersion: v, BootromVersion: "1.0"})
			d.ImpromVersion = v
			f.devices = append(f.devices, d)
			f.connected[d.ID] = true
		}
	}
	f.rel, err = st.CreateRelease(ctx, store.Release{ID: strings.Repeat("ab", 32), Model: "imp001", Slot: "improm", Version: "36.10", Sequence: 12, Size: 1000, Manifest: []byte("envelope")})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fleet) report(d string, r store.Rollout, state wire.UpgradeState, reason string) {
	f.t.Helper()
	dev, _ := f.st.Device(context.Background(), d)
	if err := f.e.Report(context.Background(), dev, &wire.UpgradeStatus{RolloutID: r.ID, State: state, Reason: reason}); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fleet) tick() {
	f.t.Helper()
	if err := f.e.Tick(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fleet) rollout(id string) store.Rollout {
	r, err := f.st.Rollout(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// A rollout picks the devices of the model, in range and older than the
// release, waits for both owners to approve, then offers wave by wave.
// REQ-OWN-2.
func TestRolloutWaves(t *testing.T) {
	f := newFleet(t, 10)
	ctx := context.Background()
	r, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, Mode: "request", Waves: []int{25, 100}, FailureThreshold: 0.5, CreatedBy: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	devs, _ := f.st.RolloutDevices(ctx, r.ID)
	if len(devs) != 16 || r.State != store.RolloutPendingApproval {
		t.Fatalf("%d devices (want 16: 20 less 4 current), state %s", len(devs), r.State)
	}
	f.tick()
	if len(f.offers) != 0 {
		t.Fatal("offers made before the owners approved")
	}
	f.e.Approve(ctx, r.ID, f.owners[0].ID, "acme ci")
	if f.rollout(r.ID).State != store.RolloutPendingApproval {
		t.Fatal("started with one owner of two approving")
	}
	f.e.Approve(ctx, r.ID, f.owners[1].ID, "globex ci")
	if f.rollout(r.ID).State != store.RolloutRunning {
		t.Fatal("not started after both approved")
	}
	f.tick()
	if len(f.offers) != 4 {
		t.Fatalf("wave 1 offered to %d devices, want 4 (25%% of 16)", len(f.offers))
	}
	for id := range f.offers {
		f.report(id, r, wire.UpgradeSucceeded, "")
	}
	done := map[string]bool{}
	for id := range f.offers {
		done[id] = true
	}
	f.tick() // wave 1 settled: on to wave 2
	f.tick()
	if len(f.offers) != 16 {
		t.Fatalf("after wave 2 began, %d devices offered", len(f.offers))
	}
	for id := range f.offers {
		if !done[id] {
			f.report(id, r, wire.UpgradeSucceeded, "")
		}
	}
	f.tick()
	if got := f.rollout(r.ID); got.State != store.RolloutDone {
		t.Fatalf("rollout %s (%s)", got.State, got.StateNote)
	}
}

// A wave whose failures pass the threshold pauses the rollout; resume
// goes on.
// REQ-OWN-3.
func TestRolloutAutoPause(t *testing.T) {
	f := newFleet(t, 10)
	ctx := context.Background()
	r, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, Mode: "demand", Justification: "CVE fix", Emergency: true, Waves: []int{50, 100}, FailureThreshold: 0.25, CreatedBy: "ops"})
	if err != nil || r.State != store.RolloutRunning {
		t.Fatalf("emergency rollout: %v %v", r.State, err)
	}
	f.tick()
	i := 0
	for id, os := range f.offers {
		if os[0].Mode != wire.UpgradeDemand {
			t.Fatalf("a demand offered as %v", os[0].Mode)
		}
		if i < 3 {
			f.report(id, r, wire.UpgradeFailed, "bad block 7")
		}
		i++
	}
	f.tick()
	got := f.rollout(r.ID)
	if got.State != store.RolloutPaused || !strings.Contains(got.StateNote, "3 of 8") {
		t.Fatalf("rollout %s: %q", got.State, got.StateNote)
	}
	st, _ := f.e.Status(ctx, r.ID)
	if st.Failures["bad block 7"] != 3 || st.Counts[store.DeviceOffered] != 5 {
		t.Fatalf("status %+v", st.Counts)
	}
	if err := f.e.Resume(ctx, r.ID, "fixed the mirror"); err != nil {
		t.Fatal(err)
	}
	if err := f.e.Resume(ctx, r.ID, "again"); err == nil {
		t.Fatal("resumed a running rollout")
	}
}

// A request deferred DeferLimit times is offered next as a demand
// (REQ-PROC-12); a device whose hello shows the release has succeeded.
// REQ-PROC-12.
func TestDeferralLimit(t *testing.T) {
	f := newFleet(t, 1)
	f.e.RetryDeferred = time.Minute
	ctx := context.Background()
	r, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, Mode: "request", Justification: "scheduled", Emergency: true, CreatedBy: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	id := f.devices[0].ID
	for i := 0; i < DefaultDeferLimit; i++ {
		f.tick()
		if n := len(f.offers[id]); n != i+1 || f.offers[id][i].Mode != wire.UpgradeRequest {
			t.Fatalf("offer %d: %d offers, mode %v", i+1, n, f.offers[id][n-1].Mode)
		}
		f.report(id, r, wire.UpgradeDeferred, "busy")
		f.tick()
		if len(f.offers[id]) != i+1 {
			t.Fatal("re-offered before RetryDeferred")
		}
		f.now = f.now.Add(2 * time.Minute)
	}
	f.tick()
	if o := f.offers[id]; len(o) != DefaultDeferLimit+1 || o[len(o)-1].Mode != wire.UpgradeDemand {
		t.Fatalf("after %d deferrals the offer is %v", DefaultDeferLimit, o[len(o)-1].Mode)
	}
	dev, _ := f.st.Device(ctx, id)
	f.e.Connected(ctx, dev, wire.Hello{Improm: "36.10", Bootrom: "1.0"})
	devs, _ := f.st.RolloutDevices(ctx, r.ID)
	for _, d := range devs {
		if d.DeviceID == id && (d.State != store.DeviceSucceeded || d.Deferrals != DefaultDeferLimit) {
			t.Fatalf("device %+v", d)
		}
	}
	hist, _ := f.st.UpgradeHistory(ctx, dev.OwnerID, id)
	if len(hist) < 2*DefaultDeferLimit+2 {
		t.Fatalf("history has %d events", len(hist))
	}
}

// Bad specs are refused with the field named.
// REQ-PROC-13.
func TestCreateErrors(t *testing.T) {
	f := newFleet(t, 2)
	ctx := context.Background()
	for _, tt := range []struct {
		spec Spec
		want string
	}{
		{Spec{ReleaseID: "nope", Mode: "request", CreatedBy: "ops"}, "release"},
		{Spec{ReleaseID: f.rel.ID, Mode: "demand", CreatedBy: "ops"}, "ustification"},
		{Spec{ReleaseID: f.rel.ID, Mode: "request", FromVersions: ">=x", CreatedBy: "ops"}, "from"},
		{Spec{ReleaseID: f.rel.ID, Mode: "request", FromVersions: ">=40", CreatedBy: "ops"}, "no device"},
		{Spec{ReleaseID: f.rel.ID, Mode: "sometimes", CreatedBy: "ops"}, "mode"},
		{Spec{ReleaseID: f.rel.ID, Mode: "request", Waves: []int{50, 20, 100}, CreatedBy: "ops"}, "waves"},
	} {
		if _, err := f.e.Create(ctx, tt.spec); err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.want)) {
			t.Errorf("Create(%+v) = %v, want an error about %s", tt.spec, err, tt.want)
		}
	}
}

// A rollout made from a critical advisory targets the affected versions
// and is a demand justified by the advisory; a release that does not fix
// it is refused.
// REQ-PROC-13, REQ-VULN-5.
func TestRolloutFromAdvisory(t *testing.T) {
	f := newFleet(t, 5)
	ctx := context.Background()
	if _, err := f.st.CreateAdvisory(ctx, store.Advisory{ID: "DREY-2026-0001", Severity: "critical", Summary: "TLS bypass", Model: "imp001", Affected: ">=36.0 <36.10", Fixed: "36.10"}); err != nil {
		t.Fatal(err)
	}
	f.st.CreateAdvisory(ctx, store.Advisory{ID: "DREY-2026-0002", Severity: "low", Summary: "later", Model: "imp001", Affected: "<37", Fixed: "37"})
	r, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, AdvisoryID: "DREY-2026-0001", CreatedBy: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Mode != "demand" || r.FromVersions != ">=36.0 <36.10" || !strings.Contains(r.Justification, "DREY-2026-0001") {
		t.Fatalf("rollout %+v", r)
	}
	if _, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, AdvisoryID: "DREY-2026-0002", CreatedBy: "ops"}); !errors.Is(err, ErrMismatch) {
		t.Fatalf("a release before the fix: %v", err)
	}
}

// A device whose group has a maintenance window is offered a request
// only inside it, in the group's time zone; an emergency ignores it.
func TestMaintenanceWindow(t *testing.T) {
	f := newFleet(t, 1) // 12:00 UTC
	ctx := context.Background()
	for _, g := range f.groups {
		if err := f.st.SetGroupMaintenance(ctx, g.OwnerID, g.ID, "02:00-04:00"); err != nil {
			t.Fatal(err)
		}
	}
	r, err := f.e.Create(ctx, Spec{ReleaseID: f.rel.ID, Mode: "request", CreatedBy: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	f.e.Approve(ctx, r.ID, f.owners[0].ID, "a")
	f.e.Approve(ctx, r.ID, f.owners[1].ID, "b")
	f.tick()
	if len(f.offers) != 0 {
		t.Fatal("offered outside the window")
	}
	st, _ := f.e.Status(ctx, r.ID)
	if st.Counts[store.DeviceWaiting] != 2 {
		t.Fatalf("counts %v", st.Counts)
	}
	f.now = time.Date(2026, 11, 27, 2, 30, 0, 0, time.UTC)
	f.tick()
	if len(f.offers) != 2 {
		t.Fatalf("%d offers inside the window", len(f.offers))
	}
	// An emergency goes out at once.
	f.now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	rel2, _ := f.st.CreateRelease(ctx, store.Release{ID: strings.Repeat("cd", 32), Model: "imp001", Slot: "improm", Version: "36.11", Sequence: 13, Size: 1000, Manifest: []byte("e")})
	r2, err := f.e.Create(ctx, Spec{ReleaseID: rel2.ID, Mode: "demand", Justification: "exploited", Emergency: true, CreatedBy: "ops"})
	if err != nil {
		t.Fatal(err)
	}
	f.e.Abort(ctx, r.ID, "superseded")
	f.tick()
	n := 0
	for _, os := range f.offers {
		for _, o := range os {
			if o.RolloutID == r2.ID {
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("the emergency was held by the window")
	}
}
