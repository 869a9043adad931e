package sqfmt

import (
	"errors"
	"math"
	"testing"
)

func in(v int32) Arg     { return Arg{Kind: ArgInt, Int: v} }
func fl(v float64) Arg   { return Arg{Kind: ArgFloat, Float: v} }
func st(v string) Arg    { return Arg{Kind: ArgString, Str: v} }
func other(t string) Arg { return Arg{Kind: ArgOther, Str: t} }

// formatCases holds format strings, arguments and either the output or the
// error message. Outputs were checked against the reference's validation
// driving C's sprintf (glibc).
var formatCases = []struct {
	format string
	args   []Arg
	want   string
	err    string
}{
	{"%s %d 0x%02X\n", []Arg{st("this is a test :"), in(123), in(10)}, "this is a test : 123 0x0A\n", ""},
	{"%d", []Arg{in(42)}, "42", ""},
	{"%i", []Arg{in(-42)}, "-42", ""},
	{"%5d|%-5d|%05d", []Arg{in(42), in(42), in(42)}, "   42|42   |00042", ""},
	{"%+d % d", []Arg{in(5), in(5)}, "+5  5", ""},
	{"%x %X %o", []Arg{in(255), in(255), in(8)}, "ff FF 10", ""},
	{"%#x %#X %#o", []Arg{in(255), in(255), in(8)}, "0xff 0XFF 010", ""},
	{"%#x", []Arg{in(0)}, "0", ""},
	{"%u", []Arg{in(-1)}, "4294967295", ""},
	{"%x", []Arg{in(-1)}, "ffffffff", ""},
	{"%d", []Arg{in(-2147483648)}, "-2147483648", ""},
	{"%.3d", []Arg{in(7)}, "007", ""},
	{"[%.0d]", []Arg{in(0)}, "[]", ""},
	{"%08.3d", []Arg{in(7)}, "     007", ""},
	{"%#.0o", []Arg{in(0)}, "0", ""},
	{"%c", []Arg{in(65)}, "A", ""},
	{"%3c|%-3c", []Arg{in(66), in(67)}, "  B|C  ", ""},
	{"%c", []Arg{in(321)}, "A", ""},
	{"%c", []Arg{in(0)}, "\x00", ""},
	{"%s", []Arg{st("hello")}, "hello", ""},
	{"%10s|%-10s|%010s", []Arg{st("hi"), st("hi"), st("hi")}, "        hi|hi        |        hi", ""},
	{"%.2s", []Arg{st("hello")}, "he", ""},
	{"%s", []Arg{st("a\x00b")}, "a", ""},
	{"%f", []Arg{fl(3.14159265)}, "3.141593", ""},
	{"%.2f", []Arg{fl(2.675)}, "2.67", ""},
	{"%e", []Arg{fl(12345.678)}, "1.234568e+04", ""},
	{"%E", []Arg{fl(0.000123)}, "1.230000E-04", ""},
	{"%g %g", []Arg{fl(100000.0), fl(1000000.0)}, "100000 1e+06", ""},
	{"%g %g", []Arg{fl(0.0001), fl(1e-05)}, "0.0001 1e-05", ""},
	{"%G", []Arg{fl(1e-10)}, "1E-10", ""},
	{"%#g", []Arg{fl(1.0)}, "1.00000", ""},
	{"%.3g", []Arg{fl(3.14159)}, "3.14", ""},
	{"%010.3f", []Arg{fl(-3.14159)}, "-00003.142", ""},
	{"%+.1f", []Arg{fl(2.0)}, "+2.0", ""},
	{"%f|%5.1f|%E|%05f|%+g", []Arg{fl(math.Inf(1)), fl(math.Inf(-1)), fl(math.NaN()), fl(math.Inf(1)), fl(math.Inf(1))}, "inf| -inf|NAN|  inf|+inf", ""},
	{"%f", []Arg{in(3)}, "3.000000", ""},
	{"%d %d", []Arg{fl(3.99), fl(-3.99)}, "3 -3", ""},
	{"%d", []Arg{fl(10000000000.0)}, "2147483647", ""},
	{"%d", []Arg{fl(-10000000000.0)}, "-2147483648", ""},
	{"%d", []Arg{fl(math.NaN())}, "0", ""},
	{"%x", []Arg{fl(255.5)}, "ff", ""},
	{"%%", []Arg{}, "%", ""},
	{"100%%", []Arg{}, "100%", ""},
	{"x", []Arg{in(1), in(2)}, "x", ""},
	{"a\x00b%d", []Arg{}, "a", ""},
	{"%.0e|%#.0e|%#.0f", []Arg{fl(12345.0), fl(12345.0), fl(3.0)}, "1e+04|1.e+04|3.", ""},
	{"%g", []Arg{fl(math.Copysign(0, -1))}, "-0", ""},
	{"%.15g|%.17g", []Arg{fl(0.1), fl(0.1)}, "0.1|0.10000000000000001", ""},
	{"%e", []Arg{fl(0.0)}, "0.000000e+00", ""},
	{"%g", []Arg{fl(1e+100)}, "1e+100", ""},
	{"%f", []Arg{fl(1e+20)}, "100000000000000000000.000000", ""},
	{"%--------------------d", []Arg{in(1)}, "1", ""},
	{"%-+ #0 5.2x", []Arg{in(255)}, "0xff ", ""},
	{"%99.99f", []Arg{fl(1.0)}, "1.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", ""},
	{"%5%", []Arg{in(1)}, "", "invalid format"},
	{"%d", []Arg{}, "", "not enough paramters for the given format string"},
	{"%s", []Arg{in(1)}, "", "string expected for the specified format"},
	{"%d", []Arg{st("x")}, "", "integer expected for the specified format"},
	{"%f", []Arg{st("x")}, "", "float expected for the specified format"},
	{"%d", []Arg{other("table")}, "", "integer expected for the specified format"},
	{"%s", []Arg{other("bool")}, "", "string expected for the specified format"},
	{"%q", []Arg{in(1)}, "", "invalid format"},
	{"%", []Arg{in(1)}, "", "invalid format"},
	{"%", []Arg{}, "", "not enough paramters for the given format string"},
	{"%100d", []Arg{in(1)}, "", "width format too long"},
	{"%.100f", []Arg{fl(1.0)}, "", "precision format too long"},
	{"%---------------------d", []Arg{in(1)}, "", "format too long"},
	{"%d %d", []Arg{in(1)}, "", "not enough paramters for the given format string"},
	{"%*d", []Arg{in(5), in(1)}, "", "invalid format"},
	{"%F", []Arg{fl(1.0)}, "", "invalid format"},
	// glibc prints "1.e+06" here; C requires the trailing zeros under '#'.
	{"%#g", []Arg{fl(999999.5)}, "1.00000e+06", ""},
	{"%#.3g", []Arg{fl(100)}, "100.", ""},
}

func TestFormat(t *testing.T) {
	for _, c := range formatCases {
		got, err := Format(c.format, c.args)
		if c.err != "" {
			var e *Error
			if !errors.As(err, &e) || e.Msg != c.err || err.Error() != c.err {
				t.Errorf("Format(%q, %v) = %q, %v; want error %q", c.format, c.args, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Format(%q, %v) = %q, %v; want %q", c.format, c.args, got, err, c.want)
		}
	}
}

func TestFloatToInt(t *testing.T) {
	for f, want := range map[float64]int32{
		0: 0, 1.9: 1, -1.9: -1, 2147483647: math.MaxInt32, 2147483648: math.MaxInt32,
		-2147483648: math.MinInt32, -2147483649: math.MinInt32, math.Inf(1): math.MaxInt32,
		math.Inf(-1): math.MinInt32,
	} {
		if got := floatToInt(f); got != want {
			t.Errorf("floatToInt(%v) = %d, want %d", f, got, want)
		}
	}
	if got := floatToInt(math.NaN()); got != 0 {
		t.Errorf("floatToInt(NaN) = %d", got)
	}
}
