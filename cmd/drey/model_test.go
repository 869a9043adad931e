package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"drey/cloud/store"
)

// The operator's model commands against a running service: the factory
// refuses a model with no support date and says how to publish one;
// drey model support publishes it (refusing a bad date or too little
// notice, and an owner's token); drey model list reads it with no token;
// drey fleet exposure shows it per model.
// REQ-LIFE-1, REQ-LIFE-2, REQ-LIFE-3.
func TestModelCommands(t *testing.T) {
	dir, base, ownerToken, op, _ := startService(t, false)
	vars := map[string]string{"DREY_PASSPHRASE": "pass phrase", "DREY_OPERATOR_TOKEN": op, "USER": "alice"}

	code, _, errOut := dreyWith(t, vars, "", "factory", "enroll", "--data", dir, "--model", "imp001", "--out", filepath.Join(t.TempDir(), "dev1"))
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
		if code, _, errOut := dreyWith(t, vars, "", args...); code != bad.code || !strings.Contains(errOut, bad.want) {
			t.Errorf("drey %q: exit %d, %s; want exit %d and %q", args, code, errOut, bad.code, bad.want)
		}
	}
	code, out, errOut := dreyWith(t, vars, "", "model", "support", "imp001", "--until", until, "--note", "five years", "--server", base)
	if code != 0 || !strings.Contains(out, "imp001 gets security upgrades until "+until) {
		t.Fatalf("model support: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyWith(t, nil, "", "model", "list", "--server", base) // no token at all
	if code != 0 || !strings.Contains(out, "imp001") || !strings.Contains(out, "until "+until) {
		t.Fatalf("model list: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyWith(t, vars, "", "model", "history", "imp001", "--server", base)
	if code != 0 || !strings.Contains(out, "(first)") || !strings.Contains(out, "by alice: five years") {
		t.Fatalf("model history: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyWith(t, vars, "", "factory", "enroll", "--data", dir, "--model", "imp001", "--out", filepath.Join(t.TempDir(), "dev1"))
	if code != 0 || !strings.Contains(out, "enrolled imp001 device") {
		t.Fatalf("factory enroll once published: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyWith(t, vars, "", "fleet", "exposure", "--server", base)
	if code != 0 || !strings.Contains(out, "imp001   1 device(s), security upgrades until "+until) {
		t.Fatalf("fleet exposure: exit %d, %s%s", code, out, errOut)
	}
}
