// Package sqfmt implements Squirrel 3.0.4's string-library format (the
// reference is sqstd_format in sqstdstring.cpp): printf-style formatting of
// 32-bit integers, floats and strings, with the reference's validation and
// error messages.
//
// A directive is '%', any number of the flags "-+ #0", a width of at most two
// digits, optionally '.' and a precision of at most two digits, and one of
// d i u o x X c (integers), f e E g G (floats) or s (strings); "%%" is a
// literal percent sign. '*' is not supported. The output is what C's printf
// prints for the same directive, as the reference hands each directive to
// sprintf.
//
// Conversions follow the reference: an integer directive takes a float
// (truncating it, saturating out-of-range values as a Cortex-M does), a
// float directive takes an integer, and s takes only a string. Like the
// reference, the format string and every string argument end at their first
// NUL byte, while %c of 0 writes a NUL.
package sqfmt

import "strings"

// ArgKind says which field of an Arg is meaningful.
type ArgKind uint8

// The kinds of argument.
const (
	ArgInt    ArgKind = iota // Int holds a Squirrel integer
	ArgFloat                 // Float holds a Squirrel float
	ArgString                // Str holds a Squirrel string
	ArgOther                 // any other value; Str holds its type name, e.g. "table"
)

// Arg is one argument: exactly one of the fields is meaningful per Kind.
type Arg struct {
	Kind  ArgKind
	Int   int32
	Float float64
	Str   string
}

// Error is a formatting error; Msg is the reference library's message.
type Error struct{ Msg string }

// Error returns the message unchanged, as Squirrel throws it.
func (e *Error) Error() string { return e.Msg }

// The reference's messages, spelling included.
const (
	msgNotEnough   = "not enough paramters for the given format string"
	msgWidth       = "width format too long"
	msgPrecision   = "precision format too long"
	msgTooLong     = "format too long"
	msgInvalid     = "invalid format"
	msgWantString  = "string expected for the specified format"
	msgWantInteger = "integer expected for the specified format"
	msgWantFloat   = "float expected for the specified format"
)

// maxSpecLen is the longest run of flags, width, '.' and precision that a
// directive may have.
const maxSpecLen = 20

// Format formats args according to format, as Squirrel's format(fmt, ...)
// does. Arguments left over are ignored.
func Format(format string, args []Arg) (string, error) {
	format = cutNUL(format)
	var out strings.Builder
	next := 0
	for i := 0; i < len(format); {
		if format[i] != '%' {
			out.WriteByte(format[i])
			i++
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			out.WriteByte('%')
			i += 2
			continue
		}
		// The reference checks for an argument before it reads the directive.
		if next >= len(args) {
			return "", &Error{Msg: msgNotEnough}
		}
		sp, n, err := parseSpec(format, i+1)
		if err != nil {
			return "", err
		}
		i = n + 1
		if err := sp.write(&out, args[next]); err != nil {
			return "", err
		}
		next++
	}
	return out.String(), nil
}

// spec is one parsed directive.
type spec struct {
	minus, plus, space, hash, zero bool
	width                          int
	prec                           int // -1 when absent
	verb                           byte
}

// parseSpec reads the directive that starts at i (just after '%') and
// returns it with the index of its conversion letter.
func parseSpec(f string, i int) (spec, int, error) {
	sp := spec{prec: -1}
	start := i
	for ; i < len(f); i++ {
		switch f[i] {
		case '-':
			sp.minus = true
		case '+':
			sp.plus = true
		case ' ':
			sp.space = true
		case '#':
			sp.hash = true
		case '0':
			sp.zero = true
		default:
			goto width
		}
	}
width:
	var ok bool
	if sp.width, i, ok = digits(f, i); !ok {
		return sp, 0, &Error{Msg: msgWidth}
	}
	if i < len(f) && f[i] == '.' {
		if sp.prec, i, ok = digits(f, i+1); !ok {
			return sp, 0, &Error{Msg: msgPrecision}
		}
	}
	if i-start > maxSpecLen {
		return sp, 0, &Error{Msg: msgTooLong}
	}
	if i >= len(f) || !strings.ContainsRune("diuoxXcfeEgGs", rune(f[i])) {
		return sp, 0, &Error{Msg: msgInvalid}
	}
	sp.verb = f[i]
	return sp, i, nil
}

// digits reads up to two decimal digits at i; a third is an error. No
// digits reads as 0.
func digits(f string, i int) (v, end int, ok bool) {
	for n := 0; i < len(f) && f[i] >= '0' && f[i] <= '9'; n++ {
		if n == 2 {
			return 0, i, false
		}
		v = v*10 + int(f[i]-'0')
		i++
	}
	return v, i, true
}

// write checks the argument's type and appends the formatted value.
func (sp spec) write(out *strings.Builder, a Arg) error {
	switch sp.verb {
	case 's':
		if a.Kind != ArgString {
			return &Error{Msg: msgWantString}
		}
		s := cutNUL(a.Str)
		if sp.prec >= 0 && sp.prec < len(s) {
			s = s[:sp.prec]
		}
		sp.zero = false // C pads strings with spaces even under '0'
		sp.pad(out, "", s)
	case 'f', 'e', 'E', 'g', 'G':
		switch a.Kind {
		case ArgFloat:
			sp.float(out, a.Float)
		case ArgInt:
			sp.float(out, float64(a.Int))
		default:
			return &Error{Msg: msgWantFloat}
		}
	default:
		switch a.Kind {
		case ArgInt:
			sp.integer(out, a.Int)
		case ArgFloat:
			sp.integer(out, floatToInt(a.Float))
		default:
			return &Error{Msg: msgWantInteger}
		}
	}
	return nil
}

// pad writes prefix (a sign or radix prefix) and body, padded to the width:
// on the right with '-', with zeros between prefix and body for '0' when the
// conversion allows it, else on the left with spaces.
func (sp spec) pad(out *strings.Builder, prefix, body string) {
	fill := sp.width - len(prefix) - len(body)
	if fill <= 0 {
		out.WriteString(prefix)
		out.WriteString(body)
		return
	}
	switch {
	case sp.minus:
		out.WriteString(prefix)
		out.WriteString(body)
		out.WriteString(strings.Repeat(" ", fill))
	case sp.zero:
		out.WriteString(prefix)
		out.WriteString(strings.Repeat("0", fill))
		out.WriteString(body)
	default:
		out.WriteString(strings.Repeat(" ", fill))
		out.WriteString(prefix)
		out.WriteString(body)
	}
}

// cutNUL returns s up to its first NUL byte, where the reference's C strings
// end.
func cutNUL(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}
