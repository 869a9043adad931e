package compile

import (
	"drey/squirrel/syntax"
)

// How a name resolves, in the reference compiler's order: a local of the
// function, a local of an enclosing function (an outer), a constant, and
// otherwise a slot of this (or of the root table).
type nameKind uint8

const (
	nameLocal nameKind = iota
	nameOuter
	nameConst
	nameEnum
	nameEnv
)

func (fs *funcState) resolve(name string) (nameKind, int) {
	if li := fs.findLocal(name); li >= 0 {
		return nameLocal, fs.locals[li].reg
	}
	if oi := fs.findOuter(name); oi >= 0 {
		return nameOuter, oi
	}
	if d, ok := fs.c.consts[name]; ok {
		if d.enum != nil {
			return nameEnum, 0
		}
		return nameConst, 0
	}
	return nameEnv, 0
}

func (fs *funcState) literal(l *syntax.Literal) Const {
	switch l.Kind {
	case syntax.BoolLit:
		if l.Bool {
			return Const{Kind: BoolConst, Int: 1}
		}
		return Const{Kind: BoolConst}
	case syntax.IntLit:
		return Const{Kind: IntConst, Int: l.Int}
	case syntax.FloatLit:
		f := l.Float
		if fs.c.opts.Float32 {
			f = float64(float32(f))
		}
		return Const{Kind: FloatConst, Float: f}
	case syntax.StringLit:
		return Const{Kind: StringConst, Str: l.Str}
	}
	return Const{Kind: NullConst}
}

// constValue returns the compile-time value of e, if it has one: a
// literal, a constant or an enum member.
func (fs *funcState) constValue(e syntax.Expr) (Const, bool) {
	switch e := e.(type) {
	case *syntax.Literal:
		return fs.literal(e), true
	case *syntax.Ident:
		if k, _ := fs.resolve(e.Name); k == nameConst {
			return fs.c.consts[e.Name].val, true
		}
	case *syntax.DotExpr:
		if id, ok := e.X.(*syntax.Ident); ok {
			if k, _ := fs.resolve(id.Name); k == nameEnum {
				v, ok := fs.c.consts[id.Name].enum[e.Name.Name]
				if !ok {
					fs.c.errorf(e.Name.NamePos, "invalid constant [%s.%s]", id.Name, e.Name.Name)
				}
				return v, true
			}
		}
	}
	return Const{}, false
}

func (fs *funcState) loadConst(k Const, dst int) {
	switch k.Kind {
	case NullConst:
		fs.emit(LOADNULLS, dst, 1, 0, 0)
	case BoolConst:
		fs.emit(LOADBOOL, dst, int(k.Int), 0, 0)
	case IntConst:
		fs.emit(LOADINT, dst, 0, 0, k.Int)
	default:
		fs.emit(LOADK, dst, 0, 0, fs.constant(k))
	}
}

// expr compiles e and returns the register that holds its value: the
// register of a local, or a new temporary. The caller must not write it.
func (fs *funcState) expr(e syntax.Expr) int {
	if p, ok := e.(*syntax.ParenExpr); ok {
		return fs.expr(p.X)
	}
	if id, ok := e.(*syntax.Ident); ok {
		if k, r := fs.resolve(id.Name); k == nameLocal {
			return r
		}
	}
	if _, ok := e.(*syntax.ThisExpr); ok {
		return 0
	}
	r := fs.newTemp()
	fs.exprTo(e, r)
	return r
}

// exprRK compiles e as the C operand of an instruction: a constant
// (KC, index) or a register.
func (fs *funcState) exprRK(e syntax.Expr) (int, int32) {
	if k, ok := fs.constValue(e); ok && k.Kind != NullConst && k.Kind != BoolConst {
		return KC, fs.constant(k)
	}
	return fs.expr(e), 0
}

// isLocalReg reports whether r belongs to a local rather than a temporary.
func (fs *funcState) isLocalReg(r int) bool { return r < fs.nactive }

