package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// scanAll returns the tokens of src in a compact form: each token's
// spelling or value, with a '\n' mark before a token preceded by a line
// feed, or the error.
func scanAll(src string) (string, error) {
	var out []string
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = r.(*Error)
			}
		}()
		s := newScanner("t.nut", []byte(src))
		var tv tokenValue
		for {
			s.next(&tv)
			if tv.tok == EOF {
				return
			}
			t := tokString(&tv)
			if tv.nl {
				t = `\n` + t
			}
			out = append(out, t)
		}
	}()
	return strings.Join(out, " "), err
}

func tokString(tv *tokenValue) string {
	switch tv.tok {
	case IDENT:
		return "id:" + tv.str
	case INT:
		return fmt.Sprintf("int:%d", tv.i)
	case FLOAT:
		return "float:" + floatString(tv.f)
	case STRING:
		return "str:" + quote(tv.str)
	case ILLEGAL:
		return fmt.Sprintf("illegal:%#x", tv.raw)
	}
	return tv.tok.String()
}

func TestScanner(t *testing.T) {
	for _, test := range []struct{ src, want string }{
		{"", ""},
		{"a _b c9 __x", "id:a id:_b id:c9 id:__x"},
		{"while do if else break continue return null function local for foreach in typeof base delete",
			"while do if else break continue return null function local for foreach in typeof base delete"},
		{"try catch throw clone yield resume switch case default this class extends constructor instanceof",
			"try catch throw clone yield resume switch case default this class extends constructor instanceof"},
		{"true false static enum const __LINE__ __FILE__ vargv", "true false static enum const __LINE__ __FILE__ id:vargv"},
		// keywords of Squirrel 2 and of later versions are names
		{"vargc parent delegate rawcall __FUNCTION__ local_ If", "id:vargc id:parent id:delegate id:rawcall id:__FUNCTION__ id:local_ id:If"},
		// integers: decimal, hex, octal, character; 32 bits, wrapping
		{"0 7 42 2147483647 2147483648 4294967295 4294967296", "int:0 int:7 int:42 int:2147483647 int:-2147483648 int:-1 int:0"},
		{"0x0 0x1F 0XfF 0x7fffffff 0x80000000 0xFFFFFFFF 0x", "int:0 int:31 int:255 int:2147483647 int:-2147483648 int:-1 int:0"},
		{"00 017 0777 08 09 037777777777 040000000000", "int:0 int:15 int:511 int:8 int:9 int:-1 int:0"},
		{`'a' 'Z' '\n' '\0' '\'' '"' '\x41' '\xff' '\\'`, "int:97 int:90 int:10 int:0 int:39 int:34 int:65 int:255 int:92"},
		// floats: any run of digits, dots and exponents, read like strtod
		{"1.5 0.25 1. 1e3 1E+3 2.5e-2 1.2.3 1e5e3 1.5.x", "float:1.5 float:0.25 float:1.0 float:1000.0 float:1000.0 float:0.025 float:1.2 float:100000.0 float:1.5 id:x"},
		{"1e999 .5", "float:1e999 . int:5"},
		{"12abc 0x1g", "int:12 id:abc int:1 id:g"},
		// strings
		{`"" "abc" "a\tb\ac\bd\ne\rf\vg\fh\\i\"j\'k\0l"`, `str:"" str:"abc" str:"a\tb\x0007c\x0008d\ne\rf\x000Bg\x000Ch\\i\"j'k\0l"`},
		{`"\x41\x4142\x00000041 \x7"`, `str:"AB\00041 \x0007"`},
		{`"\x41424344" "\xfFg"`, "str:\"B4344\" str:\"\xffg\""},
		{`@"a\nb" @"say ""hi""" @"two
lines" x`, `str:"a\\nb" str:"say \"hi\"" str:"two\nlines" id:x`},
		{"\"\xc3\xa9t\xc3\xa9\"", "str:\"\xc3\xa9t\xc3\xa9\""},
		// operators
		{"+ - * / % & | ^ ~ ! < > <= >= == != <=> << >> >>>", "+ - * / % & | ^ ~ ! < > <= >= == != <=> << >> >>>"},
		{"&& || = <- += -= *= /= %= ++ --", "&& || = <- += -= *= /= %= ++ --"},
		{". , ; : :: ? @ ... ( ) [ ] { } </ />", ". , ; : :: ? @ ... ( ) [ ] { } </ />"},
		{"a<-1 a<=>b a>>>=b a<<=b a&=b a>>=b", "id:a <- int:1 id:a <=> id:b id:a >>> = id:b id:a << = id:b id:a & = id:b id:a >> = id:b"},
		{"x---y a+++b", "id:x -- - id:y id:a ++ + id:b"},
		// comments and line feeds
		{"a // c\nb # c\nc /* x\ny */ d /**/e", `id:a \nid:b \nid:c id:d id:e`},
		{"a\r\n\tb", `id:a \nid:b`},
		// stray bytes
		{"$ ` \\ \xc3", "illegal:0x24 illegal:0x60 illegal:0x5c illegal:0xc3"},
		// a NUL byte ends the input
		{"a b\x00c d", "id:a id:b"},
	} {
		got, err := scanAll(test.src)
		if err != nil {
			t.Errorf("scan %q: %v", test.src, err)
			continue
		}
		if got != test.want {
			t.Errorf("scan %q:\n got %s\nwant %s", test.src, got, test.want)
		}
	}
}

