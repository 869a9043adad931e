package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"drey/cloud/server"
	"drey/cloud/store"
)

// apiFlags are the flags every API command takes.
func apiFlags(fs *flag.FlagSet) (srv, token *string) {
	srv = fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
	token = fs.String("token", "", "API `token` (default $DREY_TOKEN)")
	return
}

// operatorAPI is the service an operator command talks to, and with
// which token.
type operatorAPI struct{ srv, token *string }

// operatorFlags are the flags every operator command takes.
func operatorFlags(fs *flag.FlagSet) operatorAPI {
	return operatorAPI{
		srv:   fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`"),
		token: fs.String("token", "", "the operator's API `token` (default $DREY_OPERATOR_TOKEN)"),
	}
}

// resolve returns the API's base URL and the operator's token: --token,
// or else $DREY_OPERATOR_TOKEN.
func (o operatorAPI) resolve(e *env) (base, token string) {
	token = *o.token
	if token == "" {
		token = e.getenv("DREY_OPERATOR_TOKEN")
	}
	return strings.TrimSuffix(*o.srv, "/"), token
}

func groupCmd() *command {
	return &command{
		name:    "group",
		summary: "list and create device groups (products), and move devices between them",
		usage:   "list | create NAME [--tz ZONE] [--window HH:MM-HH:MM] | window NAME HH:MM-HH:MM|none | move DEVICE GROUP   [--server URL] [--token T]",
		help:    `Group manages the owner's device groups. Devices in a group run the group's deployment; its time zone (IANA, default UTC) is where its maintenance window is: platform upgrades are offered to its devices only inside that daily window (emergencies excepted). move puts a device into another group: it reconnects and runs that group's code, and its agent restarts with that group's agent code.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv, token := apiFlags(fs)
			tz := fs.String("tz", "", "the group's time `zone`, such as Europe/Paris")
			window := fs.String("window", "", "the group's daily maintenance `window`, HH:MM-HH:MM in its time zone")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				base := strings.TrimSuffix(*srv, "/")
				switch {
				case len(rest) == 1 && rest[0] == "list":
					out, err := apiCall(e, "GET", base+"/v1/groups", *token, nil)
					if err != nil {
						return err
					}
					var gs []server.GroupInfo
					if err := json.Unmarshal(out, &gs); err != nil {
						return err
					}
					for _, g := range gs {
						fmt.Fprintf(e.stdout, "%-20s %s  %-16s %s\n", g.Name, g.ID, g.TimeZone, g.Maintenance)
					}
					return nil
				case len(rest) == 2 && rest[0] == "create":
					_, err := apiCall(e, "POST", base+"/v1/groups", *token, server.GroupInfo{Name: rest[1], TimeZone: *tz, Maintenance: *window})
					if err == nil {
						fmt.Fprintf(e.stdout, "created group %s\n", rest[1])
					}
					return err
				case len(rest) == 3 && rest[0] == "window":
					w := rest[2]
					if w == "none" {
						w = ""
					}
					_, err := apiCall(e, "POST", base+"/v1/groups/"+url.PathEscape(rest[1])+"/maintenance", *token, server.GroupInfo{Maintenance: w})
					if err == nil {
						fmt.Fprintf(e.stdout, "group %s: maintenance window %s\n", rest[1], rest[2])
					}
					return err
				case len(rest) == 3 && rest[0] == "move":
					_, err := apiCall(e, "POST", base+"/v1/devices/"+rest[1]+"/group", *token, server.AssignRequest{Group: rest[2]})
					if err == nil {
						fmt.Fprintf(e.stdout, "moved %s to group %s\n", rest[1], rest[2])
					}
					return err
				}
				return usageError{"want: group list | group create NAME | group move DEVICE GROUP"}
			}
		},
	}
}

func tokenCmd() *command {
	return &command{
		name:    "token",
		summary: "list, create and revoke the owner's API tokens",
		usage:   "list | create NAME | revoke ID   [--server URL] [--token T]",
		help:    `Token manages the API tokens of the owner whose token it runs with. A new token's secret is printed once and stored only hashed; a revoked token stops working at once.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv, token := apiFlags(fs)
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				base := strings.TrimSuffix(*srv, "/")
				switch {
				case len(rest) == 1 && rest[0] == "list":
					out, err := apiCall(e, "GET", base+"/v1/tokens", *token, nil)
					if err != nil {
						return err
					}
					var ts []server.TokenInfo
					if err := json.Unmarshal(out, &ts); err != nil {
						return err
					}
					for _, t := range ts {
						state := "active"
						if t.Revoked != nil {
							state = "revoked " + t.Revoked.Local().Format("2006-01-02 15:04")
						}
						fmt.Fprintf(e.stdout, "%s  %-16s %s  %s\n", t.ID, t.Name, t.Created.Local().Format("2006-01-02 15:04"), state)
					}
					return nil
				case len(rest) == 2 && rest[0] == "create":
					out, err := apiCall(e, "POST", base+"/v1/tokens", *token, server.TokenInfo{Name: rest[1]})
					if err != nil {
						return err
					}
					var t server.TokenInfo
					if err := json.Unmarshal(out, &t); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "token %s (%s), shown once:\n%s\n", t.Name, t.ID, t.Secret)
					return nil
				case len(rest) == 2 && rest[0] == "revoke":
					_, err := apiCall(e, "POST", base+"/v1/tokens/"+rest[1]+"/revoke", *token, nil)
					if err == nil {
						fmt.Fprintf(e.stdout, "revoked token %s\n", rest[1])
					}
					return err
				}
				return usageError{"want: token list | token create NAME | token revoke ID"}
			}
		},
	}
}

func ownerCmd() *command {
	return &command{
		name:    "owner",
		summary: "create an owner (a device manufacturer); set the owner's notice webhook",
		usage:   "create NAME [--data DIR] | webhook URL|show|delete [--server URL] [--token T]",
		help: `Owner create is the operator's command, run where the service's data directory is: it makes an owner with a "default" device group and prints its first API token once. Each owner's token acts only on that owner's devices, groups, code and logs.

Owner webhook is the owner's, with its own token: the service POSTs each new notice (drey notices) to URL, a public http(s) address, signed with an HMAC-SHA256 key it prints once. show prints the webhook, delete removes it.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			data := fs.String("data", "drey-data", "the service's data `DIR`")
			srv, token := apiFlags(fs)
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				if len(rest) >= 1 && rest[0] == "webhook" {
					return ownerWebhook(e, strings.TrimSuffix(*srv, "/"), *token, rest[1:])
				}
				if len(rest) != 2 || rest[0] != "create" {
					return usageError{"want: owner create NAME"}
				}
				d, err := server.OpenData(*data)
				if err != nil {
					return err
				}
				defer d.Close()
				o, err := d.Store.CreateOwner(ctx, rest[1])
				if err != nil {
					return err
				}
				if _, err := d.Store.CreateGroup(ctx, store.Group{OwnerID: o.ID, Name: "default"}); err != nil {
					return err
				}
				_, secret, err := d.Store.CreateToken(ctx, o.ID, "initial")
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "created owner %s (%s); its API token, shown once:\n%s\n", o.Name, o.ID, secret)
				return nil
			}
		},
	}
}