// exprTo compiles e into register dst.
func (fs *funcState) exprTo(e syntax.Expr, dst int) {
	save := fs.top
	defer func() { fs.top = save }()
	if k, ok := fs.constValue(e); ok {
		fs.loadConst(k, dst)
		return
	}
	switch e := e.(type) {
	case *syntax.ParenExpr:
		fs.exprTo(e.X, dst)
	case *syntax.Ident:
		fs.setLine(e.NamePos)
		k, i := fs.resolve(e.Name)
		switch k {
		case nameLocal:
			if i != dst {
				fs.emit(MOVE, dst, i, 0, 0)
			}
		case nameOuter:
			fs.emit(GETOUTER, dst, 0, 0, int32(i))
		case nameEnum:
			fs.c.errorf(e.NamePos, "expected '.'")
		default:
			fs.emit(GETENV, dst, 0, 0, fs.strConst(e.Name))
		}
	case *syntax.ThisExpr:
		if dst != 0 {
			fs.emit(MOVE, dst, 0, 0, 0)
		}
	case *syntax.BaseExpr:
		fs.emit(LOADBASE, dst, 0, 0, 0)
	case *syntax.RootExpr:
		fs.emit(LOADROOT, dst, 0, 0, 0)
	case *syntax.DotExpr:
		obj := fs.expr(e.X)
		fs.setLine(e.Name.NamePos)
		fs.emit(GET, dst, obj, KC, fs.strConst(e.Name.Name))
	case *syntax.IndexExpr:
		obj := fs.expr(e.X)
		c, d := fs.exprRK(e.Index)
		fs.setLine(e.Lbrack)
		fs.emit(GET, dst, obj, c, d)
	case *syntax.UnaryExpr:
		fs.unary(e, dst)
	case *syntax.PostfixExpr:
		fs.incdec(e.X, e.Op, true, dst, e.OpPos)
	case *syntax.BinaryExpr:
		fs.binary(e, dst)
	case *syntax.CondExpr:
		t := fs.safeDst(dst)
		jf := fs.condJump(e.Cond, false)
		fs.exprTo(e.True, t)
		j := fs.jump(JMP, 0)
		fs.patchList(jf)
		fs.exprTo(e.False, t)
		fs.patch(j)
		fs.moveBack(t, dst)
	case *syntax.CommaExpr:
		for _, x := range e.List[:len(e.List)-1] {
			fs.effect(x)
		}
		fs.exprTo(e.List[len(e.List)-1], dst)
	case *syntax.AssignExpr:
		fs.assign(e, dst)
	case *syntax.CallExpr:
		fs.call(e, dst)
	case *syntax.FuncLit:
		fs.closure(e, dst)
	case *syntax.TableLit:
		t := fs.safeDst(dst)
		fs.table(e, t)
		fs.moveBack(t, dst)
	case *syntax.ArrayLit:
		t := fs.safeDst(dst)
		fs.emit(NEWARRAY, t, 0, 0, int32(len(e.Elems)))
		for _, x := range e.Elems {
			v := fs.expr(x)
			fs.emit(APPEND, t, v, 0, 0)
			fs.top = t + 1
			if t < save {
				fs.top = save
			}
		}
		fs.moveBack(t, dst)
	case *syntax.ClassLit:
		t := fs.safeDst(dst)
		fs.class(e, t)
		fs.moveBack(t, dst)
	default:
		fs.c.errorf(e.Pos(), "unsupported expression %T", e)
	}
}

// safeDst returns dst, or a new temporary when dst is a local's register:
// an expression built in several steps must not change the local before
// it has read it.
func (fs *funcState) safeDst(dst int) int {
	if fs.isLocalReg(dst) {
		return fs.newTemp()
	}
	return dst
}

func (fs *funcState) moveBack(t, dst int) {
	if t != dst {
		fs.emit(MOVE, dst, t, 0, 0)
	}
}

