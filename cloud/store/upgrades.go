package store

import (
	"context"
	"time"
)

// Release is a platform image the operator uploaded. The service checked
// its signatures against the platform root before accepting it; the image
// file is in the blob store under ID.
type Release struct {
	ID       string // the image file's SHA-256 in lower-case hex: its blob digest
	Model    string // e.g. "imp001"
	Slot     string // "improm" or "bootrom"
	Version  string // e.g. "36.10"
	Sequence int64  // the anti-rollback counter in the signed manifest
	Size     int64  // bytes of the image file
	// Encryption is the image's encryption mode (suit.EncryptionNone,
	// EncryptionModel or EncryptionDevice): a per-device image needs each
	// device's wrapped content key (PutWrappedKeys) before it is offered.
	Encryption int
	Manifest   []byte // the signed SUIT envelope, as offered to devices
	Uploaded   time.Time
	Withdrawn  *time.Time // nil while the release may be rolled out
}

// The states of a rollout.
const (
	RolloutPendingApproval = "pending-approval" // waits for the approval of every owner it touches
	RolloutRunning         = "running"
	RolloutPaused          = "paused" // by hand, or by a wave over its failure threshold
	RolloutAborted         = "aborted"
	RolloutDone            = "done"
)

// Rollout offers a release to a set of devices, wave by wave.
type Rollout struct {
	ID           string
	ReleaseID    string
	Mode         string   // "request" or "demand"
	Groups       []string // the device group ids it targets (any owner's)
	FromVersions string   // the improm versions it applies to, e.g. "<36.10" (empty: any older)
	Percent      int      // of the matching devices, 1 to 100
	// Waves are cumulative percentages of the rollout's devices, ending
	// at 100, e.g. [1, 10, 50, 100].
	Waves []int
	// FailureThreshold pauses the rollout when the share of a wave's
	// devices that failed passes it (0 to 1).
	FailureThreshold float64
	// Justification is why, required for a demand (REQ-PROC-13).
	Justification string
	// Emergency skips manufacturer approval; who declared it, when and
	// why is in Justification and the rollout's history.
	Emergency  bool
	AdvisoryID string // the advisory it fixes, if any
	State      string
	Wave       int    // the index in Waves of the wave now being offered
	StateNote  string // why it is in its state (e.g. the failure rate that paused it)
	Created    time.Time
	CreatedBy  string // the operator who made it
}

// Approval records an owner's approval of a rollout touching its devices.
type Approval struct {
	RolloutID string
	OwnerID   string
	By        string // the token name that approved
	At        time.Time
}

// The states of one device in a rollout.
const (
	DevicePending     = "pending"     // not yet in an offered wave
	DeviceWaiting     = "waiting"     // in an offered wave, outside its group's maintenance window
	DeviceOffered     = "offered"     // offered; waiting for the device
	DeviceDeferred    = "deferred"    // the device code deferred a request
	DeviceLowBattery  = "low-battery" // the supply was too low; nothing was erased
	DeviceDownloading = "downloading" //
	DeviceFlashing    = "flashing"    //
	DeviceSucceeded   = "succeeded"   // runs the release
	DeviceFailed      = "failed"      // Reason says why
)

// RolloutDevice is one device's place in a rollout.
type RolloutDevice struct {
	RolloutID string
	DeviceID  string
	OwnerID   string
	Wave      int // the index in the rollout's Waves of the wave it belongs to
	State     string
	Reason    string
	Deferrals int
	Updated   time.Time
}

// UpgradeEvent is one entry of a device's upgrade history.
type UpgradeEvent struct {
	Seq       int64
	DeviceID  string
	RolloutID string
	State     string
	Reason    string
	BatteryMV int
	Time      time.Time
}

// Advisory is a published vulnerability in platform firmware.
type Advisory struct {
	ID       string // e.g. "DREY-2026-0001"
	Severity string // "low", "medium", "high" or "critical"
	Summary  string
	Model    string // the model affected
	Affected string // the affected improm versions, a range such as ">=36.0 <36.10"
	Fixed    string // the first fixed version
	Created  time.Time
	// Confirmed is when the vulnerability was confirmed, from which its
	// fix target runs (REQ-VULN-5); Created if zero when recorded.
	Confirmed time.Time
}

