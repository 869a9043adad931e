package rex

import "testing"

func TestQuick(t *testing.T) {
	for _, c := range []struct{ p, s string }{
		{"a*a", "aaa"}, {`(\d+) ([a-zA-Z]+)(\p)`, "stuff 123 Test;"}, {".*x", "axbx"}, {"[a-z]+", "123 Test;"},
	} {
		re, err := Compile(c.p)
		if err != nil {
			t.Log(c.p, err)
			continue
		}
		b, e, ok := re.Search(c.s, 0)
		sp, _ := re.Capture(c.s, 0)
		t.Log(c.p, c.s, re.Match(c.s), b, e, ok, sp)
	}
}