// effect compiles e for its side effects only.
func (fs *funcState) effect(e syntax.Expr) {
	save := fs.top
	defer func() { fs.top = save }()
	switch x := e.(type) {
	case *syntax.PostfixExpr:
		fs.incdec(x.X, x.Op, false, -1, x.OpPos)
		return
	case *syntax.UnaryExpr:
		if x.Op == syntax.INC || x.Op == syntax.DEC {
			fs.incdec(x.X, x.Op, false, -1, x.OpPos)
			return
		}
	case *syntax.AssignExpr:
		fs.assign(x, -1)
		return
	case *syntax.CommaExpr:
		for _, y := range x.List {
			fs.effect(y)
		}
		return
	case *syntax.ParenExpr:
		fs.effect(x.X)
		return
	}
	fs.exprTo(e, fs.newTemp())
}

var binOps = map[syntax.Token]Op{
	syntax.PLUS: ADD, syntax.MINUS: SUB, syntax.STAR: MUL, syntax.SLASH: DIV, syntax.PERCENT: MOD,
	syntax.AMP: BAND, syntax.PIPE: BOR, syntax.CIRCUMFLEX: BXOR,
	syntax.SHL: SHL, syntax.SHR: SHR, syntax.USHR: USHR,
	syntax.EQL: EQ, syntax.NEQ: NE, syntax.LT: LT, syntax.LE: LE, syntax.GT: GT, syntax.GE: GE,
	syntax.CMP3: CMP3, syntax.IN: EXISTS, syntax.INSTANCEOF: INSTANCEOF,
}

// testOps are the compare-and-branch forms of the comparisons.
var testOps = map[syntax.Token]Op{
	syntax.LT: TLT, syntax.LE: TLE, syntax.GT: TGT, syntax.GE: TGE, syntax.EQL: TEQ, syntax.NEQ: TNE,
}

var assignOps = map[syntax.Token]Op{
	syntax.PLUS_EQ: ADD, syntax.MINUS_EQ: SUB, syntax.STAR_EQ: MUL, syntax.SLASH_EQ: DIV, syntax.PERCENT_EQ: MOD,
}

func (fs *funcState) binary(e *syntax.BinaryExpr, dst int) {
	switch e.Op {
	case syntax.ANDAND, syntax.OROR:
		t := fs.safeDst(dst)
		fs.exprTo(e.X, t)
		op := JF
		if e.Op == syntax.OROR {
			op = JT
		}
		j := fs.jump(op, t)
		fs.exprTo(e.Y, t)
		fs.patch(j)
		fs.moveBack(t, dst)
		return
	}
	op, ok := binOps[e.Op]
	if !ok {
		fs.c.errorf(e.OpPos, "unsupported operator %v", e.Op)
	}
	b := fs.expr(e.X)
	c, d := fs.exprRK(e.Y)
	fs.setLine(e.OpPos)
	fs.emit(op, dst, b, c, d)
}

func (fs *funcState) unary(e *syntax.UnaryExpr, dst int) {
	var op Op
	switch e.Op {
	case syntax.INC, syntax.DEC:
		fs.incdec(e.X, e.Op, false, dst, e.OpPos)
		return
	case syntax.DELETE:
		fs.deleteExpr(e, dst)
		return
	case syntax.MINUS:
		op = NEG
	case syntax.BANG:
		op = NOT
	case syntax.TILDE:
		op = BNOT
	case syntax.TYPEOF:
		op = TYPEOF
	case syntax.CLONE:
		op = CLONE
	case syntax.RESUME:
		op = RESUME
	default:
		fs.c.errorf(e.OpPos, "unsupported operator %v", e.Op)
	}
	r := fs.expr(e.X)
	fs.setLine(e.OpPos)
	fs.emit(op, dst, r, 0, 0)
}

