package compile

import (
	"fmt"

	"drey/squirrel/syntax"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func (fs *funcState) stmt(s syntax.Stmt) {
	fs.setLine(s.Pos())
	switch s := s.(type) {
	case *syntax.EmptyStmt:
	case *syntax.ExprStmt:
		fs.effect(s.X)
	case *syntax.BlockStmt:
		fs.openBlock()
		for _, t := range s.List {
			fs.stmt(t)
		}
		fs.closeBlock()
	case *syntax.LocalStmt:
		for _, v := range s.Vars {
			r := fs.newTemp()
			if v.Value != nil {
				fs.exprTo(v.Value, r)
			} else {
				fs.emit(LOADNULLS, r, 1, 0, 0)
			}
			fs.addLocal(v.Name.Name, r)
		}
	case *syntax.LocalFuncStmt:
		// As in 3.0.4, the name is a local only after the function:
		// inside its own body it is not visible.
		r := fs.newTemp()
		fs.closure(s.Func, r)
		fs.addLocal(s.Name.Name, r)
	case *syntax.FuncStmt:
		fs.funcStmt(s)
	case *syntax.ClassStmt:
		fs.classStmt(s)
	case *syntax.IfStmt:
		jf := fs.condJump(s.Cond, false)
		fs.scoped(s.Then)
		if s.Else != nil {
			j := fs.jump(JMP, 0)
			fs.patchList(jf)
			fs.scoped(s.Else)
			fs.patch(j)
		} else {
			fs.patchList(jf)
		}
	case *syntax.WhileStmt:
		start := fs.pc()
		jf := fs.condJump(s.Cond, false)
		l := fs.pushLoop(false)
		fs.scoped(s.Body)
		fs.jumpBack(start)
		fs.popLoop(l, start)
		fs.patchList(jf)
	case *syntax.DoWhileStmt:
		start := fs.pc()
		l := fs.pushLoop(false)
		fs.scoped(s.Body)
		cont := fs.pc()
		fs.setLine(s.Cond.Pos())
		jt := fs.condJump(s.Cond, true)
		fs.patchListTo(jt, start)
		fs.popLoop(l, cont)
	case *syntax.ForStmt:
		fs.openBlock()
		if s.Init != nil {
			fs.stmt(s.Init)
		}
		start := fs.pc()
		var jf []int
		if s.Cond != nil {
			fs.setLine(s.Cond.Pos())
			jf = fs.condJump(s.Cond, false)
		}
		l := fs.pushLoop(false)
		fs.scoped(s.Body)
		cont := fs.pc()
		if s.Post != nil {
			fs.setLine(s.Post.Pos())
			fs.effect(s.Post)
		}
		fs.jumpBack(start)
		fs.popLoop(l, cont)
		fs.patchList(jf)
		fs.closeBlock()
	case *syntax.ForeachStmt:
		fs.foreach(s)
	case *syntax.SwitchStmt:
		fs.switchStmt(s)
	case *syntax.BranchStmt:
		fs.branch(s)
	case *syntax.ReturnStmt:
		if s.Result != nil {
			r := fs.expr(s.Result)
			fs.emit(RET, r, 1, 0, 0)
		} else {
			fs.emit(RET, 0, 0, 0, 0)
		}
	case *syntax.YieldStmt:
		fs.fc.Generator = true
		if s.Result != nil {
			r := fs.expr(s.Result)
			fs.emit(YIELD, r, 1, 0, 0)
		} else {
			fs.emit(YIELD, 0, 0, 0, 0)
		}
	case *syntax.TryStmt:
		fs.tryStmt(s)
	case *syntax.ThrowStmt:
		r := fs.expr(s.X)
		fs.emit(THROW, r, 0, 0, 0)
	case *syntax.ConstStmt:
		fs.c.consts[s.Name.Name] = constDef{val: fs.literal(s.Value)}
	case *syntax.EnumStmt:
		d := constDef{enum: map[string]Const{}}
		for _, m := range s.Members {
			if _, dup := d.enum[m.Name.Name]; !dup {
				d.keys = append(d.keys, m.Name.Name)
			}
			d.enum[m.Name.Name] = fs.literal(m.Value)
		}
		fs.c.consts[s.Name.Name] = d
	default:
		fs.c.errorf(s.Pos(), "unsupported statement %T", s)
	}
	fs.top = fs.nactive
}

// scoped compiles a statement that is the body of an if or a loop: a
// local declared there is scoped to it.
func (fs *funcState) scoped(s syntax.Stmt) {
	if _, ok := s.(*syntax.BlockStmt); ok {
		fs.stmt(s)
		return
	}
	fs.openBlock()
	fs.stmt(s)
	fs.closeBlock()
}

func (fs *funcState) patchList(js []int) {
	for _, j := range js {
		fs.patch(j)
	}
}

func (fs *funcState) patchListTo(js []int, target int) {
	for _, j := range js {
		fs.patchTo(j, target)
	}
}

func (fs *funcState) pushLoop(isSwitch bool) *loopState {
	l := &loopState{nactive: fs.nactive, trapDepth: fs.trapDepth, isSwitch: isSwitch}
	fs.loops = append(fs.loops, l)
	return l
}

// popLoop ends a loop: continues go to cont, breaks to the current pc.
func (fs *funcState) popLoop(l *loopState, cont int) {
	fs.loops = fs.loops[:len(fs.loops)-1]
	fs.patchListTo(l.continues, cont)
	fs.patchList(l.breaks)
}

func (fs *funcState) branch(s *syntax.BranchStmt) {
	var l *loopState
	for i := len(fs.loops) - 1; i >= 0; i-- {
		if s.Tok == syntax.CONTINUE && fs.loops[i].isSwitch {
			continue
		}
		l = fs.loops[i]
		break
	}
	if l == nil {
		if s.Tok == syntax.BREAK {
			fs.c.errorf(s.TokPos, "'break' has to be in a loop block")
		}
		fs.c.errorf(s.TokPos, "'continue' has to be in a loop block")
	}
	if n := fs.trapDepth - l.trapDepth; n > 0 {
		fs.emit(POPTRAP, 0, n, 0, 0)
	}
	if fs.nactive > l.nactive {
		fs.emit(CLOSE, l.nactive, 0, 0, 0)
	}
	j := fs.jump(JMP, 0)
	if s.Tok == syntax.BREAK {
		l.breaks = append(l.breaks, j)
	} else {
		l.continues = append(l.continues, j)
	}
}

func (fs *funcState) foreach(s *syntax.ForeachStmt) {
	fs.openBlock()
	cont := fs.newTemp()
	fs.exprTo(s.X, cont)
	fs.addLocal("@container", cont)
	state := fs.newTemp()
	fs.addLocal("@iterator", state)
	key := fs.newTemp()
	if s.Key != nil {
		fs.addLocal(s.Key.Name, key)
	} else {
		fs.addLocal("@key", key)
	}
	val := fs.newTemp()
	fs.addLocal(s.Value.Name, val)
	fs.emit(PREPITER, cont, 0, 0, 0)
	start := fs.emit(FOREACH, cont, key, val, 0)
	l := fs.pushLoop(false)
	fs.scoped(s.Body)
	fs.jumpBack(start)
	fs.popLoop(l, start)
	fs.patch(start)
	fs.closeBlock()
}

func (fs *funcState) switchStmt(s *syntax.SwitchStmt) {
	fs.openBlock()
	tag := fs.newTemp()
	fs.exprTo(s.Tag, tag)
	fs.addLocal("@switch", tag)
	l := fs.pushLoop(true)
	var next = -1     // the jump to the next case's test
	var fallthru = -1 // the jump from the end of a body into the next body
	for _, cc := range s.Cases {
		if next >= 0 {
			fs.patch(next)
		}
		fs.setLine(cc.Case)
		t := fs.newTemp()
		c, d := fs.exprRK(cc.Value)
		fs.emit(EQ, t, tag, c, d)
		next = fs.jump(JF, t)
		fs.top = fs.nactive
		if fallthru >= 0 {
			fs.patch(fallthru)
		}
		fs.openBlock()
		for _, st := range cc.Body {
			fs.stmt(st)
		}
		fs.closeBlock()
		fallthru = fs.jump(JMP, 0)
	}
	if next >= 0 {
		fs.patch(next)
	}
	if fallthru >= 0 {
		fs.patch(fallthru)
	}
	if s.Default != nil {
		fs.openBlock()
		for _, st := range s.Default.Body {
			fs.stmt(st)
		}
		fs.closeBlock()
	}
	fs.popLoop(l, 0)
	fs.closeBlock()
}

func (fs *funcState) tryStmt(s *syntax.TryStmt) {
	exc := fs.nactive
	fs.newTemp()
	fs.top = fs.nactive
	trap := fs.emit(PUSHTRAP, exc, 0, 0, 0)
	fs.trapDepth++
	fs.scoped(s.Body)
	fs.trapDepth--
	fs.emit(POPTRAP, 0, 1, 0, 0)
	j := fs.jump(JMP, 0)
	fs.patch(trap)
	fs.openBlock()
	fs.newTemp()
	fs.addLocal(s.Var.Name, exc)
	fs.scoped(s.Handler)
	fs.closeBlock()
	fs.patch(j)
}

// funcStmt compiles function a::b::c(...), which makes the slot c of a.b.
func (fs *funcState) funcStmt(s *syntax.FuncStmt) {
	obj := 0
	last := s.Path[len(s.Path)-1]
	if len(s.Path) > 1 {
		obj = fs.newTemp()
		fs.emit(GETENV, obj, 0, 0, fs.strConst(s.Path[0].Name))
		for _, id := range s.Path[1 : len(s.Path)-1] {
			fs.emit(GET, obj, obj, KC, fs.strConst(id.Name))
		}
	}
	v := fs.newTemp()
	fs.closure(s.Func, v)
	fs.emit(NEWSLOT, obj, v, KC, fs.strConst(last.Name))
}

func (fs *funcState) classStmt(s *syntax.ClassStmt) {
	switch n := s.Name.(type) {
	case *syntax.Ident:
		if k, _ := fs.resolve(n.Name); k == nameLocal || k == nameOuter {
			fs.c.errorf(n.NamePos, "cannot create a class in a local with the syntax(class <local>)")
		}
		v := fs.newTemp()
		fs.class(s.Class, v)
		fs.emit(NEWSLOT, 0, v, KC, fs.strConst(n.Name))
	case *syntax.DotExpr:
		obj := fs.expr(n.X)
		v := fs.newTemp()
		fs.class(s.Class, v)
		fs.emit(NEWSLOT, obj, v, KC, fs.strConst(n.Name.Name))
	case *syntax.IndexExpr:
		obj := fs.expr(n.X)
		c, d := fs.exprRK(n.Index)
		v := fs.newTemp()
		fs.class(s.Class, v)
		fs.emit(NEWSLOT, obj, v, c, d)
	default:
		fs.c.errorf(s.Name.Pos(), "invalid class name")
	}
}

// closure compiles a function literal into register dst.
func (fs *funcState) closure(f *syntax.FuncLit, dst int) {
	child := fs.c.newFunc(fs, f.Name, f.Start)
	child.declareParam("this")
	for _, p := range f.Params {
		child.declareParam(p.Name.Name)
	}
	child.fc.NumParams = 1 + len(f.Params)
	if f.Varargs {
		child.fc.Varargs = true
		child.declareParam("vargv")
	}
	// Default values are evaluated here, in the enclosing function.
	save := fs.top
	first := fs.top
	for _, p := range f.Params {
		if p.Default != nil {
			child.fc.NumDefaults++
			fs.exprTo(p.Default, fs.newTemp())
		} else if child.fc.NumDefaults > 0 {
			fs.c.errorf(p.Name.NamePos, "expected '='")
		}
	}
	child.stmt(f.Body)
	child.setLine(f.End)
	child.finish()
	fs.fc.Funcs = append(fs.fc.Funcs, child.fc)
	fs.emit(CLOSURE, dst, first, 0, int32(len(fs.fc.Funcs)-1))
	fs.top = save
}
