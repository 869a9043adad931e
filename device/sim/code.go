package sim

import (
	"context"
	"errors"
	"fmt"
	"time"

	"drey/imp"
	"drey/squirrel"
	"drey/squirrel/compile"
)

// InstallCode compiles customer device code (Squirrel source, or Drey
// bytecode) and writes the bytecode to the device's idle code slot, which
// then becomes the one in use (crash-safely: see boot.InstallCode).
func (d *Device) InstallCode(name string, src []byte) error {
	var data []byte
	if compile.IsBytecode(src) {
		if _, err := compile.DecodeProgram(src); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		data = src
	} else {
		p, err := compile.Source(name, src, compile.Options{Float32: true})
		if err != nil {
			return err
		}
		data = p.Encode()
	}
	if err := d.Boot.InstallCode(data); err != nil {
		return err
	}
	fmt.Fprintf(d.log, "improm: code installed (%d bytes of bytecode)\n", len(data))
	return nil
}

// ErrNoCode means the device has no customer code installed.
var ErrNoCode = errors.New("no customer code installed")

// RunCode is the improm running the customer's bytecode in the Squirrel
// VM with the imp API (hardware.voltage() reads the device's supply), for
// runFor of simulated time. Errors in the code go to the log, as the imp
// reports them to the cloud.
func (d *Device) RunCode(ctx context.Context, runFor time.Duration) (*imp.Runtime, error) {
	data, err := d.Boot.Code()
	if err != nil {
		return nil, err
	}
	if data == nil {
		return nil, ErrNoCode
	}
	p, err := compile.DecodeProgram(data)
	if err != nil {
		return nil, fmt.Errorf("stored bytecode: %w", err)
	}
	rt := imp.New(imp.Config{Kind: imp.Device, Log: d.log, Err: d.log, Voltage: d.Boot.Supply.Voltage})
	rt.RunClosure(ctx, rt.VM().Load(p))
	_, err = rt.RunUntil(ctx, rt.Now().Add(runFor))
	return rt, err
}

// RunCodeLive runs the installed customer code against the real clock
// until ctx is done, passing every log line and uncaught error to onLog
// (which a connected device sends to the cloud). It returns ErrNoCode if
// nothing is installed.
func (d *Device) RunCodeLive(ctx context.Context, onLog func(isError bool, text string, trace []squirrel.TraceFrame)) error {
	data, err := d.Boot.Code()
	if err != nil {
		return err
	}
	if data == nil {
		return ErrNoCode
	}
	p, err := compile.DecodeProgram(data)
	if err != nil {
		return fmt.Errorf("stored bytecode: %w", err)
	}
	rt := imp.New(imp.Config{Kind: imp.Device, Log: d.log, Err: d.log, Voltage: d.Boot.Supply.Voltage, OnLog: onLog, Start: time.Now()})
	rt.RunClosure(ctx, rt.VM().Load(p))
	if err := rt.RunRealtime(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
