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
				_, version, rev, goVersion := buildInfo()
				if rev != "" {
					rev = " " + rev
				}
				fmt.Fprintf(e.stdout, "drey %s%s (%s)\n", version, rev, goVersion)
				return nil
			}
		},
	}
}

// buildInfo returns the module drey was built from, its version and VCS
// revision (empty if unknown), and the Go version that built it. `drey
// version` prints them and `drey escrow seal` records them in BUILD.md.
func buildInfo() (module, version, rev, goVersion string) {
	module, version = "drey", "(unknown)"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return module, version, "", ""
	}
	if bi.Main.Path != "" {
		module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		version = bi.Main.Version
	}
	goVersion = bi.GoVersion
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			rev = s.Value
		}
	}
	return module, version, rev, goVersion
}
