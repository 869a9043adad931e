package syntax

// Dump prints a syntax tree as S-expressions, one line per top-level
// statement, without positions: a compact, deterministic form for tests
// and for looking at what the parser built. Operators are prefix:
// "a + b * c" is (+ a (* b c)).

import (
	"math"
	"strconv"
	"strings"
)

// Dump returns the S-expression form of a File, a statement or an
// expression. Each statement of a File is on its own line.
func Dump(n Node) string {
	var d dumper
	if f, ok := n.(*File); ok {
		for i, s := range f.Stmts {
			if i > 0 {
				d.WriteByte('\n')
			}
			d.stmt(s)
		}
		return d.String()
	}
	d.node(n)
	return d.String()
}

type dumper struct{ strings.Builder }

func (d *dumper) node(n Node) {
	switch n := n.(type) {
	case Expr:
		d.expr(n)
	case Stmt:
		d.stmt(n)
	case *Slot:
		d.slot(n)
	case *Param:
		d.param(n)
	case *CaseClause:
		d.caseClause(n)
	case *LocalVar:
		d.localVar(n)
	case *EnumMember:
		d.enumMember(n)
	default:
		d.WriteString("?")
	}
}

// list writes "(head items...)".
func (d *dumper) open(head string) {
	d.WriteByte('(')
	d.WriteString(head)
}

func (d *dumper) sp() { d.WriteByte(' ') }

func (d *dumper) optExpr(x Expr) {
	if x == nil {
		d.WriteByte('_')
		return
	}
	d.expr(x)
}

func (d *dumper) exprs(list []Expr) {
	for _, x := range list {
		d.sp()
		d.expr(x)
	}
}

func (d *dumper) expr(x Expr) {
	switch x := x.(type) {
	case *Literal:
		d.WriteString(litString(x))
	case *Ident:
		d.WriteString(x.Name)
	case *ThisExpr:
		d.WriteString("this")
	case *BaseExpr:
		d.WriteString("base")
	case *RootExpr:
		d.WriteString("::")
	case *ParenExpr:
		d.open("paren ")
		d.expr(x.X)
		d.WriteByte(')')
	case *UnaryExpr:
		d.open(x.Op.String() + " ")
		d.expr(x.X)
		d.WriteByte(')')
	case *PostfixExpr:
		d.open("post" + x.Op.String() + " ")
		d.expr(x.X)
		d.WriteByte(')')
	case *BinaryExpr:
		d.open(x.Op.String() + " ")
		d.expr(x.X)
		d.sp()
		d.expr(x.Y)
		d.WriteByte(')')
	case *CondExpr:
		d.open("? ")
		d.expr(x.Cond)
		d.sp()
		d.expr(x.True)
		d.sp()
		d.expr(x.False)
		d.WriteByte(')')
	case *CommaExpr:
		d.open(",")
		d.exprs(x.List)
		d.WriteByte(')')
	case *AssignExpr:
		d.open(x.Op.String() + " ")
		d.expr(x.LHS)
		d.sp()
		d.expr(x.RHS)
		d.WriteByte(')')
	case *CallExpr:
		d.open("call ")
		d.expr(x.Fn)
		d.exprs(x.Args)
		d.WriteByte(')')
	case *DotExpr:
		d.open(". ")
		d.expr(x.X)
		d.sp()
		d.WriteString(x.Name.Name)
		d.WriteByte(')')
	case *IndexExpr:
		d.open("[] ")
		d.expr(x.X)
		d.sp()
		d.expr(x.Index)
		d.WriteByte(')')
	case *FuncLit:
		d.funcLit(x)
	case *TableLit:
		d.open("table")
		d.slots(x.Slots)
		d.WriteByte(')')
	case *ArrayLit:
		d.open("array")
		d.exprs(x.Elems)
		d.WriteByte(')')
	case *ClassLit:
		d.open("class")
		if x.Extends != nil {
			d.WriteString(" (extends ")
			d.expr(x.Extends)
			d.WriteByte(')')
		}
		if x.Attrs != nil {
			d.WriteString(" (attrs")
			d.slots(x.Attrs.Slots)
			d.WriteByte(')')
		}
		d.slots(x.Members)
		d.WriteByte(')')
	case nil:
		d.WriteString("<nil>")
	default:
		d.WriteString("?")
	}
}