func (fs *funcState) deleteExpr(e *syntax.UnaryExpr, dst int) {
	var obj, c int
	var d int32
	switch x := e.X.(type) {
	case *syntax.DotExpr:
		if _, ok := x.X.(*syntax.BaseExpr); ok {
			fs.c.errorf(e.OpPos, "can't delete 'base'")
		}
		obj = fs.expr(x.X)
		c, d = KC, fs.strConst(x.Name.Name)
	case *syntax.IndexExpr:
		obj = fs.expr(x.X)
		c, d = fs.exprRK(x.Index)
	case *syntax.Ident:
		if k, _ := fs.resolve(x.Name); k != nameEnv {
			fs.c.errorf(e.OpPos, "cannot delete an (outer) local")
		}
		obj, c, d = 0, KC, fs.strConst(x.Name)
	default:
		fs.c.errorf(e.OpPos, "can't delete an expression")
	}
	fs.setLine(e.OpPos)
	fs.emit(DELETE, dst, obj, c, d)
}

// An lvalue is a place an assignment can store to.
type lvalue struct {
	kind nameKind // nameLocal, nameOuter, nameEnv, or nameSlot
	reg  int      // local register, or the object of a slot
	idx  int      // outer index
	c    int      // slot key operand
	d    int32
	name string
}

const nameSlot nameKind = 100

func (fs *funcState) lvalueOf(e syntax.Expr, pos syntax.Pos) lvalue {
	switch x := e.(type) {
	case *syntax.Ident:
		k, i := fs.resolve(x.Name)
		switch k {
		case nameLocal:
			return lvalue{kind: nameLocal, reg: i, name: x.Name}
		case nameOuter:
			return lvalue{kind: nameOuter, idx: i, name: x.Name}
		case nameConst, nameEnum:
			fs.c.errorf(pos, "can't assign expression")
		}
		return lvalue{kind: nameEnv, c: KC, d: fs.strConst(x.Name), name: x.Name}
	case *syntax.DotExpr:
		if _, ok := x.X.(*syntax.BaseExpr); ok {
			fs.c.errorf(pos, "can't modify 'base'")
		}
		obj := fs.expr(x.X)
		return lvalue{kind: nameSlot, reg: obj, c: KC, d: fs.strConst(x.Name.Name)}
	case *syntax.IndexExpr:
		if _, ok := x.X.(*syntax.BaseExpr); ok {
			fs.c.errorf(pos, "can't modify 'base'")
		}
		obj := fs.expr(x.X)
		c, d := fs.exprRK(x.Index)
		return lvalue{kind: nameSlot, reg: obj, c: c, d: d}
	case *syntax.ThisExpr:
		fs.c.errorf(pos, "can't assign to 'this'")
	case *syntax.ParenExpr:
		fs.c.errorf(pos, "can't assign expression")
	}
	fs.c.errorf(pos, "can't assign expression")
	return lvalue{}
}

func (fs *funcState) load(lv lvalue, dst int) {
	switch lv.kind {
	case nameLocal:
		fs.moveBack(lv.reg, dst)
	case nameOuter:
		fs.emit(GETOUTER, dst, 0, 0, int32(lv.idx))
	case nameEnv:
		fs.emit(GETENV, dst, 0, 0, lv.d)
	default:
		fs.emit(GET, dst, lv.reg, lv.c, lv.d)
	}
}

func (fs *funcState) store(lv lvalue, v int) {
	switch lv.kind {
	case nameLocal:
		fs.moveBack(v, lv.reg)
	case nameOuter:
		fs.emit(SETOUTER, v, 0, 0, int32(lv.idx))
	case nameEnv:
		fs.emit(SETENV, v, 0, 0, lv.d)
	default:
		fs.emit(SET, lv.reg, v, lv.c, lv.d)
	}
}

