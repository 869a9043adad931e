package syntax

import (
	"strings"
	"testing"
)

// dump parses src and returns its S-expressions, statements separated by
// " | ", or the error.
func dump(src string) string {
	f, err := Parse("t.nut", []byte(src))
	if err != nil {
		return "error: " + err.Error()
	}
	return strings.ReplaceAll(Dump(f), "\n", " | ")
}

func TestParse(t *testing.T) {
	for _, test := range []struct{ src, want string }{
		// literals and names
		{`x = null`, `(= x null)`},
		{`x = true; y = false`, `(= x true) | (= y false)`},
		{`x = 42; y = 1.5; z = "s"; w = 'c'`, `(= x 42) | (= y 1.5) | (= z "s") | (= w 99)`},
		{`x = -5; y = - 5; z = -1.5; w = ~5; v = -2147483648`, `(= x -5) | (= y -5) | (= z -1.5) | (= w -6) | (= v -2147483648)`},
		{`x = -5 .tostring()`, `(= x (call (. -5 tostring)))`},
		{`x = -(5); y = ~1.5; z = - -5`, `(= x (- (paren 5))) | (= y (~ 1.5)) | (= z (- -5))`},
		{"x = __LINE__\ny = __FILE__", `(= x 1) | (= y "t.nut")`},
		{`this.x = base.y; vargv[0] = constructor`, `(= (. this x) (. base y)) | (= ([] vargv 0) constructor)`},
		{`::x = ::y.z`, `(= (. :: x) (. (. :: y) z))`},
		// unary and postfix
		{`x = !a; y = ~a; z = -a; w = typeof a; v = clone a; u = resume a`,
			`(= x (! a)) | (= y (~ a)) | (= z (- a)) | (= w (typeof a)) | (= v (clone a)) | (= u (resume a))`},
		{`++a; --a.b; a[0]++; a.b--; delete a.b; delete x; ++this`,
			`(++ a) | (-- (. a b)) | (post++ ([] a 0)) | (post-- (. a b)) | (delete (. a b)) | (delete x) | (++ this)`},
		{`x = typeof a.b(1)[2]`, `(= x (typeof ([] (call (. a b) 1) 2)))`},
		{`x = -a.b; y = !a++`, `(= x (- (. a b))) | (= y (! (post++ a)))`},
		{"a\n++b", `a | (++ b)`},
		// assignment
		{`a = b = c`, `(= a (= b c))`},
		{`a <- 1; a.b <- 2; a[1] <- 3; ::g <- 4`, `(<- a 1) | (<- (. a b) 2) | (<- ([] a 1) 3) | (<- (. :: g) 4)`},
		{`a += 1; a -= 1; a *= 2; a /= 2; a %= 2`, `(+= a 1) | (-= a 1) | (*= a 2) | (/= a 2) | (%= a 2)`},
		{`a = b ? c : d`, `(= a (? b c d))`},
		{`a ? b = 1 : c = 2`, `(? a (= b 1) (= c 2))`},
		{`a ? b : c ? d : e`, `(? a b (? c d e))`},
		{`a = 1, b = 2`, `(, (= a 1) (= b 2))`},
		{`x = (a, b)`, `(= x (paren (, a b)))`},
		// calls, members, indexes
		{`f(); f(1); f(1, 2); f(1 2); f(a,b)(c)`, `(call f) | (call f 1) | (call f 1 2) | (call f 1 2) | (call (call f a b) c)`},
		{"f\n(1)", `(call f 1)`},
		{`a.b.c[d][e].f()`, `(call (. ([] ([] (. (. a b) c) d) e) f))`},
		{`a.constructor = 1`, `(= (. a constructor) 1)`},
		// arrays and tables
		{`x = []; y = [1, 2, 3,]; z = [1 2 [3]]`, `(= x (array)) | (= y (array 1 2 3)) | (= z (array 1 ([] 2 3)))`},
		{`x = {}`, `(= x (table))`},
		{`x = {a = 1, b = 2,}`, `(= x (table (a 1) (b 2)))`},
		{"x = {a = 1\nb = 2}", `(= x (table (a 1) (b 2)))`},
		{`x = {["k"] = 1, [1, 2] = 3}`, `(= x (table (["k"] 1) ([(, 1 2)] 3)))`},
		{`x = {"id": 1, "name": "Foo", tags = ["a"]}`, `(= x (table ("id": 1) ("name": "Foo") (tags (array "a"))))`},
		{`x = {function f(a) { return a }, constructor(b) {}}`,
			`(= x (table (f (function f (a) (block (return a)))) (constructor (function constructor (b) (block)))))`},
		// functions and lambdas
		{`f = function() {}`, `(= f (function () (block)))`},
		{`f = function(a, b = 1, c = a + 1) {}`, `(= f (function (a (b 1) (c (+ a 1))) (block)))`},
		{`f = function(a, ...) { return vargv }`, `(= f (function (a ...) (block (return vargv))))`},
		{`f = function(...) {}; g = function(a,) {}`, `(= f (function (...) (block))) | ; | (= g (function (a) (block)))`},
		{`f = function(x) return x * 2`, `(= f (function (x) (return (* x 2))))`},
		{`f = @(a, b) a + b`, `(= f (lambda (a b) (+ a b)))`},
		{`f = @() @(x) x`, `(= f (lambda () (lambda (x) x)))`},
		{`f(@(x) x, 1)`, `(call f (lambda (x) x) 1)`},
		{"local f = function() return\n(1)", `(local (f (call (function () (return)) 1)))`},
		// local
		{`local a`, `(local a)`},
		{`local a = 1, b, c = a`, `(local (a 1) b (c a))`},
		{`local function f(a) { return a }`, `(local (function f (a) (block (return a))))`},
		// function declarations
		{`function f() {}`, `(function-decl f (function f () (block)))`},
		{`function a::b::c(x) {}`, `(function-decl a::b::c (function c (x) (block)))`},
		{`function constructor() {}`, `(function-decl constructor (function constructor () (block)))`},
		// classes
		{`class A {}`, `(class-decl A (class))`},
		{`class A extends B {}`, `(class-decl A (class (extends B)))`},
		{`class a.b extends c.d {}`, `(class-decl (. a b) (class (extends (. c d))))`},
		{`class ::A </ x = 1, y = "s" /> {}`, `(class-decl (. :: A) (class (attrs (x 1) (y "s"))))`},
		{`class A { a = 1; b = 2 c = 3; [4] = 5 }`, `(class-decl A (class (a 1) (b 2) (c 3) ([4] 5)))`},
		{`class A { constructor(x) { base.constructor(x) } function f() {} static s = 1 }`,
			`(class-decl A (class (constructor (function constructor (x) (block (call (. base constructor) x)))) (f (function f () (block))) (static s 1)))`},
		{`class A { </ a = 1 /> x = 1; </ b = 2 /> static function f() {} }`,
			`(class-decl A (class ((attrs (a 1)) x 1) ((attrs (b 2)) static f (function f () (block)))))`},
		{`x = class {}; y = class extends A </ z = 1 /> { w = 2 }`,
			`(= x (class)) | ; | (= y (class (extends A) (attrs (z 1)) (w 2)))`},
		{`x = a instanceof A`, `(= x (instanceof a A))`},
		// statements
		{`;`, `;`},
		{`a;;b`, `a | ; | b`},
		{`{}`, `(block)`},
		{`{ a; b }`, `(block a b)`},
		{`if (a) b`, `(if a b)`},
		{`if (a) b; else c`, `(if a b c)`},
		{`if (a) { b } else { c }`, `(if a (block b) (block c))`},
		{`if (a) b else c`, `(if a b c)`},
		{`if (a) if (b) c; else d`, `(if a (if b c d))`},
		{"if (a) {}\nelse if (b) {}\nelse {}", `(if a (block) (if b (block) (block)))`},
		{`if (a, b) ;`, `(if (, a b) ;)`},
		{`while (a) b()`, `(while a (call b))`},
		{`while (a) { break; continue }`, `(while a (block break continue))`},
		{`do a++ while (a < 10)`, `(do (post++ a) (< a 10))`},
		{`do { a++ } while (a < 10); b`, `(do (block (post++ a)) (< a 10)) | b`},
		{`for (;;) {}`, `(for _ _ _ (block))`},
		{`for (local i = 0, j = 1; i < 10; i++, j--) {}`, `(for (local (i 0) (j 1)) (< i 10) (, (post++ i) (post-- j)) (block))`},
		{`for (i = 0; i < 10;) {}`, `(for (= i 0) (< i 10) _ (block))`},
		{`foreach (v in a) {}`, `(foreach _ v a (block))`},
		{`foreach (i, v in [1, 2]) print(v)`, `(foreach i v (array 1 2) (call print v))`},
		{`switch (x) {}`, `(switch x)`},
		{`switch (x) { case 1: case 2: a; break; case "s": b; default: c }`,
			`(switch x (case 1) (case 2 a break) (case "s" b) (default c))`},
		{`while (1) switch (x) { case 1: continue }`, `(while 1 (switch x (case 1 continue)))`},
		{`return`, `(return)`},
		{`return 1`, `(return 1)`},
		{`return 1, 2`, `(return (, 1 2))`},
		{"return\n1", `(return) | 1`},
		{`yield; yield x`, `(yield) | (yield x)`},
		{`try { a() } catch (e) { b(e) }`, `(try (block (call a)) e (block (call b e)))`},
		{`throw "x"`, `(throw "x")`},
		{`const A = 1; const B = -2.5; const C = "s"`, `(const A 1) | (const B -2.5) | (const C "s")`},
		{`enum E { A, B = 10, C, D = "s", E = -1 }`, `(enum E (A 0) (B 10) (C 1) (D "s") (E -1))`},
		{`enum E { A B }`, `(enum E (A 0) (B 1))`},
		{`enum E {}`, `(enum E)`},
		// statement ends; a ';' right after a '}' is a statement of its own
		{"x = {};", `(= x (table)) | ;`},
		{"x = {}\n;", `(= x (table))`},
		{"a = 1\nb = 2", `(= a 1) | (= b 2)`},
		{"a = 1; b = 2;", `(= a 1) | (= b 2)`},
		{"while (a) {} b", `(while a (block)) | b`},
		{"local f = function() {} g()", `(local (f (function () (block)))) | (call g)`},
		{"a = 1 /* one\n */; b", `(= a 1) | b`},
		{"{ a }", `(block a)`},
		{"a\n-b", `(- a b)`},
		// The operand of a prefix operator is a PrefixedExpr; the
		// PrefixedExpr the operator is part of goes on after it, as in the
		// reference, where Factor returns to PrefixedExpr's loop.
		{`x = -a++.b`, `(= x (. (- (post++ a)) b))`},
		{`x = typeof a++ (1)`, `(= x (call (typeof (post++ a)) 1))`},
		{`x = - -0 .a`, `(= x (- (. 0 a)))`},
		// an index takes an Expression, extends an Expression, a computed
		// key a comma expression
		{`x = a[b = 1]`, `(= x ([] a (= b 1)))`},
		{`class A extends B + C {}`, `(class-decl A (class (extends (+ B C))))`},
		// a ';' between the then-branch and else belongs to the if
		{"if (a) {} ; else {}", `(if a (block) (block))`},
		{"if (a) {}\n;\nelse {}", `(if a (block) (block))`},
		// a call across a line feed, also at the end of a function body
		{"function f() return 1\n(2)", `(function-decl f (function f () (return (call 1 2))))`},
		// but a local function statement ends at its body, as any
		// statement ending in '}' followed by a line feed does
		{"local function f() {}\n(1)", `(local (function f () (block))) | (paren 1)`},
		{"function f() {}\n(1)", `(function-decl f (function f () (block))) | (paren 1)`},
		// the names the reference no longer has as keywords
		{`vargv = vargc + parent + delegate`, `(= vargv (+ (+ vargc parent) delegate))`},
	} {
		if got := dump(test.src); got != test.want {
			t.Errorf("parse %q:\n got %s\nwant %s", test.src, got, test.want)
			continue
		}
		if f, err := Parse("t.nut", []byte(test.src)); err == nil {
			checkTree(t, f, []byte(test.src))
			checkRoundTrip(t, f)
		}
	}
}

