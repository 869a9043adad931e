package wire

import "time"

// Hello is the device's first frame on every connection: who it is, what
// it runs and how it is. The server checks DeviceID against the identity
// of the client certificate before it believes any of it.
type Hello struct {
	Version         uint64      // protocol version: Version; always the first field
	Model           string      // hardware model, such as "imp001"
	DeviceID        string      // the device's id, as in its certificate
	Bootrom         string      // bootrom version, such as "36.10"
	Improm          string      // improm version
	SecurityCounter uint64      // anti-rollback counter: the highest image sequence number accepted
	BatteryMV       uint32      // supply voltage in millivolts; 0 if not measured
	FreeMemory      uint32      // free Squirrel heap in bytes
	Reset           ResetReason // why the device last started
	Deployment      string      // id of the code deployment the device runs; "" for none
	RootVersion     uint64      // version of the root of trust the device holds
}

// Type returns TypeHello.
func (*Hello) Type() Type { return TypeHello }

// Encode appends the body of h to b.
func (h *Hello) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeHello, b)
	e.uvarint(h.Version)
	e.string("model", h.Model, MaxModel)
	e.string("device_id", h.DeviceID, MaxDeviceID)
	e.string("bootrom", h.Bootrom, MaxVersionText)
	e.string("improm", h.Improm, MaxVersionText)
	e.uvarint(h.SecurityCounter)
	e.uvarint(uint64(h.BatteryMV))
	e.uvarint(uint64(h.FreeMemory))
	e.enum("reset", byte(h.Reset), resetNames)
	e.string("deployment", h.Deployment, MaxDeploymentID)
	e.uvarint(h.RootVersion)
	return e.result()
}

func (h *Hello) decode(d *decoder) {
	if h.Version = decodeVersion(d); d.err != nil {
		return
	}
	h.Model = d.string("model", MaxModel)
	h.DeviceID = d.string("device_id", MaxDeviceID)
	h.Bootrom = d.string("bootrom", MaxVersionText)
	h.Improm = d.string("improm", MaxVersionText)
	h.SecurityCounter = d.uvarint("security_counter")
	h.BatteryMV = d.uint32("battery_mv")
	h.FreeMemory = d.uint32("free_memory")
	h.Reset = ResetReason(d.enum("reset", resetNames))
	h.Deployment = d.string("deployment", MaxDeploymentID)
	h.RootVersion = d.uvarint("root_version")
}

// decodeVersion reads the version that opens Hello and HelloAck. A version
// other than ours stops decoding: the rest of the body may be laid out
// differently, and the peer must be told which version we speak.
func decodeVersion(d *decoder) uint64 {
	v := d.uvarint("version")
	if d.err == nil && v != Version {
		d.err = &FrameError{Type: d.typ, Field: "version", Err: &VersionError{Got: v}}
	}
	return v
}

// HelloAck is the server's answer to a Hello it accepts, and its first
// frame. After it, either side may send any frame its side sends.
type HelloAck struct {
	Version    uint64        // the protocol version chosen: the device's
	ServerTime time.Time     // the server's clock, to the millisecond
	Keepalive  time.Duration // keepalive interval, whole seconds from 1 s to MaxKeepalive
	Deployment string        // the device's current deployment id; "" for none
}

// Type returns TypeHelloAck.
func (*HelloAck) Type() Type { return TypeHelloAck }

// Encode appends the body of a to b.
func (a *HelloAck) Encode(b []byte) ([]byte, error) {
	e := newEncoder(TypeHelloAck, b)
	e.uvarint(a.Version)
	e.millis("server_time", a.ServerTime)
	e.seconds("keepalive", a.Keepalive, time.Second, MaxKeepalive)
	e.string("deployment", a.Deployment, MaxDeploymentID)
	return e.result()
}

func (a *HelloAck) decode(d *decoder) {
	if a.Version = decodeVersion(d); d.err != nil {
		return
	}
	a.ServerTime = d.millis("server_time")
	a.Keepalive = d.seconds("keepalive", time.Second, MaxKeepalive)
	a.Deployment = d.string("deployment", MaxDeploymentID)
}

// ResetReason says why a device last started, as the imp's
// hardware.wakereason() does.
type ResetReason byte

// The reset reasons.
const (
	ResetUnknown   ResetReason = iota // not recorded
	ResetPowerOn                      // power applied
	ResetWatchdog                     // the hardware watchdog fired
	ResetSoftware                     // the device code or the platform asked for a restart
	ResetUpgrade                      // restarted into new platform firmware
	ResetBrownout                     // the supply dropped below the brownout threshold
	ResetNewCode                      // restarted into a new code deployment
	ResetCodeError                    // restarted after a runtime error in the device code
	ResetWake                         // woke from deep sleep
)

var resetNames = enum{"unknown", "power-on", "watchdog", "software", "upgrade", "brownout", "new-code", "code-error", "wake"}

// String returns the reason's name, such as "watchdog".
func (r ResetReason) String() string { return resetNames.name(byte(r)) }
