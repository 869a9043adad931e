package rollout

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sync"
	"time"

	"drey/cloud/store"
	"drey/internal/version"
	"drey/wire"
)

// Devices is how the engine reaches devices: the gateway.
type Devices interface {
	// Offer sends an upgrade offer to a connected device; an error means
	// it was not sent (the device is not connected).
	Offer(deviceID string, o *wire.UpgradeOffer) error
	// Connected reports whether a device has a live link.
	Connected(deviceID string) bool
}

// Engine runs the rollouts. Its methods are safe for concurrent use.
type Engine struct {
	Store   store.Store
	Devices Devices
	// ImageURL returns where devices fetch a release's image.
	ImageURL func(releaseID string) string
	Log      *slog.Logger
	Now      func() time.Time // (nil: time.Now)

	// DeferLimit is how many times device code may defer a request before
	// the next offer is a demand (REQ-PROC-12). 0: DefaultDeferLimit.
	DeferLimit int
	// RetryDeferred and RetryLowBattery are how long a device that
	// deferred, or whose battery was too low, waits for the next offer.
	RetryDeferred, RetryLowBattery time.Duration
	// Grace is how long device code has to get ready for a restart.
	Grace time.Duration
	// Interval is how often Run looks at the rollouts (0: 5 s).
	Interval time.Duration
	// Notified, if set, is called with the owners' notices the engine has
	// just added to the store (to wake a webhook deliverer).
	Notified func([]store.Notice)

	mu      sync.Mutex  // serialises decisions about rollouts as wholes: state, waves
	devices deviceLocks // serialise changes to one device's rows (locks.go)
	stats   counters
}

