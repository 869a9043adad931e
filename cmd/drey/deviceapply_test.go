package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// A simulated imp applying an image from a file survives a power cut at
// any point of the install: it powers on into a valid image and, once
// the improm has invalidated itself, the bootrom installs the image
// again and the device runs it (REQ-PROC-4). A cut armed past the end of
// the install does not strike.
func TestDeviceApplyPowerCut(t *testing.T) {
	t.Chdir(t.TempDir())
	vars := map[string]string{"DREY_PASSPHRASE": testPassphrase}
	run := func(line string) string { t.Helper(); return runStep(t, vars, line) }
	if err := os.WriteFile("payload.bin", bytes.Repeat([]byte("improm 36.20 "), 20000), 0o644); err != nil {
		t.Fatal(err)
	}
	run("keys gen --type ed25519 --out root.key")
	run("keys gen --type ed25519 --out release.key")
	run("keys root init --root-key root.key --release-key release.key --out root.cbor")
	run("image build --model imp001 --slot improm --version 36.20 --seq 20 --in payload.bin --encrypt none --sign release.key --out img.suit")
	for _, c := range []struct {
		cut  int
		want []string
	}{
		{0, []string{"power on", "improm 1.0 running", "running improm 1.0"}}, // before the improm invalidated itself: nothing installed
		{2000, []string{"power lost while installing", "power on", "bootrom 1.0 running (recovery)", "improm 36.20 running", "running improm 36.20"}},
		{1 << 30, []string{"did not strike", "running improm 36.20"}},
	} {
		t.Run(fmt.Sprint(c.cut), func(t *testing.T) {
			dir := fmt.Sprintf("dev-%d", c.cut)
			run("device --state " + dir + " --root root.cbor")
			out := run(fmt.Sprintf("device --state %s --apply img.suit --cut-after %d", dir, c.cut))
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("cut after %d: no %q in:\n%s", c.cut, w, out)
				}
			}
		})
	}
}
