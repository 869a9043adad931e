package syntax

import "testing"

// TestPrecedence checks the operator levels of Squirrel 3.0.4, lowest
// first: , = ?: || && (in instanceof) | ^ & (== != <=>) (< <= > >=)
// (<< >> >>>) (+ -) (* / %) unary postfix.
func TestPrecedence(t *testing.T) {
	for _, test := range []struct{ src, want string }{
		// each level against the next
		{"a || b && c", "(|| a (&& b c))"},
		{"a && b || c", "(|| (&& a b) c)"},
		{"a && b in c", "(&& a (in b c))"},
		{"a in b && c", "(&& (in a b) c)"},
		{"a in b | c", "(in a (| b c))"},
		{"a | b in c", "(in (| a b) c)"},
		{"a instanceof b | c", "(instanceof a (| b c))"},
		{"a | b ^ c", "(| a (^ b c))"},
		{"a ^ b | c", "(| (^ a b) c)"},
		{"a ^ b & c", "(^ a (& b c))"},
		{"a & b == c", "(& a (== b c))"},
		{"a == b & c", "(& (== a b) c)"},
		{"a == b < c", "(== a (< b c))"},
		{"a <=> b <= c", "(<=> a (<= b c))"},
		{"a != b >= c", "(!= a (>= b c))"},
		{"a < b << c", "(< a (<< b c))"},
		{"a > b >>> c", "(> a (>>> b c))"},
		{"a >> b + c", "(>> a (+ b c))"},
		{"a << b - c", "(<< a (- b c))"},
		{"a + b * c", "(+ a (* b c))"},
		{"a - b / c", "(- a (/ b c))"},
		{"a * b % c", "(% (* a b) c)"},
		{"-a * b", "(* (- a) b)"},
		{"!a.b", "(! (. a b))"},
		{"typeof a + b", "(+ (typeof a) b)"},
		{"- a++", "(- (post++ a))"},
		// associativity
		{"a - b - c", "(- (- a b) c)"},
		{"a / b / c", "(/ (/ a b) c)"},
		{"a << b >> c", "(>> (<< a b) c)"},
		{"a < b < c", "(< (< a b) c)"},
		{"a == b != c", "(!= (== a b) c)"},
		{"a in b in c", "(in (in a b) c)"},
		{"a instanceof b in c", "(in (instanceof a b) c)"},
		{"a || b || c", "(|| a (|| b c))"},
		{"a && b && c", "(&& a (&& b c))"},
		{"a = b = c", "(= a (= b c))"},
		{"a ? b : c ? d : e", "(? a b (? c d e))"},
		// the conditional and assignment against the binary operators
		{"a || b ? c : d", "(? (|| a b) c d)"},
		{"a = b || c", "(= a (|| b c))"},
		{"a = b ? c : d", "(= a (? b c d))"},
		{"a += b * c", "(+= a (* b c))"},
		{"a <- b, c", "(, (<- a b) c)"},
		// everything at once
		{"a = b || c && d in e | f ^ g & h == i < j << k + l * -m", "(= a (|| b (&& c (in d (| e (^ f (& g (== h (< i (<< j (+ k (* l (- m)))))))))))))"},
		{"-m * l + k << j < i == h & g ^ f | e in d && c || b", "(|| (&& (in (| (^ (& (== (< (<< (+ (* (- m) l) k) j) i) h) g) f) e) d) c) b)"},
	} {
		want := test.want
		if got := dump(test.src); got != want {
			t.Errorf("parse %q:\n got %s\nwant %s", test.src, got, want)
		}
	}
}
