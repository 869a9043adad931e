package vuln

import (
	"sort"
	"time"

	"drey/cloud/store"
	"drey/internal/version"
)

// The status of an advisory.
const (
	StatusOpen    = "open"    // supported devices still run an affected version, within the target
	StatusOverdue = "overdue" // they still do, and the fix target has passed
	StatusFixed   = "fixed"   // no supported device runs an affected version
)

// Exposure is one advisory measured against the fleet at a moment.
type Exposure struct {
	Advisory store.Advisory
	// Devices counts the devices of the advisory's model, not revoked,
	// whose improm version is in its affected range; ByOwner splits them
	// by owner id. Supported counts those of them still supported: the
	// fix target is theirs.
	Devices   int
	ByOwner   map[string]int
	Supported int
	// DaysSinceConfirmed is whole days from confirmation to the moment.
	DaysSinceConfirmed int
	// Due is when the fix must be deployed by; zero if the severity has
	// no target.
	Due time.Time
	// Overdue is true when Due has passed and supported devices are
	// still exposed.
	Overdue bool
	Status  string // StatusOpen, StatusOverdue or StatusFixed
}

// Assess measures each advisory against the devices at now, in the
// order of the advisories. A device is exposed if it is not revoked, is
// of the advisory's model and has reported an improm version in the
// affected range; it counts towards the target if supported says it is
// supported (supported nil: every device is). An advisory is fixed when
// no supported device is exposed, overdue when some still are after its
// target date, and open otherwise. An advisory whose range or severity
// does not parse counts no devices and has no target; the store does not
// accept such advisories.
func Assess(advisories []store.Advisory, devices []store.Device, now time.Time, supported func(store.Device) bool) []Exposure {
	out := make([]Exposure, 0, len(advisories))
	for _, adv := range advisories {
		e := Exposure{Advisory: adv, ByOwner: map[string]int{}}
		if rng, err := version.ParseRange(adv.Affected); err == nil && adv.Affected != "" {
			for _, d := range devices {
				if d.Revoked != nil || d.Model != adv.Model || d.ImpromVersion == "" || !rng.Contains(d.ImpromVersion) {
					continue
				}
				e.Devices++
				e.ByOwner[d.OwnerID]++
				if supported == nil || supported(d) {
					e.Supported++
				}
			}
		}
		confirmed := adv.Confirmed
		if confirmed.IsZero() {
			confirmed = adv.Created
		}
		if since := now.Sub(confirmed); since > 0 {
			e.DaysSinceConfirmed = int(since / Day)
		}
		if due, ok, err := Due(adv.Severity, confirmed); ok && err == nil {
			e.Due = due
		}
		e.Overdue = e.Supported > 0 && !e.Due.IsZero() && now.After(e.Due)
		switch {
		case e.Supported == 0:
			e.Status = StatusFixed
		case e.Overdue:
			e.Status = StatusOverdue
		default:
			e.Status = StatusOpen
		}
		out = append(out, e)
	}
	return out
}

// ByUrgency sorts exposures so that what needs doing first comes first:
// overdue, then open, then fixed; within each, the nearest target (none
// last), then the most supported devices exposed, then the advisory id.
func ByUrgency(es []Exposure) {
	rank := map[string]int{StatusOverdue: 0, StatusOpen: 1, StatusFixed: 2}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		if a.Supported != b.Supported {
			return a.Supported > b.Supported
		}
		return a.Advisory.ID < b.Advisory.ID
	})
}
