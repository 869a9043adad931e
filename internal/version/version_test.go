package version

import "testing"

func TestCompare(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"36.9", "36.10", -1}, {"36.10", "36.10.0", 0}, {"1.0", "1", 0}, {"2", "10", -1}, {"36.10.1", "36.10", 1},
	} {
		if got, err := Compare(tt.a, tt.b); err != nil || got != tt.want {
			t.Errorf("Compare(%q, %q) = %d, %v; want %d", tt.a, tt.b, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "1..2", "v1", "1.-2", "1.2a", "1234567890"} {
		if _, err := Compare(bad, "1"); err == nil {
			t.Errorf("Compare(%q) accepted", bad)
		}
	}
}

func TestRange(t *testing.T) {
	for _, tt := range []struct {
		r, v string
		want bool
	}{
		{"", "anything", true},
		{"<36.10", "36.9", true}, {"<36.10", "36.10", false},
		{">=36.0 <36.10", "35.99", false}, {">=36.0 <36.10", "36.0", true}, {">=36.0 <36.10", "36.10", false},
		{"36.2", "36.2.0", true}, {"=36.2", "36.3", false}, {"<=1", "1.0", true}, {">1", "1.0.1", true},
		{"<36.10", "not-a-version", false},
	} {
		r, err := ParseRange(tt.r)
		if err != nil {
			t.Fatalf("ParseRange(%q): %v", tt.r, err)
		}
		if got := r.Contains(tt.v); got != tt.want {
			t.Errorf("%q contains %q = %v, want %v", tt.r, tt.v, got, tt.want)
		}
	}
	for _, bad := range []string{"<", ">=x", "<<1", "1 <2 >"} {
		if _, err := ParseRange(bad); err == nil {
			t.Errorf("ParseRange(%q) accepted", bad)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{">=36.0 <36.10", "", "=1", "1.2.3"} {
		f.Add(s, "36.1")
	}
	f.Fuzz(func(t *testing.T, r, v string) {
		rg, err := ParseRange(r)
		if err != nil {
			return
		}
		rg.Contains(v)
	})
}
