// Package profile reads the Drey requirements profile, docs/requirements.md:
// the numbered requirements for embedded upgrade systems and the table that
// states how far Drey conforms to each of them.
//
// The document is written for people, so the parser accepts ordinary
// Markdown and looks only for two shapes of line:
//
//	**REQ-SEC-1:** One sentence with exactly one RFC 2119 keyword.
//	| REQ-SEC-1 | planned | How Drey meets it | `pkg/path.TestName`, ... |
//
// The first defines a requirement; the second, inside the conformance
// table, states Drey's status against it. Check finds the mistakes a
// reviewer would otherwise have to catch by eye.
package profile

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Status is Drey's conformance to one requirement.
type Status string

// The statuses a conformance row may state.
const (
	Met     Status = "met"
	Partial Status = "partial"
	Planned Status = "planned"
)

// Requirement is one numbered requirement of the profile.
type Requirement struct {
	ID      string // e.g. "REQ-SEC-1"
	Group   string // e.g. "SEC"
	Number  int    // e.g. 1
	Keyword string // the RFC 2119 keyword the sentence uses, e.g. "MUST NOT"
	Text    string // the requirement sentence, without its id
	Line    int    // 1-based line of the definition
}

// Row is one row of the conformance table.
type Row struct {
	ID     string
	Status Status
	How    string
	Tests  []string // "path/to/pkg.TestName", as written in the table
	Line   int
}

// Profile is a parsed requirements document.
type Profile struct {
	Requirements []Requirement
	Rows         []Row
	// Mentions lists every line that mentions something shaped like a
	// requirement id, so that Check can catch malformed or dangling ids.
	Mentions []Mention
}

// Mention is an occurrence of a requirement-like id anywhere in the text.
type Mention struct {
	ID   string
	Line int
}

var (
	defRE = regexp.MustCompile(`^\*\*(REQ-[A-Za-z0-9-]*):\*\*\s+(.+)$`)
	// idRE is the only valid id shape: an upper-case group and a number
	// from 1 with no leading zeros.
	idRE = regexp.MustCompile(`^REQ-([A-Z]+)-([1-9][0-9]*)$`)
	// mentionRE finds anything that looks like an attempt at an id.
	mentionRE = regexp.MustCompile(`REQ-[A-Za-z0-9_-]*`)
	// keywordRE matches RFC 2119 keywords, longest alternatives first so
	// that "MUST NOT" counts once, not as "MUST" plus a stray "NOT".
	keywordRE = regexp.MustCompile(`\b(MUST NOT|SHALL NOT|SHOULD NOT|NOT RECOMMENDED|MUST|SHALL|SHOULD|REQUIRED|RECOMMENDED|MAY|OPTIONAL)\b`)
	testRE    = regexp.MustCompile("^`?([A-Za-z0-9_./-]+)\\.(Test[A-Za-z0-9_]*|Fuzz[A-Za-z0-9_]*)`?$")
)

// Parse reads a requirements document. It fails only on lines it cannot
// read at all (such as a conformance row with the wrong number of cells);
// everything a document could get wrong in substance is left to Check.
func Parse(doc []byte) (*Profile, error) {
	p := &Profile{}
	sc := bufio.NewScanner(bytes.NewReader(doc))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	inTable := false
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		for _, m := range mentionRE.FindAllString(line, -1) {
			p.Mentions = append(p.Mentions, Mention{ID: strings.TrimRight(m, "-"), Line: n})
		}
		trimmed := strings.TrimSpace(line)
		if m := defRE.FindStringSubmatch(trimmed); m != nil {
			r := Requirement{ID: m[1], Text: strings.TrimSpace(m[2]), Line: n}
			if g := idRE.FindStringSubmatch(r.ID); g != nil {
				r.Group = g[1]
				r.Number, _ = strconv.Atoi(g[2])
			}
			if kws := keywordRE.FindAllString(r.Text, -1); len(kws) == 1 {
				r.Keyword = kws[0]
			}
			p.Requirements = append(p.Requirements, r)
			continue
		}
		if !strings.HasPrefix(trimmed, "|") {
			inTable = false
			continue
		}
		cells := splitRow(trimmed)
		if isConformanceHeader(cells) {
			inTable = true
			continue
		}
		if !inTable || isSeparator(cells) {
			continue
		}
		if len(cells) != 4 {
			return nil, fmt.Errorf("line %d: conformance row has %d cells, want 4 (Requirement | Status | How | Tests)", n, len(cells))
		}
		row := Row{ID: cells[0], Status: Status(cells[1]), How: cells[2], Line: n}
		if t := cells[3]; t != "" && t != "—" && t != "-" {
			for _, name := range strings.Split(t, ",") {
				row.Tests = append(row.Tests, strings.TrimSpace(name))
			}
		}
		p.Rows = append(p.Rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

func splitRow(line string) []string {
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	cells := strings.Split(line, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

func isConformanceHeader(cells []string) bool {
	return len(cells) == 4 && cells[0] == "Requirement" && cells[1] == "Status"
}

func isSeparator(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, "-: ") != "" {
			return false
		}
	}
	return true
}

// TestRef is a test named by a conformance row: a Go package directory
// relative to the repository root and a test function in it.
type TestRef struct {
	Dir  string
	Func string
}

// String returns the reference as it is written in the table.
func (t TestRef) String() string { return t.Dir + "." + t.Func }

// ParseTestRef reads "path/to/pkg.TestName", with or without backticks.
func ParseTestRef(s string) (TestRef, error) {
	m := testRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return TestRef{}, fmt.Errorf("test reference %q: want `path/to/pkg.TestName`", s)
	}
	return TestRef{Dir: m[1], Func: m[2]}, nil
}

// Find returns the requirement with the given id, or nil.
func (p *Profile) Find(id string) *Requirement {
	for i := range p.Requirements {
		if p.Requirements[i].ID == id {
			return &p.Requirements[i]
		}
	}
	return nil
}

// Row returns the conformance row for id, or nil.
func (p *Profile) Row(id string) *Row {
	for i := range p.Rows {
		if p.Rows[i].ID == id {
			return &p.Rows[i]
		}
	}
	return nil
}
