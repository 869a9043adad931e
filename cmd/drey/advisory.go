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
		usage:   "add --id ID --severity low|medium|high|critical --model M --affected RANGE --fixed VERSION --summary TEXT | list",
		help:    `Advisory records a vulnerability in platform firmware: which model, which improm versions are affected (a range such as '>=36.0 <36.10'), and the first fixed version. drey fleet exposure counts the devices still affected; drey rollout create --advisory ID rolls a fixing release out to them, as a demand if the advisory is critical.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv := fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
			token := fs.String("token", "", "the operator's API `token` (default $DREY_OPERATOR_TOKEN)")
			var a server.AdvisoryInfo
			fs.StringVar(&a.ID, "id", "", "advisory `ID`, e.g. DREY-2026-0001")
			fs.StringVar(&a.Severity, "severity", "", "`low`, medium, high or critical")
			fs.StringVar(&a.Model, "model", "imp001", "affected `model`")
			fs.StringVar(&a.Affected, "affected", "", "affected improm versions, a `RANGE`")
			fs.StringVar(&a.Fixed, "fixed", "", "first fixed `VERSION`")
			fs.StringVar(&a.Summary, "summary", "", "one-line `summary`")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				op := *token
				if op == "" {
					op = e.getenv("DREY_OPERATOR_TOKEN")
				}
				base := strings.TrimSuffix(*srv, "/")
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
					for _, a := range as {
						fmt.Fprintf(e.stdout, "%-16s %-8s %-8s %-16s fixed %-8s %s\n", a.ID, a.Severity, a.Model, a.Affected, a.Fixed, a.Summary)
					}
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
		help:    `Fleet exposure lists, for every advisory, how many devices (per owner) of its model still run an affected improm version.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv := fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
			token := fs.String("token", "", "the operator's API `token` (default $DREY_OPERATOR_TOKEN)")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				if len(rest) != 1 || rest[0] != "exposure" {
					return usageError{"want: fleet exposure"}
				}
				op := *token
				if op == "" {
					op = e.getenv("DREY_OPERATOR_TOKEN")
				}
				out, err := rawCall(ctx, "GET", strings.TrimSuffix(*srv, "/")+"/v1/exposure", op, nil)
				if err != nil {
					return err
				}
				var ex []server.Exposure
				if err := json.Unmarshal(out, &ex); err != nil {
					return err
				}
				for _, x := range ex {
					fmt.Fprintf(e.stdout, "%-16s %-8s %-8s %d device(s) affected\n", x.Advisory, x.Severity, x.Model, x.Devices)
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