// assign compiles an assignment; dst < 0 means its value is not needed.
func (fs *funcState) assign(e *syntax.AssignExpr, dst int) {
	if e.Op == syntax.NEWSLOT {
		var obj, c int
		var d int32
		switch x := e.LHS.(type) {
		case *syntax.Ident:
			if k, _ := fs.resolve(x.Name); k == nameLocal || k == nameOuter {
				fs.c.errorf(e.OpPos, "can't 'create' a local slot")
			}
			obj, c, d = 0, KC, fs.strConst(x.Name)
		case *syntax.DotExpr:
			obj, c, d = fs.expr(x.X), KC, fs.strConst(x.Name.Name)
		case *syntax.IndexExpr:
			obj = fs.expr(x.X)
			c, d = fs.exprRK(x.Index)
		default:
			fs.c.errorf(e.OpPos, "can't 'create' a local slot")
		}
		v := fs.expr(e.RHS)
		fs.setLine(e.OpPos)
		fs.emit(NEWSLOT, obj, v, c, d)
		if dst >= 0 {
			fs.moveBack(v, dst)
		}
		return
	}
	lv := fs.lvalueOf(e.LHS, e.OpPos)
	if e.Op == syntax.EQ {
		if lv.kind == nameLocal {
			fs.exprTo(e.RHS, lv.reg)
			if dst >= 0 {
				fs.moveBack(lv.reg, dst)
			}
			return
		}
		v := fs.expr(e.RHS)
		fs.setLine(e.OpPos)
		fs.store(lv, v)
		if dst >= 0 {
			fs.moveBack(v, dst)
		}
		return
	}
	op := assignOps[e.Op]
	if lv.kind == nameLocal {
		c, d := fs.exprRK(e.RHS)
		fs.setLine(e.OpPos)
		fs.emit(op, lv.reg, lv.reg, c, d)
		if dst >= 0 {
			fs.moveBack(lv.reg, dst)
		}
		return
	}
	cur := fs.newTemp()
	fs.load(lv, cur)
	c, d := fs.exprRK(e.RHS)
	fs.setLine(e.OpPos)
	fs.emit(op, cur, cur, c, d)
	fs.store(lv, cur)
	if dst >= 0 {
		fs.moveBack(cur, dst)
	}
}

// incdec compiles ++x, --x, x++ and x--; dst < 0 means the value is not
// needed.
func (fs *funcState) incdec(x syntax.Expr, tok syntax.Token, post bool, dst int, pos syntax.Pos) {
	op := ADD
	if tok == syntax.DEC {
		op = SUB
	}
	one := fs.constant(Const{Kind: IntConst, Int: 1})
	lv := fs.lvalueOf(x, pos)
	fs.setLine(pos)
	if lv.kind == nameLocal {
		if post && dst >= 0 {
			fs.emit(MOVE, dst, lv.reg, 0, 0)
		}
		fs.emit(op, lv.reg, lv.reg, KC, one)
		if !post && dst >= 0 {
			fs.moveBack(lv.reg, dst)
		}
		return
	}
	cur := fs.newTemp()
	fs.load(lv, cur)
	if post && dst >= 0 {
		fs.emit(MOVE, dst, cur, 0, 0)
	}
	fs.emit(op, cur, cur, KC, one)
	fs.store(lv, cur)
	if !post && dst >= 0 {
		fs.moveBack(cur, dst)
	}
}

// call compiles a call. The callee goes in a new register f, the receiver
// (this) in f+1 and the arguments after it.
func (fs *funcState) call(e *syntax.CallExpr, dst int) {
	f := fs.newTemp()
	this := fs.newTemp()
	switch x := e.Fn.(type) {
	case *syntax.DotExpr:
		if _, ok := x.X.(*syntax.BaseExpr); ok {
			fs.emit(LOADBASE, this, 0, 0, 0)
			fs.emit(GET, f, this, KC, fs.strConst(x.Name.Name))
			fs.emit(MOVE, this, 0, 0, 0)
		} else if k, ok := fs.constValue(x); ok {
			fs.loadConst(k, f)
			fs.emit(MOVE, this, 0, 0, 0)
		} else {
			fs.exprTo(x.X, this)
			fs.setLine(x.Name.NamePos)
			fs.emit(GET, f, this, KC, fs.strConst(x.Name.Name))
		}
	case *syntax.IndexExpr:
		if _, ok := x.X.(*syntax.BaseExpr); ok {
			fs.emit(LOADBASE, this, 0, 0, 0)
			c, d := fs.exprRK(x.Index)
			fs.emit(GET, f, this, c, d)
			fs.emit(MOVE, this, 0, 0, 0)
		} else {
			fs.exprTo(x.X, this)
			c, d := fs.exprRK(x.Index)
			fs.emit(GET, f, this, c, d)
		}
	default:
		fs.exprTo(e.Fn, f)
		fs.emit(MOVE, this, 0, 0, 0)
	}
	for _, a := range e.Args {
		r := fs.newTemp()
		fs.exprTo(a, r)
		fs.top = r + 1
	}
	if 1+len(e.Args) > 255 {
		fs.c.errorf(e.Lparen, "too many arguments")
	}
	fs.setLine(e.Lparen)
	fs.emit(CALL, f, 1+len(e.Args), dst, 0)
}

