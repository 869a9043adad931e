package store

import (
	"context"
	"time"
)

// Store is the cloud service's persistent state. SQLite implements it for
// one process (OpenSQLite); a PostgreSQL implementation will for many. Both
// must pass the same conformance suite.
//
// Every method is safe for concurrent use. Every change is one
// transaction: it happens whole or not at all, even across a crash.
// Errors wrap ErrNotFound, ErrConflict, ErrRevoked or ErrInvalid where one
// applies.
type Store interface {
	OwnerStore
	GroupStore
	DeviceStore
	DeploymentStore
	LogStore
	AgentDataStore
	UpgradeStore
	ModelStore
	NoticeStore

	// Close releases the store. No other method may be called after it;
	// calling Close again is harmless.
	Close() error
}

// OwnerStore keeps owners and their API tokens.
type OwnerStore interface {
	// CreateOwner adds an owner; a name already taken is ErrConflict.
	CreateOwner(ctx context.Context, name string) (Owner, error)

	// Owner returns one owner.
	Owner(ctx context.Context, ownerID string) (Owner, error)

	// OwnerByName returns the owner with this name.
	OwnerByName(ctx context.Context, name string) (Owner, error)

	// CreateToken makes an API token for the owner and returns it with its
	// secret. The secret is returned this once and never stored: only its
	// SHA-256 hash is.
	CreateToken(ctx context.Context, ownerID, name string) (Token, string, error)

	// Tokens lists the owner's tokens, revoked ones included, oldest first.
	Tokens(ctx context.Context, ownerID string) ([]Token, error)

	// OwnerForToken returns the owner a token secret authenticates. The
	// secret is looked up by its hash, so the lookup compares no secret
	// bytes. An unknown secret is ErrNotFound and a revoked one ErrRevoked.
	OwnerForToken(ctx context.Context, secret string) (Owner, error)

	// RevokeToken revokes one of the owner's tokens from when (now if
	// zero). Revoking a revoked token keeps the first time.
	RevokeToken(ctx context.Context, ownerID, tokenID string, when time.Time) error
}

// GroupStore keeps device groups (products).
type GroupStore interface {
	// CreateGroup adds a group for g.OwnerID and returns it with its id
	// (made if g.ID is empty) and time zone (UTC if empty). A name the
	// owner already uses is ErrConflict.
	CreateGroup(ctx context.Context, g Group) (Group, error)

	// Group returns one of the owner's groups.
	Group(ctx context.Context, ownerID, groupID string) (Group, error)

	// Groups lists the owner's groups by name.
	Groups(ctx context.Context, ownerID string) ([]Group, error)
	// SetGroupMaintenance sets one of the owner's groups' maintenance
	// window ("" for none).
	SetGroupMaintenance(ctx context.Context, ownerID, groupID, window string) error
}

