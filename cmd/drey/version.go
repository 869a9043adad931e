package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
)

func versionCmd() *command {
	return &command{
		name:    "version",
		summary: "print the version of this drey binary",
		usage:   "",
		help:    "Version prints the module version and VCS revision drey was built from, and the Go version that built it.",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(_ context.Context, args []string) error {
				if len(args) != 0 {
					return usageError{"version takes no arguments"}
				}
				version, rev, goVersion := "(unknown)", "", ""
				if bi, ok := debug.ReadBuildInfo(); ok {
					version, goVersion = bi.Main.Version, bi.GoVersion
					for _, s := range bi.Settings {
						if s.Key == "vcs.revision" {
							rev = " " + s.Value
						}
					}
				}
				fmt.Fprintf(e.stdout, "drey %s%s (%s)\n", version, rev, goVersion)
				return nil
			}
		},
	}
}
