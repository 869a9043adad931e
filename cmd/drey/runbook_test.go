package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"drey/image/keys"
)

// The key-compromise runbook (docs/key-compromise.md) works verbatim
// against a running service, the server address apart: the stolen
// release key is revoked, the release it signed is withdrawn, an image
// it signs afterwards is refused, and one signed with its successor is
// accepted (REQ-VULN-6). The service holds no key throughout: the root
// and the images are signed offline (REQ-SEC-10).
func TestKeyCompromiseRunbook(t *testing.T) {
	doc, err := filepath.Abs(filepath.Join("..", "..", "docs", "key-compromise.md"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	vars := map[string]string{keys.PassphraseEnv: testPassphrase}
	run := func(line string) string { t.Helper(); return runStep(t, vars, line) }
	if err := os.WriteFile("payload.bin", bytes.Repeat([]byte("improm 2.0 "), 5000), 0o644); err != nil {
		t.Fatal(err)
	}
	run("keys gen --type ed25519 --out root.key")
	run("keys gen --type ed25519 --out release.key")
	run("keys root init --root-key root.key --release-key release.key --out root.cbor")
	run("image build --model imp001 --slot improm --version 2.0 --seq 5 --in payload.bin --encrypt none --sign release.key --out stolen-era.suit")

	url := startServe(t, vars)
	run("release upload stolen-era.suit --server " + url)

	steps := runbookCommands(t, doc)
	if len(steps) < 4 {
		t.Fatalf("found %d commands in the runbook", len(steps))
	}
	var out strings.Builder
	for _, line := range steps {
		line = strings.ReplaceAll(line, "http://127.0.0.1:8080", url)
		out.WriteString(run(strings.TrimPrefix(line, "drey ")))
	}
	got := out.String()
	for _, want := range []string{"revoked", "root version 2 published", "withdrew release", "version 2  expires"} {
		if !strings.Contains(got, want) {
			t.Errorf("the runbook's output lacks %q:\n%s", want, got)
		}
	}

	run("image build --model imp001 --slot improm --version 6.6 --seq 66 --in payload.bin --encrypt none --sign release.key --out forged.suit")
	code, _, errOut := dreyWith(t, vars, "", strings.Fields("release upload forged.suit --server "+url)...)
	if code == 0 || !strings.Contains(errOut, "revoked") {
		t.Fatalf("an image signed by the revoked key: exit %d: %s", code, errOut)
	}
	run("image build --model imp001 --slot improm --version 2.1 --seq 6 --in payload.bin --encrypt none --sign release2.key --out fix.suit")
	run("release upload fix.suit --server " + url)
}

// runbookCommands returns the drey command lines of a document's sh
// blocks, in order.
func runbookCommands(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "```sh":
			in = true
		case line == "```":
			in = false
		case in && strings.HasPrefix(line, "drey "):
			out = append(out, line)
		}
	}
	return out
}

// startServe runs drey serve on a fresh data directory and returns its
// API's URL, with the operator's token and the default owner's put in
// vars.
func startServe(t *testing.T, vars map[string]string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan int)
	go func() {
		done <- run(ctx, strings.Fields("serve --data data --root root.cbor --addr 127.0.0.1:0 --http "+addr),
			&env{stdin: strings.NewReader(""), stdout: out, stderr: out, getenv: func(k string) string { return vars[k] }})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	token := regexp.MustCompile(`(?m)^(drey_op_\S+)$`)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "API: http://") {
		if time.Now().After(deadline) {
			t.Fatalf("drey serve did not start:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	m := token.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no operator token in:\n%s", out.String())
	}
	vars["DREY_OPERATOR_TOKEN"] = m[1]
	owner := regexp.MustCompile(`API token \(shown once\):\n(drey_\S+)\n`).FindStringSubmatch(out.String())
	if owner == nil {
		t.Fatalf("no owner's token in:\n%s", out.String())
	}
	vars["DREY_TOKEN"] = owner[1]
	return "http://" + addr
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
