package syntax

// The scanner turns source bytes into tokens the way the reference lexer
// (sqlexer.cpp of Squirrel 3.0.4, built with 8-bit chars and 32-bit
// integers, as on the imp) does, including its quirks:
//
//   - A NUL byte ends the input, because the reference reader returns 0 for
//     "no more characters".
//   - Decimal and octal integer literals that do not fit in 32 bits wrap
//     around silently; a hexadecimal literal may have at most 8 digits.
//   - A float literal is the longest prefix of the run of digits, dots and
//     exponents that C's strtod accepts, so "1.2.3" is 1.2.
//   - \x in a string takes up to 4 hex digits and keeps the low byte.
//   - A character literal 'c' is an integer: the unsigned value of its one
//     byte (char is unsigned on the imp's ARM core).
//   - Only a line feed outside a token counts as a line break for the
//     statement rules: the line feeds inside a block comment or a verbatim
//     string do not.

import (
	"strconv"
)

// A tokenValue is one scanned token with its position and value.
type tokenValue struct {
	tok Token
	pos Pos    // position of the first byte
	end Pos    // position just after the last byte
	nl  bool   // a line feed came between the previous token and this one
	str string // identifier name, or string literal value
	i   int32  // INT value
	f   float64
	raw byte // the byte of an ILLEGAL token
}

// A scanner reads tokens from a source file.
type scanner struct {
	file string
	src  []byte
	off  int // offset of the next unread byte
	line int32
	col  int32
	buf  []byte // scratch for string literals
}

func newScanner(file string, src []byte) *scanner {
	return &scanner{file: file, src: src, line: 1, col: 1}
}

// peek returns the next byte, or 0 at the end of input.
func (s *scanner) peek() byte {
	if s.off < len(s.src) {
		return s.src[s.off]
	}
	return 0
}

// peekAt returns the byte n positions ahead, or 0.
func (s *scanner) peekAt(n int) byte {
	if s.off+n < len(s.src) && s.src[s.off] != 0 {
		return s.src[s.off+n]
	}
	return 0
}

// advance consumes one byte, keeping the line and column up to date.
func (s *scanner) advance() {
	if s.off >= len(s.src) || s.src[s.off] == 0 {
		return
	}
	if s.src[s.off] == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	s.off++
}

func (s *scanner) pos() Pos { return Pos{s.line, s.col} }

func (s *scanner) errorf(pos Pos, msg string) {
	panic(&Error{File: s.file, Pos: pos, Msg: msg})
}

func isDigit(c byte) bool    { return '0' <= c && c <= '9' }
func isOctDigit(c byte) bool { return '0' <= c && c <= '7' }
func isHexDigit(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }

// isControl is C's iscntrl in the "C" locale.
func isControl(c byte) bool { return c < 0x20 || c == 0x7f }

// next scans the next token into tv.
func (s *scanner) next(tv *tokenValue) {
	*tv = tokenValue{}
	for {
		switch c := s.peek(); c {
		case ' ', '\t', '\r':
			s.advance()
			continue
		case '\n':
			tv.nl = true
			s.advance()
			continue
		case '#':
			s.lineComment()
			continue
		case '/':
			switch s.peekAt(1) {
			case '*':
				s.blockComment()
				continue
			case '/':
				s.lineComment()
				continue
			}
		}
		break
	}
	tv.pos = s.pos()
	s.scan(tv)
	tv.end = s.pos()
}

func (s *scanner) lineComment() {
	for c := s.peek(); c != '\n' && c != 0; c = s.peek() {
		s.advance()
	}
}

func (s *scanner) blockComment() {
	start := s.pos()
	s.advance() // '/'
	s.advance() // '*'
	for {
		switch s.peek() {
		case 0:
			s.errorf(start, `missing "*/" in comment`)
		case '*':
			s.advance()
			if s.peek() == '/' {
				s.advance()
				return
			}
		default:
			s.advance()
		}
	}
}

