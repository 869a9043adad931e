package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"drey/cloud/server"
)

// noticesCmd is `drey notices`: the owner's notice feed (REQ-OWN-3).
func noticesCmd() *command {
	return &command{
		name:    "notices",
		summary: "read the owner's notices: rollouts awaiting approval, emergencies, pauses, aborts, transfers",
		usage:   "[--since ID] [--limit N] [--server URL] [--token T]",
		help:    `Notices prints the notices the service wrote to the owner whose token it runs with, newest first: a rollout touching its devices that waits for its approval, an emergency rollout that went ahead without it (with the operator's justification and who declared it), a rollout that paused itself or was aborted, a device transferred to or from it. --since ID prints only those after notice ID, the last one seen, so a script can poll. To have them pushed as well, set a webhook: drey owner webhook URL.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv, token := apiFlags(fs)
			since := fs.Int64("since", 0, "only notices after notice `ID`")
			limit := fs.Int("limit", 100, "at most `N` notices, the newest")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 {
					return usageError{"notices takes no arguments"}
				}
				q := "?limit=" + strconv.Itoa(*limit)
				if *since > 0 {
					q += "&since=" + strconv.FormatInt(*since, 10)
				}
				out, err := apiCall(e, "GET", strings.TrimSuffix(*srv, "/")+"/v1/notices"+q, *token, nil)
				if err != nil {
					return err
				}
				var ns []server.NoticeInfo
				if err := json.Unmarshal(out, &ns); err != nil {
					return err
				}
				printNotices(e.stdout, ns)
				return nil
			}
		},
	}
}

// printNotices prints notices, one paragraph each.
func printNotices(w io.Writer, ns []server.NoticeInfo) {
	if len(ns) == 0 {
		fmt.Fprintln(w, "no notices")
		return
	}
	for _, n := range ns {
		fmt.Fprintf(w, "%d  %s  %-24s %s\n    %s\n", n.ID, n.Time.Local().Format("2006-01-02 15:04"), n.Kind, n.Subject, n.Text)
	}
}

// ownerWebhook runs `drey owner webhook URL | show | delete` with the
// owner's token.
func ownerWebhook(e *env, base, token string, args []string) error {
	switch {
	case len(args) == 1 && args[0] == "show":
		out, err := apiCall(e, "GET", base+"/v1/notices/webhook", token, nil)
		if err != nil {
			return err
		}
		var h server.WebhookInfo
		if err := json.Unmarshal(out, &h); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "webhook %s, set %s\n", h.URL, h.Created.Local().Format("2006-01-02 15:04"))
		return nil
	case len(args) == 1 && args[0] == "delete":
		if _, err := apiCall(e, "DELETE", base+"/v1/notices/webhook", token, nil); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "webhook deleted: notices stay in drey notices")
		return nil
	case len(args) == 1:
		out, err := apiCall(e, "POST", base+"/v1/notices/webhook", token, server.WebhookInfo{URL: args[0]})
		if err != nil {
			return err
		}
		var h server.WebhookInfo
		if err := json.Unmarshal(out, &h); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "notices will be POSTed to %s, signed in X-Drey-Signature (HMAC-SHA256 of X-Drey-Timestamp, \".\" and the body) with this key, shown once:\n%s\n", h.URL, h.Secret)
		return nil
	}
	return usageError{"want: owner webhook URL | owner webhook show | owner webhook delete"}
}
