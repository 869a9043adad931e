package sqfmt

import (
	"errors"
	"testing"
)

var knownErrors = map[string]bool{
	msgNotEnough: true, msgWidth: true, msgPrecision: true, msgTooLong: true,
	msgInvalid: true, msgWantString: true, msgWantInteger: true, msgWantFloat: true,
}

// FuzzFormat formats arbitrary format strings with up to four arguments
// whose kinds come from the bits of kinds, checking that nothing panics,
// that every error is one of the reference's, and that output stays within
// what the directives can produce.
func FuzzFormat(f *testing.F) {
	f.Add("%s %d 0x%02X\n", int32(123), 1.5, "this is a test :", uint8(0b10_00_00_10))
	f.Add("%#-10.3g|%+05d", int32(-7), 3.25, "", uint8(0b00_00_00_01))
	f.Fuzz(func(t *testing.T, format string, n int32, x float64, s string, kinds uint8) {
		var args []Arg
		for i := 0; i < int(kinds>>6)+1; i++ {
			switch (kinds >> (2 * i)) & 3 {
			case 0:
				args = append(args, Arg{Kind: ArgInt, Int: n})
			case 1:
				args = append(args, Arg{Kind: ArgFloat, Float: x})
			case 2:
				args = append(args, Arg{Kind: ArgString, Str: s})
			default:
				args = append(args, Arg{Kind: ArgOther, Str: "table"})
			}
		}
		out, err := Format(format, args)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !knownErrors[e.Msg] {
				t.Fatalf("Format(%q): unexpected error %#v", format, err)
			}
			return
		}
		// A directive takes at least two bytes of format and writes at most
		// its width, a string argument, or a float's 309 integer digits and
		// 99 decimals.
		if limit := len(format) * (512 + len(s)); len(out) > limit {
			t.Fatalf("Format(%q) wrote %d bytes", format, len(out))
		}
		if again, _ := Format(format, args); again != out {
			t.Fatalf("Format(%q) is not deterministic", format)
		}
	})
}
