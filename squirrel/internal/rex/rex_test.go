package rex

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// rexCase runs Match, then Search, then Capture on one freshly compiled
// pattern (the order matters: like the reference, a Regexp keeps capture
// positions between calls). search is "begin,end" or "" for no match;
// capture is the spans as "[b,e]..." or "" for no match. The expected values
// were produced by the reference implementation.
type rexCase struct {
	pat, subj string
	start     int
	match     bool
	search    string
	capture   string
}

var rexCases = []rexCase{
	{"abc", "abc", 0, true, "0,3", "[0,3]"},
	{"abc", "xabcx", 0, false, "1,4", "[1,4]"},
	{"a*a", "aaa", 0, false, "0,2", "[0,2]"},
	{".*x", "axbx", 0, false, "0,2", "[0,2]"},
	{"a*ab", "aab", 0, true, "0,3", "[0,3]"},
	{"^abc", "abc", 0, true, "0,3", "[0,3]"},
	{"^abc", "xabc", 0, false, "", ""},
	{"abc$", "xabc", 0, false, "1,4", "[1,4]"},
	{"$", "abc", 0, false, "", ""},
	{"a*", "", 0, true, "", ""},
	{"a*", "b", 0, false, "0,0", "[0,0]"},
	{"a|b", "b", 0, true, "0,1", "[0,1]"},
	{"ab|cd", "xcd", 0, false, "1,3", "[1,3]"},
	{"(a)|(b)", "b", 0, true, "0,1", "[0,1][0,0][0,1]"},
	{`(\d+) ([a-zA-Z]+)(\p)`, "stuff 123 Test;", 0, false, "6,15", "[6,15][6,9][10,14][14,15]"},
	{"[a-zA-Z]+", "123 Test;", 0, false, "4,8", "[4,8]"},
	{"(a)+", "aaa", 0, true, "0,3", "[0,3][0,1]"},
	{"((a)(b))(c)", "abc", 0, true, "0,3", "[0,3][0,2][0,1][1,2][0,0]"},
	{"(?:ab)+", "ababx", 0, false, "0,4", "[0,4]"},
	{"[^abc]+", "abcdef", 0, false, "3,6", "[3,6]"},
	{`\w+`, "  hello_1 ", 0, false, "2,9", "[2,9]"},
	{`\W`, "ab!", 0, false, "2,3", "[2,3]"},
	{`\s\S`, "a b", 0, false, "1,3", "[1,3]"},
	{`\d{3}`, "ab1234", 0, false, "2,5", "[2,5]"},
	{`\D+`, "12ab3", 0, false, "2,4", "[2,4]"},
	{`\x+`, "xyzBEEF", 0, false, "3,7", "[3,7]"},
	{`\X+`, "12g", 0, false, "2,3", "[2,3]"},
	{`\c`, "a\tb", 0, false, "1,2", "[1,2]"},
	{`\C+`, "\t\tab", 0, false, "2,4", "[2,4]"},
	{`\p+`, "ab.,;c", 0, false, "2,5", "[2,5]"},
	{`\P+`, ".,ab", 0, false, "2,4", "[2,4]"},
	{`\l+`, "ABcdE", 0, false, "2,4", "[2,4]"},
	{`\u+`, "abCDe", 0, false, "2,4", "[2,4]"},
	{`\a+`, "12ab3", 0, false, "2,4", "[2,4]"},
	{`\A+`, "ab12c", 0, false, "2,4", "[2,4]"},
	{`\bfoo`, "a foo", 0, false, "", ""},
	{`\Bo`, "foo", 0, false, "1,2", "[1,2]"},
	{`a\tb`, "a\tb", 0, true, "0,3", "[0,3]"},
	{`\m()`, "x(a(b)c)y", 0, false, "1,8", "[1,8]"},
	{`\m()`, "x(a(b", 0, false, "", ""},
	{"a{2}", "aaaa", 0, false, "0,2", "[0,2]"},
	{"a{2,}", "aaaa", 0, true, "0,4", "[0,4]"},
	{"a{1,2}", "aaa", 0, false, "0,2", "[0,2]"},
	{"a{0}b", "b", 0, true, "0,1", "[0,1]"},
	{"x?y", "y", 0, true, "0,1", "[0,1]"},
	{"a.c", "abc", 0, true, "0,3", "[0,3]"},
	{"[.]", "a.b", 0, false, "1,2", "[1,2]"},
	{`\.`, "a.b", 0, false, "1,2", "[1,2]"},
	{`a\*`, "a*", 0, true, "0,2", "[0,2]"},
	{"*a", "*a", 0, true, "0,2", "[0,2]"},
	{"a*?", "aa?", 0, true, "0,3", "[0,3]"},
	{"a{65537}", "a", 0, true, "0,1", "[0,1]"},
	{"a", "bab", 2, false, "", ""},
	{"a", "aba", 1, false, "2,3", "[2,3]"},
	{"a", "a", 5, true, "", ""},
	{"^a", "ba", 1, false, "1,2", "[1,2]"},
	{"(a*)b", "xaab", 0, false, "1,4", "[1,4][1,3]"},
	{"a+b+", "aabbb", 0, true, "0,5", "[0,5]"},
	{"(ab|a)c", "abc", 0, true, "0,3", "[0,3][0,2]"},
	{"(a|ab)c", "abc", 0, false, "", ""},
	{`[a-c\d]+`, "xb2c9z", 0, false, "1,5", "[1,5]"},
	{`\$`, "a$", 0, false, "1,2", "[1,2]"},
	{"(a)(b)?", "a", 0, true, "0,1", "[0,1][0,1][0,0]"},
	{`[\n]`, "a\nb", 0, false, "1,2", "[1,2]"},
	{"b", "a\x00b", 0, false, "", ""},
	{"a*b", "ab\x00ab", 3, true, "3,5", "[3,5]"},
	{"a{123456789}", "a", 0, false, "", ""},
	{"x{2}{3}", "xx{3}", 0, true, "0,5", "[0,5]"},
	{"|a", "x|a", 0, false, "1,3", "[1,3]"},
	{")", "a)", 0, false, "1,2", "[1,2]"},
	{`[\m()]`, "(m", 0, false, "", ""},
	{"[!-]]", "a]", 0, false, "1,2", "[1,2]"},
	{"a??", "a?", 0, true, "0,2", "[0,2]"},
	{`\B`, "  ", 0, false, "0,0", "[0,0]"},
	{`\b`, "", 0, true, "", ""},
	{`\b`, "a", 0, false, "0,0", "[0,0]"},
}

