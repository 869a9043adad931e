package wire

import "time"

// Version is the protocol version this package speaks, and the only one:
// a peer that offers another is refused with a Close frame saying so.
const Version = 1

// Frame size limits. A frame's length counts its type byte and body, not
// the length prefix itself.
const (
	// DefaultMaxFrame is the frame limit of a connection whose Config
	// does not set one: room for the largest Deploy with margin.
	DefaultMaxFrame = 1 << 20
	// MinMaxFrame is the smallest limit a Config may set, so that Hello,
	// Close and the other control frames always fit.
	MinMaxFrame = 4 << 10
)

// Bounds of variable-length fields, in bytes for strings and bytes and in
// items for lists. Encode refuses a value over its bound, and so does the
// decoder, before it allocates anything for it.
const (
	MaxModel        = 32        // Hello.Model: "imp001"
	MaxDeviceID     = 64        // Hello.DeviceID
	MaxVersionText  = 64        // Hello.Bootrom, Hello.Improm: "36.10"
	MaxDeploymentID = 64        // deployment ids in Hello, HelloAck, Deploy, DeployAck
	MaxLogText      = 4 << 10   // Log.Text; longer lines are cut by the sender
	MaxErrorText    = 1 << 10   // Error.Text, DeployAck.Error, UpgradeStatus.Reason
	MaxStackFrames  = 32        // Error.Stack, innermost first
	MaxFunction     = 128       // StackFrame.Function
	MaxFile         = 256       // StackFrame.File
	MaxLocals       = 32        // Error.Locals
	MaxLocalName    = 64        // Local.Name
	MaxLocalValue   = 256       // Local.Value
	MaxMessageName  = 256       // Message.Name
	MaxPayload      = 128 << 10 // Message.Payload
	MaxBytecode     = 256 << 10 // Deploy.Bytecode
	MaxRolloutID    = 64        // UpgradeOffer.RolloutID, UpgradeStatus.RolloutID
	MaxURL          = 2048      // UpgradeOffer.URL
	MaxManifest     = 64 << 10  // UpgradeOffer.Manifest: a SUIT envelope, as image/format bounds it
	MaxWrappedKey   = 4 << 10   // UpgradeOffer.WrappedKey
	MaxCloseReason  = 256       // Close.Reason
	MaxRoot         = 64 << 10  // Root.Signed: signed root metadata with room for several RSA-4096 keys
)

// MaxInFlight is how many Messages a sender may have unanswered on one
// connection, and how many a receiver queues for their handlers: a send
// beyond it fails at once, and a well-behaved sender never meets a
// MessageNack with NackBusy for its own burst.
const MaxInFlight = 64

// Bounds of durations, which travel in whole seconds.
const (
	MaxKeepalive = time.Hour          // HelloAck.Keepalive, at least one second
	MaxGrace     = 7 * 24 * time.Hour // UpgradeOffer.Grace
	MaxDeadline  = 24 * time.Hour     // Shutdown.Deadline
	MaxDefer     = 7 * 24 * time.Hour // ShutdownDefer.Delay, at least one second
)

// Keepalive defaults (see docs/protocol.md, "Keepalive").
const (
	// DefaultKeepalive is the keepalive interval a server offers unless
	// configured otherwise.
	DefaultKeepalive = 60 * time.Second
	// HandshakeTimeout is how long a server waits for a Hello after the
	// TLS handshake, and a device for the HelloAck.
	HandshakeTimeout = 30 * time.Second
)

// KeepaliveTimeout is how long a side waits for any frame before it
// treats the connection as dead, given the keepalive interval k: each
// side sends at least one frame every k, so 1.5k leaves half an interval
// for latency.
func KeepaliveTimeout(k time.Duration) time.Duration { return k + k/2 }
