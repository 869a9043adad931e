package profile

import (
	"strings"
	"testing"
)

const goodDoc = `# A profile

**REQ-SEC-1:** Images MUST be signed.

*Rationale:* see REQ-SEC-2.

**REQ-SEC-2:** Keys SHOULD NOT be shared.

**REQ-PROC-1:** A device MAY defer a request.

| Requirement | Status | How Drey meets it | Tests |
|---|---|---|---|
| REQ-SEC-1 | met | verifier | ` + "`internal/x.TestSigned`, `internal/y.FuzzEnvelope`" + ` |
| REQ-SEC-2 | planned | later | — |
| REQ-PROC-1 | partial | code | ` + "`cmd/drey.TestDefer`" + ` |
`

func TestParse(t *testing.T) {
	p, err := Parse([]byte(goodDoc))
	if err != nil {
		t.Fatal(err)
	}
	if errs := p.Check("doc.md"); len(errs) != 0 {
		t.Fatalf("Check of a good document: %v", errs)
	}
	if got := len(p.Requirements); got != 3 {
		t.Fatalf("got %d requirements, want 3", got)
	}
	r := p.Find("REQ-SEC-2")
	if r == nil || r.Keyword != "SHOULD NOT" || r.Group != "SEC" || r.Number != 2 || r.Line != 7 {
		t.Errorf("REQ-SEC-2 parsed as %+v", r)
	}
	row := p.Row("REQ-SEC-1")
	if row == nil || row.Status != Met || len(row.Tests) != 2 || row.Tests[1] != "`internal/y.FuzzEnvelope`" {
		t.Errorf("row REQ-SEC-1 parsed as %+v", row)
	}
	groups, counts := p.Counts()
	if strings.Join(groups, ",") != "SEC,PROC" || counts["SEC"][Met] != 1 || counts["SEC"][Planned] != 1 || counts["PROC"][Partial] != 1 {
		t.Errorf("Counts = %v %v", groups, counts)
	}
}

// TestCheck feeds documents with one mistake each and expects Check to name it.
func TestCheck(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"duplicate id", "**REQ-SEC-2:**", "**REQ-SEC-1:**", "REQ-SEC-1 is defined twice (first at line 3)"},
		{"malformed id", "**REQ-PROC-1:**", "**REQ-proc-1:**", `malformed requirement id "REQ-proc-1"`},
		{"leading zero", "**REQ-PROC-1:**", "**REQ-PROC-01:**", `malformed requirement id "REQ-PROC-01"`},
		{"no keyword", "Images MUST be signed.", "Images are signed.", "REQ-SEC-1 has 0 RFC 2119 keywords"},
		{"two keywords", "Images MUST be signed.", "Images MUST be signed and MAY be encrypted.", "REQ-SEC-1 has 2 RFC 2119 keywords"},
		{"dangling mention", "see REQ-SEC-2.", "see REQ-SEC-9.", "doc.md:5: REQ-SEC-9 is mentioned but never defined"},
		{"gap", "**REQ-SEC-2:**", "**REQ-SEC-3:**", "group REQ-SEC skips number 2"},
		{"met without test", "| REQ-SEC-1 | met | verifier | `internal/x.TestSigned`, `internal/y.FuzzEnvelope` |", "| REQ-SEC-1 | met | verifier | — |", "REQ-SEC-1 is met but names no test"},
		{"bad status", "| REQ-SEC-2 | planned |", "| REQ-SEC-2 | done |", `REQ-SEC-2 has status "done"`},
		{"missing row", "| REQ-SEC-2 | planned | later | — |\n", "", "REQ-SEC-2 has no row in the conformance table"},
		{"bad test ref", "`cmd/drey.TestDefer`", "`TestDefer`", "want `path/to/pkg.TestName`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(goodDoc, tt.old, tt.new, 1)
			if doc == goodDoc {
				t.Fatalf("replacement %q not found", tt.old)
			}
			p, err := Parse([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			errs := p.Check("doc.md")
			for _, e := range errs {
				if strings.Contains(e.Error(), tt.want) {
					return
				}
			}
			t.Errorf("Check errors %v do not contain %q", errs, tt.want)
		})
	}
}

func TestParseRejectsBrokenRow(t *testing.T) {
	doc := strings.Replace(goodDoc, "| REQ-SEC-2 | planned | later | — |", "| REQ-SEC-2 | planned |", 1)
	if _, err := Parse([]byte(doc)); err == nil || !strings.Contains(err.Error(), "line 14: conformance row has 2 cells") {
		t.Errorf("Parse error = %v", err)
	}
}

func TestCheckTests(t *testing.T) {
	p, err := Parse([]byte(goodDoc))
	if err != nil {
		t.Fatal(err)
	}
	idx := &TestIndex{
		Funcs: map[string][]string{
			"internal/x.TestSigned": {"REQ-SEC-1"},
			// FuzzEnvelope exists but cites nothing; TestDefer is missing.
			"internal/y.FuzzEnvelope": nil,
		},
		Citations: []Citation{{ID: "REQ-SEC-1", Pos: "x_test.go:3"}, {ID: "REQ-SEC-7", Pos: "y_test.go:9"}},
	}
	var got []string
	for _, e := range p.CheckTests(idx, "doc.md") {
		got = append(got, e.Error())
	}
	want := []string{
		"doc.md:13: REQ-SEC-1 names test internal/y.FuzzEnvelope, which does not cite REQ-SEC-1 in a comment",
		"doc.md:15: REQ-PROC-1 names test cmd/drey.TestDefer, which does not exist",
		"y_test.go:9: cites REQ-SEC-7, which doc.md does not define",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CheckTests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
