package rollout

import (
	"sync/atomic"

	"drey/wire"
)

// Stats are the engine's counters since it started.
type Stats struct {
	Offers  int64            // upgrade offers sent
	Reports map[string]int64 // devices' upgrade statuses, by state ("deferred", "failed", ...)
}

// counters is the engine's live counts. The zero value is ready.
type counters struct {
	offers  atomic.Int64
	reports [wire.UpgradeFailed + 1]atomic.Int64
}

func (c *counters) report(s wire.UpgradeState) {
	if s <= wire.UpgradeFailed {
		c.reports[s].Add(1)
	}
}

// Stats returns the engine's counters.
func (e *Engine) Stats() Stats {
	st := Stats{Offers: e.stats.offers.Load(), Reports: map[string]int64{}}
	for s := wire.UpgradeDeferred; s <= wire.UpgradeFailed; s++ {
		st.Reports[s.String()] = e.stats.reports[s].Load()
	}
	return st
}
