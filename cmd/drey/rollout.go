package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"drey/cloud/rollout"
	"drey/cloud/server"
)

func rolloutCmd() *command {
	return &command{
		name:    "rollout",
		summary: "create, watch and control platform upgrade rollouts",
		usage:   "create --release ID [--advisory ID] [--mode request|demand] [--group ID]... [--from RANGE] [--percent N] [--waves 1,10,50,100] [--threshold 0.2] [--justification TEXT] [--emergency] | list | status ID [--watch] | pause|resume|abort ID | approve ID",
		help: `Rollout is the operator's command (token from --token or DREY_OPERATOR_TOKEN), except approve, which a device owner runs with its own token (--token or DREY_TOKEN).

create offers a release to the devices of its model in the groups given (all, if none), whose version is in the --from range and older than the release, or a --percent of them chosen deterministically, in waves of cumulative percentages. A wave whose failed share passes --threshold pauses the rollout. A request may be deferred by device code (a bounded number of times); a demand may not, and needs a --justification (REQ-PROC-13). The rollout waits for the approval of every owner whose devices it touches, unless it is an --emergency: recorded with its justification and who is responsible (--by, default $USER), and each owner whose devices it touches is notified (drey notices).

status prints counts by state; --watch redraws them until the rollout ends (a progress bar on a terminal, plain lines otherwise).`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv := fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
			token := fs.String("token", "", "API `token` (default $DREY_OPERATOR_TOKEN, or $DREY_TOKEN for approve)")
			release := fs.String("release", "", "release `ID`")
			mode := fs.String("mode", "", "`request` or demand (default request, or demand for a critical --advisory)")
			var groups stringList
			fs.Var(&groups, "group", "target device group `ID` (repeat; default: every group)")
			from := fs.String("from", "", "version `RANGE` of devices to upgrade, e.g. '>=36.0 <36.10'")
			percent := fs.Int("percent", 100, "share of the matching devices, `N` percent")
			waves := fs.String("waves", "100", "cumulative wave `percentages`, e.g. 1,10,50,100")
			threshold := fs.Float64("threshold", 0.2, "pause when this `share` of a wave fails")
			justification := fs.String("justification", "", "why (required for a demand)")
			emergency := fs.Bool("emergency", false, "start without the owners' approval (recorded, and the owners notified)")
			by := fs.String("by", "", "with create: who is responsible, recorded with the rollout (default $USER)")
			advisory := fs.String("advisory", "", "the advisory `ID` the release fixes: targets its affected versions, a demand if critical")
			watch := fs.Bool("watch", false, "with status: keep redrawing until the rollout ends")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				base := strings.TrimSuffix(*srv, "/")
				op := *token
				if op == "" {
					op = e.getenv("DREY_OPERATOR_TOKEN")
				}
				switch {
				case len(rest) == 1 && rest[0] == "create":
					spec := rollout.Spec{ReleaseID: *release, Mode: *mode, Groups: groups, FromVersions: *from, Percent: *percent,
						FailureThreshold: *threshold, Justification: *justification, Emergency: *emergency, AdvisoryID: *advisory, CreatedBy: *by}
					if spec.CreatedBy == "" {
						spec.CreatedBy = e.getenv("USER")
					}
					for _, w := range strings.Split(*waves, ",") {
						n, err := strconv.Atoi(strings.TrimSpace(w))
						if err != nil {
							return usageError{fmt.Sprintf("--waves %q: %v", *waves, err)}
						}
						spec.Waves = append(spec.Waves, n)
					}
					b, _ := json.Marshal(spec)
					out, err := rawCall(ctx, "POST", base+"/v1/rollouts", op, strings.NewReader(string(b)))
					if err != nil {
						return err
					}
					var ri server.RolloutInfo
					if err := json.Unmarshal(out, &ri); err != nil {
						return err
					}
					printRollout(e.stdout, ri)
					return nil
				case len(rest) == 1 && rest[0] == "list":
					out, err := rawCall(ctx, "GET", base+"/v1/rollouts", op, nil)
					if err != nil {
						return err
					}
					var rs []server.RolloutInfo
					if err := json.Unmarshal(out, &rs); err != nil {
						return err
					}
					for _, r := range rs {
						fmt.Fprintf(e.stdout, "%s  %-7s %-16s wave %d/%d  release %s  %s\n", r.ID, r.Mode, r.State, r.Wave, len(r.Waves), short(r.Release), r.Created.Local().Format("2006-01-02 15:04"))
					}
					return nil
				case len(rest) == 2 && rest[0] == "status":
					return rolloutStatus(ctx, e, base+"/v1/rollouts/"+rest[1], op, *watch)
				case len(rest) == 2 && (rest[0] == "pause" || rest[0] == "resume" || rest[0] == "abort"):
					out, err := rawCall(ctx, "POST", base+"/v1/rollouts/"+rest[1]+"/"+rest[0], op, nil)
					if err != nil {
						return err
					}
					var ri server.RolloutInfo
					if err := json.Unmarshal(out, &ri); err != nil {
						return err
					}
					printRollout(e.stdout, ri)
					return nil
				case len(rest) == 2 && rest[0] == "approve":
					owner := *token
					if owner == "" {
						owner = e.getenv("DREY_TOKEN")
					}
					out, err := rawCall(ctx, "POST", base+"/v1/owner/rollouts/"+rest[1]+"/approve", owner, nil)
					if err != nil {
						return err
					}
					var ri server.RolloutInfo
					if err := json.Unmarshal(out, &ri); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "approved rollout %s for your %d device(s); it is %s\n", ri.ID, len(ri.Devices), ri.State)
					return nil
				}
				return usageError{"want: rollout create | list | status ID | pause|resume|abort ID | approve ID"}
			}
		},
	}
}