func (d *dumper) funcLit(f *FuncLit) {
	if f.Lambda {
		d.open("lambda (")
	} else {
		d.open("function ")
		if f.Name != "" {
			d.WriteString(f.Name)
			d.sp()
		}
		d.WriteByte('(')
	}
	for i, p := range f.Params {
		if i > 0 {
			d.sp()
		}
		d.param(p)
	}
	if f.Varargs {
		if len(f.Params) > 0 {
			d.sp()
		}
		d.WriteString("...")
	}
	d.WriteString(") ")
	if r, ok := f.Body.(*ReturnStmt); ok && f.Lambda && r.Result != nil {
		d.expr(r.Result)
	} else {
		d.stmt(f.Body)
	}
	d.WriteByte(')')
}

func (d *dumper) param(p *Param) {
	if p.Default == nil {
		d.WriteString(p.Name.Name)
		return
	}
	d.open(p.Name.Name + " ")
	d.expr(p.Default)
	d.WriteByte(')')
}

func (d *dumper) slots(slots []*Slot) {
	for _, s := range slots {
		d.sp()
		d.slot(s)
	}
}

// slot writes (key value), where key is the name of a field or method,
// [key] for a computed key, or "key": for a JSON key, preceded by any
// attributes and static.
func (d *dumper) slot(s *Slot) {
	d.WriteByte('(')
	if s.Attrs != nil {
		d.WriteString("(attrs")
		d.slots(s.Attrs.Slots)
		d.WriteString(") ")
	}
	if s.Static {
		d.WriteString("static ")
	}
	switch s.Kind {
	case ComputedSlot:
		d.WriteByte('[')
		d.expr(s.Key)
		d.WriteByte(']')
	case JSONSlot:
		d.expr(s.Key)
		d.WriteByte(':')
	default:
		if lit, ok := s.Key.(*Literal); ok {
			d.WriteString(lit.Str)
		} else {
			d.expr(s.Key)
		}
	}
	d.sp()
	d.expr(s.Value)
	d.WriteByte(')')
}

func (d *dumper) stmts(list []Stmt) {
	for _, s := range list {
		d.sp()
		d.stmt(s)
	}
}

func (d *dumper) optStmt(s Stmt) {
	if s == nil {
		d.WriteByte('_')
		return
	}
	d.stmt(s)
}

