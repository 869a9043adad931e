package profile

import (
	"fmt"
	"strconv"
)

// Check reports every mistake in the document itself: malformed or
// duplicated ids, requirement sentences without exactly one RFC 2119
// keyword, gaps in a group's numbering, ids mentioned but never defined,
// and conformance rows that are missing, duplicated, unknown, of an unknown
// status, or that claim conformance without naming a test. name is the
// document's file name, used as the prefix of each error.
func (p *Profile) Check(name string) []error {
	var errs []error
	bad := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
	}

	defined := map[string]int{} // id -> line of first definition
	numbers := map[string][]int{}
	var groups []string
	for _, r := range p.Requirements {
		if r.Group == "" {
			bad(r.Line, "malformed requirement id %q: want REQ-GROUP-N (upper-case group, number from 1)", r.ID)
			continue
		}
		if first, dup := defined[r.ID]; dup {
			bad(r.Line, "requirement %s is defined twice (first at line %d)", r.ID, first)
			continue
		}
		defined[r.ID] = r.Line
		if _, seen := numbers[r.Group]; !seen {
			groups = append(groups, r.Group)
		}
		numbers[r.Group] = append(numbers[r.Group], r.Number)
		if n := len(keywordRE.FindAllString(r.Text, -1)); n != 1 {
			bad(r.Line, "requirement %s has %d RFC 2119 keywords, want exactly 1", r.ID, n)
		}
	}
	for _, g := range groups {
		seen := map[int]bool{}
		for _, n := range numbers[g] {
			seen[n] = true
		}
		for i := 1; i <= len(numbers[g]); i++ {
			if !seen[i] {
				errs = append(errs, fmt.Errorf("%s: group REQ-%s skips number %d", name, g, i))
				break
			}
		}
	}

	for _, m := range p.Mentions {
		if !idRE.MatchString(m.ID) {
			bad(m.Line, "malformed requirement id %q", m.ID)
		} else if _, ok := defined[m.ID]; !ok {
			bad(m.Line, "%s is mentioned but never defined", m.ID)
		}
	}

	rows := map[string]int{}
	for _, row := range p.Rows {
		if _, ok := defined[row.ID]; !ok {
			bad(row.Line, "conformance row for undefined requirement %q", row.ID)
			continue
		}
		if first, dup := rows[row.ID]; dup {
			bad(row.Line, "second conformance row for %s (first at line %d)", row.ID, first)
			continue
		}
		rows[row.ID] = row.Line
		switch row.Status {
		case Met, Partial:
			if len(row.Tests) == 0 {
				bad(row.Line, "%s is %s but names no test", row.ID, row.Status)
			}
		case Planned:
		default:
			bad(row.Line, "%s has status %q, want met, partial or planned", row.ID, row.Status)
		}
		for _, t := range row.Tests {
			if _, err := ParseTestRef(t); err != nil {
				bad(row.Line, "%s: %v", row.ID, err)
			}
		}
	}
	for _, r := range p.Requirements {
		if _, ok := rows[r.ID]; !ok && r.Group != "" {
			bad(r.Line, "%s has no row in the conformance table", r.ID)
		}
	}
	return errs
}

// Counts returns how many requirements have each status, by group, in the
// order groups first appear in the document. A requirement with no row
// counts as planned.
func (p *Profile) Counts() (groups []string, counts map[string]map[Status]int) {
	counts = map[string]map[Status]int{}
	for _, r := range p.Requirements {
		if counts[r.Group] == nil {
			counts[r.Group] = map[Status]int{}
			groups = append(groups, r.Group)
		}
		st := Planned
		if row := p.Row(r.ID); row != nil {
			st = row.Status
		}
		counts[r.Group][st]++
	}
	return groups, counts
}

// lineRef formats a position for error messages.
func lineRef(file string, line int) string { return file + ":" + strconv.Itoa(line) }
