// Notices to owners (REQ-OWN-3). The engine writes one to each owner a
// rollout touches when the rollout waits for that owner's approval, when
// an emergency rollout skips it, when the rollout pauses itself after a
// failed wave, and when it is aborted. Each notice speaks of the owner's
// own devices only: how many of them the rollout touches, how many
// failed; never another owner's.
//
// A notice is written just after the change it reports, and carries a
// Dedupe key naming that change. If the service stops in between, the
// notice is not lost for a rollout still open: NotifyOwners, which Run
// calls when the engine starts, writes whatever notices the open
// rollouts owe, and the keys make writing one twice harmless. The
// notice of an abort is the exception: an aborted rollout is finished,
// and is not looked at again.

package rollout

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"drey/cloud/store"
)

// ownerCounts counts a rollout's devices per owner, and those of each
// owner in the given state ("" counts none).
func ownerCounts(devs []store.RolloutDevice, state string) (owners []string, total, inState map[string]int) {
	total, inState = map[string]int{}, map[string]int{}
	for _, d := range devs {
		if total[d.OwnerID] == 0 {
			owners = append(owners, d.OwnerID)
		}
		total[d.OwnerID]++
		if state != "" && d.State == state {
			inState[d.OwnerID]++
		}
	}
	slices.Sort(owners)
	return owners, total, inState
}

// releaseName names a release for a person: "imp001 improm 36.10".
func releaseName(rel store.Release) string {
	return fmt.Sprintf("%s %s %s", rel.Model, rel.Slot, rel.Version)
}

// devicesOf says "1 of your devices" or "3 of your devices".
func devicesOf(n int) string {
	if n == 1 {
		return "1 of your devices"
	}
	return fmt.Sprintf("%d of your devices", n)
}

// createdNotices are the notices a rollout owes its owners for being
// created: an emergency tells every owner it touches, a rollout waiting
// for approval every owner that has not approved it yet.
func createdNotices(r store.Rollout, rel store.Release, devs []store.RolloutDevice, approved map[string]bool) []store.Notice {
	owners, total, _ := ownerCounts(devs, "")
	var ns []store.Notice
	for _, o := range owners {
		n := store.Notice{OwnerID: o, Subject: r.ID}
		switch {
		case r.Emergency:
			n.Kind, n.Dedupe = store.NoticeEmergency, "rollout:"+r.ID+":emergency"
			n.Text = fmt.Sprintf("Emergency rollout %s of %s, a %s, began on %s without waiting for your approval. Declared by %s at %s: %s",
				r.ID, releaseName(rel), r.Mode, devicesOf(total[o]), r.CreatedBy, r.Created.UTC().Format(time.RFC3339), r.Justification)
		case r.State == store.RolloutPendingApproval && !approved[o]:
			n.Kind, n.Dedupe = store.NoticeApprovalNeeded, "rollout:"+r.ID+":approval"
			n.Text = fmt.Sprintf("Rollout %s of %s, a %s, touches %s and waits for your approval (drey rollout approve %s).",
				r.ID, releaseName(rel), r.Mode, devicesOf(total[o]), r.ID)
			if r.Justification != "" {
				n.Text += " Reason given: " + r.Justification
			}
		default:
			continue
		}
		ns = append(ns, n)
	}
	return ns
}

// pausedNotices tell every owner a rollout touches that it paused itself.
func pausedNotices(r store.Rollout, rel store.Release, devs []store.RolloutDevice, note string) []store.Notice {
	owners, total, failed := ownerCounts(devs, store.DeviceFailed)
	var ns []store.Notice
	for _, o := range owners {
		ns = append(ns, store.Notice{OwnerID: o, Kind: store.NoticeRolloutPaused, Subject: r.ID,
			Dedupe: "rollout:" + r.ID + ":paused:" + note,
			Text: fmt.Sprintf("Rollout %s of %s paused itself: more than %.0f%% of the devices of wave %d failed. Of %s in it, %d failed. Nothing more is offered until the operator resumes or aborts it.",
				r.ID, releaseName(rel), r.FailureThreshold*100, r.Wave+1, devicesOf(total[o]), failed[o])})
	}
	return ns
}

