package syntax

// Format prints a syntax tree back as Squirrel source that parses to the
// same tree (positions aside). The fuzz test checks that property.
//
// Squirrel's statement rules make this less simple than it looks; the
// formatter follows the parser's rules:
//
//   - Statements of a list go on separate lines; a statement whose last
//     token is not '}' or ';' is ended with ';'. An empty statement goes on
//     the line of the statement before it, since a ';' after a line feed
//     would end that statement instead of being a statement of its own.
//   - An if statement is always followed by ';', which the if consumes.
//   - A statement ending in '}' followed by one starting with '(', '[' or
//     '-' would run together with it, so a ';' on a line of its own ends
//     the first.
//   - A function whose body is a single statement that could go on (an
//     expression, return, local, ...) is followed by a line feed, and is
//     not followed by a ',' in a list, since the body would take the ','.
//     A negative integer that starts the next element of the list is
//     written as '~' and its complement, as "-1" would be a subtraction.
//   - The reference folds a '-' before a number, and a '~' before an
//     integer, into the literal, so a non-negative integer that starts
//     the operand of a '-' or '~' (the result of such a folding that
//     wrapped around) is written as '-' and the integer that wraps to it.

import (
	"bytes"
	"strconv"
	"strings"
)

// Format returns the source of a File.
func Format(f *File) []byte {
	var p formatter
	p.stmtList(f.Stmts)
	out := bytes.TrimLeft(p.buf.Bytes(), "\n")
	return append(out, '\n')
}

type formatter struct {
	buf       bytes.Buffer
	indent    int
	last      byte     // the last byte of the last token written
	lineStart bool     // nothing but a line feed and indentation since then
	wrapped   *Literal // a literal to write as '-' and the integer that wraps to it
	tilde     *Literal // a literal to write as '~' and its complement
}

// w writes a piece of source that ends with a token.
func (p *formatter) w(s string) {
	p.buf.WriteString(s)
	if s != "" {
		p.last = s[len(s)-1]
		p.lineStart = false
	}
}

func (p *formatter) newline() {
	p.buf.WriteByte('\n')
	for i := 0; i < p.indent; i++ {
		p.buf.WriteByte('\t')
	}
	p.lineStart = true
}

// needsEnd reports whether the statement just written must be ended with
// a ';' for the statement that follows.
func (p *formatter) needsEnd() bool {
	return p.lineStart || (p.last != '}' && p.last != ';')
}

func (p *formatter) stmtList(list []Stmt) {
	for i, s := range list {
		if _, ok := s.(*EmptyStmt); ok && i > 0 {
			p.w(" ;")
			continue
		}
		if i > 0 && p.last == '}' && !p.lineStart && runsOn(s) {
			p.newline()
			p.w(";")
		}
		p.newline()
		p.stmt(s)
		if p.needsEnd() {
			p.w(";")
		}
	}
}

// runsOn reports whether s starts with a token that would continue an
// expression ending in '}' on the previous line.
func runsOn(s Stmt) bool {
	e, ok := s.(*ExprStmt)
	if !ok {
		return false
	}
	x := e.X
	for {
		switch y := x.(type) {
		case *ParenExpr, *ArrayLit:
			return true
		case *UnaryExpr:
			return y.Op == MINUS
		case *Literal:
			return strings.HasPrefix(litString(y), "-")
		case *BinaryExpr:
			x = y.X
		case *PostfixExpr:
			x = y.X
		case *CondExpr:
			x = y.Cond
		case *CommaExpr:
			x = y.List[0]
		case *AssignExpr:
			x = y.LHS
		case *CallExpr:
			x = y.Fn
		case *DotExpr:
			x = y.X
		case *IndexExpr:
			x = y.X
		default:
			return false
		}
	}
}

// openStmt reports whether s, as the body of a function, could take the
// tokens that follow the function.
func openStmt(s Stmt) bool {
	switch s := s.(type) {
	case *ExprStmt, *ReturnStmt, *YieldStmt, *ThrowStmt, *LocalStmt:
		return true
	case *LocalFuncStmt:
		return openBody(s.Func)
	case *FuncStmt:
		return openBody(s.Func)
	case *WhileStmt:
		return openStmt(s.Body)
	case *ForStmt:
		return openStmt(s.Body)
	case *ForeachStmt:
		return openStmt(s.Body)
	case *TryStmt:
		return openStmt(s.Handler)
	}
	return false
}

func openBody(f *FuncLit) bool { return !f.Lambda && openStmt(f.Body) }

func (p *formatter) block(b *BlockStmt) {
	if len(b.List) == 0 {
		p.w("{}")
		return
	}
	p.w("{")
	p.indent++
	p.stmtList(b.List)
	p.indent--
	p.newline()
	p.w("}")
}

