package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"drey/cloud/egress"
	"drey/cloud/server"
	"drey/image/keys"
)

func serveCmd() *command {
	return &command{
		name:    "serve",
		summary: "run the cloud service: device gateway, agents, owners' HTTP API and agent URLs, on an embedded SQLite store",
		usage:   "[--data DIR] [--root root.cbor] [--addr HOST:PORT] [--http HOST:PORT] [--public-url URL] [--agent-allow CIDR]... [--webhook-allow CIDR]... [--host NAME]...",
		help: `Serve runs the Drey service on its embedded defaults: the store is SQLite in DIR/drey.db. Devices connect to --addr over mutual TLS 1.3 (the service CA in DIR/ca signs their certificates, see drey factory enroll); each device's agent runs its group's agent code; owners use the HTTP API on --http with an API token; agent URLs are served on --http under /agent/, and Prometheus metrics at /metrics. Agents' outbound HTTP reaches public addresses only, unless --agent-allow names a range; so do the owners' notice webhooks, unless --webhook-allow does.

The first start initialises DIR: it makes the service CA (its key encrypted under the passphrase from DREY_PASSPHRASE or a prompt), the gateway's certificate for the --host names, and a default owner with a "default" device group, and prints that owner's API token once, and the operator's token (for releases and rollouts) once. --root installs the platform root of trust; a later root must follow the installed one by a signed rotation. Ctrl-C stops the service cleanly.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			data := fs.String("data", "drey-data", "data `DIR`")
			addr := fs.String("addr", "127.0.0.1:4443", "device gateway `address`")
			httpAddr := fs.String("http", "127.0.0.1:8080", "HTTP API `address`")
			contact := fs.String("security-contact", "", "where to report vulnerabilities, a mailto: or https: `URI`, published in /.well-known/security.txt (default security@ the public host)")
			rootFile := fs.String("root", "", "install the platform root of trust `FILE` (root metadata) that releases are verified against")
			public := fs.String("public-url", "", "the `URL` the HTTP listener is reached at, for agent URLs (default http://ADDR)")
			var allow stringList
			fs.Var(&allow, "agent-allow", "let agents' outbound HTTP reach this private or loopback `CIDR` (repeat; default: public addresses only)")
			var hookAllow stringList
			fs.Var(&hookAllow, "webhook-allow", "let owners' notice webhooks reach this private or loopback `CIDR` (repeat; default: public addresses only)")
			var hosts stringList
			fs.Var(&hosts, "host", "a `name` or IP the gateway's certificate is for (repeat; default 127.0.0.1 and localhost)")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 {
					return usageError{"serve takes no arguments"}
				}
				d, err := server.OpenData(*data)
				if err != nil {
					return err
				}
				defer d.Close()
				if _, err := os.Stat(*data + "/ca/ca.crt"); err != nil {
					pass, err := keys.Passphrase(e.getenv, e.stderr, e.stdin)
					if err != nil {
						return err
					}
					if len(hosts) == 0 {
						hosts = stringList{"127.0.0.1", "localhost"}
					}
					token, err := d.Init(ctx, pass, hosts)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "initialised %s; the default owner's API token (shown once):\n%s\n", *data, token)
				}
				op, err := d.EnsureOperator()
				if err != nil {
					return err
				}
				if op != "" {
					fmt.Fprintf(e.stdout, "the operator's API token, for releases and rollouts (shown once):\n%s\n", op)
				}
				if *rootFile != "" {
					root, err := os.ReadFile(*rootFile)
					if err != nil {
						return err
					}
					if _, err := d.SetRoot(root); err != nil {
						return fmt.Errorf("--root %s: %w", *rootFile, err)
					}
				}
				log := slog.New(slog.NewTextHandler(e.stderr, nil))
				var policy egress.Policy
				for _, a := range allow {
					p, err := netip.ParsePrefix(a)
					if err != nil {
						return usageError{fmt.Sprintf("--agent-allow %q: %v", a, err)}
					}
					policy.Allow = append(policy.Allow, p)
				}
				var hooks egress.Policy
				for _, a := range hookAllow {
					p, err := netip.ParsePrefix(a)
					if err != nil {
						return usageError{fmt.Sprintf("--webhook-allow %q: %v", a, err)}
					}
					hooks.Allow = append(hooks.Allow, p)
				}
				return server.Run(ctx, d, server.Config{GatewayAddr: *addr, HTTPAddr: *httpAddr, PublicURL: *public, Log: log, Egress: policy, Webhooks: hooks, SecurityContact: *contact,
					Ready: func(a server.Addrs) {
						fmt.Fprintf(e.stdout, "devices: %s   API: http://%s   agents: %s<agent id>\n", a.Gateway, a.HTTP, a.AgentBase)
					}})
			}
		},
	}
}

func factoryCmd() *command {
	return &command{
		name:    "factory",
		summary: "enroll a device at manufacture: its own keys, certificate and registration",
		usage:   "enroll [--data DIR] --model imp001 [--owner NAME] [--group G] --out DIR [--count N]",
		help: `Factory enroll makes a new device's identity: its own TLS key pair and certificate from the service CA, its own key-wrapping key, and a random id; registers its public key with the service's store (so it may connect); and writes the device's credentials, with the CA certificate it pins, to --out. No secret is shared between devices. The CA key's passphrase comes from DREY_PASSPHRASE or a prompt. A model whose security support period is not yet published (drey model support) is refused (REQ-LIFE-1).

--owner enrolls the devices for that owner (drey owner create), into its --group; the default is the owner drey serve made. --count N enrolls N devices, as a factory line does, each with its own keys, credentials in DIR/<device id>/, the CA key decrypted once.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			data := fs.String("data", "drey-data", "the service's data `DIR`")
			model := fs.String("model", "imp001", "device `model`")
			group := fs.String("group", "default", "device `group`")
			owner := fs.String("owner", "", "the `owner` the devices are made for (default: the service's default owner)")
			out := fs.String("out", "", "write the device's credentials to `DIR`")
			count := fs.Int("count", 1, "enroll `N` devices, each in DIR/<device id>")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				if len(rest) != 1 || rest[0] != "enroll" || *out == "" {
					return usageError{"want: factory enroll --model M --out DIR"}
				}
				if *count < 1 || *count > 100_000 {
					return usageError{fmt.Sprintf("--count %d: want 1 to 100000", *count)}
				}
				d, err := server.OpenData(*data)
				if err != nil {
					return err
				}
				defer d.Close()
				if err := d.RequireSupport(ctx, *model); err != nil { // before asking for the passphrase
					return err
				}
				pass, err := keys.Passphrase(e.getenv, e.stderr, e.stdin)
				if err != nil {
					return err
				}
				en, err := d.NewEnroller(ctx, pass, *model, *owner, *group)
				if err != nil {
					return err
				}
				for i := range *count {
					dir := *out
					if *count > 1 {
						dir = filepath.Join(*out, fmt.Sprintf("tmp-%d", i))
					}
					creds, err := en.Enroll(ctx, dir)
					if err != nil {
						return fmt.Errorf("device %d of %d: %w", i+1, *count, err)
					}
					if *count > 1 {
						final := filepath.Join(*out, creds.DeviceID)
						if err := os.Rename(dir, final); err != nil {
							return err
						}
						dir = final
					}
					fmt.Fprintf(e.stdout, "enrolled %s device %s; credentials in %s\n", creds.Model, creds.DeviceID, dir)
				}
				return nil
			}
		},
	}
}