func (d *dumper) stmt(s Stmt) {
	switch s := s.(type) {
	case *BlockStmt:
		d.open("block")
		d.stmts(s.List)
		d.WriteByte(')')
	case *EmptyStmt:
		d.WriteByte(';')
	case *ExprStmt:
		d.expr(s.X)
	case *LocalStmt:
		d.open("local")
		for _, v := range s.Vars {
			d.sp()
			d.localVar(v)
		}
		d.WriteByte(')')
	case *LocalFuncStmt:
		d.open("local ")
		d.funcLit(s.Func)
		d.WriteByte(')')
	case *FuncStmt:
		d.open("function-decl ")
		for i, id := range s.Path {
			if i > 0 {
				d.WriteString("::")
			}
			d.WriteString(id.Name)
		}
		d.sp()
		d.funcLit(s.Func)
		d.WriteByte(')')
	case *ClassStmt:
		d.open("class-decl ")
		d.expr(s.Name)
		d.sp()
		d.expr(s.Class)
		d.WriteByte(')')
	case *IfStmt:
		d.open("if ")
		d.expr(s.Cond)
		d.sp()
		d.stmt(s.Then)
		if s.Else != nil {
			d.sp()
			d.stmt(s.Else)
		}
		d.WriteByte(')')
	case *WhileStmt:
		d.open("while ")
		d.expr(s.Cond)
		d.sp()
		d.stmt(s.Body)
		d.WriteByte(')')
	case *DoWhileStmt:
		d.open("do ")
		d.stmt(s.Body)
		d.sp()
		d.expr(s.Cond)
		d.WriteByte(')')
	case *ForStmt:
		d.open("for ")
		d.optStmt(s.Init)
		d.sp()
		d.optExpr(s.Cond)
		d.sp()
		d.optExpr(s.Post)
		d.sp()
		d.stmt(s.Body)
		d.WriteByte(')')
	case *ForeachStmt:
		d.open("foreach ")
		if s.Key != nil {
			d.WriteString(s.Key.Name)
		} else {
			d.WriteByte('_')
		}
		d.sp()
		d.WriteString(s.Value.Name)
		d.sp()
		d.expr(s.X)
		d.sp()
		d.stmt(s.Body)
		d.WriteByte(')')
	case *SwitchStmt:
		d.open("switch ")
		d.expr(s.Tag)
		for _, c := range s.Cases {
			d.sp()
			d.caseClause(c)
		}
		if s.Default != nil {
			d.sp()
			d.caseClause(s.Default)
		}
		d.WriteByte(')')
	case *BranchStmt:
		d.WriteString(s.Tok.String())
	case *ReturnStmt:
		d.open("return")
		if s.Result != nil {
			d.sp()
			d.expr(s.Result)
		}
		d.WriteByte(')')
	case *YieldStmt:
		d.open("yield")
		if s.Result != nil {
			d.sp()
			d.expr(s.Result)
		}
		d.WriteByte(')')
	case *TryStmt:
		d.open("try ")
		d.stmt(s.Body)
		d.sp()
		d.WriteString(s.Var.Name)
		d.sp()
		d.stmt(s.Handler)
		d.WriteByte(')')
	case *ThrowStmt:
		d.open("throw ")
		d.expr(s.X)
		d.WriteByte(')')
	case *ConstStmt:
		d.open("const " + s.Name.Name + " ")
		d.expr(s.Value)
		d.WriteByte(')')
	case *EnumStmt:
		d.open("enum " + s.Name.Name)
		for _, m := range s.Members {
			d.sp()
			d.enumMember(m)
		}
		d.WriteByte(')')
	case nil:
		d.WriteString("<nil>")
	default:
		d.WriteString("?")
	}
}

func (d *dumper) caseClause(c *CaseClause) {
	if c.Value == nil {
		d.open("default")
	} else {
		d.open("case ")
		d.expr(c.Value)
	}
	d.stmts(c.Body)
	d.WriteByte(')')
}

func (d *dumper) localVar(v *LocalVar) {
	if v.Value == nil {
		d.WriteString(v.Name.Name)
		return
	}
	d.open(v.Name.Name + " ")
	d.expr(v.Value)
	d.WriteByte(')')
}

func (d *dumper) enumMember(m *EnumMember) {
	d.open(m.Name.Name + " ")
	d.expr(m.Value)
	d.WriteByte(')')
}

// litString returns a literal in Squirrel syntax: floats always have a
// '.' or an exponent, and strings use escapes that the scanner reads back
// to the same bytes.
func litString(x *Literal) string {
	switch x.Kind {
	case NullLit:
		return "null"
	case BoolLit:
		return strconv.FormatBool(x.Bool)
	case IntLit:
		return strconv.FormatInt(int64(x.Int), 10)
	case FloatLit:
		return floatString(x.Float)
	case StringLit:
		return quote(x.Str)
	}
	return "?"
}

func floatString(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "1e999"
	case math.IsInf(f, -1):
		return "-1e999"
	case math.IsNaN(f):
		return "nan" // no literal has this value
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// quote returns s as a Squirrel string literal. A byte escaped with \x
// takes four hex digits, since the scanner reads up to four.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		default:
			if isControl(c) {
				const hex = "0123456789ABCDEF"
				b.WriteString(`\x00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
				continue
			}
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