func (p *formatter) stmt(s Stmt) {
	switch s := s.(type) {
	case *BlockStmt:
		p.block(s)
	case *EmptyStmt:
		p.w(";")
	case *ExprStmt:
		p.expr(s.X)
	case *LocalStmt:
		p.w("local ")
		for i, v := range s.Vars {
			if i > 0 {
				p.w(", ")
			}
			p.w(v.Name.Name)
			if v.Value != nil {
				p.w(" = ")
				p.expr(v.Value)
			}
		}
	case *LocalFuncStmt:
		p.w("local function " + s.Name.Name)
		p.funcRest(s.Func)
	case *FuncStmt:
		p.w("function ")
		for i, id := range s.Path {
			if i > 0 {
				p.w("::")
			}
			p.w(id.Name)
		}
		p.funcRest(s.Func)
	case *ClassStmt:
		p.w("class ")
		p.expr(s.Name)
		p.classRest(s.Class)
	case *IfStmt:
		p.w("if (")
		p.expr(s.Cond)
		p.w(") ")
		p.stmt(s.Then)
		if s.Else != nil {
			if p.needsEnd() {
				p.w(";")
			}
			p.w(" else ")
			p.stmt(s.Else)
		}
		p.w(";")
	case *WhileStmt:
		p.w("while (")
		p.expr(s.Cond)
		p.w(") ")
		p.stmt(s.Body)
	case *DoWhileStmt:
		p.w("do ")
		p.stmt(s.Body)
		p.newline()
		p.w("while (")
		p.expr(s.Cond)
		p.w(")")
	case *ForStmt:
		p.w("for (")
		if s.Init != nil {
			p.stmt(s.Init)
		}
		p.w("; ")
		if s.Cond != nil {
			p.expr(s.Cond)
		}
		p.w("; ")
		if s.Post != nil {
			p.expr(s.Post)
		}
		p.w(") ")
		p.stmt(s.Body)
	case *ForeachStmt:
		p.w("foreach (")
		if s.Key != nil {
			p.w(s.Key.Name + ", ")
		}
		p.w(s.Value.Name + " in ")
		p.expr(s.X)
		p.w(") ")
		p.stmt(s.Body)
	case *SwitchStmt:
		p.w("switch (")
		p.expr(s.Tag)
		p.w(") {")
		for _, c := range s.Cases {
			p.newline()
			p.w("case ")
			p.expr(c.Value)
			p.w(":")
			p.indent++
			p.stmtList(c.Body)
			p.indent--
		}
		if c := s.Default; c != nil {
			p.newline()
			p.w("default:")
			p.indent++
			p.stmtList(c.Body)
			p.indent--
		}
		p.newline()
		p.w("}")
	case *BranchStmt:
		p.w(s.Tok.String())
	case *ReturnStmt:
		p.w("return")
		if s.Result != nil {
			p.w(" ")
			p.expr(s.Result)
		}
	case *YieldStmt:
		p.w("yield")
		if s.Result != nil {
			p.w(" ")
			p.expr(s.Result)
		}
	case *TryStmt:
		p.w("try ")
		p.stmt(s.Body)
		p.newline()
		p.w("catch (" + s.Var.Name + ") ")
		p.stmt(s.Handler)
	case *ThrowStmt:
		p.w("throw ")
		p.expr(s.X)
	case *ConstStmt:
		p.w("const " + s.Name.Name + " = " + litString(s.Value) + ";")
	case *EnumStmt:
		p.w("enum " + s.Name.Name + " {")
		for i, m := range s.Members {
			if i > 0 {
				p.w(",")
			}
			p.w(" " + m.Name.Name + " = " + litString(m.Value))
		}
		p.w(" }")
	}
}

// funcRest writes a function's parameters and body.
func (p *formatter) funcRest(f *FuncLit) {
	p.w("(")
	for i, param := range f.Params {
		if i > 0 {
			p.w(", ")
		}
		p.w(param.Name.Name)
		if param.Default != nil {
			p.w(" = ")
			p.expr(param.Default)
		}
	}
	if f.Varargs {
		if len(f.Params) > 0 {
			p.w(", ")
		}
		p.w("...")
	}
	p.w(") ")
	if r, ok := f.Body.(*ReturnStmt); ok && f.Lambda && r.Result != nil {
		p.expr(r.Result)
		return
	}
	p.stmt(f.Body)
	if openBody(f) {
		p.newline()
	}
}

func (p *formatter) classRest(c *ClassLit) {
	if c.Extends != nil {
		p.w(" extends ")
		p.expr(c.Extends)
	}
	if c.Attrs != nil {
		p.w(" ")
		p.attrs(c.Attrs)
	}
	p.w(" {")
	for _, m := range c.Members {
		p.w(" ")
		p.slot(m)
		p.w(";")
	}
	p.w(" }")
}

func (p *formatter) attrs(t *TableLit) {
	p.w("</ ")
	p.slots(t.Slots)
	p.w(" />")
}

// slots writes the slots of a table or attribute list.
func (p *formatter) slots(slots []*Slot) {
	for i, s := range slots {
		if i > 0 {
			if !p.lineStart {
				p.w(",")
			}
			p.w(" ")
		}
		p.slot(s)
	}
}

