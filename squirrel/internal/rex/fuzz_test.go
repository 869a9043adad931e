package rex

import (
	"errors"
	"testing"
)

// fuzzSteps keeps each fuzz input cheap; the budget itself is under test.
const fuzzSteps = 1 << 18

// FuzzCompileMatch compiles arbitrary patterns and runs them on arbitrary
// subjects, checking that nothing panics, that errors are compile errors or
// the step limit, and that the three entry points agree with each other.
func FuzzCompileMatch(f *testing.F) {
	f.Add("a*b", "aab", 0)
	f.Add(`(\d+) ([a-zA-Z]+)(\p)`, "stuff 123 Test;", 0)
	f.Add(`\m()`, "x(a(b)c)y", 1)
	f.Fuzz(func(t *testing.T, pattern, subject string, start int) {
		re, err := Compile(pattern)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("Compile(%q): unexpected error %#v", pattern, err)
			}
			return
		}
		n := re.NumSubExp()
		if n < 1 {
			t.Fatalf("NumSubExp = %d", n)
		}
		matched, errM := re.MatchLimit(subject, fuzzSteps)
		b, e, ok, errS := re.SearchLimit(subject, start, fuzzSteps)
		spans, okC, errC := re.CaptureLimit(subject, start, fuzzSteps)
		for _, err := range []error{errM, errS, errC} {
			if err != nil && !errors.Is(err, ErrStepLimit) {
				t.Fatalf("unexpected error %v", err)
			}
		}
		if errS != nil || errC != nil {
			return
		}
		if ok != okC {
			t.Fatalf("Search ok %v, Capture ok %v", ok, okC)
		}
		if ok {
			if b < start || b > e || e > len(subject) {
				t.Fatalf("Search(%q, %d) = %d, %d", subject, start, b, e)
			}
			if len(spans) != n {
				t.Fatalf("Capture gave %d spans, want %d", len(spans), n)
			}
			want := Span{}
			if e > b {
				want = Span{b, e}
			}
			if spans[0] != want {
				t.Fatalf("span 0 = %v, search gave %d, %d", spans[0], b, e)
			}
			for _, sp := range spans {
				if sp.Begin < 0 || sp.Begin > sp.End || sp.End > len(subject) {
					t.Fatalf("bad span %v in %q", sp, subject)
				}
			}
		}
		if errM == nil && matched && start == 0 && len(cutNUL(subject)) == len(subject) && len(subject) > 0 {
			if !ok || b != 0 || e != len(subject) {
				t.Fatalf("Match true but Search = %d, %d, %v", b, e, ok)
			}
		}
	})
}