// TestFormat checks how Format writes the constructs that would read
// back differently if written plainly.
func TestFormat(t *testing.T) {
	for _, test := range []struct{ src, want string }{
		// a folded literal that wrapped around, as the operand of '-' or
		// '~' or at the start of it
		{"x = - -2200000000", "x = - -2200000000;\n"},
		{"x = - -0 .a", "x = - -0 .a;\n"},
		{"x = ~ -0 [1]", "x = ~-0[1];\n"},
		{"x = - -2147483648 .a()", "x = - -2147483648 .a();\n"},
		// a negative integer after a function whose body would take a ','
		{"x = [function() 0 ~0]", "x = [function() 0\n ~0];\n"},
		{"x = [function() return\n~0 .a]", "x = [function() return\n ~0 .a];\n"},
		{"f(function() 0 -1)", "f(function() 0 - 1\n);\n"},
		{"f(function() {}, -1)", "f(function() {}, -1);\n"},
		// statements that would run together
		{"while (a) {}\n(1)", "while (a) {}\n;\n(1);\n"},
		{"a; ; b", "a; ;\nb;\n"},
	} {
		f, err := Parse("t.nut", []byte(test.src))
		if err != nil {
			t.Errorf("%q: %v", test.src, err)
			continue
		}
		if got := string(Format(f)); got != test.want {
			t.Errorf("format %q:\n got %q\nwant %q", test.src, got, test.want)
			continue
		}
		checkRoundTrip(t, f)
	}
}

