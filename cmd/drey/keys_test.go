package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"drey/image/keys"
)

const testPassphrase = "correct horse"

// dreyWith runs the command line in-process like drey, but with the given
// environment variables and standard input (drey's getenv returns "").
func dreyWith(t *testing.T, vars map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if lookup("keys") == nil {
		t.Fatal("keysCmd() is not registered in commands()")
	}
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return vars[k] }
	code = run(context.Background(), args, &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: getenv})
	return code, out.String(), errOut.String()
}

var withPassphrase = map[string]string{keys.PassphraseEnv: testPassphrase}

var idLine = regexp.MustCompile(`(?m)^id +([0-9a-f]{64})$`)

// TestKeysGenAndShow makes a key of each type with `drey keys gen`, reads
// the files back and checks `drey keys show` (REQ-SEC-1, REQ-SEC-9,
// REQ-SEC-11).
func TestKeysGenAndShow(t *testing.T) {
	for _, tt := range []struct{ typ, alg string }{
		{keys.Ed25519, "EdDSA (-8)"},
		{keys.P256, "ES256 (-7)"},
		{keys.X25519, "none (key agreement only)"},
		{keys.RSA4096, "PS256 (-37)"},
	} {
		t.Run(tt.typ, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "release.key")
			code, stdout, stderr := dreyWith(t, withPassphrase, "", "keys", "gen", "--type", tt.typ, "--out", out)
			if code != 0 {
				t.Fatalf("keys gen: exit %d: %s", code, stderr)
			}
			m := idLine.FindStringSubmatch(stdout)
			if m == nil {
				t.Fatalf("keys gen printed no key id:\n%s", stdout)
			}
			key, err := keys.ReadPrivateFile(out, testPassphrase)
			if err != nil {
				t.Fatal(err)
			}
			if key.Public().ID().String() != m[1] || key.Type() != tt.typ {
				t.Errorf("file holds %v; keys gen printed id %s", key, m[1])
			}
			fi, err := os.Stat(out)
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("private key file: %v, %v; want mode 0600", fi.Mode(), err)
			}
			secret, _ := os.ReadFile(out)
			body := strings.Split(string(secret), "\n")[1] // first base64 line
			if strings.Contains(stdout+stderr, body) || strings.Contains(stdout+stderr, "PRIVATE KEY-----") {
				t.Errorf("keys gen printed the private key:\n%s%s", stdout, stderr)
			}

			code, show, stderr := dreyWith(t, nil, "", "keys", "show", out+".pub")
			if code != 0 {
				t.Fatalf("keys show: exit %d: %s", code, stderr)
			}
			want := "type  " + tt.typ + "\nalg   " + tt.alg + "\nid    " + m[1] + "\n"
			if show != want || stdout != want {
				t.Errorf("keys show printed\n%s\nkeys gen printed\n%s\nwant\n%s", show, stdout, want)
			}
		})
	}
}

func TestKeysGenRefusesToOverwrite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "k")
	gen := func(extra ...string) (int, string, string) {
		return dreyWith(t, withPassphrase, "", append([]string{"keys", "gen", "-type", "ed25519", "-out", out}, extra...)...)
	}
	code, first, stderr := gen()
	if code != 0 {
		t.Fatalf("first keys gen: exit %d: %s", code, stderr)
	}
	if code, _, stderr := gen(); code != 1 || !strings.Contains(stderr, "already exists; use --force") {
		t.Errorf("second keys gen: exit %d, stderr %q; want exit 1 and a refusal", code, stderr)
	}
	if err := os.Remove(out); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := gen(); code != 1 || !strings.Contains(stderr, out+".pub already exists") {
		t.Errorf("keys gen with FILE.pub left: exit %d, stderr %q", code, stderr)
	}
	code, second, stderr := gen("--force")
	if code != 0 {
		t.Fatalf("keys gen --force: exit %d: %s", code, stderr)
	}
	if idLine.FindString(first) == idLine.FindString(second) {
		t.Error("keys gen --force kept the old key")
	}
}

// TestKeysGenPrompt reads the passphrase from standard input, twice, when
// DREY_PASSPHRASE is not set.
func TestKeysGenPrompt(t *testing.T) {
	tests := []struct {
		stdin   string
		code    int
		message string
	}{
		{"typed pass\ntyped pass\n", 0, "Passphrase"},
		{"typed pass\ntypo pass\n", 1, "the passphrases differ"},
		{"", 1, "empty passphrase"},
		{"\n", 1, "empty passphrase"},
	}
	for _, tt := range tests {
		out := filepath.Join(t.TempDir(), "k")
		code, _, stderr := dreyWith(t, nil, tt.stdin, "keys", "gen", "--type", "ed25519", "--out", out)
		if code != tt.code || !strings.Contains(stderr, tt.message) {
			t.Errorf("stdin %q: exit %d, stderr %q; want exit %d and %q", tt.stdin, code, stderr, tt.code, tt.message)
		}
		_, err := os.Stat(out)
		if (err == nil) != (tt.code == 0) {
			t.Errorf("stdin %q: key file: %v", tt.stdin, err)
		}
		if tt.code == 0 {
			if _, err := keys.ReadPrivateFile(out, "typed pass"); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestKeysUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"keys"}, "no keys subcommand given"},
		{[]string{"keys", "frobnicate"}, `unknown keys subcommand "frobnicate"`},
		{[]string{"keys", "gen"}, "keys gen needs --type"},
		{[]string{"keys", "gen", "--type", "rsa2048", "--out", "k"}, `--type "rsa2048": want ed25519, rsa4096, p256, x25519`},
		{[]string{"keys", "gen", "--type", "ed25519"}, "keys gen needs --out FILE"},
		{[]string{"keys", "gen", "--type", "ed25519", "--out", "k", "extra"}, `keys gen takes no arguments, got "extra"`},
		{[]string{"keys", "gen", "--nosuchflag"}, "flag provided but not defined: -nosuchflag"},
		{[]string{"keys", "show"}, "keys show takes one FILE.pub"},
		{[]string{"keys", "show", "a", "b"}, "keys show takes one FILE.pub"},
	}
	for _, tt := range tests {
		code, stdout, stderr := dreyWith(t, withPassphrase, "", tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "usage: drey keys gen") || stdout != "" {
			t.Errorf("drey %q: exit %d, stderr %q; want exit 2 and %q with the usage line", tt.args, code, stderr, tt.want)
		}
	}
	code, _, stderr := dreyWith(t, nil, "", "keys", "gen", "-h")
	if code != 0 || !strings.Contains(stderr, "Usage: drey keys gen") || !strings.Contains(stderr, "-force") {
		t.Errorf("keys gen -h: exit %d, stderr %q", code, stderr)
	}
}

func TestKeysShowErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "k")
	if code, _, stderr := dreyWith(t, withPassphrase, "", "keys", "gen", "--type", "ed25519", "--out", out); code != 0 {
		t.Fatalf("keys gen: %s", stderr)
	}
	tests := []struct{ file, want string }{
		{filepath.Join(dir, "missing.pub"), "no such file"},
		{out, `PEM block "ENCRYPTED PRIVATE KEY", want "PUBLIC KEY"`},
	}
	for _, tt := range tests {
		code, stdout, stderr := dreyWith(t, nil, "", "keys", "show", tt.file)
		if code != 1 || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("keys show %s: exit %d, stderr %q; want exit 1 and one line with %q", tt.file, code, stderr, tt.want)
		}
	}
}