func short(id string) string {
	if len(id) > 16 {
		return id[:16]
	}
	return id
}

func printRollout(w io.Writer, r server.RolloutInfo) {
	fmt.Fprintf(w, "rollout %s: %s of release %s, %s, wave %d of %d %v", r.ID, r.Mode, short(r.Release), r.State, r.Wave, len(r.Waves), r.Waves)
	if r.Note != "" {
		fmt.Fprintf(w, " (%s)", r.Note)
	}
	fmt.Fprintln(w)
	total := 0
	for _, n := range r.Counts {
		total += n
	}
	var parts []string
	for _, s := range rollout.States() {
		if n := r.Counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, n))
		}
	}
	fmt.Fprintf(w, "  %d devices: %s\n", total, strings.Join(parts, ", "))
	for reason, n := range r.Failures {
		fmt.Fprintf(w, "  failed %d: %s\n", n, reason)
	}
	for _, a := range r.Approvals {
		if a.Approved {
			fmt.Fprintf(w, "  approved by %s at %s\n", a.By, a.At.Local().Format("2006-01-02 15:04:05"))
		} else {
			fmt.Fprintf(w, "  waiting for the approval of owner %s\n", a.Owner)
		}
	}
}

// rolloutStatus prints a rollout's status, and with watch keeps
// redrawing it until the rollout ends: a bar on a terminal, plain lines
// otherwise.
func rolloutStatus(ctx context.Context, e *env, url, token string, watch bool) error {
	tty := isTerminal(e.stdout)
	last := ""
	for {
		out, err := rawCall(ctx, "GET", url, token, nil)
		if err != nil {
			return err
		}
		var ri server.RolloutInfo
		if err := json.Unmarshal(out, &ri); err != nil {
			return err
		}
		if !watch {
			printRollout(e.stdout, ri)
			return nil
		}
		total, done := 0, ri.Counts["succeeded"]+ri.Counts["failed"]
		for _, n := range ri.Counts {
			total += n
		}
		line := fmt.Sprintf("%s wave %d/%d  %d/%d done  succeeded %d  failed %d  deferred %d  low-battery %d  in progress %d",
			ri.State, ri.Wave, len(ri.Waves), done, total, ri.Counts["succeeded"], ri.Counts["failed"], ri.Counts["deferred"], ri.Counts["low-battery"],
			ri.Counts["offered"]+ri.Counts["downloading"]+ri.Counts["flashing"])
		if tty {
			const width = 30
			filled := 0
			if total > 0 {
				filled = width * done / total
			}
			fmt.Fprintf(e.stdout, "\r[%s%s] %s\x1b[K", strings.Repeat("#", filled), strings.Repeat(".", width-filled), line)
		} else if line != last {
			fmt.Fprintln(e.stdout, time.Now().Format("15:04:05"), line)
		}
		last = line
		if ri.State == "done" || ri.State == "aborted" {
			if tty {
				fmt.Fprintln(e.stdout)
			}
			printRollout(e.stdout, ri)
			return nil
		}
		select {
		case <-ctx.Done():
			if tty {
				fmt.Fprintln(e.stdout)
			}
			return nil
		case <-time.After(time.Second):
		}
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
