package rollout

import (
	"context"
	"hash/maphash"
	"sync"

	"drey/cloud/store"
)

// The engine's locks. Decisions about a rollout as a whole (its state,
// its waves) take Engine.mu; changes to one device's place in rollouts
// (an offer, a report, a timeout) take that device's lock, and re-read
// the device's row under it, so that a tick working from a snapshot never
// overwrites what the device has just reported. No lock is held for one
// device while another is dealt with: a fleet's reports do not queue
// behind a tick over the whole rollout.

// deviceStripes is how many locks the devices share, by a hash of their
// ids.
const deviceStripes = 256

type deviceLocks struct {
	seed    maphash.Seed
	once    sync.Once
	stripes [deviceStripes]sync.Mutex
}

// lock locks device id's stripe and returns its unlock.
func (l *deviceLocks) lock(id string) func() {
	l.once.Do(func() { l.seed = maphash.MakeSeed() })
	m := &l.stripes[maphash.String(l.seed, id)%deviceStripes]
	m.Lock()
	return m.Unlock
}

// rolloutDevice returns a device's current row in a rollout; ok is false
// if it has none (it finished, or was never in it).
func (e *Engine) rolloutDevice(ctx context.Context, rolloutID, deviceID string) (store.RolloutDevice, bool, error) {
	rds, err := e.Store.DeviceRollouts(ctx, deviceID)
	if err != nil {
		return store.RolloutDevice{}, false, err
	}
	for _, d := range rds {
		if d.RolloutID == rolloutID {
			return d, true, nil
		}
	}
	return store.RolloutDevice{}, false, nil
}
