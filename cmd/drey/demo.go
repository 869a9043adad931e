package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"drey/examples"
	"drey/imp"
)

func demoCmd() *command {
	return &command{
		name:    "demo",
		summary: "run the Drey demo on an embedded default (what exists so far)",
		usage:   "",
		help: `Demo is the command a new user runs first. When the agents land it will start a server with an embedded store, enrol a handful of simulated imps, deploy the example application from examples/ and follow the logs.

Until then it runs what exists: the example thermostat's device code (examples/thermostat.device.nut) in the Squirrel VM, as an imp would run it, for six simulated hours; then it prints where Drey stands against the requirements profile built into the binary.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 {
					return usageError{"demo takes no arguments"}
				}
				p, err := loadProfile()
				if err != nil {
					return err
				}
				fmt.Fprint(e.stdout, `Drey demo

Built so far: the Squirrel VM, signed and encrypted platform images
(drey keys, drey image), simulated imps with a crash-safe boot chain
(drey device), and the first slice of the cloud service: device gateway,
enrollment, deploys and logs (drey serve, factory, deploy, logs; see the
README). Not built yet: agents, device messaging, rollouts; then this
command will start a server, enrol devices, deploy an example app with
its agent and follow its logs.

The Squirrel VM runs the example thermostat as device code, on a simulated
clock (six hours of it; 'drey sq -imp device' runs any device code):

`)
				rt := imp.New(imp.Config{Kind: imp.Device, Log: e.stdout, Err: e.stdout})
				if err := rt.Run(ctx, "thermostat.device.nut", examples.ThermostatDevice); err != nil {
					return err
				}
				if _, err := rt.RunUntil(ctx, rt.Now().Add(6*time.Hour)); err != nil {
					return err
				}
				fmt.Fprint(e.stdout, `
The requirements profile for secure upgrade of embedded devices
(docs/requirements.md), and Drey's conformance to it:

`)
				if err := p.WriteSummary(e.stdout); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "\n%d requirements. 'drey profile' lists them; 'drey profile -status met' shows what is proven by tests.\n", len(p.Requirements))
				return nil
			}
		},
	}
}
