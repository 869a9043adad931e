package profile

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the repository root, two levels above this package.
const repoRoot = "../.."

// TestTraceability checks docs/requirements.md as a whole and against the
// test sources: ids well formed and unique, one RFC 2119 keyword per
// requirement, one conformance row per requirement, and every met or
// partial row naming tests that exist and cite it.
//
// REQ-VULN-7: this test is the evidence behind the conformance
// statement itself.
func TestTraceability(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "requirements.md"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(doc)
	if err != nil {
		t.Fatalf("docs/requirements.md: %v", err)
	}
	if n := len(p.Requirements); n < 25 {
		t.Errorf("docs/requirements.md defines %d requirements, want at least 25", n)
	}
	for _, e := range p.Check("docs/requirements.md") {
		t.Error(e)
	}
	idx, err := IndexTests(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.CheckTests(idx, "docs/requirements.md") {
		t.Error(e)
	}
}

// TestSecurityPolicy checks that SECURITY.md tells a reporter where to
// report, that they will be acknowledged, and within what time.
//
// REQ-VULN-1
func TestSecurityPolicy(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "SECURITY.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	checks := []struct {
		what string
		re   string
	}{
		{"a reporting section", `(?m)^#+ .*Report`},
		{"a private contact", `(?i)security@|private vulnerability report`},
		{"an acknowledgement time", `(?i)acknowledge[a-z]* [^.]*\b\d+ (working |business )?days`},
		{"fix targets by severity", `(?i)critical[^\n]*\d+ days`},
		{"coordinated disclosure", `(?i)coordinated disclosure|embargo`},
	}
	for _, c := range checks {
		if !regexp.MustCompile(c.re).MatchString(text) {
			t.Errorf("SECURITY.md lacks %s (no match for %q)", c.what, c.re)
		}
	}
	if strings.Contains(text, "TODO") {
		t.Error("SECURITY.md contains a TODO")
	}
}
