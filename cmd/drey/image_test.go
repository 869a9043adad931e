package main

import (
	"os"
	"strings"
	"testing"
)

// step runs one command line of a script, failing the test on a non-zero
// exit.
func step(t *testing.T, line string) string {
	t.Helper()
	code, out, errOut := dreyWith(t, withPassphrase, "", strings.Fields(line)...)
	if code != 0 {
		t.Fatalf("drey %s: exit %d\n%s%s", line, code, out, errOut)
	}
	return out
}

// The quickstart of docs/image-format.md works verbatim, and the image it
// makes installs on a device that holds the root (REQ-SEC-10: keys and
// images are made offline, by these commands).
func TestImageQuickstart(t *testing.T) {
	t.Chdir(t.TempDir())
	payload := make([]byte, 100_000)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	if err := os.WriteFile("payload.bin", payload, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"keys gen --type ed25519 --out root.key",
		"keys gen --type rsa4096 --out release.key",
		"keys root init --root-key root.key --release-key release.key --out root.cbor",
		"image build --model imp001 --slot improm --version 36.10 --seq 12 --in payload.bin --sign release.key --out img.suit",
		"image verify img.suit --root root.cbor",
		"keys gen --type x25519 --out dev1.key",
		"image wrap img.suit --device-pub dev1.key.pub --out dev1.wrapped",
	} {
		step(t, line)
	}
	out := step(t, "image verify img.suit --root root.cbor --model imp001 --device-key dev1.key --wrapped dev1.wrapped")
	if !strings.Contains(out, "installs on imp001") {
		t.Fatalf("device verify: %s", out)
	}
	// Another device's key cannot open this device's wrap (REQ-SEP-2).
	step(t, "keys gen --type x25519 --out dev2.key")
	code, _, errOut := dreyWith(t, withPassphrase, "", strings.Fields("image verify img.suit --root root.cbor --model imp001 --device-key dev2.key --wrapped dev1.wrapped")...)
	if code != 1 || !strings.Contains(errOut, "content key") {
		t.Fatalf("other device: exit %d: %s", code, errOut)
	}
	// A tampered image is refused in one line with exit status 1.
	img, _ := os.ReadFile("img.suit")
	img[len(img)-50000] ^= 1
	os.WriteFile("bad.suit", img, 0o644)
	code, _, errOut = dreyWith(t, withPassphrase, "", "image", "verify", "bad.suit", "--root", "root.cbor")
	if code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "block digest mismatch") {
		t.Fatalf("tampered: exit %d: %q", code, errOut)
	}
	if out := step(t, "image inspect img.suit"); !strings.Contains(out, "NOT VERIFIED") || !strings.Contains(out, `-257: "imp001"`) {
		t.Fatalf("inspect: %s", out)
	}
}

// Two of three release keys must sign when the root says so; a root
// rotation revokes one of them (REQ-SEC-5, REQ-SEC-6, REQ-SEC-8).
func TestImageThresholdAndRotation(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("fw.bin", []byte(strings.Repeat("firmware", 1000)), 0o644)
	for _, line := range []string{
		"keys gen --type ed25519 --out root.key",
		"keys gen --type ed25519 --out r1.key",
		"keys gen --type p256 --out r2.key",
		"keys gen --type ed25519 --out r3.key",
		"keys root init --root-key root.key --release-key r1.key --release-key r2.key --release-key r3.key --release-threshold 2 --out root.cbor",
		"image build --model imp001 --slot improm --version 1.0 --seq 1 --in fw.bin --sign r1.key --encrypt none --out one.suit",
		"image build --model imp001 --slot improm --version 1.0 --seq 1 --in fw.bin --sign r1.key --sign r2.key --encrypt none --out two.suit",
	} {
		step(t, line)
	}
	step(t, "image verify two.suit --root root.cbor")
	if code, _, errOut := dreyWith(t, withPassphrase, "", strings.Fields("image verify one.suit --root root.cbor")...); code != 1 || !strings.Contains(errOut, "too few") {
		t.Fatalf("one of two: exit %d: %s", code, errOut)
	}
	id := strings.Fields(strings.Split(step(t, "keys show r2.key.pub"), "id")[1])[0]
	step(t, "keys root rotate --current root.cbor --old-root-key root.key --revoke "+id+" --release-threshold 2 --out root2.cbor")
	if out := step(t, "keys root show root2.cbor"); !strings.Contains(out, "version\t2") || !strings.Contains(out, "revoked\t"+id) {
		t.Fatalf("rotated root: %s", out)
	}
}