// The defaults of the engine's policy, documented in docs/rollouts.md.
const (
	DefaultDeferLimit      = 3
	DefaultRetryDeferred   = time.Hour
	DefaultRetryLowBattery = 6 * time.Hour
	DefaultGrace           = 60 * time.Second
)

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) logger() *slog.Logger {
	if e.Log != nil {
		return e.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (e *Engine) deferLimit() int {
	if e.DeferLimit > 0 {
		return e.DeferLimit
	}
	return DefaultDeferLimit
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Spec describes a new rollout.
type Spec struct {
	ReleaseID        string   `json:"release"`
	Mode             string   `json:"mode"`   // "request" or "demand"
	Groups           []string `json:"groups"` // group ids; empty: every device of the release's model
	FromVersions     string   `json:"from"`   // a version range; empty: any version older than the release
	Percent          int      `json:"percent"`
	Waves            []int    `json:"waves"`
	FailureThreshold float64  `json:"failure_threshold"`
	Justification    string   `json:"justification"`
	Emergency        bool     `json:"emergency"`
	AdvisoryID       string   `json:"advisory"`
	CreatedBy        string   `json:"by,omitempty"` // the person responsible (REQ-OWN-3)
}

// Errors of Create.
var (
	ErrNoDevices = errors.New("no device matches the rollout")
	ErrWithdrawn = errors.New("the release is withdrawn")
)

// Create makes a rollout: it picks the devices (the release's model, in
// the groups, in the version range, older than the release, not revoked;
// a deterministic Percent of them), assigns them to waves, and starts it
// at once if it is an emergency, else waits for every owner it touches
// to approve.
func (e *Engine) Create(ctx context.Context, s Spec) (store.Rollout, error) {
	rel, err := e.Store.Release(ctx, s.ReleaseID)
	if err != nil {
		return store.Rollout{}, fmt.Errorf("release %q: %w", s.ReleaseID, err)
	}
	if rel.Withdrawn != nil {
		return store.Rollout{}, fmt.Errorf("release %s: %w", rel.ID, ErrWithdrawn)
	}
	if s.AdvisoryID != "" {
		if err := e.fromAdvisory(ctx, &s, rel); err != nil {
			return store.Rollout{}, err
		}
	}
	if s.Mode == "" {
		s.Mode = "request"
	}
	if s.Percent == 0 {
		s.Percent = 100
	}
	if len(s.Waves) == 0 {
		s.Waves = []int{100}
	}
	if s.FailureThreshold == 0 {
		s.FailureThreshold = 0.2
	}
	rng, err := version.ParseRange(s.FromVersions)
	if err != nil {
		return store.Rollout{}, fmt.Errorf("from: %w", err)
	}
	all, err := e.Store.AllDevices(ctx)
	if err != nil {
		return store.Rollout{}, err
	}
	var picked []store.Device
	for _, d := range all {
		if d.Revoked != nil || d.Model != rel.Model || (len(s.Groups) > 0 && !slices.Contains(s.Groups, d.GroupID)) {
			continue
		}
		cur := d.ImpromVersion
		if rel.Slot == "bootrom" {
			cur = d.BootromVersion
		}
		if c, err := version.Compare(cur, rel.Version); err != nil || c >= 0 || !rng.Contains(cur) {
			continue
		}
		picked = append(picked, d)
	}
	// A deterministic order, the same on every server: who goes first is
	// decided by a hash, not by enrolment order.
	key := func(d store.Device) [32]byte { return sha256.Sum256([]byte(rel.ID + "\x00" + d.ID)) }
	slices.SortFunc(picked, func(a, b store.Device) int {
		ka, kb := key(a), key(b)
		return slices.Compare(ka[:], kb[:])
	})
	picked = picked[:int(math.Ceil(float64(len(picked))*float64(s.Percent)/100))]
	if len(picked) == 0 {
		return store.Rollout{}, ErrNoDevices
	}
	devs := make([]store.RolloutDevice, len(picked))
	for i, d := range picked {
		w := 0
		for w < len(s.Waves)-1 && i >= int(math.Ceil(float64(len(picked))*float64(s.Waves[w])/100)) {
			w++
		}
		devs[i] = store.RolloutDevice{DeviceID: d.ID, OwnerID: d.OwnerID, Wave: w, State: store.DevicePending}
	}
	state := store.RolloutPendingApproval
	if s.Emergency {
		state = store.RolloutRunning
	}
	r, err := e.Store.CreateRollout(ctx, store.Rollout{ReleaseID: rel.ID, Mode: s.Mode, Groups: s.Groups, FromVersions: s.FromVersions,
		Percent: s.Percent, Waves: s.Waves, FailureThreshold: s.FailureThreshold, Justification: s.Justification,
		Emergency: s.Emergency, AdvisoryID: s.AdvisoryID, State: state, CreatedBy: s.CreatedBy}, devs)
	if err != nil {
		return store.Rollout{}, err
	}
	e.logger().Info("rollout created", "rollout", r.ID, "release", rel.ID, "devices", len(devs), "state", r.State, "emergency", s.Emergency)
	e.notify(ctx, createdNotices(r, rel, devs, nil)) // REQ-OWN-3
	return r, nil
}

// Approve records an owner's approval; once every owner the rollout
// touches has approved, it starts.
func (e *Engine) Approve(ctx context.Context, rolloutID, ownerID, by string) error {
	if err := e.Store.ApproveRollout(ctx, store.Approval{RolloutID: rolloutID, OwnerID: ownerID, By: by, At: e.now()}); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	r, err := e.Store.Rollout(ctx, rolloutID)
	if err != nil || r.State != store.RolloutPendingApproval {
		return err
	}
	devs, err := e.Store.RolloutDevices(ctx, rolloutID)
	if err != nil {
		return err
	}
	approvals, err := e.Store.Approvals(ctx, rolloutID)
	if err != nil {
		return err
	}
	approved := map[string]bool{}
	for _, a := range approvals {
		approved[a.OwnerID] = true
	}
	for _, d := range devs {
		if !approved[d.OwnerID] {
			return nil
		}
	}
	return e.Store.SetRolloutState(ctx, rolloutID, store.RolloutRunning, r.Wave, "approved by every owner")
}

// Pause, Resume and Abort are the operator's controls.
func (e *Engine) Pause(ctx context.Context, id, why string) error {
	return e.setState(ctx, id, []string{store.RolloutRunning}, store.RolloutPaused, why)
}

// Resume restarts a paused rollout.
func (e *Engine) Resume(ctx context.Context, id, why string) error {
	return e.setState(ctx, id, []string{store.RolloutPaused}, store.RolloutRunning, why)
}

// Abort ends a rollout: nothing more is offered. Devices already
// upgrading finish, on the new image or the old.
func (e *Engine) Abort(ctx context.Context, id, why string) error {
	if err := e.setState(ctx, id, []string{store.RolloutRunning, store.RolloutPaused, store.RolloutPendingApproval}, store.RolloutAborted, why); err != nil {
		return err
	}
	e.notifyAborted(ctx, id, why) // REQ-OWN-3
	return nil
}

// ErrState means a control does not apply in the rollout's state.
var ErrState = errors.New("not allowed in the rollout's state")

func (e *Engine) setState(ctx context.Context, id string, from []string, to, why string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	r, err := e.Store.Rollout(ctx, id)
	if err != nil {
		return err
	}
	if !slices.Contains(from, r.State) {
		return fmt.Errorf("rollout %s is %s: %w", id, r.State, ErrState)
	}
	return e.Store.SetRolloutState(ctx, id, to, r.Wave, why)
}

// fromAdvisory fills a spec from the advisory it fixes: the affected
// versions are the targets, and a critical advisory makes a demand whose
// justification is the advisory (REQ-PROC-13, REQ-VULN-5).
func (e *Engine) fromAdvisory(ctx context.Context, s *Spec, rel store.Release) error {
	adv, err := e.Store.Advisory(ctx, s.AdvisoryID)
	if err != nil {
		return fmt.Errorf("advisory %q: %w", s.AdvisoryID, err)
	}
	if adv.Model != rel.Model {
		return fmt.Errorf("advisory %s affects %s, release %s is for %s: %w", adv.ID, adv.Model, rel.ID, rel.Model, ErrMismatch)
	}
	if c, err := version.Compare(rel.Version, adv.Fixed); err != nil || c < 0 {
		return fmt.Errorf("release %s is version %s, before the fix of advisory %s in %s: %w", rel.ID, rel.Version, adv.ID, adv.Fixed, ErrMismatch)
	}
	if s.FromVersions == "" {
		s.FromVersions = adv.Affected
	}
	if s.Mode == "" && adv.Severity == "critical" {
		s.Mode = "demand"
	}
	if s.Justification == "" {
		s.Justification = fmt.Sprintf("advisory %s (%s): %s", adv.ID, adv.Severity, adv.Summary)
	}
	return nil
}

// ErrMismatch means a release does not fix the advisory named with it.
var ErrMismatch = errors.New("the release does not fix the advisory")
