package syntax

// The parser is a recursive-descent parser that follows the reference
// compiler of Squirrel 3.0.4 (sqcompiler.cpp) production by production,
// so that it accepts the same programs, builds the trees they mean, and
// stops at the same first error with the same message. The grammar, in
// EBNF with the reference's function names:
//
//	File          = {Statement [EndStmt]} .
//	Statements    = {Statement [EndStmt]} .           until '}', 'case' or 'default'
//	EndStmt       = ';' | (line feed before the next token) | '}' | EOF .
//	                (needed only if the statement's last token is not '}' or ';')
//
//	Statement     = ';'
//	              | 'if' '(' CommaExpr ')' Statement [EndStmt*] ['else' Statement EndStmt]
//	              | 'while' '(' CommaExpr ')' Statement
//	              | 'do' Statement 'while' '(' CommaExpr ')'
//	              | 'for' '(' [LocalDecl | CommaExpr] ';' [CommaExpr] ';' [CommaExpr] ')' Statement
//	              | 'foreach' '(' IDENT [',' IDENT] 'in' Expression ')' Statement
//	              | 'switch' '(' CommaExpr ')' '{' {'case' Expression ':' Statements}
//	                                              ['default' ':' Statements] '}'
//	              | LocalDecl
//	              | ('return' | 'yield') [CommaExpr]  (no value before EndStmt)
//	              | 'break' | 'continue'
//	              | 'function' IDENT {'::' IDENT} '(' FuncRest
//	              | 'class' PrefixedExpr ClassRest
//	              | 'enum' IDENT '{' {IDENT ['=' Scalar] [',']} '}'
//	              | '{' Statements '}'
//	              | 'try' Statement 'catch' '(' IDENT ')' Statement
//	              | 'throw' CommaExpr
//	              | 'const' IDENT '=' Scalar EndStmt
//	              | CommaExpr .
//	  (*) after the then-branch, EndStmt is needed unless the next token is
//	      '}' or 'else'; this is 3.0.4's rule, which 3.1 relaxed.
//	LocalDecl     = 'local' ('function' IDENT '(' FuncRest
//	                        | IDENT ['=' Expression] {',' IDENT ['=' Expression]}) .
//	Scalar        = INT | FLOAT | STRING | '-' (INT | FLOAT) .
//
//	CommaExpr     = Expression {',' Expression} .
//	Expression    = LogicalOr [AssignOp Expression | '?' Expression ':' Expression] .
//	AssignOp      = '=' | '<-' | '+=' | '-=' | '*=' | '/=' | '%=' .
//	LogicalOr     = Binary(1) .
//	Binary(n)     = PrefixedExpr {op Binary(n')} with the levels, lowest first:
//	                 1  ||                       right-associative
//	                 2  &&                       right-associative
//	                 3  in  instanceof
//	                 4  |
//	                 5  ^
//	                 6  &
//	                 7  ==  !=  <=>
//	                 8  <   <=  >   >=
//	                 9  <<  >>  >>>
//	                10  +   -
//	                11  *   /   %
//	                (levels 3 to 11 are left-associative; Squirrel 3.1 moved
//	                 in and instanceof to level 8)
//	PrefixedExpr  = Factor {'.' IDENT | '[' Expression ']' | '(' Args ')'}
//	                ['++' | '--']                     (not after a line feed)
//	Args          = {Expression [',']} .              (no ',' before ')')
//	Factor        = STRING | INT | FLOAT | 'null' | 'true' | 'false'
//	              | '__LINE__' | '__FILE__'
//	              | IDENT | 'constructor' | 'this' | 'base' | '::' IDENT
//	              | '[' {Expression [',']} ']'
//	              | '{' {TableSlot [',']} '}'
//	              | 'function' '(' FuncRest
//	              | '@' '(' FuncRest                   (the body is an Expression)
//	              | 'class' ClassRest
//	              | '-' (INT | FLOAT)                  (a negative literal)
//	              | '~' INT                            (a folded literal)
//	              | ('-' | '!' | '~' | 'typeof' | 'resume' | 'clone') PrefixedExpr
//	              | ('++' | '--' | 'delete') PrefixedExpr
//	              | '(' CommaExpr ')' .
//	FuncRest      = [Param {',' Param} [',' '...'] | '...'] ')' Statement .
//	Param         = IDENT ['=' Expression] .       (all parameters after a default have one)
//	ClassRest     = ['extends' Expression] ['</' {TableSlot [',']} '/>']
//	                '{' {ClassSlot [';']} '}' .
//	TableSlot     = Slot | STRING ':' Expression .
//	ClassSlot     = ['</' {TableSlot [',']} '/>'] ['static'] Slot .
//	Slot          = ('function' IDENT | 'constructor') '(' FuncRest
//	              | '[' CommaExpr ']' '=' Expression
//	              | IDENT '=' Expression .
//
// Where an IDENT is expected, 'constructor' is accepted too. A '[' after a
// line feed is an error rather than an index, so that a slot [k] = v on
// the next line of a table is not read as an index of the previous value.
//
// The parser reports errors by panicking with an *Error, which Parse
// recovers; any other panic is a bug and is not recovered.