// condJump compiles a condition and returns the jumps taken when it is
// jumpIf (true or false); the code falls through otherwise.
func (fs *funcState) condJump(e syntax.Expr, jumpIf bool) []int {
	save := fs.top
	defer func() { fs.top = save }()
	switch x := e.(type) {
	case *syntax.ParenExpr:
		return fs.condJump(x.X, jumpIf)
	case *syntax.UnaryExpr:
		if x.Op == syntax.BANG {
			return fs.condJump(x.X, !jumpIf)
		}
	case *syntax.BinaryExpr:
		if (x.Op == syntax.ANDAND && !jumpIf) || (x.Op == syntax.OROR && jumpIf) {
			// a && b jumps when false if either is false.
			js := fs.condJump(x.X, jumpIf)
			return append(js, fs.condJump(x.Y, jumpIf)...)
		}
		if x.Op == syntax.ANDAND || x.Op == syntax.OROR {
			// a && b jumps when true only if both are: skip b when a is false.
			skip := fs.condJump(x.X, !jumpIf)
			js := fs.condJump(x.Y, jumpIf)
			fs.patchList(skip)
			return js
		}
		if op, ok := testOps[x.Op]; ok {
			b := fs.expr(x.X)
			c, d := fs.exprRK(x.Y)
			fs.setLine(x.OpPos)
			flag := 0
			if jumpIf {
				flag = 1
			}
			fs.emit(op, flag, b, c, d)
			return []int{fs.jump(JMP, 0)}
		}
	}
	r := fs.expr(e)
	op := JF
	if jumpIf {
		op = JT
	}
	return []int{fs.jump(op, r)}
}

func (fs *funcState) table(e *syntax.TableLit, dst int) {
	fs.emit(NEWTABLE, dst, 0, 0, int32(len(e.Slots)))
	for _, s := range e.Slots {
		fs.setLine(s.KeyPos)
		save := fs.top
		c, d := fs.exprRK(s.Key)
		var v int
		if f, ok := s.Value.(*syntax.FuncLit); ok {
			v = fs.newTemp()
			fs.closure(f, v)
		} else {
			v = fs.expr(s.Value)
		}
		fs.emit(NEWSLOT, dst, v, c, d)
		fs.top = save
	}
}

func (fs *funcState) class(e *syntax.ClassLit, dst int) {
	fs.setLine(e.Class)
	base, attrs := KC, KC
	if e.Extends != nil {
		base = fs.expr(e.Extends)
	}
	if e.Attrs != nil {
		attrs = fs.newTemp()
		fs.table(e.Attrs, attrs)
	}
	fs.emit(NEWCLASS, dst, base, attrs, 0)
	for _, m := range e.Members {
		fs.setLine(m.KeyPos)
		save := fs.top
		k := fs.newTemp()
		fs.exprTo(m.Key, k)
		v := fs.newTemp()
		if f, ok := m.Value.(*syntax.FuncLit); ok {
			fs.closure(f, v)
		} else {
			fs.exprTo(m.Value, v)
		}
		flags := int32(KC)
		if m.Attrs != nil {
			a := fs.newTemp()
			fs.table(m.Attrs, a)
			flags = int32(a)
		}
		if m.Static {
			flags |= 0x100
		}
		fs.emit(NEWMEMBER, dst, v, k, flags)
		fs.top = save
	}
}
