package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"drey/cloud/server"
	"drey/cloud/store"
)

func modelCmd() *command {
	return &command{
		name:    "model",
		summary: "publish and list device models' security support periods (support: the operator's command)",
		usage:   "support MODEL --until YYYY-MM-DD [--note TEXT] [--by NAME] | list | history MODEL",
		help: `Model support publishes the last day on which the operator provides security upgrades for a device model (REQ-LIFE-1). The factory refuses to enroll a device of a model with none published. A first date, or a move earlier, must be at least twelve months away (REQ-LIFE-2): the service refuses less and says the earliest date allowed; a move later is always allowed. Every change is kept with who (--by, default $USER), when, the old and new dates and the --note. Needs the operator's token (--token or DREY_OPERATOR_TOKEN).

list prints every published period; it needs no token, as the periods are public (GET /v1/models). history MODEL prints a model's changes (operator's token).

A device whose model's support has ended keeps working: nothing in the service disables it (REQ-LIFE-3). drey fleet exposure shows, per model, its devices and whether its support has ended.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			api := operatorFlags(fs)
			until := fs.String("until", "", "with support: the last `DATE` of security upgrades, YYYY-MM-DD")
			note := fs.String("note", "", "with support: why, for the history")
			by := fs.String("by", "", "with support: who publishes, for the history (default $USER)")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				base, op := api.resolve(e)
				switch {
				case len(rest) == 2 && rest[0] == "support":
					if _, err := time.Parse(store.DateLayout, *until); err != nil {
						return usageError{fmt.Sprintf("--until %q: want a date YYYY-MM-DD", *until)}
					}
					who := *by
					if who == "" {
						who = e.getenv("USER")
					}
					return publishSupport(ctx, e.stdout, base, op, rest[1], server.SupportRequest{Until: *until, Note: *note, By: who})
				case len(rest) == 1 && rest[0] == "list":
					return listModels(ctx, e.stdout, base)
				case len(rest) == 2 && rest[0] == "history":
					return modelHistory(ctx, e.stdout, base, op, rest[1])
				}
				return usageError{"want: model support MODEL --until YYYY-MM-DD | model list | model history MODEL"}
			}
		},
	}
}

// publishSupport sends a model's support date to the service.
func publishSupport(ctx context.Context, w io.Writer, base, token, model string, req server.SupportRequest) error {
	b, err := json.Marshal(req)
	if err != nil {
		return err
	}
	out, err := rawCall(ctx, "POST", base+"/v1/models/"+url.PathEscape(model)+"/support", token, strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	var m server.ModelInfo
	if err := json.Unmarshal(out, &m); err != nil {
		return err
	}
	fmt.Fprintf(w, "published: %s gets security upgrades until %s (announced %s)\n", m.Model, m.SupportUntil, m.Announced.Format(store.DateLayout))
	return nil
}

// listModels prints the published support periods, asking no token.
func listModels(ctx context.Context, w io.Writer, base string) error {
	out, err := send(ctx, "GET", base+"/v1/models", "", nil)
	if err != nil {
		return err
	}
	var ms []server.ModelInfo
	if err := json.Unmarshal(out, &ms); err != nil {
		return err
	}
	if len(ms) == 0 {
		fmt.Fprintln(w, "no support period published yet: drey model support MODEL --until YYYY-MM-DD")
	}
	for _, m := range ms {
		state := ""
		if m.Ended {
			state = "  ended (devices keep working)"
		}
		fmt.Fprintf(w, "%-10s security upgrades until %s  announced %s%s\n", m.Model, m.SupportUntil, m.Announced.Format(store.DateLayout), state)
	}
	return nil
}

// modelHistory prints every change of a model's support period.
func modelHistory(ctx context.Context, w io.Writer, base, token, model string) error {
	out, err := rawCall(ctx, "GET", base+"/v1/models/"+url.PathEscape(model)+"/history", token, nil)
	if err != nil {
		return err
	}
	var cs []server.SupportChange
	if err := json.Unmarshal(out, &cs); err != nil {
		return err
	}
	for _, c := range cs {
		old := "(first)"
		if c.Old != "" {
			old = c.Old
		}
		fmt.Fprintf(w, "%s  %-10s -> %s  by %s", c.At.Local().Format("2006-01-02 15:04:05"), old, c.New, c.By)
		if c.Note != "" {
			fmt.Fprintf(w, ": %s", c.Note)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// printModelExposure prints, for drey fleet exposure, each model's
// devices and whether its support has ended (REQ-LIFE-3).
func printModelExposure(ctx context.Context, w io.Writer, base, token string) error {
	out, err := rawCall(ctx, "GET", base+"/v1/exposure/models", token, nil)
	if err != nil {
		return err
	}
	var ms []server.ModelExposure
	if err := json.Unmarshal(out, &ms); err != nil {
		return err
	}
	for _, m := range ms {
		support := "no support date published"
		switch {
		case m.SupportUntil != "" && m.Ended:
			support = "support ENDED " + m.SupportUntil + " (devices keep working, without security upgrades)"
		case m.SupportUntil != "":
			support = "security upgrades until " + m.SupportUntil
		}
		fmt.Fprintf(w, "%-16s %-8s %d device(s), %s\n", "model", m.Model, m.Devices, support)
		owners := make([]string, 0, len(m.ByOwner))
		for o := range m.ByOwner {
			owners = append(owners, o)
		}
		sort.Strings(owners)
		for _, o := range owners {
			fmt.Fprintf(w, "    %-24s %d\n", o, m.ByOwner[o])
		}
	}
	return nil
}
