package rollout

import (
	"context"

	"drey/cloud/store"
)

// Status is a rollout with its devices counted by state.
type Status struct {
	Rollout store.Rollout `json:"-"`
	// Counts are devices by state; "waiting-approval" counts every device
	// while the rollout waits for approval.
	Counts map[string]int `json:"counts"`
	// Failures counts failed devices by reason.
	Failures map[string]int `json:"failures"`
	// Waves counts each wave's devices, and how many of them succeeded
	// and failed.
	Waves     []WaveStatus          `json:"waves"`
	Approvals []store.Approval      `json:"-"`
	Devices   []store.RolloutDevice `json:"-"`
	Owners    map[string]bool       `json:"-"` // owner id → approved
}

// WaveStatus is one wave's progress.
type WaveStatus struct {
	Percent   int `json:"percent"`
	Devices   int `json:"devices"`
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
}

// Status returns a rollout's progress.
func (e *Engine) Status(ctx context.Context, id string) (Status, error) {
	r, err := e.Store.Rollout(ctx, id)
	if err != nil {
		return Status{}, err
	}
	devs, err := e.Store.RolloutDevices(ctx, id)
	if err != nil {
		return Status{}, err
	}
	approvals, err := e.Store.Approvals(ctx, id)
	if err != nil {
		return Status{}, err
	}
	s := Status{Rollout: r, Counts: map[string]int{}, Failures: map[string]int{}, Waves: make([]WaveStatus, len(r.Waves)),
		Approvals: approvals, Devices: devs, Owners: map[string]bool{}}
	for i, p := range r.Waves {
		s.Waves[i].Percent = p
	}
	for _, a := range approvals {
		s.Owners[a.OwnerID] = true
	}
	for _, d := range devs {
		if _, ok := s.Owners[d.OwnerID]; !ok {
			s.Owners[d.OwnerID] = false
		}
		state := d.State
		if r.State == store.RolloutPendingApproval {
			state = "waiting-approval"
		}
		s.Counts[state]++
		if d.State == store.DeviceFailed {
			s.Failures[d.Reason]++
		}
		if d.Wave < len(s.Waves) {
			w := &s.Waves[d.Wave]
			w.Devices++
			switch d.State {
			case store.DeviceSucceeded:
				w.Succeeded++
			case store.DeviceFailed:
				w.Failed++
			}
		}
	}
	return s, nil
}

// States lists device states in the order a status shows them.
func States() []string {
	s := []string{"waiting-approval", store.DevicePending, store.DeviceWaiting, store.DeviceOffered, store.DeviceDeferred,
		store.DeviceLowBattery, store.DeviceDownloading, store.DeviceFlashing, store.DeviceSucceeded, store.DeviceFailed}
	return s
}