func TestMatchSearchCapture(t *testing.T) {
	for _, c := range rexCases {
		re, err := Compile(c.pat)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.pat, err)
			continue
		}
		if got := re.Match(c.subj); got != c.match {
			t.Errorf("%q.Match(%q) = %v, want %v", c.pat, c.subj, got, c.match)
		}
		search := ""
		if b, e, ok := re.Search(c.subj, c.start); ok {
			search = fmt.Sprintf("%d,%d", b, e)
		}
		if search != c.search {
			t.Errorf("%q.Search(%q, %d) = %q, want %q", c.pat, c.subj, c.start, search, c.search)
		}
		capture := ""
		if spans, ok := re.Capture(c.subj, c.start); ok {
			for _, sp := range spans {
				capture += fmt.Sprintf("[%d,%d]", sp.Begin, sp.End)
			}
		}
		if capture != c.capture {
			t.Errorf("%q.Capture(%q, %d) = %q, want %q", c.pat, c.subj, c.start, capture, c.capture)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	cases := []struct{ pat, msg string }{
		{"", "letter expected"},
		{"(", "letter expected"},
		{"(a", "expected paren"},
		{"a)", "unexpected character"},
		{"()", "expected paren"},
		{"(a|)", "expected paren"},
		{"(?a)", "expected paren"},
		{"[]", "empty class"},
		{"[^]", "empty class"},
		{"[abc", "letter expected"},
		{"[z-a]", "invalid range"},
		{`[\w-z]`, "invalid range"},
		{"[a-]", "invalid range"},
		{"[+-]", "letter expected"},
		{"a{", "number expected"},
		{"a{x}", "number expected"},
		{"a{2", ", or } expected"},
		{"a{2,3", "expected paren"},
		{"a{1234567890}", "overflow in numeric constant"},
		{"a**", "unexpected character"},
		{"a+*", "unexpected character"},
		{`\m(`, "balanced chars expected"},
		{`\m((`, "open/close char can't be the same"},
		{"a|", "letter expected"},
		{"^", "letter expected"},
		{"a\tb", "letter expected"},
		{"\xc3\xa9", "letter expected"},
		{`a\`, "letter expected"},
		{`[!-\`, "letter expected"},
		{`[a-\n]`, "invalid range"},
		{"\x00abc", "letter expected"},
		{strings.Repeat("(", maxNesting+1) + "a" + strings.Repeat(")", maxNesting+1), "pattern nested too deeply"},
	}
	for _, c := range cases {
		re, err := Compile(c.pat)
		var e *Error
		if !errors.As(err, &e) || e.Msg != c.msg || err.Error() != c.msg {
			t.Errorf("Compile(%q) = %v, %v; want error %q", c.pat, re, err, c.msg)
		}
	}
	if _, err := Compile(strings.Repeat("(", maxNesting) + "a" + strings.Repeat(")", maxNesting)); err != nil {
		t.Errorf("nesting %d: %v", maxNesting, err)
	}
}

func TestNumSubExp(t *testing.T) {
	for pat, want := range map[string]int{"a": 1, "(a)(?:b)(c)": 3, "((a)|(b))": 4, "[(]": 1, `\(`: 1} {
		re, err := Compile(pat)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.NumSubExp(); got != want {
			t.Errorf("%q.NumSubExp() = %d, want %d", pat, got, want)
		}
	}
}

// TestCapturesPersist checks the reference's habit of keeping capture
// positions in the regexp object: a group the latest match never entered
// reports what an earlier call left there.
func TestCapturesPersist(t *testing.T) {
	re, err := Compile("b|(a)")
	if err != nil {
		t.Fatal(err)
	}
	if spans, ok := re.Capture("a", 0); !ok || spans[1] != (Span{0, 1}) {
		t.Fatalf("first capture = %v, %v", spans, ok)
	}
	if spans, ok := re.Capture("b", 0); !ok || spans[0] != (Span{0, 1}) || spans[1] != (Span{0, 1}) {
		t.Fatalf("second capture = %v, %v; want [{0 1} {0 1}]", spans, ok)
	}
	// A failed attempt that enters the group clears it.
	if spans, ok := re.Capture("xb", 0); !ok || spans[0] != (Span{1, 2}) || spans[1] != (Span{0, 0}) {
		t.Fatalf("third capture = %v, %v; want [{1 2} {0 0}]", spans, ok)
	}
}

func TestSearchStartOutOfRange(t *testing.T) {
	re, err := Compile("a*")
	if err != nil {
		t.Fatal(err)
	}
	for _, start := range []int{-1, 4, 1 << 40} {
		if _, _, ok := re.Search("aaa", start); ok {
			t.Errorf("Search start %d matched", start)
		}
		if _, ok := re.Capture("aaa", start); ok {
			t.Errorf("Capture start %d matched", start)
		}
	}
}

// TestStepLimit checks that pathological patterns stop within the budget.
func TestStepLimit(t *testing.T) {
	long := strings.Repeat("a", 5000)
	for _, pat := range []string{"(a*)*b", "((a*)*)*b", "(a|a)*(a|a)*b", `(\m()*)*x`, strings.Repeat("a*", 3000) + "b"} {
		re, err := Compile(pat)
		if err != nil {
			t.Fatal(pat, err)
		}
		t0 := time.Now()
		_, _, ok, err := re.SearchLimit(long, 0, 1<<20)
		if ok || !errors.Is(err, ErrStepLimit) {
			t.Errorf("%q: ok %v err %v; want ErrStepLimit", pat, ok, err)
		}
		if ok := re.Match(long); ok {
			t.Errorf("%q matched", pat)
		}
		if d := time.Since(t0); d > 10*time.Second {
			t.Errorf("%q took %v", pat, d)
		}
	}
	re, _ := Compile(`\m()`)
	if _, err := re.MatchLimit("("+strings.Repeat("x", 100)+")", 50); !errors.Is(err, ErrStepLimit) {
		t.Errorf("balanced scan not charged: %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	re, err := Compile(`(\w+)@(\w+)`)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; j < 200; j++ {
				spans, ok := re.Capture("mail me@host now", 0)
				if !ok || spans[1] != (Span{5, 7}) || spans[2] != (Span{8, 12}) {
					t.Errorf("capture = %v %v", spans, ok)
				}
			}
			done <- true
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
}
