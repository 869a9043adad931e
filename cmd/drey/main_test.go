package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// drey runs the command line in-process and returns its exit status and
// output.
func drey(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := drey(t, "help")
	if code != 0 {
		t.Fatalf("drey help exited %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "  "+c.name+" ") {
			t.Errorf("drey help does not list %q:\n%s", c.name, out)
		}
		if c.summary == "" || c.help == "" {
			t.Errorf("command %q has no summary or help text", c.name)
		}
	}
}

func TestHelpCommand(t *testing.T) {
	for _, c := range commands() {
		code, out, _ := drey(t, "help", c.name)
		if code != 0 || !strings.HasPrefix(out, "Usage: drey "+c.name) {
			t.Errorf("drey help %s: exit %d, output %q", c.name, code, out)
		}
	}
	if _, out, _ := drey(t, "help", "profile"); !strings.Contains(out, "-status") {
		t.Errorf("drey help profile does not list the -status flag:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "Usage: drey COMMAND"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"demo", "extra"}, "demo takes no arguments"},
		{[]string{"profile", "-status", "done"}, `-status "done": want met, partial or planned`},
		{[]string{"profile", "-nosuchflag"}, "flag provided but not defined: -nosuchflag"},
	}
	for _, tt := range tests {
		code, _, errOut := drey(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("drey %q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// The README's main command: a server, imps, the example app and its
// agents, end to end; an agent URL serves readings.
func TestDemo(t *testing.T) {
	code, out, errOut := drey(t, "demo", "--devices", "2", "--for", "8s")
	if code != 0 {
		t.Fatalf("drey demo exited %d: %s\n%s", code, errOut, out)
	}
	for _, want := range []string{"2 simulated imps", "/agent/", `"readings":[{`, "[agent] device connected", "[device] temperature sensor started", "demo stopped cleanly", "REQ-SEC", "all"} {
		if !strings.Contains(out, want) {
			t.Errorf("drey demo output lacks %q:\n%s", want, out)
		}
	}
}

func TestProfileFilters(t *testing.T) {
	code, out, _ := drey(t, "profile", "-group", "sec")
	if code != 0 || out == "" {
		t.Fatalf("drey profile -group sec: exit %d, output %q", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "REQ-SEC-") {
			t.Errorf("drey profile -group sec printed %q", line)
		}
	}
}

// drey sq runs a device and its agent together, without a server.
func TestSqDeviceWithAgent(t *testing.T) {
	code, out, errOut := drey(t, "sq", "-imp", "device", "-agent", "../../examples/temperature.agent.nut", "-for", "21s", "../../examples/temperature.device.nut")
	if code != 0 || !strings.Contains(out, "[Device] temperature sensor started") || !strings.Contains(out, "[Agent] ") || !strings.Contains(out, "(10 readings kept)") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
