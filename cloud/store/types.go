package store

import "time"

// Owner is an account that owns devices (a device manufacturer).
type Owner struct {
	ID      string
	Name    string // unique among owners
	Created time.Time
}

// Token is an owner's API token. Its secret is shown once, by CreateToken;
// the store keeps only its SHA-256 hash.
type Token struct {
	ID      string
	OwnerID string
	Name    string // what the owner calls it, e.g. "ci"
	Created time.Time
	Revoked *time.Time // nil while the token works
}

// Group is a device group (a product): devices in it run the same code.
type Group struct {
	ID       string
	OwnerID  string
	Name     string // unique among the owner's groups
	TimeZone string // IANA name for maintenance windows; "UTC" if empty
	// Maintenance is the daily window ("HH:MM-HH:MM" in TimeZone) in
	// which rollouts may offer the group's devices upgrades; "" for any
	// time. The caller validates it (rollout.ParseWindow).
	Maintenance string
}

// Device is an enrolled device and what it last reported of itself.
type Device struct {
	ID        string // the device id; made by the store if empty at enrolment
	OwnerID   string
	GroupID   string // "" while the device is in no group
	Model     string // e.g. "imp001"
	PublicKey []byte // the device's identity public key, DER (PKIX); unique
	WrapKey   []byte // its X25519 key-wrapping public key, DER (PKIX); nil if not registered
	Enrolled  time.Time
	Revoked   *time.Time // nil while the device may connect

	// The rest is the status the device reports on each connection.
	DeviceStatus
}

// DeviceStatus is what a device reports when it connects.
type DeviceStatus struct {
	LastSeen       time.Time // zero if never seen
	ImpromVersion  string
	BootromVersion string
	Counter        int64  // the device's monotonic counter, as reported
	RootVersion    uint64 // the version of the platform root of trust it holds
}

// Deployment is one version of a group's customer code: the device and
// agent bytecode compiled from the sources kept beside them.
type Deployment struct {
	ID           string
	OwnerID      string
	GroupID      string
	Version      int // 1, 2, 3, ... per group, assigned by the store
	DeviceCode   []byte
	AgentCode    []byte
	DeviceSource string
	AgentSource  string
	Digest       string // the deploy package's digest of the bytecode
	Created      time.Time

	// RolledBackFrom is, for a deployment made by RollbackDeployment, the
	// earlier version whose code it copies; nil for an ordinary deploy.
	RolledBackFrom *int
}

// LogSource says which side of a device wrote a log line.
type LogSource string

// The log sources.
const (
	SourceDevice LogSource = "device" // the device's code (server.log)
	SourceAgent  LogSource = "agent"  // the agent's code
	SourceStatus LogSource = "status" // the platform: connects, deploys, errors
)

// LogLevel is the severity of a log line.
type LogLevel string

// The log levels.
const (
	LevelInfo  LogLevel = "info"
	LevelError LogLevel = "error"
)

// LogLine is one line of a device's log.
type LogLine struct {
	Seq      int64 // increasing in the order lines were appended; set by the store
	DeviceID string
	Time     time.Time
	Source   LogSource
	Level    LogLevel
	Text     string
}