func TestScannerPositions(t *testing.T) {
	src := "a bc\n\t@\"x\ny\" d\n  /* \n */ e 'q'\n"
	s := newScanner("t.nut", []byte(src))
	var got []string
	var tv tokenValue
	for s.next(&tv); tv.tok != EOF; s.next(&tv) {
		got = append(got, fmt.Sprintf("%s@%s-%s", tokString(&tv), tv.pos, tv.end))
	}
	want := `id:a@1:1-1:2 id:bc@1:3-1:5 str:"x\ny"@2:2-3:3 id:d@3:4-3:5 id:e@5:5-5:6 int:113@5:7-5:10`
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

func TestScannerErrors(t *testing.T) {
	for _, test := range []struct{ src, want string }{
		{"a..b", "t.nut:1:2: invalid token '..'"},
		{"x \x01", "t.nut:1:3: unexpected character(control)"},
		{"x \x7f", "t.nut:1:3: unexpected character(control)"},
		{"\v", "t.nut:1:1: unexpected character(control)"},
		{`"abc`, "t.nut:1:1: unfinished string"},
		{`x = "`, "t.nut:1:5: error parsing the string"},
		{`'`, "t.nut:1:1: error parsing the string"},
		{`@"`, "t.nut:1:1: error parsing the string"},
		{`@"abc`, "t.nut:1:1: unfinished string"},
		{"\"ab\ncd\"", "t.nut:1:4: newline in a constant"},
		{"'\n'", "t.nut:1:2: newline in a constant"},
		{`"\q"`, "t.nut:1:2: unrecognised escaper char"},
		{`"\`, "t.nut:1:2: unrecognised escaper char"},
		{`"\xg"`, "t.nut:1:2: hexadecimal number expected"},
		{`''`, "t.nut:1:1: empty constant"},
		{`'ab'`, "t.nut:1:1: constant too long"},
		{"'\xc3\xa9'", "t.nut:1:1: constant too long"},
		{"x = 018", "t.nut:1:5: invalid octal number"},
		{"0x123456789", "t.nut:1:1: too many digits for an Hex number"},
		{"0x000000001", "t.nut:1:1: too many digits for an Hex number"},
		{"1e", "t.nut:1:1: exponent expected"},
		{"1.5e+", "t.nut:1:1: exponent expected"},
		{"1else", "t.nut:1:1: exponent expected"},
		{"a /* b", "t.nut:1:3: missing \"*/\" in comment"},
	} {
		_, err := scanAll(test.src)
		if err == nil || err.Error() != test.want {
			t.Errorf("scan %q: got error %v, want %s", test.src, err, test.want)
		}
	}
}
