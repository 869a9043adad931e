package rollout

import (
	"context"
	"errors"
	"slices"

	"drey/cloud/store"
)

// AbortRelease aborts every rollout of a release that has not ended, as
// when the release is withdrawn: its image is no longer to be installed
// anywhere (for example, it was signed with a key since revoked). It
// returns the ids of the rollouts aborted. Devices already installing
// finish, on the new image or the old.
func (e *Engine) AbortRelease(ctx context.Context, releaseID, why string) ([]string, error) {
	rs, err := e.Store.Rollouts(ctx)
	if err != nil {
		return nil, err
	}
	live := []string{store.RolloutRunning, store.RolloutPaused, store.RolloutPendingApproval}
	var aborted []string
	for _, r := range rs {
		if r.ReleaseID != releaseID || !slices.Contains(live, r.State) {
			continue
		}
		if err := e.Abort(ctx, r.ID, why); err != nil && !errors.Is(err, ErrState) {
			return aborted, err
		}
		aborted = append(aborted, r.ID)
	}
	return aborted, nil
}
