package syntax

import "testing"

// TestErrors checks that each bad input fails at the first error, with the
// reference compiler's message, at the position of the offending token.
func TestErrors(t *testing.T) {
	for _, test := range []struct{ src, want string }{
		{"a b", "t.nut:1:3: end of statement expected (; or lf)"},
		{"x = 1 2", "t.nut:1:7: end of statement expected (; or lf)"},
		{"if (a) {b()} c()", "t.nut:1:14: end of statement expected (; or lf)"},
		{"if (a) b(); else {c()} d()", "t.nut:1:24: end of statement expected (; or lf)"},
		{"if (a) b() c()", "t.nut:1:12: end of statement expected (; or lf)"},
		{"a + b = 1", "t.nut:1:7: can't assign expression"},
		{"(a) = 1", "t.nut:1:5: can't assign expression"},
		{"f() = 1", "t.nut:1:5: can't assign expression"},
		{"a.b + c = 1", "t.nut:1:9: can't assign expression"},
		{"base = 1", "t.nut:1:6: 'base' cannot be modified"},
		{"base.x = 1", "t.nut:1:8: can't assign expression"},
		{"base[1] <- 2", "t.nut:1:9: can't assign expression"},
		{"this <- 1", "t.nut:1:6: can't 'create' a local slot"},
		{"1++", "t.nut:1:2: can't '++' or '--' an expression"},
		{"++f()", "t.nut:1:3: can't '++' or '--' an expression"},
		{"--1", "t.nut:1:3: can't '++' or '--' an expression"},
		{"base++", "t.nut:1:5: can't '++' or '--' an expression"},
		{"delete f()", "t.nut:1:8: can't delete an expression"},
		{"delete this", "t.nut:1:8: cannot delete an (outer) local"},
		{"delete 1", "t.nut:1:8: can't delete an expression"},
		{"x = )", "t.nut:1:5: expression expected"},
		{"x =", "t.nut:1:4: expression expected"},
		{"f(1,)", "t.nut:1:5: expression expected, found ')'"},
		{"f(1", "t.nut:1:4: expression expected"},
		{"a[1", "t.nut:1:4: expected ']'"},
		{"a.1", "t.nut:1:3: expected 'IDENTIFIER'"},
		{"::1", "t.nut:1:3: expected 'IDENTIFIER'"},
		{"{ a = 1", "t.nut:1:8: expression expected"},
		{"local 1", "t.nut:1:7: expected 'IDENTIFIER'"},
		{"local function (a) {}", "t.nut:1:16: expected 'IDENTIFIER'"},
		{"function f(a = 1, b) {}", "t.nut:1:20: expected '='"},
		{"function f(a = 1, ...) {}", "t.nut:1:19: function with default parameters cannot have variable number of parameters"},
		{"function f(... , a) {}", "t.nut:1:16: expected ')'"},
		{"function f(a b) {}", "t.nut:1:14: expected ')' or ','"},
		{"function f(1) {}", "t.nut:1:12: expected 'IDENTIFIER'"},
		{"function a.b() {}", "t.nut:1:11: expected '('"},
		{"x = function foo() {}", "t.nut:1:14: expected '('"},
		{"x = @ x", "t.nut:1:7: expected '('"},
		{"while a {}", "t.nut:1:7: expected '('"},
		{"while (a {}", "t.nut:1:10: expected ')'"},
		{"do x++; while (a)", "t.nut:1:7: expected 'while'"},
		{"for (a; b) {}", "t.nut:1:10: expected ';'"},
		{"foreach (a, b, c in d) {}", "t.nut:1:14: expected 'in'"},
		{"foreach (a on b) {}", "t.nut:1:12: expected 'in'"},
		{"switch (a) { case 1 b }", "t.nut:1:21: expected ':'"},
		{"switch (a) { default: b; case 1: c }", "t.nut:1:26: expected '}'"},
		{"try { } x", "t.nut:1:9: expected 'catch'"},
		{"try { } catch e {}", "t.nut:1:15: expected '('"},
		{"break", "t.nut:1:1: 'break' has to be in a loop block"},
		{"continue", "t.nut:1:1: 'continue' has to be in a loop block"},
		{"while (a) { function f() { break } }", "t.nut:1:28: 'break' has to be in a loop block"},
		{"switch (a) { case 1: continue }", "t.nut:1:22: 'continue' has to be in a loop block"},
		{"const A = x", "t.nut:1:11: scalar expected : integer,float or string"},
		{"const A = -x", "t.nut:1:12: scalar expected : integer,float"},
		{"const A = true", "t.nut:1:11: scalar expected : integer,float or string"},
		{"const A 1", "t.nut:1:9: expected '='"},
		{"enum E { A = x }", "t.nut:1:14: scalar expected : integer,float or string"},
		{"enum E { 1 }", "t.nut:1:10: expected 'IDENTIFIER'"},
		{"enum E A", "t.nut:1:8: expected '{'"},
		{"class A(1) {}", "t.nut:1:7: invalid class name"},
		{"class A extends B", "t.nut:1:18: expected '{'"},
		{"class f() {}", "t.nut:1:7: invalid class name"},
		{"class this {}", "t.nut:1:7: cannot create a class in a local with the syntax(class <local>)"},
		{"class base.x {}", "t.nut:1:7: invalid class name"},
		{"class 1 {}", "t.nut:1:7: invalid class name"},
		{"x = { 1 = 2 }", "t.nut:1:7: expected 'IDENTIFIER'"},
		{"x = { a: 1 }", "t.nut:1:8: expected '='"},
		{"x = { \"a\" = 1 }", "t.nut:1:11: expected ':'"},
		{"x = class { \"a\": 1 }", "t.nut:1:13: expected 'IDENTIFIER'"},
		{"x = class { a = 1, b = 2 }", "t.nut:1:18: expected 'IDENTIFIER'"},
		{"x = { a = 1\n[2] = 3 }", "t.nut:2:1: cannot brake deref/or comma needed after [exp]=exp slot declaration"},
		{"x = [1\n[2]]", "t.nut:2:1: cannot brake deref/or comma needed after [exp]=exp slot declaration"},
		{"x = a ? b", "t.nut:1:10: expected ':'"},
		{"x = a ? b c", "t.nut:1:11: expected ':'"},
		{"a = 1 a", "t.nut:1:7: end of statement expected (; or lf)"},
		{"return 1 2", "t.nut:1:10: end of statement expected (; or lf)"},
		{"throw", "t.nut:1:6: expression expected"},
		{"local a = 1 b = 2", "t.nut:1:13: end of statement expected (; or lf)"},
		{"x = y[1] z", "t.nut:1:10: end of statement expected (; or lf)"},
		// lexical errors surface through Parse too
		{"x = \"abc", "t.nut:1:5: unfinished string"},
		{"x = 0x123456789", "t.nut:1:5: too many digits for an Hex number"},
		// the scanner reads one token ahead, as the reference does: an error
		// in the token after a syntax error is not reached
		{"x = ) \"abc", "t.nut:1:5: expression expected"},
	} {
		_, err := Parse("t.nut", []byte(test.src))
		got := "<nil>"
		if err != nil {
			got = err.Error()
		}
		if got != test.want {
			t.Errorf("parse %q:\n got %s\nwant %s", test.src, got, test.want)
		}
	}
}
