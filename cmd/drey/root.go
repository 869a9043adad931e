package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"drey/cloud/server"
)

func rootCmd() *command {
	return &command{
		name:    "root",
		summary: "publish a new version of the platform root of trust to the fleet (the operator's command)",
		usage:   "publish ROOT.cbor | status   [--server URL] [--token T]",
		help: `Root publishes root metadata made offline with drey keys root rotate (for example to revoke a compromised release key: docs/key-compromise.md) to the service, which relays it to every device. The service accepts only the version after the newest it holds, chained by the signatures of both versions' root keys, as devices do; or, to fill in history for devices made with an older root, the version before the oldest it holds. It then withdraws every release that no longer verifies under the new root, aborts their rollouts, and sends the root to every connected device; the others get it, and any versions they missed, in order, when they next connect. No private key is sent: the root is public, signed metadata.

status lists the versions the service holds, their keys and expiry, and how many devices hold each version. The operator's token comes from --token or DREY_OPERATOR_TOKEN.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			api := operatorFlags(fs)
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				base, token := api.resolve(e)
				switch {
				case len(rest) == 2 && rest[0] == "publish":
					f, err := os.Open(rest[1])
					if err != nil {
						return err
					}
					defer f.Close()
					out, err := rawCall(ctx, "POST", base+"/v1/roots", token, f)
					if err != nil {
						return fmt.Errorf("%s: %w", rest[1], err)
					}
					var p server.RootPublished
					if err := json.Unmarshal(out, &p); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "root version %d published; sent to %d connected devices, the others get it when they connect\n", p.Version, p.Pushed)
					ids := make([]string, 0, len(p.Withdrawn))
					for id := range p.Withdrawn {
						ids = append(ids, id)
					}
					slices.Sort(ids)
					for _, id := range ids {
						fmt.Fprintf(e.stdout, "withdrew release %s: %s\n", id, p.Withdrawn[id])
					}
					for _, id := range p.Aborted {
						fmt.Fprintf(e.stdout, "aborted rollout %s\n", id)
					}
					return nil
				case len(rest) == 1 && rest[0] == "status":
					out, err := rawCall(ctx, "GET", base+"/v1/roots", token, nil)
					if err != nil {
						return err
					}
					var st server.RootStatus
					if err := json.Unmarshal(out, &st); err != nil {
						return err
					}
					printRootStatus(e, st)
					return nil
				}
				return usageError{"want: root publish ROOT.cbor | status"}
			}
		},
	}
}

func printRootStatus(e *env, st server.RootStatus) {
	for _, v := range st.Versions {
		fmt.Fprintf(e.stdout, "version %d  expires %s  devices %d\n", v.Version, v.Expires.Format("2006-01-02"), st.Devices[strconv.FormatUint(v.Version, 10)])
		fmt.Fprintf(e.stdout, "  root keys %d of %s\n", v.RootThreshold, shortIDs(v.RootKeys))
		fmt.Fprintf(e.stdout, "  release keys %d of %s\n", v.ReleaseThreshold, shortIDs(v.ReleaseKeys))
		if len(v.Revoked) > 0 {
			fmt.Fprintf(e.stdout, "  revoked %s\n", shortIDs(v.Revoked))
		}
	}
	if n := st.Devices["0"]; n > 0 {
		fmt.Fprintf(e.stdout, "%d devices have not said which version they hold\n", n)
	}
}

// shortIDs prints key ids by their first 16 hex digits.
func shortIDs(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id[:min(16, len(id))]
	}
	return strings.Join(out, ", ")
}