import (
	"fmt"
	"math"
)

// MaxDepth bounds the parser's recursion, so that hostile input such as
// 100000 '(' gets an error rather than exhausting the stack of the parser
// or of a compiler that walks the tree. Every nested statement and
// expression counts, and so does every operator of a chain such as
// a + b + c, whose tree is as deep as it is long; a parenthesis costs
// three levels, so about 330 nested parentheses are allowed.
const MaxDepth = 1000

// Parse parses a Squirrel source file. filename is used in positions and
// for __FILE__. On error it returns a nil *File and an *Error.
func Parse(filename string, src []byte) (f *File, err error) {
	p := &parser{sc: newScanner(filename, src), file: filename}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			f, err = nil, e
		}
	}()
	if len(src) > math.MaxInt32 {
		p.errorAt(Pos{1, 1}, "file too large")
	}
	p.next()
	f = &File{Name: filename}
	for p.tok.tok != EOF {
		f.Stmts = append(f.Stmts, p.statement())
		p.endStatement()
	}
	return f, nil
}

// A parser holds the state of one parse.
type parser struct {
	sc    *scanner
	file  string
	tok   tokenValue // the current token
	prev  Token      // the previous token
	prevE Pos        // the end of the previous token
	depth int        // nesting of statements and expressions
	loops int        // loops around the current statement, in this function
	brk   int        // loops and switches around it, in this function
}

// next consumes the current token.
func (p *parser) next() {
	p.prev = p.tok.tok
	p.prevE = p.tok.end
	p.sc.next(&p.tok)
}

func (p *parser) errorAt(pos Pos, msg string) {
	panic(&Error{File: p.file, Pos: pos, Msg: msg})
}

// errorf reports an error at the current token.
func (p *parser) errorf(format string, args ...any) {
	p.errorAt(p.tok.pos, fmt.Sprintf(format, args...))
}

