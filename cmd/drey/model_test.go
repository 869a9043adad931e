package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"drey/cloud/server"
	"drey/cloud/store"
)

// dreyEnv runs the command line in-process with the environment vars.
func dreyEnv(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }})
	return code, out.String(), errOut.String()
}

// The operator's model commands against a running service: the factory
// refuses a model with no support date and says how to publish one;
// drey model support publishes it (refusing a bad date or too little
// notice, and an owner's token); drey model list reads it with no token;
// drey fleet exposure shows it per model.
// REQ-LIFE-1, REQ-LIFE-2, REQ-LIFE-3.
func TestModelCommands(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	dir := filepath.Join(t.TempDir(), "data")
	d, err := server.OpenData(dir)
	if err != nil {
		t.Fatal(err)
	}
	ownerToken, err := d.Init(ctx, "pass phrase", []string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	op, err := d.EnsureOperator()
	if err != nil {
		t.Fatal(err)
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
	base := "http://" + a.HTTP.String()
	vars := map[string]string{"DREY_PASSPHRASE": "pass phrase", "DREY_OPERATOR_TOKEN": op, "USER": "alice"}

	code, _, errOut := dreyEnv(t, vars, "factory", "enroll", "--data", dir, "--model", "imp001", "--out", filepath.Join(t.TempDir(), "dev1"))
	if code != 1 || !strings.Contains(errOut, "drey model support imp001 --until") {
		t.Fatalf("factory enroll with no support date: exit %d, %s", code, errOut)
	}
	until := store.Date(time.Now().AddDate(5, 0, 0)).Format(store.DateLayout)
	for _, bad := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--until", "2032-02-30"}, 2, `--until "2032-02-30": want a date YYYY-MM-DD`},
		{[]string{"--until", "next year"}, 2, `--until "next year"`},
		{[]string{"--until", store.Date(time.Now().AddDate(0, 6, 0)).Format(store.DateLayout)}, 1, "the earliest allowed is " + store.EarliestSupportEnd(time.Now()).Format(store.DateLayout)},
		{[]string{"--until", until, "--token", ownerToken}, 1, "not the operator's token"},
	} {
		args := append([]string{"model", "support", "imp001", "--server", base}, bad.args...)
		if code, _, errOut := dreyEnv(t, vars, args...); code != bad.code || !strings.Contains(errOut, bad.want) {
			t.Errorf("drey %q: exit %d, %s; want exit %d and %q", args, code, errOut, bad.code, bad.want)
		}
	}
	code, out, errOut := dreyEnv(t, vars, "model", "support", "imp001", "--until", until, "--note", "five years", "--server", base)
	if code != 0 || !strings.Contains(out, "imp001 gets security upgrades until "+until) {
		t.Fatalf("model support: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyEnv(t, nil, "model", "list", "--server", base) // no token at all
	if code != 0 || !strings.Contains(out, "imp001") || !strings.Contains(out, "until "+until) {
		t.Fatalf("model list: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyEnv(t, vars, "model", "history", "imp001", "--server", base)
	if code != 0 || !strings.Contains(out, "(first)") || !strings.Contains(out, "by alice: five years") {
		t.Fatalf("model history: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyEnv(t, vars, "factory", "enroll", "--data", dir, "--model", "imp001", "--out", filepath.Join(t.TempDir(), "dev1"))
	if code != 0 || !strings.Contains(out, "enrolled imp001 device") {
		t.Fatalf("factory enroll once published: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyEnv(t, vars, "fleet", "exposure", "--server", base)
	if code != 0 || !strings.Contains(out, "imp001   1 device(s), security upgrades until "+until) {
		t.Fatalf("fleet exposure: exit %d, %s%s", code, out, errOut)
	}
}
