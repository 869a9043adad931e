package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"drey/cloud/server"
	"drey/image/keys"
)

func serveCmd() *command {
	return &command{
		name:    "serve",
		summary: "run the cloud service: device gateway and owners' HTTP API, on an embedded SQLite store",
		usage:   "[--data DIR] [--addr HOST:PORT] [--http HOST:PORT] [--host NAME]...",
		help: `Serve runs the Drey service on its embedded defaults: the store is SQLite in DIR/drey.db. Devices connect to --addr over mutual TLS 1.3 (the service CA in DIR/ca signs their certificates, see drey factory enroll); owners use the HTTP API on --http with an API token.

The first start initialises DIR: it makes the service CA (its key encrypted under the passphrase from DREY_PASSPHRASE or a prompt), the gateway's certificate for the --host names, and a default owner with a "default" device group, and prints that owner's API token once. Ctrl-C stops the service cleanly.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			data := fs.String("data", "drey-data", "data `DIR`")
			addr := fs.String("addr", "127.0.0.1:4443", "device gateway `address`")
			httpAddr := fs.String("http", "127.0.0.1:8080", "HTTP API `address`")
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
				log := slog.New(slog.NewTextHandler(e.stderr, nil))
				return server.Run(ctx, d, *addr, *httpAddr, log, func(a server.Addrs) {
					fmt.Fprintf(e.stdout, "devices: %s   API: http://%s\n", a.Gateway, a.HTTP)
				})
			}
		},
	}
}

func factoryCmd() *command {
	return &command{
		name:    "factory",
		summary: "enroll a device at manufacture: its own keys, certificate and registration",
		usage:   "enroll [--data DIR] --model imp001 [--group G] --out DIR",
		help:    `Factory enroll makes a new device's identity: its own TLS key pair and certificate from the service CA, its own key-wrapping key, and a random id; registers its public key with the service's store (so it may connect); and writes the device's credentials, with the CA certificate it pins, to --out. No secret is shared between devices. The CA key's passphrase comes from DREY_PASSPHRASE or a prompt.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			data := fs.String("data", "drey-data", "the service's data `DIR`")
			model := fs.String("model", "imp001", "device `model`")
			group := fs.String("group", "default", "device `group`")
			out := fs.String("out", "", "write the device's credentials to `DIR`")
			return func(ctx context.Context, args []string) error {
				rest, err := parseInterspersed(fs, args)
				if err != nil {
					return usageError{err.Error()}
				}
				if len(rest) != 1 || rest[0] != "enroll" || *out == "" {
					return usageError{"want: factory enroll --model M --out DIR"}
				}
				d, err := server.OpenData(*data)
				if err != nil {
					return err
				}
				defer d.Close()
				pass, err := keys.Passphrase(e.getenv, e.stderr, e.stdin)
				if err != nil {
					return err
				}
				creds, err := d.Enroll(ctx, pass, *model, *group, *out)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "enrolled %s device %s; credentials in %s\n", creds.Model, creds.DeviceID, *out)
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
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 300 {
		var e struct{ Error string }
		if json.Unmarshal(out, &e) == nil && e.Error != "" {
			return nil, fmt.Errorf("%s", e.Error)
		}
		return nil, fmt.Errorf("%s", resp.Status)
	}
	return out, nil
}

func deployCmd() *command {
	return &command{
		name:    "deploy",
		summary: "compile and deploy device code to a device group",
		usage:   "[--server URL] [--token T] [--group G] --device-code FILE",
		help:    `Deploy sends device code to the service, which compiles it (a compile error is printed as file:line:col and nothing is deployed), stores a new version of the group's deployment, and delivers the bytecode to every device of the group now or when it next connects. The API token comes from --token or DREY_TOKEN.`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv := fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
			token := fs.String("token", "", "API `token` (default $DREY_TOKEN)")
			group := fs.String("group", "default", "device `group`")
			code := fs.String("device-code", "", "device code `FILE`")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 || *code == "" {
					return usageError{"deploy needs --device-code FILE"}
				}
				src, err := os.ReadFile(*code)
				if err != nil {
					return err
				}
				out, err := apiCall(e, "POST", strings.TrimSuffix(*srv, "/")+"/v1/deploy", *token, server.DeployRequest{Group: *group, DeviceCode: string(src), DeviceFile: *code})
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

func logsCmd() *command {
	return &command{
		name:    "logs",
		summary: "print a device's log",
		usage:   "[--server URL] [--token T] --device ID",
		help:    `Logs prints a device's log lines: its code's server.log and server.error lines, errors with their stack traces, and status events (connected, disconnected, deployed).`,
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			srv := fs.String("server", "http://127.0.0.1:8080", "the service's HTTP API `URL`")
			token := fs.String("token", "", "API `token` (default $DREY_TOKEN)")
			device := fs.String("device", "", "device `ID`")
			return func(ctx context.Context, args []string) error {
				if len(args) != 0 || *device == "" {
					return usageError{"logs needs --device ID"}
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
					fmt.Fprintf(e.stdout, "%s [%s] %s\n", l.Time.Local().Format("2006-01-02 15:04:05"), l.Source, l.Text)
				}
				return nil
			}
		},
	}
}