// scan scans the token that starts at the current position.
func (s *scanner) scan(tv *tokenValue) {
	c := s.peek()
	if c == 0 {
		tv.tok = EOF
		return
	}
	if isDigit(c) {
		s.number(tv)
		return
	}
	if isLetter(c) {
		start := s.off
		for isLetter(s.peek()) || isDigit(s.peek()) {
			s.advance()
		}
		// The conversion in the map index does not allocate; only names
		// that are not keywords need a string of their own.
		if kw, ok := keywords[string(s.src[start:s.off])]; ok {
			tv.tok = kw
			tv.str = tokenNames[kw]
			return
		}
		tv.tok = IDENT
		tv.str = string(s.src[start:s.off])
		return
	}
	s.advance()
	// op2 returns t2 if the next byte is c2, else t1.
	op2 := func(c2 byte, t2, t1 Token) Token {
		if s.peek() == c2 {
			s.advance()
			return t2
		}
		return t1
	}
	switch c {
	case '"', '\'':
		s.str(tv, c, false)
	case '@':
		if s.peek() == '"' {
			s.str(tv, '"', true)
			return
		}
		tv.tok = AT
	case '{':
		tv.tok = LBRACE
	case '}':
		tv.tok = RBRACE
	case '(':
		tv.tok = LPAREN
	case ')':
		tv.tok = RPAREN
	case '[':
		tv.tok = LBRACK
	case ']':
		tv.tok = RBRACK
	case ';':
		tv.tok = SEMI
	case ',':
		tv.tok = COMMA
	case '?':
		tv.tok = QUESTION
	case '^':
		tv.tok = CIRCUMFLEX
	case '~':
		tv.tok = TILDE
	case '.':
		if s.peek() != '.' {
			tv.tok = DOT
			return
		}
		s.advance()
		if s.peek() != '.' {
			s.errorf(tv.pos, "invalid token '..'")
		}
		s.advance()
		tv.tok = ELLIPSIS
	case '/':
		switch s.peek() {
		case '=':
			s.advance()
			tv.tok = SLASH_EQ
		case '>':
			s.advance()
			tv.tok = ATTR_CLOSE
		default:
			tv.tok = SLASH
		}
	case '=':
		tv.tok = op2('=', EQL, EQ)
	case '!':
		tv.tok = op2('=', NEQ, BANG)
	case '<':
		switch s.peek() {
		case '=':
			s.advance()
			tv.tok = op2('>', CMP3, LE)
		case '-':
			s.advance()
			tv.tok = NEWSLOT
		case '<':
			s.advance()
			tv.tok = SHL
		case '/':
			s.advance()
			tv.tok = ATTR_OPEN
		default:
			tv.tok = LT
		}
	case '>':
		switch s.peek() {
		case '=':
			s.advance()
			tv.tok = GE
		case '>':
			s.advance()
			tv.tok = op2('>', USHR, SHR)
		default:
			tv.tok = GT
		}
	case '&':
		tv.tok = op2('&', ANDAND, AMP)
	case '|':
		tv.tok = op2('|', OROR, PIPE)
	case ':':
		tv.tok = op2(':', DOUBLECOLON, COLON)
	case '*':
		tv.tok = op2('=', STAR_EQ, STAR)
	case '%':
		tv.tok = op2('=', PERCENT_EQ, PERCENT)
	case '-':
		switch s.peek() {
		case '=':
			s.advance()
			tv.tok = MINUS_EQ
		case '-':
			s.advance()
			tv.tok = DEC
		default:
			tv.tok = MINUS
		}
	case '+':
		switch s.peek() {
		case '=':
			s.advance()
			tv.tok = PLUS_EQ
		case '+':
			s.advance()
			tv.tok = INC
		default:
			tv.tok = PLUS
		}
	default:
		if isControl(c) {
			s.errorf(tv.pos, "unexpected character(control)")
		}
		tv.tok = ILLEGAL
		tv.raw = c
	}
}

// str scans a string literal, a verbatim string literal, or a character
// literal whose opening delimiter is the next byte.
func (s *scanner) str(tv *tokenValue, delim byte, verbatim bool) {
	if verbatim {
		s.advance() // the '"' after '@'
	}
	if s.peek() == 0 {
		s.errorf(tv.pos, "error parsing the string")
	}
	buf := s.buf[:0]
	for {
		for c := s.peek(); c != delim; c = s.peek() {
			switch c {
			case 0:
				s.errorf(tv.pos, "unfinished string")
			case '\n':
				if !verbatim {
					s.errorf(s.pos(), "newline in a constant")
				}
				buf = append(buf, c)
				s.advance()
			case '\\':
				if verbatim {
					buf = append(buf, c)
					s.advance()
					continue
				}
				epos := s.pos()
				s.advance()
				buf = s.escape(buf, epos)
			default:
				buf = append(buf, c)
				s.advance()
			}
		}
		s.advance() // closing delimiter
		if verbatim && s.peek() == '"' {
			buf = append(buf, '"')
			s.advance()
			continue
		}
		break
	}
	s.buf = buf
	if delim == '\'' {
		switch {
		case len(buf) == 0:
			s.errorf(tv.pos, "empty constant")
		case len(buf) > 1:
			s.errorf(tv.pos, "constant too long")
		}
		tv.tok = INT
		tv.i = int32(buf[0])
		return
	}
	tv.tok = STRING
	tv.str = string(buf)
}

