package syntax

import (
	"errors"
	"strings"
	"testing"
)

// TestDepthLimit checks that hostile nesting gets an error, not a stack
// overflow, and that nesting below the limit parses.
func TestDepthLimit(t *testing.T) {
	const n = 100000
	for _, test := range []struct {
		name string
		src  string
	}{
		{"parens", "x = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n)},
		{"unclosed parens", strings.Repeat("(", n)},
		{"minus", "x = " + strings.Repeat("- ", n) + "a"},
		{"not", "x = " + strings.Repeat("!", n) + "a"},
		{"arrays", "x = " + strings.Repeat("[", n)},
		{"tables", "x = " + strings.Repeat("{a=", n)},
		{"blocks", strings.Repeat("{", n)},
		{"ifs", strings.Repeat("if (a) ", n) + "b"},
		{"functions", strings.Repeat("function f() ", n) + "{}"},
		{"lambdas", "x = " + strings.Repeat("@() ", n) + "1"},
		{"calls", "x = f" + strings.Repeat("()", n)},
		{"members", "x = a" + strings.Repeat(".b", n)},
		{"sums", "x = a" + strings.Repeat(" + a", n)},
		{"ors", "x = a" + strings.Repeat(" || a", n)},
		{"assignments", strings.Repeat("a = ", n) + "1"},
		{"conditionals", "x = " + strings.Repeat("a ? b : ", n) + "c"},
	} {
		_, err := Parse("t.nut", []byte(test.src))
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Msg, "too deeply nested") {
			t.Errorf("%s: got %v, want a nesting error", test.name, err)
		}
	}

	// Realistic nesting is far below the limit.
	ok := "x = " + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200) + "\n" +
		"y = a" + strings.Repeat(" + a", 300) + "\n" +
		strings.Repeat("if (a) {", 100) + strings.Repeat("}", 100)
	if _, err := Parse("t.nut", []byte(ok)); err != nil {
		t.Errorf("moderate nesting: %v", err)
	}
}
