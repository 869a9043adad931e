package main

import (
	"context"
	"flag"
	"fmt"
)

func demoCmd() *command {
	return &command{
		name:    "demo",
		summary: "run the Drey demo on an embedded default (what exists so far)",
		usage:   "",
		help: `Demo is the command a new user runs first. When the cloud service lands it will start a server with an embedded store, enrol a handful of simulated imps, deploy the example application from examples/ and follow the logs.

Until then it says so, and runs what exists: it reads the requirements profile built into the binary and prints where Drey stands against it.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				if len(args) != 0 {
					return usageError{"demo takes no arguments"}
				}
				p, err := loadProfile()
				if err != nil {
					return err
				}
				fmt.Fprint(e.stdout, `Drey demo

Not built yet: the server, the simulated imps, the Squirrel VM and the
platform-upgrade path. When they land, this command will start a server,
enrol simulated devices, deploy an example app and follow its logs.

What exists today is the requirements profile for secure upgrade of
embedded devices (docs/requirements.md). Drey's conformance to it:

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
