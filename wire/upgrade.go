package wire

import "time"

// UpgradeOffer offers the device new platform firmware. The device
// verifies the manifest against its root of trust before acting on any
// field (REQ-SEC-3), checks its supply, and then asks its code through
// server.onshutdown(SHUTDOWN_NEWFIRMWARE): a request may be deferred, a
// demand may not (REQ-PROC-10, REQ-PROC-11). It reports each step with an
// UpgradeStatus.
type UpgradeOffer struct {
	RolloutID  string        // at most MaxRolloutID bytes
	Mode       UpgradeMode   // request or demand
	URL        string        // where the image file is, over plain cacheable HTTP; at most MaxURL bytes
	Manifest   []byte        // the signed SUIT envelope, opaque here; at most MaxManifest bytes
	WrappedKey []byte        // the content key wrapped for this device; empty for an unencrypted image
	Grace      time.Duration // how long the device code has to get ready, whole seconds up to MaxGrace
}

// Type returns TypeUpgradeOffer.
func (*UpgradeOffer) Type() Type { return TypeUpgradeOffer }

// Encode appends the body of o to b.
func (o *UpgradeOffer) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeUpgradeOffer, b)
	e.string("rollout_id", o.RolloutID, MaxRolloutID)
	e.enum("mode", byte(o.Mode), modeNames)
	e.string("url", o.URL, MaxURL)
	e.bytes("manifest", o.Manifest, MaxManifest)
	e.bytes("wrapped_key", o.WrappedKey, MaxWrappedKey)
	e.seconds("grace", o.Grace, 0, MaxGrace)
	return e.result()
}

func (o *UpgradeOffer) decode(d *decoder) {
	o.RolloutID = d.string("rollout_id", MaxRolloutID)
	o.Mode = UpgradeMode(d.enum("mode", modeNames))
	o.URL = d.string("url", MaxURL)
	o.Manifest = d.bytes("manifest", MaxManifest)
	o.WrappedKey = d.bytes("wrapped_key", MaxWrappedKey)
	o.Grace = d.seconds("grace", 0, MaxGrace)
}

// UpgradeMode says whether the device code may defer an upgrade.
type UpgradeMode byte

// The upgrade modes.
const (
	UpgradeRequest UpgradeMode = iota + 1 // the device code may defer it
	UpgradeDemand                         // the device code is told, and has Grace to get ready
)

var modeNames = enum{"", "request", "demand"}

// String returns "request" or "demand".
func (m UpgradeMode) String() string { return modeNames.name(byte(m)) }

// UpgradeStatus reports the progress or outcome of an UpgradeOffer
// (REQ-PROC-14).
type UpgradeStatus struct {
	RolloutID string       // the offer's rollout
	State     UpgradeState // where the upgrade is
	Reason    string       // why, for Deferred, LowBattery and Failed; at most MaxErrorText bytes
	BatteryMV uint32       // supply voltage in millivolts when the status was sent; 0 if not measured
}

// Type returns TypeUpgradeStatus.
func (*UpgradeStatus) Type() Type { return TypeUpgradeStatus }

// Encode appends the body of s to b.
func (s *UpgradeStatus) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeUpgradeStatus, b)
	e.string("rollout_id", s.RolloutID, MaxRolloutID)
	e.enum("state", byte(s.State), stateNames)
	e.string("reason", s.Reason, MaxErrorText)
	e.uvarint(uint64(s.BatteryMV))
	return e.result()
}

func (s *UpgradeStatus) decode(d *decoder) {
	s.RolloutID = d.string("rollout_id", MaxRolloutID)
	s.State = UpgradeState(d.enum("state", stateNames))
	s.Reason = d.string("reason", MaxErrorText)
	s.BatteryMV = d.uint32("battery_mv")
}

// UpgradeState is a step of an upgrade on the device.
type UpgradeState byte

// The upgrade states.
const (
	UpgradeDeferred    UpgradeState = iota + 1 // the device code deferred a request; the server offers it again later
	UpgradeLowBattery                          // the supply is too low to erase and write flash; nothing was erased
	UpgradeDownloading                         // the improm is fetching and verifying the image, writing nothing
	UpgradeFlashing                            // verified: the improm invalidates itself and resets into the bootrom
	UpgradeSucceeded                           // the new improm runs (sent after the restart)
	UpgradeFailed                              // refused or failed; Reason says why
)

var stateNames = enum{"", "deferred", "low-battery", "downloading", "flashing", "succeeded", "failed"}

// String returns the state's name, such as "low-battery".
func (s UpgradeState) String() string { return stateNames.name(byte(s)) }
