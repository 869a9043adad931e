package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"drey/cloud/server"
	"drey/cloud/store"
)

// startService runs a service in-process on a new data directory for a
// command test, with imp001's support period published if publish, and
// returns the directory, the API's base URL, the default owner's token
// and the operator's.
func startService(t *testing.T, publish bool) (dir, base, ownerToken, operator string, d *server.Data) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir = filepath.Join(t.TempDir(), "data")
	d, err := server.OpenData(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ownerToken, err = d.Init(ctx, "pass phrase", []string{"127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if operator, err = d.EnsureOperator(); err != nil {
		t.Fatal(err)
	}
	if publish {
		if _, err := d.Store.SetModelSupport(ctx, store.ModelSupport{Model: "imp001", Until: store.Date(time.Now().AddDate(5, 0, 0)), By: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	ready := make(chan server.Addrs, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, d, server.Config{GatewayAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Log: slog.New(slog.DiscardHandler),
			Ready: func(a server.Addrs) { ready <- a }})
	}()
	var a server.Addrs
	select {
	case a = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		d.Close()
	})
	return dir, "http://" + a.HTTP.String(), ownerToken, operator, d
}

// runStep runs one drey command line in-process with the environment
// vars, fails the test if it exits non-zero, and returns what it printed
// on both outputs.
func runStep(t *testing.T, vars map[string]string, line string) string {
	t.Helper()
	code, out, errOut := dreyWith(t, vars, "", strings.Fields(line)...)
	if code != 0 {
		t.Fatalf("drey %s: exit %d\n%s%s", line, code, out, errOut)
	}
	return out + errOut
}
