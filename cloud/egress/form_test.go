package egress

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"drey/squirrel"
)

// URLEncode writes key=value pairs as the imp's http.urlencode does:
// RFC 3986 percent-encoding (space as %20), arrays as repeated keys.
func TestURLEncode(t *testing.T) {
	vm := newVM(false)
	for _, tc := range []struct{ src, want string }{
		{`return {}`, ``},
		{`return {q = "a b&c=d/é+~._-"}`, `q=a%20b%26c%3Dd%2F%C3%A9%2B~._-`},
		{`return {["k y"] = 1}`, `k%20y=1`},
		{`return {[7] = true}`, `7=true`},
		{`return {f = 2.5}`, `f=2.5`},
		{`return {n = null}`, `n=`},
		{`return {k = [1, "two", 3.0]}`, `k=1&k=two&k=3.0`},
		{`return {k = []}`, ``},
	} {
		got, err := URLEncode(eval(t, vm, tc.src).Table())
		if err != nil || got != tc.want {
			t.Errorf("%s: %q %v, want %q", tc.src, got, err, tc.want)
		}
	}
	for _, src := range []string{
		`return {k = [[1]]}`, `return {k = {a = 1}}`, `return {k = print}`, `return {k = blob(1)}`,
		`return {[1.5] = 1}`, `local t = {}; t[[1]] <- 1; return t`,
	} {
		if _, err := URLEncode(eval(t, vm, src).Table()); !errors.Is(err, ErrForm) {
			t.Errorf("%s: error %v, want ErrForm", src, err)
		}
	}
}

// URLDecode reads a form into a table of strings, repeated keys into
// arrays, as the imp's http.urldecode does.
func TestURLDecode(t *testing.T) {
	vm := newVM(false)
	for _, tc := range []struct {
		in   string
		want map[any]any
	}{
		{``, map[any]any{}},
		{`a=1`, map[any]any{"a": "1"}},
		{`a=1&b=x+y%20z&a=2&c&&d=&a=3`, map[any]any{"a": []any{"1", "2", "3"}, "b": "x y z", "c": "", "d": ""}},
		{`k%20y=%C3%A9%26%3D`, map[any]any{"k y": "é&="}},
		{`a==b`, map[any]any{"a": "=b"}},
	} {
		v, err := URLDecode(vm, tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got := squirrel.ToGo(v); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %#v, want %#v", tc.in, got, tc.want)
		}
	}
	for _, in := range []string{`a=%zz`, `%=1`, `a=%4`, strings.Repeat("a", DefaultMaxText+1)} {
		if _, err := URLDecode(vm, in); !errors.Is(err, ErrForm) {
			t.Errorf("%.20q: error %v, want ErrForm", in, err)
		}
	}
	// What URLEncode writes, URLDecode reads back.
	orig := eval(t, vm, `return {a = "x y&z", b = ["1", "2"], ["c d"] = "é"}`)
	s, err := URLEncode(orig.Table())
	if err != nil {
		t.Fatal(err)
	}
	back, err := URLDecode(vm, s)
	if err != nil || !reflect.DeepEqual(squirrel.ToGo(back), squirrel.ToGo(orig)) {
		t.Fatalf("round trip through %q: %v %v", s, squirrel.ToGo(back), err)
	}
}