// enter records one more level of nesting.
func (p *parser) enter() {
	p.depth++
	if p.depth > MaxDepth {
		p.errorf("too deeply nested (more than %d levels)", MaxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// expect consumes a token of kind t and returns its position.
func (p *parser) expect(t Token) Pos {
	if p.tok.tok != t {
		p.errorf("expected '%s'", t.expectName())
	}
	pos := p.tok.pos
	p.next()
	return pos
}

// ident consumes an identifier; like the reference, it accepts the
// pseudo-keyword constructor.
func (p *parser) ident() *Ident {
	if p.tok.tok != IDENT && p.tok.tok != CONSTRUCTOR {
		p.errorf("expected 'IDENTIFIER'")
	}
	id := &Ident{NamePos: p.tok.pos, Name: p.tok.str}
	p.next()
	return id
}

// prevIs reports whether the token before the current one is t, with no
// line feed between them: the reference's test _prevtoken == t.
func (p *parser) prevIs(t Token) bool { return !p.tok.nl && p.prev == t }

// atEndOfStatement is the reference's IsEndOfStatement.
func (p *parser) atEndOfStatement() bool {
	switch p.tok.tok {
	case EOF, RBRACE, SEMI:
		return true
	}
	return p.tok.nl
}

// optionalSemicolon consumes a ';', or checks that the statement ends.
func (p *parser) optionalSemicolon() {
	if p.tok.tok == SEMI {
		p.next()
		return
	}
	if !p.atEndOfStatement() {
		p.errorf("end of statement expected (; or lf)")
	}
}

// endStatement is what the reference does after each statement of a list.
func (p *parser) endStatement() {
	if !p.prevIs(RBRACE) && !p.prevIs(SEMI) {
		p.optionalSemicolon()
	}
}

// statements parses statements up to '}', 'case' or 'default'.
func (p *parser) statements() []Stmt {
	var list []Stmt
	for p.tok.tok != RBRACE && p.tok.tok != DEFAULT && p.tok.tok != CASE {
		list = append(list, p.statement())
		p.endStatement()
	}
	return list
}

func (p *parser) statement() Stmt {
	p.enter()
	defer p.leave()
	pos := p.tok.pos
	switch p.tok.tok {
	case SEMI:
		p.next()
		return &EmptyStmt{Semi: pos}
	case IF:
		return p.ifStmt()
	case WHILE:
		p.next()
		cond := p.condition()
		body := p.loopBody()
		return &WhileStmt{While: pos, Cond: cond, Body: body}
	case DO:
		p.next()
		body := p.loopBody()
		p.expect(WHILE)
		cond := p.condition()
		return &DoWhileStmt{Do: pos, Body: body, Cond: cond}
	case FOR:
		return p.forStmt()
	case FOREACH:
		return p.foreachStmt()
	case SWITCH:
		return p.switchStmt()
	case LOCAL:
		return p.localDecl()
	case RETURN, YIELD:
		tok := p.tok.tok
		p.next()
		var x Expr
		if !p.atEndOfStatement() {
			x = p.commaExpr()
		}
		if tok == RETURN {
			return &ReturnStmt{Return: pos, Result: x}
		}
		return &YieldStmt{Yield: pos, Result: x}
	case BREAK:
		if p.brk == 0 {
			p.errorf("'break' has to be in a loop block")
		}
		p.next()
		return &BranchStmt{TokPos: pos, Tok: BREAK}
	case CONTINUE:
		if p.loops == 0 {
			p.errorf("'continue' has to be in a loop block")
		}
		p.next()
		return &BranchStmt{TokPos: pos, Tok: CONTINUE}
	case FUNCTION:
		p.next()
		path := []*Ident{p.ident()}
		for p.tok.tok == DOUBLECOLON {
			p.next()
			path = append(path, p.ident())
		}
		p.expect(LPAREN)
		fn := p.funcRest(pos, path[len(path)-1].Name, false)
		return &FuncStmt{Function: pos, Path: path, Func: fn}
	case CLASS:
		p.next()
		name := p.prefixedExpr()
		switch x := name.(type) {
		case *Ident:
		case *DotExpr:
			if _, ok := x.X.(*BaseExpr); ok {
				p.errorAt(name.Pos(), "invalid class name")
			}
		case *IndexExpr:
			if _, ok := x.X.(*BaseExpr); ok {
				p.errorAt(name.Pos(), "invalid class name")
			}
		case *ThisExpr:
			p.errorAt(name.Pos(), "cannot create a class in a local with the syntax(class <local>)")
		default:
			p.errorAt(name.Pos(), "invalid class name")
		}
		return &ClassStmt{Name: name, Class: p.classRest(pos)}
	case ENUM:
		return p.enumStmt()
	case LBRACE:
		return p.block()
	case TRY:
		p.next()
		body := p.statement()
		p.expect(CATCH)
		p.expect(LPAREN)
		v := p.ident()
		p.expect(RPAREN)
		handler := p.statement()
		return &TryStmt{Try: pos, Body: body, Var: v, Handler: handler}
	case THROW:
		p.next()
		return &ThrowStmt{Throw: pos, X: p.commaExpr()}
	case CONST:
		p.next()
		name := p.ident()
		p.expect(EQ)
		val := p.scalar()
		p.optionalSemicolon()
		return &ConstStmt{Const: pos, Name: name, Value: val}
	}
	return &ExprStmt{X: p.commaExpr()}
}

// condition parses '(' CommaExpr ')'.
func (p *parser) condition() Expr {
	p.expect(LPAREN)
	x := p.commaExpr()
	p.expect(RPAREN)
	return x
}

// loopBody parses the body of a loop, in which break and continue are
// allowed.
func (p *parser) loopBody() Stmt {
	p.loops++
	p.brk++
	s := p.statement()
	p.loops--
	p.brk--
	return s
}

func (p *parser) block() *BlockStmt {
	lbrace := p.expect(LBRACE)
	list := p.statements()
	rbrace := p.expect(RBRACE)
	return &BlockStmt{Lbrace: lbrace, List: list, Rbrace: rbrace}
}

func (p *parser) ifStmt() *IfStmt {
	s := &IfStmt{If: p.tok.pos}
	p.next()
	s.Cond = p.condition()
	s.Then = p.statement()
	if p.tok.tok != RBRACE && p.tok.tok != ELSE {
		p.optionalSemicolon()
	}
	if p.tok.tok == ELSE {
		p.next()
		s.Else = p.statement()
		p.optionalSemicolon()
	}
	return s
}

func (p *parser) forStmt() *ForStmt {
	s := &ForStmt{For: p.tok.pos}
	p.next()
	p.expect(LPAREN)
	if p.tok.tok == LOCAL {
		s.Init = p.localDecl()
	} else if p.tok.tok != SEMI {
		s.Init = &ExprStmt{X: p.commaExpr()}
	}
	p.expect(SEMI)
	if p.tok.tok != SEMI {
		s.Cond = p.commaExpr()
	}
	p.expect(SEMI)
	if p.tok.tok != RPAREN {
		s.Post = p.commaExpr()
	}
	p.expect(RPAREN)
	s.Body = p.loopBody()
	return s
}

func (p *parser) foreachStmt() *ForeachStmt {
	s := &ForeachStmt{Foreach: p.tok.pos}
	p.next()
	p.expect(LPAREN)
	s.Value = p.ident()
	if p.tok.tok == COMMA {
		p.next()
		s.Key, s.Value = s.Value, p.ident()
	}
	p.expect(IN)
	s.X = p.expression()
	p.expect(RPAREN)
	s.Body = p.loopBody()
	return s
}

func (p *parser) switchStmt() *SwitchStmt {
	s := &SwitchStmt{Switch: p.tok.pos}
	p.next()
	s.Tag = p.condition()
	p.expect(LBRACE)
	p.brk++
	for p.tok.tok == CASE {
		c := &CaseClause{Case: p.tok.pos}
		p.next()
		c.Value = p.expression()
		p.expect(COLON)
		c.Body = p.statements()
		s.Cases = append(s.Cases, c)
	}
	if p.tok.tok == DEFAULT {
		c := &CaseClause{Case: p.tok.pos}
		p.next()
		p.expect(COLON)
		c.Body = p.statements()
		s.Default = c
	}
	p.brk--
	s.Rbrace = p.expect(RBRACE)
	return s
}

// localDecl parses a local statement or local function.
func (p *parser) localDecl() Stmt {
	pos := p.tok.pos
	p.next()
	if p.tok.tok == FUNCTION {
		fpos := p.tok.pos
		p.next()
		name := p.ident()
		p.expect(LPAREN)
		fn := p.funcRest(fpos, name.Name, false)
		return &LocalFuncStmt{Local: pos, Name: name, Func: fn}
	}
	s := &LocalStmt{Local: pos}
	for {
		v := &LocalVar{Name: p.ident()}
		if p.tok.tok == EQ {
			p.next()
			v.Value = p.expression()
		}
		s.Vars = append(s.Vars, v)
		if p.tok.tok != COMMA {
			return s
		}
		p.next()
	}
}

func (p *parser) enumStmt() *EnumStmt {
	s := &EnumStmt{Enum: p.tok.pos}
	p.next()
	s.Name = p.ident()
	p.expect(LBRACE)
	var n int32
	for p.tok.tok != RBRACE {
		m := &EnumMember{Name: p.ident()}
		if p.tok.tok == EQ {
			p.next()
			m.Value = p.scalar()
		} else {
			m.Value = &Literal{ValuePos: m.Name.NamePos, Kind: IntLit, Int: n}
			n++
		}
		s.Members = append(s.Members, m)
		if p.tok.tok == COMMA {
			p.next()
		}
	}
	s.Rbrace = p.tok.pos
	p.next()
	return s
}

// scalar parses the value of a constant or enum member.
func (p *parser) scalar() *Literal {
	lit := &Literal{ValuePos: p.tok.pos}
	switch p.tok.tok {
	case INT:
		lit.Kind, lit.Int = IntLit, p.tok.i
	case FLOAT:
		lit.Kind, lit.Float = FloatLit, p.tok.f
	case STRING:
		lit.Kind, lit.Str = StringLit, p.tok.str
	case MINUS:
		p.next()
		switch p.tok.tok {
		case INT:
			lit.Kind, lit.Int = IntLit, -p.tok.i
		case FLOAT:
			lit.Kind, lit.Float = FloatLit, -p.tok.f
		default:
			p.errorf("scalar expected : integer,float")
		}
	default:
		p.errorf("scalar expected : integer,float or string")
	}
	p.next()
	return lit
}

// ---- Expressions ----

func (p *parser) commaExpr() Expr {
	x := p.expression()
	if p.tok.tok != COMMA {
		return x
	}
	list := []Expr{x}
	for p.tok.tok == COMMA {
		p.next()
		list = append(list, p.expression())
	}
	return &CommaExpr{List: list}
}

func (p *parser) expression() Expr {
	p.enter()
	defer p.leave()
	x := p.binary(1)
	switch op := p.tok.tok; op {
	case EQ, NEWSLOT, PLUS_EQ, MINUS_EQ, STAR_EQ, SLASH_EQ, PERCENT_EQ:
		opPos := p.tok.pos
		switch target(x) {
		case notTarget:
			p.errorf("can't assign expression")
		case baseTarget:
			p.errorf("'base' cannot be modified")
		}
		p.next()
		y := p.expression()
		if _, ok := x.(*ThisExpr); ok && op == NEWSLOT {
			p.errorAt(opPos, "can't 'create' a local slot")
		}
		return &AssignExpr{LHS: x, OpPos: opPos, Op: op, RHS: y}
	case QUESTION:
		c := &CondExpr{Cond: x, Question: p.tok.pos}
		p.next()
		c.True = p.expression()
		c.Colon = p.expect(COLON)
		c.False = p.expression()
		return c
	}
	return x
}

// What an expression is as the target of an assignment, '++', '--' or
// delete.
const (
	notTarget  = iota // a value: "can't assign expression"
	slotTarget        // a name or a slot
	baseTarget        // base itself
)

func target(x Expr) int {
	switch x := x.(type) {
	case *Ident, *ThisExpr:
		return slotTarget
	case *BaseExpr:
		return baseTarget
	case *DotExpr:
		if _, ok := x.X.(*BaseExpr); !ok {
			return slotTarget
		}
	case *IndexExpr:
		if _, ok := x.X.(*BaseExpr); !ok {
			return slotTarget
		}
	}
	return notTarget
}

// precedence gives the binary operators their levels; 0 is not an
// operator.
var precedence = [maxToken]int8{
	OROR:       1,
	ANDAND:     2,
	IN:         3,
	INSTANCEOF: 3,
	PIPE:       4,
	CIRCUMFLEX: 5,
	AMP:        6,
	EQL:        7,
	NEQ:        7,
	CMP3:       7,
	LT:         8,
	LE:         8,
	GT:         8,
	GE:         8,
	SHL:        9,
	SHR:        9,
	USHR:       9,
	PLUS:       10,
	MINUS:      10,
	STAR:       11,
	SLASH:      11,
	PERCENT:    11,
}

// binary parses a binary expression whose operators have at least the
// level min.
func (p *parser) binary(min int8) Expr {
	p.enter()
	defer p.leave()
	x := p.prefixedExpr()
	n := 0 // each operator adds a level to the tree
	defer func() { p.depth -= n }()
	for {
		op := p.tok.tok
		prec := precedence[op]
		if prec == 0 || prec < min {
			return x
		}
		opPos := p.tok.pos
		p.enter()
		n++
		p.next()
		var y Expr
		if prec <= 2 { // || and && are right-associative
			y = p.binary(prec)
		} else {
			y = p.binary(prec + 1)
		}
		x = &BinaryExpr{X: x, OpPos: opPos, Op: op, Y: y}
	}
}

// prefixedExpr parses a factor and the member accesses, indexes, calls
// and postfix increment that follow it.
func (p *parser) prefixedExpr() Expr {
	p.enter()
	defer p.leave()
	x := p.factor()
	n := 0
	defer func() { p.depth -= n }()
	for {
		switch p.tok.tok {
		case DOT:
			dot := p.tok.pos
			p.next()
			x = &DotExpr{X: x, Dot: dot, Name: p.ident()}
		case LBRACK:
			if p.tok.nl {
				p.errorf("cannot brake deref/or comma needed after [exp]=exp slot declaration")
			}
			lbrack := p.tok.pos
			p.next()
			index := p.expression()
			rbrack := p.expect(RBRACK)
			x = &IndexExpr{X: x, Lbrack: lbrack, Index: index, Rbrack: rbrack}
		case LPAREN:
			lparen := p.tok.pos
			p.next()
			args := p.args()
			x = &CallExpr{Fn: x, Lparen: lparen, Args: args, Rparen: p.prevPos()}
		case INC, DEC:
			if p.atEndOfStatement() {
				return x
			}
			// The reference reads the next token before it checks the
			// operand, so a lexical error there comes first.
			e := &PostfixExpr{X: x, OpPos: p.tok.pos, Op: p.tok.tok}
			p.next()
			if target(x) != slotTarget {
				p.errorAt(e.OpPos, "can't '++' or '--' an expression")
			}
			return e
		default:
			return x
		}
		p.enter()
		n++
	}
}

// prevPos returns the position of the previous token, a one-byte token.
func (p *parser) prevPos() Pos { return Pos{p.prevE.Line, p.prevE.Col - 1} }

// args parses the arguments of a call, after the '(', and the ')'.
func (p *parser) args() []Expr {
	var args []Expr
	for p.tok.tok != RPAREN {
		args = append(args, p.expression())
		if p.tok.tok == COMMA {
			p.next()
			if p.tok.tok == RPAREN {
				p.errorf("expression expected, found ')'")
			}
		}
	}
	p.next()
	return args
}

func (p *parser) factor() Expr {
	tv := &p.tok
	pos := tv.pos
	switch tv.tok {
	case STRING:
		lit := &Literal{ValuePos: pos, Kind: StringLit, Str: tv.str}
		p.next()
		return lit
	case INT:
		lit := &Literal{ValuePos: pos, Kind: IntLit, Int: tv.i}
		p.next()
		return lit
	case FLOAT:
		lit := &Literal{ValuePos: pos, Kind: FloatLit, Float: tv.f}
		p.next()
		return lit
	case NULL:
		p.next()
		return &Literal{ValuePos: pos, Kind: NullLit}
	case TRUE, FALSE:
		lit := &Literal{ValuePos: pos, Kind: BoolLit, Bool: tv.tok == TRUE}
		p.next()
		return lit
	case LINE:
		p.next()
		return &Literal{ValuePos: pos, Kind: IntLit, Int: pos.Line}
	case FILE:
		p.next()
		return &Literal{ValuePos: pos, Kind: StringLit, Str: p.file}
	case IDENT, CONSTRUCTOR:
		return p.ident()
	case THIS:
		p.next()
		return &ThisExpr{ThisPos: pos}
	case BASE:
		p.next()
		return &BaseExpr{BasePos: pos}
	case DOUBLECOLON:
		p.next()
		return &DotExpr{X: &RootExpr{ColonPos: pos}, Dot: pos, Name: p.ident()}
	case LBRACK:
		p.next()
		a := &ArrayLit{Lbrack: pos}
		for p.tok.tok != RBRACK {
			a.Elems = append(a.Elems, p.expression())
			if p.tok.tok == COMMA {
				p.next()
			}
		}
		a.Rbrack = p.tok.pos
		p.next()
		return a
	case LBRACE:
		p.next()
		t := &TableLit{Lbrace: pos}
		t.Slots, t.Rbrace = p.slots(COMMA, RBRACE)
		return t
	case FUNCTION:
		p.next()
		p.expect(LPAREN)
		return p.funcRest(pos, "", false)
	case AT:
		p.next()
		p.expect(LPAREN)
		return p.funcRest(pos, "", true)
	case CLASS:
		p.next()
		return p.classRest(pos)
	case MINUS:
		p.next()
		switch tv.tok {
		case INT:
			lit := &Literal{ValuePos: pos, Kind: IntLit, Int: -tv.i}
			p.next()
			return lit
		case FLOAT:
			lit := &Literal{ValuePos: pos, Kind: FloatLit, Float: -tv.f}
			p.next()
			return lit
		}
		return &UnaryExpr{OpPos: pos, Op: MINUS, X: p.prefixedExpr()}
	case TILDE:
		p.next()
		if tv.tok == INT {
			lit := &Literal{ValuePos: pos, Kind: IntLit, Int: ^tv.i}
			p.next()
			return lit
		}
		return &UnaryExpr{OpPos: pos, Op: TILDE, X: p.prefixedExpr()}
	case BANG, TYPEOF, RESUME, CLONE:
		op := tv.tok
		p.next()
		return &UnaryExpr{OpPos: pos, Op: op, X: p.prefixedExpr()}
	case INC, DEC:
		op := tv.tok
		p.next()
		x := p.prefixedExpr()
		if target(x) != slotTarget {
			p.errorAt(x.Pos(), "can't '++' or '--' an expression")
		}
		return &UnaryExpr{OpPos: pos, Op: op, X: x}
	case DELETE:
		p.next()
		x := p.prefixedExpr()
		switch x.(type) {
		case *ThisExpr:
			p.errorAt(x.Pos(), "cannot delete an (outer) local")
		}
		if target(x) != slotTarget {
			p.errorAt(x.Pos(), "can't delete an expression")
		}
		return &UnaryExpr{OpPos: pos, Op: DELETE, X: x}
	case LPAREN:
		p.next()
		x := p.commaExpr()
		rparen := p.expect(RPAREN)
		return &ParenExpr{Lparen: pos, X: x, Rparen: rparen}
	}
	p.errorf("expression expected")
	panic("unreachable")
}

// funcRest parses a function's parameters after the '(', and its body.
// start is the position of its first token.
func (p *parser) funcRest(start Pos, name string, lambda bool) *FuncLit {
	fn := &FuncLit{Start: start, Name: name, Lambda: lambda}
	defaults := 0
	for p.tok.tok != RPAREN {
		if p.tok.tok == ELLIPSIS {
			if defaults > 0 {
				p.errorf("function with default parameters cannot have variable number of parameters")
			}
			fn.Varargs = true
			p.next()
			if p.tok.tok != RPAREN {
				p.errorf("expected ')'")
			}
			break
		}
		param := &Param{Name: p.ident()}
		if p.tok.tok == EQ {
			p.next()
			param.Default = p.expression()
			defaults++
		} else if defaults > 0 {
			p.errorf("expected '='")
		}
		fn.Params = append(fn.Params, param)
		if p.tok.tok == COMMA {
			p.next()
		} else if p.tok.tok != RPAREN {
			p.errorf("expected ')' or ','")
		}
	}
	p.expect(RPAREN)

	// break and continue do not reach out of a function.
	loops, brk := p.loops, p.brk
	p.loops, p.brk = 0, 0
	if lambda {
		x := p.expression()
		fn.Body = &ReturnStmt{Return: x.Pos(), Result: x}
	} else {
		fn.Body = p.statement()
	}
	p.loops, p.brk = loops, brk
	fn.End = p.prevE
	return fn
}

// classRest parses a class after the 'class' keyword, or after the name
// of a class statement.
func (p *parser) classRest(pos Pos) *ClassLit {
	c := &ClassLit{Class: pos}
	if p.tok.tok == EXTENDS {
		p.next()
		c.Extends = p.expression()
	}
	if p.tok.tok == ATTR_OPEN {
		c.Attrs = &TableLit{Lbrace: p.tok.pos}
		p.next()
		c.Attrs.Slots, c.Attrs.Rbrace = p.slots(COMMA, ATTR_CLOSE)
	}
	c.Lbrace = p.expect(LBRACE)
	c.Members, c.Rbrace = p.slots(SEMI, RBRACE)
	return c
}

// slots parses the slots of a table (sep is COMMA) or class (sep is
// SEMI) up to and including the terminator, and returns the terminator's
// position.
func (p *parser) slots(sep, term Token) ([]*Slot, Pos) {
	var slots []*Slot
	for p.tok.tok != term {
		s := &Slot{KeyPos: p.tok.pos}
		if sep == SEMI {
			if p.tok.tok == ATTR_OPEN {
				s.Attrs = &TableLit{Lbrace: p.tok.pos}
				p.next()
				s.Attrs.Slots, s.Attrs.Rbrace = p.slots(COMMA, ATTR_CLOSE)
			}
			if p.tok.tok == STATIC {
				s.Static = true
				p.next()
			}
		}
		switch tok := p.tok.tok; {
		case tok == FUNCTION || tok == CONSTRUCTOR:
			start := p.tok.pos
			p.next()
			name := &Ident{NamePos: start, Name: "constructor"}
			if tok == FUNCTION {
				name = p.ident()
			}
			p.expect(LPAREN)
			s.Kind = MethodSlot
			s.Key = &Literal{ValuePos: name.NamePos, Kind: StringLit, Str: name.Name}
			s.Value = p.funcRest(start, name.Name, false)
		case tok == LBRACK:
			p.next()
			s.Kind = ComputedSlot
			s.Key = p.commaExpr()
			p.expect(RBRACK)
			p.expect(EQ)
			s.Value = p.expression()
		case tok == STRING && sep == COMMA:
			s.Kind = JSONSlot
			s.Key = &Literal{ValuePos: p.tok.pos, Kind: StringLit, Str: p.tok.str}
			p.next()
			p.expect(COLON)
			s.Value = p.expression()
		default:
			name := p.ident()
			s.Kind = FieldSlot
			s.Key = &Literal{ValuePos: name.NamePos, Kind: StringLit, Str: name.Name}
			p.expect(EQ)
			s.Value = p.expression()
		}
		slots = append(slots, s)
		if p.tok.tok == sep {
			p.next()
		}
	}
	end := p.tok.pos
	p.next()
	return slots, end
}