// abortedNotices tell every owner a rollout touches that it was aborted.
func abortedNotices(r store.Rollout, rel store.Release, devs []store.RolloutDevice, why string) []store.Notice {
	owners, total, done := ownerCounts(devs, store.DeviceSucceeded)
	var ns []store.Notice
	for _, o := range owners {
		ns = append(ns, store.Notice{OwnerID: o, Kind: store.NoticeRolloutAborted, Subject: r.ID,
			Dedupe: "rollout:" + r.ID + ":aborted",
			Text: fmt.Sprintf("Rollout %s of %s was aborted (%s): nothing more is offered, and devices already installing finish. %d of %s run the new release.",
				r.ID, releaseName(rel), why, done[o], devicesOf(total[o]))})
	}
	return ns
}

// notify adds notices to their owners' feeds. A notice that cannot be
// written is logged, not returned: the change it reports has happened.
func (e *Engine) notify(ctx context.Context, ns []store.Notice) {
	if len(ns) == 0 {
		return
	}
	added, err := e.Store.AddNotices(ctx, ns)
	if err != nil {
		e.logger().Error("writing owners' notices", "kind", ns[0].Kind, "subject", ns[0].Subject, "err", err)
		return
	}
	if len(added) > 0 && e.Notified != nil {
		e.Notified(added)
	}
}

// notifyPaused writes the notices of a rollout that paused itself.
func (e *Engine) notifyPaused(ctx context.Context, r store.Rollout, devs []store.RolloutDevice, note string) {
	rel, err := e.Store.Release(ctx, r.ReleaseID)
	if err != nil {
		e.logger().Error("notices of a paused rollout", "rollout", r.ID, "err", err)
		return
	}
	e.notify(ctx, pausedNotices(r, rel, devs, note))
}

// notifyAborted writes the notices of an aborted rollout.
func (e *Engine) notifyAborted(ctx context.Context, id, why string) {
	r, err := e.Store.Rollout(ctx, id)
	var rel store.Release
	var devs []store.RolloutDevice
	if err == nil {
		rel, err = e.Store.Release(ctx, r.ReleaseID)
	}
	if err == nil {
		devs, err = e.Store.RolloutDevices(ctx, id)
	}
	if err != nil {
		e.logger().Error("notices of an aborted rollout", "rollout", id, "err", err)
		return
	}
	e.notify(ctx, abortedNotices(r, rel, devs, why))
}

// NotifyOwners writes the notices the open rollouts owe their owners and
// may not have written: to owners whose approval a rollout waits for,
// owners an emergency touches, owners of a rollout paused by its failure
// threshold. Notices already written are not written again. Run calls it
// when it starts, to repair a stop between a change and its notices; the
// server calls it when a device changes owner, so that the new owner
// hears of the rollouts its device is in.
func (e *Engine) NotifyOwners(ctx context.Context) error {
	rs, err := e.Store.Rollouts(ctx)
	if err != nil {
		return err
	}
	for _, r := range rs {
		open := r.State == store.RolloutPendingApproval || r.State == store.RolloutRunning || r.State == store.RolloutPaused
		if !open {
			continue
		}
		rel, err := e.Store.Release(ctx, r.ReleaseID)
		if err != nil {
			return fmt.Errorf("rollout %s: %w", r.ID, err)
		}
		devs, err := e.Store.RolloutDevices(ctx, r.ID)
		if err != nil {
			return fmt.Errorf("rollout %s: %w", r.ID, err)
		}
		approvals, err := e.Store.Approvals(ctx, r.ID)
		if err != nil {
			return fmt.Errorf("rollout %s: %w", r.ID, err)
		}
		approved := map[string]bool{}
		for _, a := range approvals {
			approved[a.OwnerID] = true
		}
		ns := createdNotices(r, rel, devs, approved)
		if r.State == store.RolloutPaused && strings.HasPrefix(r.StateNote, autoPausePrefix) {
			ns = append(ns, pausedNotices(r, rel, devs, r.StateNote)...)
		}
		e.notify(ctx, ns)
	}
	return nil
}

// autoPausePrefix begins the note of a rollout its failure threshold
// paused, and no other.
const autoPausePrefix = "paused: "
