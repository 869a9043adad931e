package rollout

import (
	"context"
	"fmt"
	"time"

	"drey/cloud/store"
	"drey/internal/version"
	"drey/wire"
)

// Run looks at the running rollouts every Interval until ctx is done:
// it offers what is due to connected devices and moves waves on. It
// first writes any notice the open rollouts owe their owners.
func (e *Engine) Run(ctx context.Context) {
	if err := e.NotifyOwners(ctx); err != nil && ctx.Err() == nil {
		e.logger().Error("owners' notices of open rollouts", "err", err)
	}
	t := time.NewTicker(orDefault(e.Interval, 5*time.Second))
	defer t.Stop()
	for {
		if err := e.Tick(ctx); err != nil && ctx.Err() == nil {
			e.logger().Error("rollouts", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// EncryptionDevice is the encryption mode of an image whose content key
// is wrapped per device (suit.EncryptionDevice).
const EncryptionDevice = 2

// FlashTimeout is how long a device may take from flashing to reporting
// the outcome before the attempt counts as failed.
const FlashTimeout = 30 * time.Minute

// Tick does one round of Run.
func (e *Engine) Tick(ctx context.Context) error {
	rs, err := e.Store.Rollouts(ctx)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.State != store.RolloutRunning {
			continue
		}
		if err := e.tickRollout(ctx, r.ID); err != nil {
			return fmt.Errorf("rollout %s: %w", r.ID, err)
		}
	}
	return nil
}

// tickRollout offers what is due and decides about the current wave. It
// works from a snapshot of the rollout's devices; each device it acts on
// is re-read under that device's lock first (locks.go).
func (e *Engine) tickRollout(ctx context.Context, id string) error {
	r, err := e.Store.Rollout(ctx, id)
	if err != nil || r.State != store.RolloutRunning {
		return err
	}
	rel, err := e.Store.Release(ctx, r.ReleaseID)
	if err != nil || rel.Withdrawn != nil {
		return err // a withdrawn release is offered to no one
	}
	devs, err := e.Store.RolloutDevices(ctx, id)
	if err != nil {
		return err
	}
	for i, d := range devs {
		timedOut := d.State == store.DeviceFlashing && e.now().Sub(d.Updated) > FlashTimeout
		if !timedOut && !(d.Wave <= r.Wave && e.due(d) && e.Devices.Connected(d.DeviceID)) {
			continue
		}
		if devs[i], err = e.tickDevice(ctx, r, rel, d); err != nil {
			return err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	// The rollout may have been paused or moved on meanwhile.
	if cur, err := e.Store.Rollout(ctx, id); err != nil || cur.State != store.RolloutRunning || cur.Wave != r.Wave {
		return err
	}
	return e.judgeWave(ctx, r, devs)
}

// tickDevice does what a tick owes one device of a rollout, from its
// current row (snap is the tick's snapshot of it): fail it if it has
// been flashing too long, offer it the upgrade if one is due. It returns
// the row as it leaves it; the snapshot if the device has meanwhile
// finished (its row is no longer open).
func (e *Engine) tickDevice(ctx context.Context, r store.Rollout, rel store.Release, snap store.RolloutDevice) (store.RolloutDevice, error) {
	defer e.devices.lock(snap.DeviceID)()
	d, ok, err := e.rolloutDevice(ctx, r.ID, snap.DeviceID)
	if err != nil || !ok {
		return snap, err
	}
	switch {
	case d.State == store.DeviceFlashing && e.now().Sub(d.Updated) > FlashTimeout:
		d.State, d.Reason, d.Updated = store.DeviceFailed, fmt.Sprintf("no report within %v of flashing", FlashTimeout), e.now()
		return d, e.Store.UpdateRolloutDevice(ctx, d, 0)
	case d.Wave <= r.Wave && e.due(d) && e.Devices.Connected(d.DeviceID):
		return e.offer(ctx, r, rel, d), nil
	}
	return d, nil
}

// due reports whether a device should be offered the upgrade now.
func (e *Engine) due(d store.RolloutDevice) bool {
	switch d.State {
	case store.DevicePending, store.DeviceWaiting:
		return true
	case store.DeviceDeferred:
		return e.now().Sub(d.Updated) >= orDefault(e.RetryDeferred, DefaultRetryDeferred)
	case store.DeviceLowBattery:
		return e.now().Sub(d.Updated) >= orDefault(e.RetryLowBattery, DefaultRetryLowBattery)
	}
	return false
}

// offer sends one device its offer and records it, under the device's
// lock; it returns the device's row as it leaves it.
func (e *Engine) offer(ctx context.Context, r store.Rollout, rel store.Release, d store.RolloutDevice) store.RolloutDevice {
	mode := wire.UpgradeRequest
	if r.Mode == "demand" || d.Deferrals >= e.deferLimit() {
		// A request deferred DeferLimit times becomes a demand (REQ-PROC-12).
		mode = wire.UpgradeDemand
	}
	if ok, why := e.inWindow(ctx, r, d); !ok {
		return e.wait(ctx, d, why)
	}
	o := &wire.UpgradeOffer{RolloutID: r.ID, Mode: mode, URL: e.ImageURL(rel.ID), Manifest: rel.Manifest, Grace: orDefault(e.Grace, DefaultGrace)}
	if rel.Encryption == EncryptionDevice {
		k, err := e.Store.WrappedKey(ctx, rel.ID, d.DeviceID)
		if err != nil {
			// Not offered until the operator uploads its wrapped key.
			return e.wait(ctx, d, "no wrapped content key for this device yet")
		}
		o.WrappedKey = k
	}
	// Recorded before it is sent: the device's answer, which may come at
	// once, must find the offer there to move on from.
	prev := d
	d.State, d.Reason, d.Updated = store.DeviceOffered, mode.String(), e.now()
	if err := e.Store.UpdateRolloutDevice(ctx, d, 0); err != nil {
		e.logger().Error("recording an offer", "rollout", r.ID, "device", d.DeviceID, "err", err)
		return prev
	}
	if err := e.Devices.Offer(d.DeviceID, o); err != nil {
		// Not connected after all: it is offered again when it connects
		// (Connected treats an offered device as waiting).
		return d
	}
	e.stats.offers.Add(1)
	return d
}

// judgeWave pauses the rollout when the current wave's failures pass
// the threshold, moves to the next wave when the current one has
// settled, and ends the rollout when every device is done.
func (e *Engine) judgeWave(ctx context.Context, r store.Rollout, devs []store.RolloutDevice) error {
	var inWave, failed, settled, finished int
	for _, d := range devs {
		if d.State == store.DeviceSucceeded || d.State == store.DeviceFailed {
			finished++
		}
		if d.Wave != r.Wave {
			continue
		}
		inWave++
		switch d.State {
		case store.DeviceFailed:
			failed++
			settled++
		case store.DeviceSucceeded, store.DeviceDeferred, store.DeviceLowBattery:
			settled++
		case store.DevicePending, store.DeviceWaiting:
			if !e.Devices.Connected(d.DeviceID) {
				settled++ // offline: offered when it connects, not waited for
			}
		}
	}
	if inWave > 0 && float64(failed)/float64(inWave) > r.FailureThreshold {
		note := fmt.Sprintf(autoPausePrefix+"%d of %d devices in wave %d failed, over the threshold of %.0f%%", failed, inWave, r.Wave+1, r.FailureThreshold*100)
		e.logger().Warn("rollout paused", "rollout", r.ID, "why", note)
		if err := e.Store.SetRolloutState(ctx, r.ID, store.RolloutPaused, r.Wave, note); err != nil {
			return err
		}
		e.notifyPaused(ctx, r, devs, note) // REQ-OWN-3
		return nil
	}
	if finished == len(devs) {
		return e.Store.SetRolloutState(ctx, r.ID, store.RolloutDone, r.Wave, "every device finished")
	}
	if settled == inWave && r.Wave < len(r.Waves)-1 {
		return e.Store.SetRolloutState(ctx, r.ID, store.RolloutRunning, r.Wave+1, fmt.Sprintf("wave %d settled: %d failed of %d", r.Wave+1, failed, inWave))
	}
	return nil
}

// Connected is the gateway telling the engine a device said hello: a
// device now running a rollout's release has succeeded (its Hello is the
// proof); one with an offer due gets it.
func (e *Engine) Connected(ctx context.Context, dev store.Device, hello wire.Hello) {
	defer e.devices.lock(dev.ID)()
	rds, err := e.Store.DeviceRollouts(ctx, dev.ID)
	if err != nil {
		e.logger().Error("rollouts of a device", "device", dev.ID, "err", err)
		return
	}
	for _, d := range rds {
		r, err := e.Store.Rollout(ctx, d.RolloutID)
		if err != nil {
			continue
		}
		rel, err := e.Store.Release(ctx, r.ReleaseID)
		if err != nil || rel.Withdrawn != nil {
			continue
		}
		cur := hello.Improm
		if rel.Slot == "bootrom" {
			cur = hello.Bootrom
		}
		if c, err := version.Compare(cur, rel.Version); err == nil && c >= 0 {
			d.State, d.Reason, d.Updated = store.DeviceSucceeded, "runs "+cur, e.now()
			e.Store.UpdateRolloutDevice(ctx, d, int(hello.BatteryMV))
			continue
		}
		if d.State == store.DeviceFlashing {
			// It installed, or tried to: its own status, which follows the
			// hello, says how it went (or Tick gives up on it).
			continue
		}
		if d.State == store.DeviceOffered || d.State == store.DeviceDownloading {
			// The link dropped before the install began: offer again.
			d.State = store.DeviceWaiting
		}
		if r.State == store.RolloutRunning && d.Wave <= r.Wave && e.due(d) {
			e.offer(ctx, r, rel, d)
			return // one upgrade at a time
		}
	}
}

// Report records what a device says of an offer (REQ-PROC-14).
func (e *Engine) Report(ctx context.Context, dev store.Device, s *wire.UpgradeStatus) error {
	e.stats.report(s.State)
	defer e.devices.lock(dev.ID)()
	rds, err := e.Store.DeviceRollouts(ctx, dev.ID)
	if err != nil {
		return err
	}
	for _, d := range rds {
		if d.RolloutID != s.RolloutID {
			continue
		}
		switch s.State {
		case wire.UpgradeDeferred:
			d.State, d.Deferrals = store.DeviceDeferred, d.Deferrals+1
		case wire.UpgradeLowBattery:
			d.State = store.DeviceLowBattery
		case wire.UpgradeDownloading:
			d.State = store.DeviceDownloading
		case wire.UpgradeFlashing:
			d.State = store.DeviceFlashing
		case wire.UpgradeSucceeded:
			d.State = store.DeviceSucceeded
		case wire.UpgradeFailed:
			d.State = store.DeviceFailed
		default:
			return fmt.Errorf("upgrade status %v", s.State)
		}
		d.Reason, d.Updated = s.Reason, e.now()
		return e.Store.UpdateRolloutDevice(ctx, d, int(s.BatteryMV))
	}
	if s.State == wire.UpgradeSucceeded {
		return nil // already recorded from the device's hello
	}
	// A status for a rollout the device is not in (or has finished) is
	// logged by the caller and otherwise ignored.
	return fmt.Errorf("device %s has no open upgrade in rollout %q", dev.ID, s.RolloutID)
}

// wait records that a device is not offered the upgrade now, and why,
// once per reason; it returns the device's row as it leaves it.
func (e *Engine) wait(ctx context.Context, d store.RolloutDevice, why string) store.RolloutDevice {
	if d.State == store.DeviceWaiting && d.Reason == why {
		return d
	}
	prev := d
	d.State, d.Reason, d.Updated = store.DeviceWaiting, why, e.now()
	if err := e.Store.UpdateRolloutDevice(ctx, d, 0); err != nil {
		e.logger().Error("recording a wait", "device", d.DeviceID, "err", err)
		return prev
	}
	return d
}

// inWindow reports whether a device may be offered an upgrade now: an
// emergency rollout at any time, any other only inside the maintenance
// window of the device's group, in the group's time zone.
func (e *Engine) inWindow(ctx context.Context, r store.Rollout, d store.RolloutDevice) (bool, string) {
	if r.Emergency {
		return true, ""
	}
	dev, err := e.Store.Device(ctx, d.DeviceID)
	if err != nil || dev.GroupID == "" {
		return true, ""
	}
	g, err := e.Store.Group(ctx, dev.OwnerID, dev.GroupID)
	if err != nil || g.Maintenance == "" {
		return true, ""
	}
	w, err := ParseWindow(g.Maintenance)
	if err != nil {
		return true, ""
	}
	loc, err := time.LoadLocation(g.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	if w.Open(e.now(), loc) {
		return true, ""
	}
	return false, fmt.Sprintf("outside the maintenance window %s %s", g.Maintenance, g.TimeZone)
}
