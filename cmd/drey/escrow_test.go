package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"drey/image/keys"
)

// The escrow procedure of docs/escrow.md works verbatim: three of five
// custodians recover the release key, which signs an image that the
// root accepts; two custodians, a tampered package, and a share or a
// digest of another escrow are refused, each with an error that says
// which (REQ-LIFE-4).
func TestEscrowRoundTrip(t *testing.T) {
	doc, err := filepath.Abs(filepath.Join("..", "..", "docs", "escrow.md"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	// No git on PATH: the tests never run it. Seal must say the source
	// is missing and seal the rest (image/escrow tests the bundle).
	t.Setenv("PATH", t.TempDir())
	if err := os.WriteFile("payload.bin", []byte(strings.Repeat("improm 36.11 ", 4000)), 0o644); err != nil {
		t.Fatal(err)
	}
	step(t, "keys gen --type ed25519 --out root.key")
	step(t, "keys gen --type p256 --out release.key")
	step(t, "keys root init --root-key root.key --release-key release.key --out root.cbor")

	digestRE := regexp.MustCompile(`MANIFEST SHA-256 ([0-9a-f]{64})`)
	var digest string
	var out strings.Builder
	lines := runbookCommands(t, doc)
	if len(lines) < 10 {
		t.Fatalf("found %d commands in docs/escrow.md", len(lines))
	}
	for _, line := range lines {
		line = strings.TrimPrefix(line, "drey ")
		if strings.Contains(line, "DIGEST") {
			if digest == "" {
				t.Fatalf("docs/escrow.md uses DIGEST before seal printed it: %s", line)
			}
			line = strings.ReplaceAll(line, "DIGEST", digest)
		}
		code, stdout, stderr := dreyWith(t, withPassphrase, "", strings.Fields(line)...)
		if code != 0 {
			t.Fatalf("drey %s: exit %d\n%s%s", line, code, stdout, stderr)
		}
		if m := digestRE.FindStringSubmatch(stdout); m != nil && strings.HasPrefix(line, "escrow seal") {
			digest = m[1]
		}
		out.WriteString(stdout + stderr)
	}
	got := out.String()
	for _, want := range []string{
		"opened by 3 of 5 custodians",
		"warning: source not included: escrow: source drey-src: git is not installed",
		"all 9 files match MANIFEST",
		", as the contract records",
		"opened escrow ",
		"with the shares of alice, carol, erin; recovered 2 keys into recovered (encrypted, mode 0600)",
		"fix.suit: authentic: imp001 improm 36.11 seq 13",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the procedure's output lacks %q:\n%s", want, got)
		}
	}
	for _, name := range []string{"release.key", "root.key"} {
		path := filepath.Join("recovered", name)
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, %v; want mode 0600", path, fi, err)
		}
		k, err := keys.ReadPrivateFile(path, testPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		orig, err := keys.ReadPublicFile(name + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		if !k.Public().Equal(orig) {
			t.Errorf("%s holds %v, not the escrowed key %s", path, k, orig.ID())
		}
	}

	refused := func(line string, want ...string) {
		t.Helper()
		code, stdout, stderr := dreyWith(t, withPassphrase, "", strings.Fields(line)...)
		if code != 1 {
			t.Errorf("drey %s: exit %d, want 1\n%s%s", line, code, stdout, stderr)
		}
		for _, w := range want {
			if !strings.Contains(stderr, w) {
				t.Errorf("drey %s: %q lacks %q", line, stderr, w)
			}
		}
	}
	id := regexp.MustCompile(`escrow ([0-9a-f]{32}) in escrow:`).FindStringSubmatch(got)
	if id == nil {
		t.Fatalf("no escrow id in:\n%s", got)
	}

	// Two custodians are too few, and nobody is asked for a passphrase.
	refused("escrow open escrow --custodian-key alice=alice.key --custodian-key bob=bob.key --out r2",
		"2 custodians' keys given, escrow "+id[1]+" needs 3 of its 5 custodians")
	if _, err := os.Stat("r2"); err == nil {
		t.Errorf("a refused open made r2")
	}

	// A share or a digest of another escrow.
	seal2 := step(t, "escrow seal --key root.key --key release.key --root root.cbor --custodian alice=alice.key.pub --custodian bob=bob.key.pub --custodian carol=carol.key.pub --threshold 2 --out escrow2")
	id2 := regexp.MustCompile(`sealed escrow ([0-9a-f]{32})`).FindStringSubmatch(seal2)[1]
	digest2 := digestRE.FindStringSubmatch(seal2)[1]
	refused("escrow open escrow --share escrow2/shares/alice.share --custodian-key alice=alice.key --custodian-key bob=bob.key --custodian-key carol=carol.key --out r3",
		"escrow2/shares/alice.share is custodian alice's share of escrow "+id2+", not of this escrow "+id[1])
	refused("escrow verify escrow --manifest-sha256 "+digest2,
		"escrow/MANIFEST has SHA-256 "+digest+", the contract records "+digest2+": this is not the package that was sealed")

	// A tampered package is refused, naming the file.
	if err := os.CopyFS("tampered", os.DirFS("escrow")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("tampered", "keys", "release.key.sealed")
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 1
	os.WriteFile(path, b, 0o600)
	os.WriteFile(filepath.Join("tampered", "NOTES"), []byte("added"), 0o644)
	for _, line := range []string{
		"escrow verify tampered",
		"escrow open tampered --custodian-key alice=alice.key --custodian-key bob=bob.key --custodian-key carol=carol.key --out r4",
	} {
		refused(line, "tampered: keys/release.key.sealed changed: SHA-256 ", "; NOTES is not in MANIFEST: does not match MANIFEST")
	}
	if _, err := os.Stat("r4"); err == nil {
		t.Errorf("a refused open made r4")
	}

	if out := step(t, "help escrow"); !strings.Contains(out, "Usage: drey escrow seal --key FILE...") || !strings.Contains(out, "REQ-LIFE-4") {
		t.Errorf("drey help escrow:\n%s", out)
	}
}
