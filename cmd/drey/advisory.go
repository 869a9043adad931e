package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"sort"
	"strings"

	"drey/cloud/server"
)

func advisoryCmd() *command {
	return &command{
		name:    "advisory",
		summary: "record and list vulnerability advisories for platform firmware (the operator's command)",
		usage:   "add --id ID --severity low|medium|high|critical --model M --affected RANGE --fixed VERSION --summary TEXT [--confirmed YYYY-MM-DD] | list",
		help: `Advisory records a vulnerability in platform firmware: which model, which improm versions are affected (a range such as '>=36.0 <36.10'), the first fixed version, and when the vulnerability was confirmed (--confirmed, default now). drey fleet exposure counts the devices still affected; drey rollout create --advisory ID rolls a fixing release out to them, as a demand if the advisory is critical.

From its severity and confirmation each advisory has a fix target, the date by which the fix must be deployed to every supported device: 30 days for critical, 90 for high, 180 for medium, none for low (SECURITY.md). list prints each advisory's target, its status (open; overdue, once the target has passed with supported devices still affected; fixed, once none is) and how many supported devices are still affected.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			api := operatorFlags(fs)
			var a server.AdvisoryInfo
			fs.StringVar(&a.ID, "id", "", "advisory `ID`, e.g. DREY-2026-0001")
			fs.StringVar(&a.Severity, "severity", "", "`low`, medium, high or critical")
			fs.StringVar(&a.Model, "model", "imp001", "affected `model`")
			fs.StringVar(&a.Affected, "affected", "", "affected improm versions, a `RANGE`")
			fs.StringVar(&a.Fixed, "fixed", "", "first fixed `VERSION`")
			fs.StringVar(&a.Summary, "summary", "", "one-line `summary`")
			confirmed := fs.String("confirmed", "", "when the vulnerability was confirmed, `YYYY-MM-DD` (UTC) or RFC 3339 (default: now)")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				if a.Confirmed, err = parseConfirmed(*confirmed); err != nil {
					return usageError{err.Error()}
				}
				base, op := api.resolve(e)
				switch {
				case len(rest) == 1 && rest[0] == "add":
					b, _ := json.Marshal(a)
					if _, err := rawCall(ctx, "POST", base+"/v1/advisories", op, strings.NewReader(string(b))); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "recorded advisory %s (%s): %s %s, fixed in %s\n", a.ID, a.Severity, a.Model, a.Affected, a.Fixed)
					return nil
				case len(rest) == 1 && rest[0] == "list":
					out, err := rawCall(ctx, "GET", base+"/v1/advisories", op, nil)
					if err != nil {
						return err
					}
					var as []server.AdvisoryInfo
					if err := json.Unmarshal(out, &as); err != nil {
						return err
					}
					printAdvisories(e.stdout, as)
					return nil
				}
				return usageError{"want: advisory add ... | advisory list"}
			}
		},
	}
}

func fleetCmd() *command {
	return &command{
		name:    "fleet",
		summary: "report the fleet's exposure to known vulnerabilities (the operator's command)",
		usage:   "exposure [--server URL] [--token T]",
		help:    `Fleet exposure lists, for every model, its devices (per owner) and its published security support period, marking those whose support has ended (REQ-LIFE-3); then, for every advisory, how many devices (per owner) of its model still run an affected improm version.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			api := operatorFlags(fs)
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				if len(rest) != 1 || rest[0] != "exposure" {
					return usageError{"want: fleet exposure"}
				}
				base, op := api.resolve(e)
				if err := printModelExposure(ctx, e.stdout, base, op); err != nil {
					return err
				}
				out, err := rawCall(ctx, "GET", base+"/v1/exposure", op, nil)
				if err != nil {
					return err
				}
				var ex []server.Exposure
				if err := json.Unmarshal(out, &ex); err != nil {
					return err
				}
				for _, x := range ex {
					ended := ""
					if x.SupportEnded {
						ended = ", support ended " + x.SupportUntil
					}
					fmt.Fprintf(e.stdout, "%-16s %-8s %-8s %d device(s) affected%s\n", x.Advisory, x.Severity, x.Model, x.Devices, ended)
					fmt.Fprintf(e.stdout, "    %s\n", targetLine(x))
					owners := make([]string, 0, len(x.ByOwner))
					for o := range x.ByOwner {
						owners = append(owners, o)
					}
					sort.Strings(owners)
					for _, o := range owners {
						fmt.Fprintf(e.stdout, "    %-24s %d\n", o, x.ByOwner[o])
					}
				}
				return nil
			}
		},
	}
}
