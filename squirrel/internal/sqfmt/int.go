package sqfmt

import (
	"math"
	"strconv"
	"strings"
)

// integer writes v under an integer directive with C's rules: d and i are
// signed; u, o, x and X print the 32-bit pattern unsigned; c writes the low
// byte. A precision sets the minimum number of digits (and turns off '0');
// precision 0 prints nothing for 0; '#' adds a leading 0 to octal and 0x or
// 0X to non-zero hex.
func (sp spec) integer(out *strings.Builder, v int32) {
	if sp.verb == 'c' {
		sp.zero = false // as for strings, '0' does not apply
		sp.pad(out, "", string([]byte{byte(v)}))
		return
	}
	var prefix, body string
	u := uint64(uint32(v))
	switch sp.verb {
	case 'd', 'i':
		switch {
		case v < 0:
			prefix, u = "-", uint64(-int64(v))
		case sp.plus:
			prefix = "+"
		case sp.space:
			prefix = " "
		}
		body = strconv.FormatUint(u, 10)
	case 'u':
		body = strconv.FormatUint(u, 10)
	case 'o':
		body = strconv.FormatUint(u, 8)
	case 'x', 'X':
		body = strconv.FormatUint(u, 16)
		if sp.verb == 'X' {
			body = strings.ToUpper(body)
		}
		if sp.hash && u != 0 {
			prefix = "0" + string(sp.verb)
		}
	}
	if sp.prec >= 0 {
		sp.zero = false
		if sp.prec == 0 && u == 0 {
			body = ""
		}
		if len(body) < sp.prec {
			body = strings.Repeat("0", sp.prec-len(body)) + body
		}
	}
	if sp.verb == 'o' && sp.hash && !strings.HasPrefix(body, "0") {
		body = "0" + body
	}
	sp.pad(out, prefix, body)
}

// floatToInt converts a float for an integer directive as a Cortex-M does:
// truncating toward zero and saturating out-of-range values; NaN becomes 0.
func floatToInt(f float64) int32 {
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}
