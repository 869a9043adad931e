package sqfmt

import (
	"math"
	"strconv"
	"strings"
)

// float writes f under f, e, E, g or G with C's rules: precision 6 by
// default; '#' keeps the decimal point (and, for g, trailing zeros);
// infinities and NaNs print as inf and nan (INF and NAN for E and G), with
// their sign, padded with spaces even under '0'.
func (sp spec) float(out *strings.Builder, f float64) {
	prefix := ""
	switch {
	case math.Signbit(f):
		prefix = "-"
	case sp.plus:
		prefix = "+"
	case sp.space:
		prefix = " "
	}
	upper := sp.verb == 'E' || sp.verb == 'G'
	if math.IsInf(f, 0) || math.IsNaN(f) {
		body := "inf"
		if math.IsNaN(f) {
			body = "nan"
		}
		if upper {
			body = strings.ToUpper(body)
		}
		sp.zero = false
		sp.pad(out, prefix, body)
		return
	}
	f = math.Abs(f)
	prec := sp.prec
	if prec < 0 {
		prec = 6
	}
	var body string
	switch sp.verb {
	case 'f':
		body = fixed(f, prec, sp.hash)
	case 'e', 'E':
		body = sci(f, prec, sp.hash)
	default:
		body = general(f, prec, sp.hash)
	}
	if upper {
		body = strings.ToUpper(body)
	}
	sp.pad(out, prefix, body)
}

// fixed is %f of a non-negative finite f.
func fixed(f float64, prec int, hash bool) string {
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if hash && prec == 0 {
		s += "."
	}
	return s
}

// sci is %e of a non-negative finite f; the exponent has at least two
// digits, as in C.
func sci(f float64, prec int, hash bool) string {
	s := strconv.FormatFloat(f, 'e', prec, 64)
	if hash && prec == 0 {
		i := strings.IndexByte(s, 'e')
		s = s[:i] + "." + s[i:]
	}
	return s
}

// general is %g of a non-negative finite f: precision P (0 counts as 1)
// significant digits, in %e style when the decimal exponent X of the
// rounded value is below -4 or at least P, else in %f style with P-1-X
// decimals; without '#', trailing zeros and a bare decimal point go.
func general(f float64, prec int, hash bool) string {
	if prec == 0 {
		prec = 1
	}
	e := sci(f, prec-1, false)
	x, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	var s string
	if x < -4 || x >= prec {
		s = sci(f, prec-1, hash)
	} else {
		s = fixed(f, prec-1-x, hash)
	}
	if hash {
		return s
	}
	mant, exp := s, ""
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		mant, exp = s[:i], s[i:]
	}
	if strings.IndexByte(mant, '.') >= 0 {
		mant = strings.TrimRight(mant, "0")
		mant = strings.TrimSuffix(mant, ".")
	}
	return mant + exp
}
