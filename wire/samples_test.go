package wire_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"drey/squirrel"
	"drey/squirrel/lib"
	"drey/squirrel/msg"
	"drey/wire"
)

// sample is a named frame used by the round-trip, golden and fuzz tests.
type sample struct {
	name  string
	frame wire.Frame
}

// payload encodes a Squirrel value the way a device's agent.send does, so
// the Message samples carry what they will carry in production.
func payload(t testing.TB, src string) []byte {
	t.Helper()
	vm := squirrel.New(squirrel.Options{})
	lib.Open(vm, lib.Options{})
	cl, err := vm.Compile("payload.nut", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	v, err := vm.Call(context.Background(), squirrel.ObjectValue(cl), squirrel.TableValue(vm.Root()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := msg.Encode(v, wire.MaxPayload)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var serverTime = time.UnixMilli(1767225600123).UTC() // 2026-01-01T00:00:00.123Z

func helloSample() *wire.Hello {
	return &wire.Hello{
		Version: wire.Version, Model: "imp001", DeviceID: "0c2a6900000a1b2c",
		Bootrom: "36.10", Improm: "36.12", SecurityCounter: 42,
		BatteryMV: 3712, FreeMemory: 61440, Reset: wire.ResetWatchdog, Deployment: "dep-17",
		RootVersion: 2,
	}
}

func helloAckSample() *wire.HelloAck {
	return &wire.HelloAck{Version: wire.Version, ServerTime: serverTime, Keepalive: wire.DefaultKeepalive, Deployment: "dep-18"}
}

// samples returns at least one frame of every type, and for several the
// smallest and largest values their fields allow.
func samples(t testing.TB) []sample {
	long := func(n int) string { return strings.Repeat("x", n) }
	stack := make([]wire.StackFrame, wire.MaxStackFrames)
	for i := range stack {
		stack[i] = wire.StackFrame{Function: long(wire.MaxFunction), File: long(wire.MaxFile), Line: 1<<32 - 1}
	}
	locals := make([]wire.Local, wire.MaxLocals)
	for i := range locals {
		locals[i] = wire.Local{Name: long(wire.MaxLocalName), Value: long(wire.MaxLocalValue)}
	}
	return []sample{
		{"hello", helloSample()},
		{"hello-empty", &wire.Hello{Version: wire.Version}},
		{"hello-max", &wire.Hello{
			Version: wire.Version, Model: long(wire.MaxModel), DeviceID: long(wire.MaxDeviceID),
			Bootrom: long(wire.MaxVersionText), Improm: long(wire.MaxVersionText), SecurityCounter: 1<<64 - 1,
			BatteryMV: 1<<32 - 1, FreeMemory: 1<<32 - 1, Reset: wire.ResetWake, Deployment: long(wire.MaxDeploymentID),
			RootVersion: 1<<64 - 1,
		}},
		{"hello-ack", helloAckSample()},
		{"hello-ack-max", &wire.HelloAck{Version: wire.Version, ServerTime: time.UnixMilli(1<<63 - 1).UTC(), Keepalive: wire.MaxKeepalive}},
		{"ping", &wire.Ping{Nonce: 0x0123456789abcdef}},
		{"pong", &wire.Pong{Nonce: 1}},
		{"close", &wire.Close{Code: wire.CloseVersion, Reason: "unsupported protocol version 2; this side speaks version 1"}},
		{"log", &wire.Log{Level: wire.LogInfo, Text: "temperature 21.5"}},
		{"log-error", &wire.Log{Level: wire.LogError, Text: long(wire.MaxLogText)}},
		{"error", &wire.Error{
			Text: "the index 'temp' does not exist",
			Stack: []wire.StackFrame{
				{Function: "read", File: "device.nut", Line: 12},
				{Function: "main", File: "device.nut", Line: 40},
			},
			Locals: []wire.Local{{Name: "this", Value: "(table : 0x2000a1c0)"}, {Name: "n", Value: "3"}},
		}},
		{"error-max", &wire.Error{Text: long(wire.MaxErrorText), Stack: stack, Locals: locals}},
		{"message", &wire.Message{ID: 7, Name: "temp", Payload: payload(t, `return {celsius = 21.5, ok = true, raw = [1, 2, 3]}`)}},
		{"message-max", &wire.Message{ID: 1<<32 - 1, Name: long(wire.MaxMessageName), Payload: make([]byte, wire.MaxPayload)}},
		{"message-ack", &wire.MessageAck{ID: 7}},
		{"message-nack", &wire.MessageNack{ID: 8, Reason: wire.NackNoHandler}},
		{"deploy", wire.NewDeploy("dep-18", []byte("\x00SQBC fake bytecode"))},
		{"deploy-max", wire.NewDeploy(long(wire.MaxDeploymentID), make([]byte, wire.MaxBytecode))},
		{"deploy-ack", &wire.DeployAck{ID: "dep-18", OK: true}},
		{"deploy-ack-failed", &wire.DeployAck{ID: "dep-18", Error: "bytecode does not match its digest"}},
		{"upgrade-offer", &wire.UpgradeOffer{
			RolloutID: "ro-3", Mode: wire.UpgradeDemand, URL: "http://images.example/sha256/ab12.img",
			Manifest: []byte("\xd8\x6b\xa2 signed envelope"), WrappedKey: []byte("wrapped key"), Grace: 10 * time.Minute,
		}},
		{"upgrade-offer-max", &wire.UpgradeOffer{
			RolloutID: long(wire.MaxRolloutID), Mode: wire.UpgradeRequest, URL: long(wire.MaxURL),
			Manifest: make([]byte, wire.MaxManifest), WrappedKey: make([]byte, wire.MaxWrappedKey), Grace: wire.MaxGrace,
		}},
		{"upgrade-status", &wire.UpgradeStatus{RolloutID: "ro-3", State: wire.UpgradeLowBattery, Reason: "battery too low: 2.55 V under load, need 2.7 V", BatteryMV: 2550}},
		{"upgrade-status-ok", &wire.UpgradeStatus{RolloutID: "ro-3", State: wire.UpgradeSucceeded}},
		{"root", &wire.Root{Signed: []byte("\xd8\x62 signed root metadata, opaque to the wire")}},
		{"root-max", &wire.Root{Signed: make([]byte, wire.MaxRoot)}},
		{"root-ack", &wire.RootAck{Version: 3, OK: true}},
		{"root-ack-refused", &wire.RootAck{Version: 2, Error: "new root, signed by version 2 keys: 0 of 1 root keys signed, need 1"}},
		{"shutdown", &wire.Shutdown{Reason: wire.ShutdownNewCode}},
		{"shutdown-demand", &wire.Shutdown{Reason: wire.ShutdownOther, Deadline: wire.MaxDeadline}},
		{"shutdown-ready", &wire.ShutdownReady{}},
		{"shutdown-defer", &wire.ShutdownDefer{Delay: 2 * time.Hour}},
	}
}