// UpgradeStore keeps releases, rollouts, upgrade history and advisories.
type UpgradeStore interface {
	// CreateRelease records a verified release under its ID (its blob
	// digest); an ID already recorded is ErrConflict.
	CreateRelease(ctx context.Context, r Release) (Release, error)
	// Release returns one release.
	Release(ctx context.Context, id string) (Release, error)
	// Releases lists releases, newest first, without their manifests.
	Releases(ctx context.Context) ([]Release, error)
	// WithdrawRelease marks a release withdrawn from when (now if zero);
	// withdrawing twice keeps the first time.
	WithdrawRelease(ctx context.Context, id string, when time.Time) error

	// CreateRollout records a rollout and its devices, in one transaction,
	// and returns it with its ID and creation time. An unknown release,
	// group, device or advisory is ErrNotFound; a withdrawn release is
	// ErrInvalid.
	CreateRollout(ctx context.Context, r Rollout, devices []RolloutDevice) (Rollout, error)
	// Rollout returns one rollout.
	Rollout(ctx context.Context, id string) (Rollout, error)
	// Rollouts lists rollouts, newest first.
	Rollouts(ctx context.Context) ([]Rollout, error)
	// SetRolloutState changes a rollout's state, wave and note.
	SetRolloutState(ctx context.Context, id, state string, wave int, note string) error
	// ApproveRollout records an owner's approval; approving twice keeps
	// the first. An owner with no device in the rollout is ErrNotFound.
	ApproveRollout(ctx context.Context, a Approval) error
	// Approvals lists a rollout's approvals, oldest first. An unknown
	// rollout is ErrNotFound.
	Approvals(ctx context.Context, rolloutID string) ([]Approval, error)
	// RolloutDevices lists a rollout's devices, by device id. An unknown
	// rollout is ErrNotFound.
	RolloutDevices(ctx context.Context, rolloutID string) ([]RolloutDevice, error)
	// DeviceRollouts lists the rollouts a device belongs to that are not
	// finished for it (its state is not succeeded or failed), oldest
	// rollout first, leaving out rollouts aborted or done; the caller
	// filters the rest by rollout state and wave. It is for the system
	// (the gateway offering upgrades).
	DeviceRollouts(ctx context.Context, deviceID string) ([]RolloutDevice, error)
	// UpdateRolloutDevice sets a device's state, reason and deferral count
	// in a rollout and appends the change to its upgrade history, in one
	// transaction.
	UpdateRolloutDevice(ctx context.Context, d RolloutDevice, batteryMV int) error
	// UpgradeHistory returns one of the owner's devices' upgrade history,
	// oldest first.
	UpgradeHistory(ctx context.Context, ownerID, deviceID string) ([]UpgradeEvent, error)
	// PruneUpgradeHistory deletes upgrade events older than olderThan
	// (REQ-PRIV-4) and returns how many it deleted. A device's current
	// state in each rollout is kept.
	PruneUpgradeHistory(ctx context.Context, olderThan time.Time) (int64, error)

	// PutWrappedKeys records a release's content key wrapped for each of
	// the given devices (device id → wrapped key), replacing earlier ones,
	// in one transaction. An unknown release or device is ErrNotFound.
	PutWrappedKeys(ctx context.Context, releaseID string, keys map[string][]byte) error
	// WrappedKey returns a release's content key wrapped for a device;
	// ErrNotFound if none was recorded.
	WrappedKey(ctx context.Context, releaseID, deviceID string) ([]byte, error)

	// CreateAdvisory records an advisory; an ID in use is ErrConflict.
	CreateAdvisory(ctx context.Context, a Advisory) (Advisory, error)
	// Advisory returns one advisory.
	Advisory(ctx context.Context, id string) (Advisory, error)
	// Advisories lists advisories, newest first.
	Advisories(ctx context.Context) ([]Advisory, error)
}
