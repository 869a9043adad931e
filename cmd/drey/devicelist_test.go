package main

import (
	"regexp"
	"testing"
	"time"
)

// An owner lists its devices: enrolled at the factory, each appears with
// its model and state; before it first connects it has said nothing of
// its firmware or root of trust.
func TestDeviceList(t *testing.T) {
	t.Chdir(t.TempDir())
	vars := map[string]string{"DREY_PASSPHRASE": testPassphrase}
	run := func(line string) string { t.Helper(); return runStep(t, vars, line) }
	run("keys gen --type ed25519 --out root.key")
	run("keys gen --type ed25519 --out release.key")
	run("keys root init --root-key root.key --release-key release.key --out root.cbor")
	url := startServe(t, vars)
	run("model support imp001 --until " + time.Now().AddDate(3, 0, 0).Format("2006-01-02") + " --server " + url)
	out := run("factory enroll --data data --model imp001 --count 2 --out line")
	ids := regexp.MustCompile(`device ([0-9a-f]{32})`).FindAllStringSubmatch(out, -1)
	if len(ids) != 2 {
		t.Fatalf("enrolled: %s", out)
	}
	list := run("device list --api " + url)
	for _, id := range ids {
		if !regexp.MustCompile(id[1] + `  imp001  offline improm -        bootrom -        root v0  seen never`).MatchString(list) {
			t.Errorf("device %s not listed as enrolled and never seen:\n%s", id[1], list)
		}
	}
}