func (p *formatter) slot(s *Slot) {
	if s.Attrs != nil {
		p.attrs(s.Attrs)
		p.w(" ")
	}
	if s.Static {
		p.w("static ")
	}
	name := ""
	if lit, ok := s.Key.(*Literal); ok {
		name = lit.Str
	}
	switch s.Kind {
	case MethodSlot:
		if name == "constructor" {
			p.w("constructor")
		} else {
			p.w("function " + name)
		}
		if f, ok := s.Value.(*FuncLit); ok {
			p.funcRest(f)
		}
		return
	case ComputedSlot:
		p.w("[")
		p.expr(s.Key)
		p.w("] = ")
	case JSONSlot:
		p.w(quote(name) + ": ")
	default:
		p.w(name + " = ")
	}
	p.expr(s.Value)
}

// list writes expressions separated by commas.
func (p *formatter) list(list []Expr) {
	for i, x := range list {
		if i > 0 {
			if p.lineStart {
				// x follows a function whose body would take a ','
				// (see openStmt), and the line feed alone does not
				// stop a '-' from continuing that body: a negative
				// integer there is written as '~' and its complement.
				if lit := leftmostLiteral(x); lit != nil && lit.Kind == IntLit && lit.Int < 0 {
					p.tilde = lit
				}
			} else {
				p.w(",")
			}
			p.w(" ")
		}
		p.expr(x)
	}
}

// leftmostLiteral returns the literal that is the first token of x, or
// nil.
func leftmostLiteral(x Expr) *Literal {
	for {
		switch y := x.(type) {
		case *Literal:
			return y
		case *BinaryExpr:
			x = y.X
		case *CondExpr:
			x = y.Cond
		case *AssignExpr:
			x = y.LHS
		case *CommaExpr:
			x = y.List[0]
		case *DotExpr:
			x = y.X
		case *IndexExpr:
			x = y.X
		case *CallExpr:
			x = y.Fn
		case *PostfixExpr:
			x = y.X
		default:
			return nil
		}
	}
}

func isNumber(x Expr) bool {
	lit, ok := x.(*Literal)
	return ok && (lit.Kind == IntLit || lit.Kind == FloatLit)
}

func (p *formatter) expr(x Expr) {
	switch x := x.(type) {
	case *Literal:
		switch x {
		case p.wrapped:
			p.wrapped = nil
			p.w("-" + strconv.FormatUint(uint64(uint32(-x.Int)), 10))
			return
		case p.tilde:
			p.tilde = nil
			p.w("~" + strconv.FormatInt(int64(^x.Int), 10))
			return
		}
		p.w(litString(x))
	case *Ident:
		p.w(x.Name)
	case *ThisExpr:
		p.w("this")
	case *BaseExpr:
		p.w("base")
	case *RootExpr:
		p.w("::")
	case *ParenExpr:
		p.w("(")
		p.expr(x.X)
		p.w(")")
	case *UnaryExpr:
		switch x.Op {
		case MINUS:
			p.w("- ")
		case TYPEOF, CLONE, RESUME, DELETE:
			p.w(x.Op.String() + " ")
		default:
			p.w(x.Op.String())
		}
		// After '-' or '~' a number would be folded into the literal, so
		// a non-negative integer that starts the operand (from a folded
		// literal that wrapped around, as in "- -2200000000", or
		// "- -0 .x") is written as '-' and the integer that wraps to it.
		if x.Op == MINUS || x.Op == TILDE {
			if lit := leftmostLiteral(x.X); lit != nil && lit.Kind == IntLit && lit.Int >= 0 {
				p.wrapped = lit
			}
		}
		p.expr(x.X)
	case *PostfixExpr:
		p.expr(x.X)
		p.w(x.Op.String())
	case *BinaryExpr:
		p.expr(x.X)
		p.w(" " + x.Op.String() + " ")
		p.expr(x.Y)
	case *CondExpr:
		p.expr(x.Cond)
		p.w(" ? ")
		p.expr(x.True)
		p.w(" : ")
		p.expr(x.False)
	case *CommaExpr:
		for i, y := range x.List {
			if i > 0 {
				p.w(", ")
			}
			p.expr(y)
		}
	case *AssignExpr:
		p.expr(x.LHS)
		p.w(" " + x.Op.String() + " ")
		p.expr(x.RHS)
	case *CallExpr:
		p.expr(x.Fn)
		p.w("(")
		p.list(x.Args)
		p.w(")")
	case *DotExpr:
		if _, ok := x.X.(*RootExpr); ok {
			p.w("::" + x.Name.Name)
			return
		}
		p.expr(x.X)
		if isNumber(x.X) {
			p.w(" ")
		}
		p.w("." + x.Name.Name)
	case *IndexExpr:
		p.expr(x.X)
		p.w("[")
		p.expr(x.Index)
		p.w("]")
	case *FuncLit:
		if x.Lambda {
			p.w("@")
		} else {
			p.w("function")
		}
		p.funcRest(x)
	case *TableLit:
		if len(x.Slots) == 0 {
			p.w("{}")
			return
		}
		p.w("{ ")
		p.slots(x.Slots)
		p.w(" }")
	case *ArrayLit:
		p.w("[")
		p.list(x.Elems)
		p.w("]")
	case *ClassLit:
		p.w("class")
		p.classRest(x)
	}
}
