package vuln

import (
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// SECURITY.md documents the vulnerability handling process (receiving,
// acknowledging within a stated time, triage, severity, fix targets,
// publication, disclosure), and its table of fix targets is the one the
// service measures advisories against.
// REQ-VULN-2, REQ-VULN-5.
func TestHandlingProcessDocumented(t *testing.T) {
	b, err := os.ReadFile("../../SECURITY.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, c := range []struct{ what, re string }{
		{"a handling process", `(?m)^#+ How we handle a vulnerability`},
		{"ISO/IEC 30111", `ISO/IEC 30111`},
		{"an acknowledgement time", `(?i)\*\*Acknowledge\*\*[^.]*within \d+ working days`},
		{"triage", `(?i)\*\*Verify and triage\*\*`},
		{"severity rating", `(?i)\*\*Rate its severity\*\*`},
		{"recording the confirmation", `drey\s+advisory add[^.]*--confirmed`},
		{"tracking against targets", `drey fleet\s+exposure`},
		{"advisory publication", `(?i)\*\*Publish the advisory\*\*`},
		{"disclosure", `(?i)coordinated disclosure`},
	} {
		if !regexp.MustCompile(c.re).MatchString(text) {
			t.Errorf("SECURITY.md lacks %s (no match for %q)", c.what, c.re)
		}
	}
	rows := regexp.MustCompile(`(?m)^\| (critical|high|medium|low) \| ([^|]*) \|$`).FindAllStringSubmatch(text, -1)
	seen := map[string]bool{}
	days := regexp.MustCompile(`^(\d+) days of confirmation$`)
	for _, r := range rows {
		sev, cell := r[1], r[2]
		if seen[sev] {
			t.Errorf("SECURITY.md's fix targets list %s twice", sev)
		}
		seen[sev] = true
		want, ok, err := Target(sev)
		if err != nil {
			t.Fatal(err)
		}
		m := days.FindStringSubmatch(cell)
		switch {
		case !ok && m != nil:
			t.Errorf("SECURITY.md gives %s a target of %q; the service has none", sev, cell)
		case ok && m == nil:
			t.Errorf("SECURITY.md gives %s %q; the service's target is %d days", sev, cell, want/Day)
		case ok:
			if n, _ := strconv.Atoi(m[1]); time.Duration(n)*Day != want {
				t.Errorf("SECURITY.md gives %s %d days; the service's target is %d", sev, n, want/Day)
			}
		}
	}
	for _, sev := range Severities() {
		if !seen[sev] {
			t.Errorf("SECURITY.md's fix targets do not list %s", sev)
		}
	}
}
