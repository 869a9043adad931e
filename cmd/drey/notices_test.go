package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The owners' and operator's commands for notices and transfers: drey
// device transfer moves a device (only with the operator's token), drey
// notices shows each owner its own side of it, drey owner webhook sets a
// webhook and prints its key once.
// REQ-OWN-3, REQ-OWN-4.
func TestNoticeAndTransferCommands(t *testing.T) {
	dir, base, ownerToken, op, d := startService(t, true)
	vars := map[string]string{"DREY_PASSPHRASE": "pass phrase", "DREY_OPERATOR_TOKEN": op, "DREY_TOKEN": ownerToken}
	code, out, errOut := dreyWith(t, vars, "", "factory", "enroll", "--data", dir, "--model", "imp001", "--out", filepath.Join(t.TempDir(), "dev1"))
	if code != 0 {
		t.Fatalf("factory enroll: exit %d, %s%s", code, out, errOut)
	}
	devs, err := d.Store.AllDevices(t.Context())
	if err != nil || len(devs) != 1 {
		t.Fatalf("devices: %v %v", devs, err)
	}
	id := devs[0].ID
	code, out, errOut = dreyWith(t, vars, "", "owner", "create", "globex", "--data", dir)
	if code != 0 {
		t.Fatalf("owner create: exit %d, %s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	globexToken := lines[len(lines)-1]

	code, _, errOut = dreyWith(t, vars, "", "device", "transfer", id, "--to", "globex", "--api", base, "--token", ownerToken)
	if code != 1 || !strings.Contains(errOut, "not the operator's token") {
		t.Errorf("an owner's transfer: exit %d, %s", code, errOut)
	}
	if code, _, errOut := dreyWith(t, vars, "", "device", "transfer", id, "--api", base); code != 2 || !strings.Contains(errOut, "--to OWNER") {
		t.Errorf("transfer without --to: exit %d, %s", code, errOut)
	}
	code, out, errOut = dreyWith(t, vars, "", "device", "transfer", id, "--to", "globex", "--group", "default", "--api", base)
	if code != 0 || !strings.Contains(out, "transferred "+id) || !strings.Contains(out, "in its group default") {
		t.Fatalf("device transfer: exit %d, %s%s", code, out, errOut)
	}

	code, out, errOut = dreyWith(t, vars, "", "notices", "--server", base)
	if code != 0 || !strings.Contains(out, "device-transferred-away") || strings.Contains(out, "device-transferred-in") {
		t.Errorf("the old owner's notices: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut = dreyWith(t, vars, "", "notices", "--server", base, "--token", globexToken)
	if code != 0 || !strings.Contains(out, "device-transferred-in") || !strings.Contains(out, id) {
		t.Errorf("the new owner's notices: exit %d, %s%s", code, out, errOut)
	}
	code, out, _ = dreyWith(t, vars, "", "notices", "--server", base, "--token", globexToken, "--since", "1000000")
	if code != 0 || strings.TrimSpace(out) != "no notices" {
		t.Errorf("notices --since past the newest: exit %d, %s", code, out)
	}

	code, out, errOut = dreyWith(t, vars, "", "owner", "webhook", "https://hooks.example.com/drey", "--server", base, "--token", globexToken)
	if code != 0 || !strings.Contains(out, "shown once") {
		t.Fatalf("owner webhook: exit %d, %s%s", code, out, errOut)
	}
	code, out, _ = dreyWith(t, vars, "", "owner", "webhook", "show", "--server", base, "--token", globexToken)
	if code != 0 || !strings.Contains(out, "https://hooks.example.com/drey") {
		t.Errorf("owner webhook show: exit %d, %s", code, out)
	}
	if code, _, errOut := dreyWith(t, vars, "", "owner", "webhook", "file:///etc/passwd", "--server", base); code != 1 || !strings.Contains(errOut, "not an absolute http or https URL") {
		t.Errorf("a file: webhook: exit %d, %s", code, errOut)
	}
	if code, out, _ := dreyWith(t, vars, "", "owner", "webhook", "delete", "--server", base, "--token", globexToken); code != 0 || !strings.Contains(out, "deleted") {
		t.Errorf("owner webhook delete: exit %d, %s", code, out)
	}
}

// drey advisory add takes the confirmation date; drey advisory list and
// drey fleet exposure show each advisory's fix target and status.
// REQ-VULN-5.
func TestAdvisoryTargetCommands(t *testing.T) {
	_, base, _, op, _ := startService(t, true)
	vars := map[string]string{"DREY_OPERATOR_TOKEN": op}
	confirmed := time.Now().UTC().AddDate(0, 0, -40).Format(time.DateOnly)
	target := time.Now().UTC().AddDate(0, 0, -10).Format(time.DateOnly)
	code, out, errOut := dreyWith(t, vars, "", "advisory", "add", "--id", "DREY-2026-0009", "--severity", "critical", "--affected", "<2.0",
		"--fixed", "2.0", "--summary", "TLS bypass", "--confirmed", confirmed, "--server", base)
	if code != 0 {
		t.Fatalf("advisory add: exit %d, %s%s", code, out, errOut)
	}
	if code, _, errOut := dreyWith(t, vars, "", "advisory", "add", "--id", "X", "--severity", "low", "--affected", "<2", "--fixed", "2",
		"--confirmed", "last week", "--server", base); code != 2 || !strings.Contains(errOut, `--confirmed "last week"`) {
		t.Errorf("a bad --confirmed: exit %d, %s", code, errOut)
	}
	code, out, errOut = dreyWith(t, vars, "", "advisory", "list", "--server", base)
	if code != 0 || !strings.Contains(out, "DREY-2026-0009") || !strings.Contains(out, confirmed) || !strings.Contains(out, target) || !strings.Contains(out, "fixed") {
		t.Errorf("advisory list: exit %d, want confirmed %s, target %s and fixed (no device runs an affected version):\n%s%s", code, confirmed, target, out, errOut)
	}
	code, out, errOut = dreyWith(t, vars, "", "fleet", "exposure", "--server", base)
	if code != 0 || !strings.Contains(out, "confirmed "+confirmed+", 40 day(s) ago; fix target "+target+"; fixed") {
		t.Errorf("fleet exposure: exit %d:\n%s%s", code, out, errOut)
	}
}