// DeviceStore keeps enrolled devices.
type DeviceStore interface {
	// EnrollDevice adds a device for d.OwnerID, in d.GroupID if not empty
	// (a group of the same owner), and returns it with its id and
	// enrolment time (now, if d.Enrolled is zero) filled in; d.Revoked is
	// ignored. A device id or public key already enrolled, even if since
	// revoked, is ErrConflict.
	EnrollDevice(ctx context.Context, d Device) (Device, error)

	// Device returns a device whatever its owner. It is for the system
	// (gateway, agent runtime) finding the owner of a device it serves; a
	// caller acting for an owner must use DeviceForOwner.
	Device(ctx context.Context, deviceID string) (Device, error)

	// DeviceForOwner returns one of the owner's devices, revoked or not.
	DeviceForOwner(ctx context.Context, ownerID, deviceID string) (Device, error)

	// DeviceByPublicKey returns the device with this identity key (DER).
	// For a revoked device it returns the device and an error wrapping
	// ErrRevoked, so that a caller authenticating a device fails closed.
	DeviceByPublicKey(ctx context.Context, der []byte) (Device, error)

	// Devices lists the owner's devices by id: all of them if groupID is
	// empty, else those in that group.
	Devices(ctx context.Context, ownerID, groupID string) ([]Device, error)

	// AllDevices lists every device of every owner, revoked ones
	// included, by id. It is for the system (the agent runtime starting
	// every device's agent); a caller acting for an owner uses Devices.
	AllDevices(ctx context.Context) ([]Device, error)
	// AssignDevice moves one of the owner's devices into one of the owner's
	// groups, or out of any group if groupID is empty.
	AssignDevice(ctx context.Context, ownerID, deviceID, groupID string) error

	// RevokeDevice revokes one of the owner's devices from when (now if
	// zero). Revoking a revoked device keeps the first time.
	RevokeDevice(ctx context.Context, ownerID, deviceID string, when time.Time) error

	// UpdateDeviceStatus records what one of the owner's devices reported
	// on connecting. A revoked device is ErrRevoked.
	UpdateDeviceStatus(ctx context.Context, ownerID, deviceID string, s DeviceStatus) error

	// TransferDevice gives a device of fromOwnerID to toOwnerID, out of any
	// group, and deletes its logs and agent data with it, so the previous
	// owner keeps no access to them (REQ-OWN-4). Its entries in rollouts
	// not aborted or done become the new owner's.
	TransferDevice(ctx context.Context, fromOwnerID, deviceID, toOwnerID string) error
}

// DeploymentStore keeps the versioned code of each group.
type DeploymentStore interface {
	// CreateDeployment stores d as the next version of d.GroupID, a group of
	// d.OwnerID, and returns it with its id, version and creation time.
	// Versions are assigned atomically: concurrent calls get distinct,
	// increasing versions.
	CreateDeployment(ctx context.Context, d Deployment) (Deployment, error)

	// Deployment returns one version of one of the owner's groups, whole.
	Deployment(ctx context.Context, ownerID, groupID string, version int) (Deployment, error)

	// Deployments lists the versions of one of the owner's groups, newest
	// first, without their code and sources (DeviceCode, AgentCode,
	// DeviceSource and AgentSource are empty): fetch one with Deployment.
	Deployments(ctx context.Context, ownerID, groupID string) ([]Deployment, error)

	// CurrentDeployment returns the newest version of the group, whole.
	// A group with no deployment is ErrNotFound.
	CurrentDeployment(ctx context.Context, ownerID, groupID string) (Deployment, error)

	// RollbackDeployment stores a copy of version toVersion as the next
	// version, with RolledBackFrom set to toVersion, and returns it.
	RollbackDeployment(ctx context.Context, ownerID, groupID string, toVersion int) (Deployment, error)
}

// LogStore keeps per-device logs.
type LogStore interface {
	// AppendLog adds a line to the log of one of the owner's devices,
	// stamped now if l.Time is zero. l.Seq is ignored. If ctx ends while
	// the line is being committed, the line may still be kept.
	AppendLog(ctx context.Context, ownerID string, l LogLine) error

	// Logs returns the most recent lines, at most limit (all if limit <= 0),
	// of one of the owner's devices whose time is not before since, in
	// the order they happened.
	Logs(ctx context.Context, ownerID, deviceID string, since time.Time, limit int) ([]LogLine, error)

	// PruneLogs applies the retention policy to every device (REQ-PRIV-4):
	// it deletes lines older than olderThan (unless zero) and then all but
	// the newest maxPerDevice lines of each device (unless <= 0). It
	// returns how many lines it deleted.
	PruneLogs(ctx context.Context, olderThan time.Time, maxPerDevice int) (int64, error)
}

// AgentDataStore keeps what each device's agent saves with server.save.
type AgentDataStore interface {
	// SaveAgentData replaces the saved data of one of the owner's devices.
	// The caller enforces the size limit.
	SaveAgentData(ctx context.Context, ownerID, deviceID string, data []byte) error

	// LoadAgentData returns the saved data of one of the owner's devices:
	// nil if its agent never saved any, empty but not nil if it saved an
	// empty value.
	LoadAgentData(ctx context.Context, ownerID, deviceID string) ([]byte, error)
}