// escape decodes the escape sequence after a backslash at epos.
func (s *scanner) escape(buf []byte, epos Pos) []byte {
	c := s.peek()
	switch c {
	case 'x':
		s.advance()
		if !isHexDigit(s.peek()) {
			s.errorf(epos, "hexadecimal number expected")
		}
		var v uint32
		for n := 0; n < 4 && isHexDigit(s.peek()); n++ {
			v = v<<4 | uint32(hexVal(s.peek()))
			s.advance()
		}
		return append(buf, byte(v))
	case 't':
		c = '\t'
	case 'a':
		c = '\a'
	case 'b':
		c = '\b'
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 'v':
		c = '\v'
	case 'f':
		c = '\f'
	case '0':
		c = 0
	case '\\', '"', '\'':
	default:
		s.errorf(epos, "unrecognised escaper char")
	}
	s.advance()
	return append(buf, c)
}

func hexVal(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// maxHexDigits is the reference's MAX_HEX_DIGITS for 32-bit integers.
const maxHexDigits = 8

// number scans a numeric literal.
func (s *scanner) number(tv *tokenValue) {
	start := s.off
	first := s.peek()
	s.advance()
	if first == '0' && (s.peek() == 'x' || s.peek() == 'X' || isOctDigit(s.peek())) {
		var v uint32
		if isOctDigit(s.peek()) {
			for isOctDigit(s.peek()) {
				v = v*8 + uint32(s.peek()-'0')
				s.advance()
			}
			if isDigit(s.peek()) {
				s.errorf(tv.pos, "invalid octal number")
			}
		} else {
			s.advance() // 'x'
			n := 0
			for isHexDigit(s.peek()) {
				v = v<<4 | uint32(hexVal(s.peek()))
				n++
				s.advance()
			}
			if n > maxHexDigits {
				s.errorf(tv.pos, "too many digits for an Hex number")
			}
		}
		tv.tok = INT
		tv.i = int32(v)
		return
	}
	isFloat := false
	for c := s.peek(); c == '.' || isDigit(c) || c == 'e' || c == 'E'; c = s.peek() {
		if c == '.' {
			isFloat = true
		}
		if c == 'e' || c == 'E' {
			isFloat = true
			s.advance()
			if s.peek() == '+' || s.peek() == '-' {
				s.advance()
			}
			if !isDigit(s.peek()) {
				s.errorf(tv.pos, "exponent expected")
			}
		}
		s.advance()
	}
	text := s.src[start:s.off]
	if !isFloat {
		var v uint32
		for _, d := range text {
			v = v*10 + uint32(d-'0')
		}
		tv.tok = INT
		tv.i = int32(v)
		return
	}
	tv.tok = FLOAT
	tv.f = strtod(text)
}

// strtod returns the value of the longest prefix of text, a run of digits,
// dots and exponents starting with a digit, that C's strtod accepts.
func strtod(text []byte) float64 {
	i := 0
	for i < len(text) && isDigit(text[i]) {
		i++
	}
	if i < len(text) && text[i] == '.' {
		i++
		for i < len(text) && isDigit(text[i]) {
			i++
		}
	}
	if i < len(text) && (text[i] == 'e' || text[i] == 'E') {
		j := i + 1
		if j < len(text) && (text[j] == '+' || text[j] == '-') {
			j++
		}
		if j < len(text) && isDigit(text[j]) {
			for j < len(text) && isDigit(text[j]) {
				j++
			}
			i = j
		}
	}
	// The prefix is well formed, so the only error is a range error, for
	// which ParseFloat returns ±Inf or 0 as strtod does.
	f, _ := strconv.ParseFloat(string(text[:i]), 64)
	return f
}
