package store

import "testing"

// Upgrade history older than the retention bound goes; newer history and
// each device's state in its rollouts stay (REQ-PRIV-4).
func testPruneUpgradeHistory(t *testing.T, f fixture) {
	w := makeTwoOwners(f)
	r := f.rollout(newRollout(w.rel.ID), w.devices()...)
	for i, st := range []string{DeviceOffered, DeviceDeferred, DeviceDownloading, DeviceFailed} {
		d := RolloutDevice{RolloutID: r.ID, DeviceID: w.da1.ID, State: st, Updated: at(i + 1)}
		if st == DeviceFailed || st == DeviceDeferred {
			d.Reason = "why"
		}
		must(t, "UpdateRolloutDevice "+st, f.s.UpdateRolloutDevice(f.ctx, d, 3300))
	}
	n, err := f.s.PruneUpgradeHistory(f.ctx, at(3))
	must(t, "PruneUpgradeHistory", err)
	h, err := f.s.UpgradeHistory(f.ctx, w.a.ID, w.da1.ID)
	must(t, "UpgradeHistory", err)
	if n != 2 || len(h) != 2 || h[0].State != DeviceDownloading || h[1].State != DeviceFailed {
		t.Fatalf("pruned %d, left %+v; want 2 pruned, downloading and failed left", n, h)
	}
	devs, err := f.s.RolloutDevices(f.ctx, r.ID)
	must(t, "RolloutDevices", err)
	for _, d := range devs {
		if d.DeviceID == w.da1.ID && d.State != DeviceFailed {
			t.Errorf("device state after pruning: %+v", d)
		}
	}
}
