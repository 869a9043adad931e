// Package version compares platform firmware versions ("36.10",
// "1.0.3") and matches them against ranges (">=36.0 <36.10"), as
// rollouts and advisories name the versions they apply to.
package version

import (
	"fmt"
	"strconv"
	"strings"
)

// Compare compares two dotted versions numerically, part by part; a
// missing part counts as 0, so "36.1" == "36.1.0" and "36.9" < "36.10".
// A version that is not dotted decimal numbers is an error naming it.
func Compare(a, b string) (int, error) {
	pa, err := parse(a)
	if err != nil {
		return 0, err
	}
	pb, err := parse(b)
	if err != nil {
		return 0, err
	}
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y uint64
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		switch {
		case x < y:
			return -1, nil
		case x > y:
			return 1, nil
		}
	}
	return 0, nil
}

func parse(v string) ([]uint64, error) {
	if v == "" {
		return nil, fmt.Errorf("version %q: empty", v)
	}
	parts := strings.Split(v, ".")
	if len(parts) > 8 {
		return nil, fmt.Errorf("version %q: more than 8 parts", v)
	}
	out := make([]uint64, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 9 || strings.TrimLeft(p, "0123456789") != "" {
			return nil, fmt.Errorf("version %q: part %q is not a number", v, p)
		}
		n, _ := strconv.ParseUint(p, 10, 64)
		out[i] = n
	}
	return out, nil
}

// Range is a conjunction of comparisons, such as ">=36.0 <36.10". The
// empty range matches every version.
type Range struct {
	text  string
	terms []term
}

type term struct {
	op string
	v  string
}

// ParseRange parses space-separated comparisons, each one of <, <=, >,
// >=, = followed by a version (a bare version means =).
func ParseRange(s string) (Range, error) {
	r := Range{text: strings.TrimSpace(s)}
	for _, f := range strings.Fields(s) {
		op := ""
		for _, o := range []string{">=", "<=", ">", "<", "="} {
			if strings.HasPrefix(f, o) {
				op = o
				break
			}
		}
		v := f[len(op):]
		if op == "" {
			op = "="
		}
		if _, err := parse(v); err != nil {
			return Range{}, fmt.Errorf("range %q: %w", s, err)
		}
		r.terms = append(r.terms, term{op, v})
	}
	return r, nil
}

// Contains reports whether v satisfies every comparison of r. A version
// that does not parse is in no non-empty range.
func (r Range) Contains(v string) bool {
	for _, t := range r.terms {
		c, err := Compare(v, t.v)
		if err != nil {
			return false
		}
		ok := false
		switch t.op {
		case "<":
			ok = c < 0
		case "<=":
			ok = c <= 0
		case ">":
			ok = c > 0
		case ">=":
			ok = c >= 0
		case "=":
			ok = c == 0
		}
		if !ok {
			return false
		}
	}
	return true
}

// String returns the range as it was written.
func (r Range) String() string { return r.text }