// apiCall calls the HTTP API with the token from --token or DREY_TOKEN.
func apiCall(e *env, method, url, token string, body any) ([]byte, error) {
	if token == "" {
		token = e.getenv("DREY_TOKEN")
	}
	if token == "" {
		return nil, usageError{"no API token: give --token or set DREY_TOKEN"}
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	return send(context.Background(), method, url, token, rd)
}

func deployCmd() *command {
	return &command{
		name:    "deploy",
		summary: "compile and deploy device and agent code to a device group; list or roll back deployments",
		usage:   "[--server URL] [--token T] [--group G] --device-code FILE [--agent-code FILE] | --list | --rollback VERSION",
		help:    `Deploy sends device and agent code to the service, which compiles both (a compile error is printed as file:line:col and nothing is deployed), stores a new version of the group's deployment, restarts the group's agents with the agent code, and delivers the device bytecode to every device of the group now or when it next connects. --list prints the group's versions; --rollback N deploys version N's code again as a new version. The API token comes from --token or DREY_TOKEN.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv := fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
			token := fs.String("token", "", "API `token` (default $DREY_TOKEN)")
			group := fs.String("group", "default", "device `group`")
			code := fs.String("device-code", "", "device code `FILE`")
			agentCode := fs.String("agent-code", "", "agent code `FILE`")
			list := fs.Bool("list", false, "list the group's deployments")
			rollback := fs.Int("rollback", 0, "deploy the code of `VERSION` again")
			return func(ctx context.Context, args []string) error {
				base := strings.TrimSuffix(*srv, "/")
				if len(args) != 0 {
					return usageError{"deploy takes no arguments"}
				}
				if *list {
					return listDeployments(e, base, *token, *group)
				}
				var out []byte
				var err error
				if *rollback > 0 {
					out, err = apiCall(e, "POST", base+"/v1/rollback", *token, server.RollbackRequest{Group: *group, Version: *rollback})
				} else {
					if *code == "" {
						return usageError{"deploy needs --device-code FILE (or --list, --rollback N)"}
					}
					req := server.DeployRequest{Group: *group, DeviceFile: *code, AgentFile: *agentCode}
					src, err := os.ReadFile(*code)
					if err != nil {
						return err
					}
					req.DeviceCode = string(src)
					if *agentCode != "" {
						src, err := os.ReadFile(*agentCode)
						if err != nil {
							return err
						}
						req.AgentCode = string(src)
					}
					out, err = apiCall(e, "POST", base+"/v1/deploy", *token, req)
				}
				if err != nil {
					return err
				}
				var r server.DeployResponse
				if err := json.Unmarshal(out, &r); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "deployed version %d (%s) to group %s; %d device(s) got it now, the rest get it when they connect\n", r.Version, r.ID, *group, r.Pushed)
				return nil
			}
		},
	}
}

func listDeployments(e *env, base, token, group string) error {
	out, err := apiCall(e, "GET", base+"/v1/deployments?group="+url.QueryEscape(group), token, nil)
	if err != nil {
		return err
	}
	var ds []server.DeploymentInfo
	if err := json.Unmarshal(out, &ds); err != nil {
		return err
	}
	for _, d := range ds {
		note := ""
		if d.RolledBackFrom != nil {
			note = fmt.Sprintf("  (rollback to version %d)", *d.RolledBackFrom)
		}
		fmt.Fprintf(e.stdout, "%4d  %s  %s%s\n", d.Version, d.Created.Local().Format("2006-01-02 15:04:05"), d.ID, note)
	}
	return nil
}

func logsCmd() *command {
	return &command{
		name:    "logs",
		summary: "print a device's log",
		usage:   "[--server URL] [--token T] --device ID [--follow]",
		help:    `Logs prints a device's log lines: its device and agent code's server.log and server.error lines, errors with their stack traces, and status events (connected, disconnected, deployed). --follow keeps printing new lines as they arrive (Server-Sent Events) until interrupted.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv := fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
			token := fs.String("token", "", "API `token` (default $DREY_TOKEN)")
			device := fs.String("device", "", "device `ID`")
			follow := fs.Bool("follow", false, "keep printing new lines")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 || *device == "" {
					return usageError{"logs needs --device ID"}
				}
				if *follow {
					return followLogs(ctx, e, strings.TrimSuffix(*srv, "/")+"/v1/devices/"+*device+"/logs?follow=1", *token)
				}
				out, err := apiCall(e, "GET", strings.TrimSuffix(*srv, "/")+"/v1/devices/"+*device+"/logs", *token, nil)
				if err != nil {
					return err
				}
				var lines []server.LogEntry
				if err := json.Unmarshal(out, &lines); err != nil {
					return err
				}
				for _, l := range lines {
					printLog(e.stdout, l)
				}
				return nil
			}
		},
	}
}

func printLog(w io.Writer, l server.LogEntry) {
	fmt.Fprintf(w, "%s [%s] %s\n", l.Time.Local().Format("2006-01-02 15:04:05"), l.Source, l.Text)
}

// followLogs prints a device's log as the server streams it.
func followLogs(ctx context.Context, e *env, url, token string) error {
	if token == "" {
		token = e.getenv("DREY_TOKEN")
	}
	if token == "" {
		return usageError{"no API token: give --token or set DREY_TOKEN"}
	}
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s", resp.Status)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		var l server.LogEntry
		if err := json.Unmarshal([]byte(data), &l); err != nil {
			return fmt.Errorf("log stream: %w", err)
		}
		printLog(e.stdout, l)
	}
	if ctx.Err() != nil {
		return nil
	}
	return sc.Err()
}
