package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"drey/demo"
	"drey/image/keys"
)

func demoCmd() *command {
	return &command{
		name:    "demo",
		summary: "run the whole platform on an embedded default: a server, simulated imps, an example app with its agents",
		usage:   "[--devices N] [--data DIR] [--for DURATION]",
		help:    `Demo is the command a new user runs first. It starts the service with an embedded SQLite store (in a temporary directory, or in --data DIR, whose CA key passphrase then comes from DREY_PASSPHRASE or a prompt), enrols N simulated imps at the factory, deploys the example application (examples/temperature.device.nut reads the simulated thermistor on pin9 and sends readings; examples/temperature.agent.nut keeps the recent ones and serves them as JSON at its agent URL), connects the imps over mutual TLS, prints the agent URLs and follows the devices' logs. Ctrl-C, or the end of --for, stops everything cleanly. Then it prints where Drey stands against its requirements profile.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			devices := fs.Int("devices", 3, "how many simulated imps to run")
			data := fs.String("data", "", "keep the service's data in `DIR` (default: a temporary directory)")
			runFor := fs.Duration("for", 0, "stop after this `duration` (default: at Ctrl-C)")
			verbose := fs.Bool("v", false, "print the service's log too")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 {
					return usageError{"demo takes no arguments"}
				}
				if *devices < 1 || *devices > 100 {
					return usageError{fmt.Sprintf("--devices %d: want 1 to 100", *devices)}
				}
				p, err := loadProfile()
				if err != nil {
					return err
				}
				o := demo.Options{Data: *data, Devices: *devices, For: *runFor, Out: e.stdout}
				level := slog.LevelWarn
				if *verbose {
					level = slog.LevelInfo
				}
				o.Log = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
				if *data != "" {
					if o.Passphrase, err = keys.Passphrase(e.getenv, e.stderr, e.stdin); err != nil {
						return err
					}
				}
				if err := demo.Run(ctx, o); err != nil {
					return err
				}
				fmt.Fprint(e.stdout, "\nDrey against the requirements profile for secure upgrade of embedded\ndevices (docs/requirements.md):\n\n")
				if err := p.WriteSummary(e.stdout); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "\n%d requirements. 'drey profile' lists them; 'drey profile -status met' shows what is proven by tests.\n", len(p.Requirements))
				return nil
			}
		},
	}
}
