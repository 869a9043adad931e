package syntax

import "fmt"

// A Token is a lexical token of Squirrel 3.0.4.
type Token int8

// The tokens. Punctuation is named after its spelling; keywords after the
// keyword.
const (
	ILLEGAL Token = iota // a byte that starts no token: '$', '`', '\\', or a non-ASCII byte
	EOF                  // end of input (or a NUL byte, which ends the reference's reader)

	// Literals and names.
	IDENT  // name
	INT    // 123, 0x7B, 0173, 'a'
	FLOAT  // 1.5, 1e3
	STRING // "abc", @"verbatim"

	// Operators.
	PLUS       // +
	MINUS      // -
	STAR       // *
	SLASH      // /
	PERCENT    // %
	AMP        // &
	PIPE       // |
	CIRCUMFLEX // ^
	TILDE      // ~
	BANG       // !
	LT         // <
	GT         // >
	LE         // <=
	GE         // >=
	EQL        // ==
	NEQ        // !=
	CMP3       // <=>
	SHL        // <<
	SHR        // >>
	USHR       // >>>
	ANDAND     // &&
	OROR       // ||
	EQ         // =
	NEWSLOT    // <-
	PLUS_EQ    // +=
	MINUS_EQ   // -=
	STAR_EQ    // *=
	SLASH_EQ   // /=
	PERCENT_EQ // %=
	INC        // ++
	DEC        // --

	// Punctuation.
	DOT         // .
	COMMA       // ,
	SEMI        // ;
	COLON       // :
	DOUBLECOLON // ::
	QUESTION    // ?
	AT          // @ (lambda)
	ELLIPSIS    // ...
	LPAREN      // (
	RPAREN      // )
	LBRACK      // [
	RBRACK      // ]
	LBRACE      // {
	RBRACE      // }
	ATTR_OPEN   // </
	ATTR_CLOSE  // />

	// Keywords.
	BASE
	BREAK
	CASE
	CATCH
	CLASS
	CLONE
	CONST
	CONSTRUCTOR
	CONTINUE
	DEFAULT
	DELETE
	DO
	ELSE
	ENUM
	EXTENDS
	FALSE
	FOR
	FOREACH
	FUNCTION
	IF
	IN
	INSTANCEOF
	LOCAL
	NULL
	RESUME
	RETURN
	STATIC
	SWITCH
	THIS
	THROW
	TRUE
	TRY
	TYPEOF
	WHILE
	YIELD
	LINE // __LINE__ (from Squirrel 3.1; see the package documentation)
	FILE // __FILE__ (from Squirrel 3.1)

	maxToken
)

var tokenNames = [...]string{
	ILLEGAL:     "illegal token",
	EOF:         "end of file",
	IDENT:       "identifier",
	INT:         "integer literal",
	FLOAT:       "float literal",
	STRING:      "string literal",
	PLUS:        "+",
	MINUS:       "-",
	STAR:        "*",
	SLASH:       "/",
	PERCENT:     "%",
	AMP:         "&",
	PIPE:        "|",
	CIRCUMFLEX:  "^",
	TILDE:       "~",
	BANG:        "!",
	LT:          "<",
	GT:          ">",
	LE:          "<=",
	GE:          ">=",
	EQL:         "==",
	NEQ:         "!=",
	CMP3:        "<=>",
	SHL:         "<<",
	SHR:         ">>",
	USHR:        ">>>",
	ANDAND:      "&&",
	OROR:        "||",
	EQ:          "=",
	NEWSLOT:     "<-",
	PLUS_EQ:     "+=",
	MINUS_EQ:    "-=",
	STAR_EQ:     "*=",
	SLASH_EQ:    "/=",
	PERCENT_EQ:  "%=",
	INC:         "++",
	DEC:         "--",
	DOT:         ".",
	COMMA:       ",",
	SEMI:        ";",
	COLON:       ":",
	DOUBLECOLON: "::",
	QUESTION:    "?",
	AT:          "@",
	ELLIPSIS:    "...",
	LPAREN:      "(",
	RPAREN:      ")",
	LBRACK:      "[",
	RBRACK:      "]",
	LBRACE:      "{",
	RBRACE:      "}",
	ATTR_OPEN:   "</",
	ATTR_CLOSE:  "/>",
	BASE:        "base",
	BREAK:       "break",
	CASE:        "case",
	CATCH:       "catch",
	CLASS:       "class",
	CLONE:       "clone",
	CONST:       "const",
	CONSTRUCTOR: "constructor",
	CONTINUE:    "continue",
	DEFAULT:     "default",
	DELETE:      "delete",
	DO:          "do",
	ELSE:        "else",
	ENUM:        "enum",
	EXTENDS:     "extends",
	FALSE:       "false",
	FOR:         "for",
	FOREACH:     "foreach",
	FUNCTION:    "function",
	IF:          "if",
	IN:          "in",
	INSTANCEOF:  "instanceof",
	LOCAL:       "local",
	NULL:        "null",
	RESUME:      "resume",
	RETURN:      "return",
	STATIC:      "static",
	SWITCH:      "switch",
	THIS:        "this",
	THROW:       "throw",
	TRUE:        "true",
	TRY:         "try",
	TYPEOF:      "typeof",
	WHILE:       "while",
	YIELD:       "yield",
	LINE:        "__LINE__",
	FILE:        "__FILE__",
}

// String returns the spelling of an operator, punctuation or keyword
// token, and a description of the others.
func (t Token) String() string {
	if t >= 0 && t < maxToken {
		return tokenNames[t]
	}
	return fmt.Sprintf("token(%d)", int(t))
}

// IsKeyword reports whether t is a keyword.
func (t Token) IsKeyword() bool { return t >= BASE && t < maxToken }

// keywords maps each keyword's spelling to its token.
var keywords = func() map[string]Token {
	m := make(map[string]Token, int(maxToken-BASE))
	for t := BASE; t < maxToken; t++ {
		m[tokenNames[t]] = t
	}
	return m
}()

// expectName is how the reference compiler names a token in its
// "expected '...'" message: the spelling of punctuation and keywords, and
// an upper-case class name for the others.
func (t Token) expectName() string {
	switch t {
	case IDENT:
		return "IDENTIFIER"
	case STRING:
		return "STRING_LITERAL"
	case INT:
		return "INTEGER"
	case FLOAT:
		return "FLOAT"
	}
	return t.String()
}

// A Pos is a position in a source file: a 1-based line, and a 1-based
// column counted in bytes (a tab counts as one).
type Pos struct {
	Line, Col int32
}

// String returns "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// IsValid reports whether p is a real position rather than the zero Pos.
func (p Pos) IsValid() bool { return p.Line > 0 }
