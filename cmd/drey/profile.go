package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"drey/docs"
	"drey/internal/profile"
)

func profileCmd() *command {
	return &command{
		name:    "profile",
		summary: "show the requirements profile for upgrade systems and Drey's conformance",
		usage:   "[-status met|partial|planned] [-group SEC|SEP|PROC|...] [-summary]",
		help: `Profile lists the requirements of docs/requirements.md, the profile for secure upgrade of embedded devices, one line each: id, Drey's conformance status and the requirement sentence.

The document built into this binary is the one read, so the answer matches the code it was built with.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			status := fs.String("status", "", "show only requirements with this `status`")
			group := fs.String("group", "", "show only this requirement `group`, e.g. SEC")
			summary := fs.Bool("summary", false, "print only the counts by group and status")
			return func(_ context.Context, args []string) error {
				if len(args) != 0 {
					return usageError{"profile takes no arguments"}
				}
				switch profile.Status(*status) {
				case "", profile.Met, profile.Partial, profile.Planned:
				default:
					return usageError{fmt.Sprintf("-status %q: want met, partial or planned", *status)}
				}
				p, err := loadProfile()
				if err != nil {
					return err
				}
				if *summary {
					return p.WriteSummary(e.stdout)
				}
				tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
				for _, r := range p.Requirements {
					st := profile.Planned
					if row := p.Row(r.ID); row != nil {
						st = row.Status
					}
					if (*status != "" && string(st) != *status) || (*group != "" && !strings.EqualFold(r.Group, *group)) {
						continue
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, st, r.Text)
				}
				return tw.Flush()
			}
		},
	}
}

// loadProfile parses the requirements profile built into the binary.
func loadProfile() (*profile.Profile, error) {
	p, err := profile.Parse(docs.Requirements())
	if err != nil {
		return nil, fmt.Errorf("docs/requirements.md: %w", err)
	}
	return p, nil
}