func TestPositions(t *testing.T) {
	src := "local x = 1\nfunction f(a) {\n  return a.b + [1]\n}\n"
	f, err := Parse("t.nut", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	local := f.Stmts[0].(*LocalStmt)
	fn := f.Stmts[1].(*FuncStmt)
	ret := fn.Func.Body.(*BlockStmt).List[0].(*ReturnStmt)
	bin := ret.Result.(*BinaryExpr)
	for _, test := range []struct {
		what string
		got  Pos
		want Pos
	}{
		{"local", local.Pos(), Pos{1, 1}},
		{"x", local.Vars[0].Name.Pos(), Pos{1, 7}},
		{"1", local.Vars[0].Value.Pos(), Pos{1, 11}},
		{"function", fn.Pos(), Pos{2, 1}},
		{"func start", fn.Func.Start, Pos{2, 1}},
		{"func end", fn.Func.End, Pos{4, 2}},
		{"param", fn.Func.Params[0].Pos(), Pos{2, 12}},
		{"return", ret.Pos(), Pos{3, 3}},
		{"a.b + [1]", bin.Pos(), Pos{3, 10}},
		{"+", bin.OpPos, Pos{3, 14}},
		{"[1]", bin.Y.Pos(), Pos{3, 16}},
		{"]", bin.Y.(*ArrayLit).Rbrack, Pos{3, 18}},
	} {
		if test.got != test.want {
			t.Errorf("%s at %v, want %v", test.what, test.got, test.want)
		}
	}
}
