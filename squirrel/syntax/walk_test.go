package syntax

import (
	"bytes"
	"fmt"
	"testing"
)

// children returns the nodes directly below n, in the order of their
// positions in the source. (A method slot's key, the function's name,
// comes after the function's first token, so it is listed after the
// function; so is the name of a local function.)
func children(n Node) []Node {
	var list []Node
	// add appends the non-nil nodes; optional parts held in pointer
	// fields are checked by the caller, since a nil pointer in an
	// interface is not nil.
	add := func(ns ...Node) {
		for _, c := range ns {
			if c != nil {
				list = append(list, c)
			}
		}
	}
	switch n := n.(type) {
	case *File:
		for _, s := range n.Stmts {
			add(s)
		}
	case *Literal, *Ident, *ThisExpr, *BaseExpr, *RootExpr:
	case *ParenExpr:
		add(n.X)
	case *UnaryExpr:
		add(n.X)
	case *PostfixExpr:
		add(n.X)
	case *BinaryExpr:
		add(n.X, n.Y)
	case *CondExpr:
		add(n.Cond, n.True, n.False)
	case *CommaExpr:
		for _, x := range n.List {
			add(x)
		}
	case *AssignExpr:
		add(n.LHS, n.RHS)
	case *CallExpr:
		add(n.Fn)
		for _, x := range n.Args {
			add(x)
		}
	case *DotExpr:
		add(n.X, n.Name)
	case *IndexExpr:
		add(n.X, n.Index)
	case *Param:
		add(n.Name, n.Default)
	case *FuncLit:
		for _, p := range n.Params {
			add(p)
		}
		add(n.Body)
	case *Slot:
		if n.Attrs != nil {
			add(n.Attrs)
		}
		if n.Kind == MethodSlot {
			add(n.Value, n.Key)
		} else {
			add(n.Key, n.Value)
		}
	case *TableLit:
		for _, s := range n.Slots {
			add(s)
		}
	case *ArrayLit:
		for _, x := range n.Elems {
			add(x)
		}
	case *ClassLit:
		add(n.Extends)
		if n.Attrs != nil {
			add(n.Attrs)
		}
		for _, s := range n.Members {
			add(s)
		}
	case *BlockStmt:
		for _, s := range n.List {
			add(s)
		}
	case *EmptyStmt, *BranchStmt:
	case *ExprStmt:
		add(n.X)
	case *LocalVar:
		add(n.Name, n.Value)
	case *LocalStmt:
		for _, v := range n.Vars {
			add(v)
		}
	case *LocalFuncStmt:
		add(n.Func, n.Name)
	case *FuncStmt:
		add(n.Func)
		for _, id := range n.Path {
			add(id)
		}
	case *ClassStmt:
		add(n.Class, n.Name)
	case *IfStmt:
		add(n.Cond, n.Then, n.Else)
	case *WhileStmt:
		add(n.Cond, n.Body)
	case *DoWhileStmt:
		add(n.Body, n.Cond)
	case *ForStmt:
		add(n.Init, n.Cond, n.Post, n.Body)
	case *ForeachStmt:
		if n.Key != nil {
			add(n.Key)
		}
		add(n.Value, n.X, n.Body)
	case *CaseClause:
		add(n.Value)
		for _, s := range n.Body {
			add(s)
		}
	case *SwitchStmt:
		add(n.Tag)
		for _, c := range n.Cases {
			add(c)
		}
		if n.Default != nil {
			add(n.Default)
		}
	case *ReturnStmt:
		add(n.Result)
	case *YieldStmt:
		add(n.Result)
	case *TryStmt:
		add(n.Body, n.Var, n.Handler)
	case *ThrowStmt:
		add(n.X)
	case *ConstStmt:
		add(n.Name, n.Value)
	case *EnumMember:
		add(n.Name, n.Value)
	case *EnumStmt:
		add(n.Name)
		for _, m := range n.Members {
			add(m)
		}
	default:
		panic(fmt.Sprintf("children: unknown node %T", n))
	}
	return list
}

func before(a, b Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }

// checkTree checks the positions of a parsed tree against its source:
// every node has a valid position inside the source, no node starts
// before its parent, and the children of a node are in source order.
// It also checks that a CommaExpr has at least two elements and that the
// expressions and statements are of the kinds the documentation allows.
func checkTree(t *testing.T, f *File, src []byte) {
	t.Helper()
	if i := bytes.IndexByte(src, 0); i >= 0 {
		src = src[:i] // a NUL byte ends the input
	}
	lastLine := int32(1 + bytes.Count(src, []byte("\n")))
	var visit func(n Node, parent Pos)
	visit = func(n Node, parent Pos) {
		p := n.Pos()
		if !p.IsValid() || p.Col < 1 || p.Line > lastLine {
			t.Fatalf("%T at invalid position %v (source has %d lines)", n, p, lastLine)
		}
		if before(p, parent) {
			t.Fatalf("%T at %v starts before its parent at %v", n, p, parent)
		}
		switch n := n.(type) {
		case *CommaExpr:
			if len(n.List) < 2 {
				t.Fatalf("CommaExpr at %v with %d elements", p, len(n.List))
			}
		case *UnaryExpr:
			switch n.Op {
			case DELETE, INC, DEC:
				if target(n.X) != slotTarget {
					t.Fatalf("%v at %v of a %T", n.Op, p, n.X)
				}
			}
		case *PostfixExpr:
			if target(n.X) != slotTarget {
				t.Fatalf("postfix %v at %v of a %T", n.Op, p, n.X)
			}
		case *AssignExpr:
			if target(n.LHS) != slotTarget {
				t.Fatalf("assignment at %v to a %T", p, n.LHS)
			}
		case *FuncStmt:
			if len(n.Path) == 0 {
				t.Fatalf("FuncStmt at %v without a name", p)
			}
		}
		prev := p
		for _, c := range children(n) {
			if before(c.Pos(), prev) {
				t.Fatalf("in %T at %v: %T at %v comes before its sibling at %v", n, p, c, c.Pos(), prev)
			}
			visit(c, p)
			prev = c.Pos()
		}
	}
	visit(f, Pos{1, 1})
}

// TestCheckTree runs checkTree on a sample of every kind of node, so that
// a mistake in the checker shows up without fuzzing. (TestParse and
// TestGolden run it too.)
func TestCheckTree(t *testing.T) {
	for _, src := range []string{
		"local function f(a, b = 1) { return a }",
		"function g(a, ...) { return vargv }",
		"function a::b::c() {}",
		"class A extends B </ x = 1 /> { </ y = 2 /> static function f() {} constructor() {} [1] = 2; z = 3 }",
		"x = { \"a\": 1, function f() {}, [2] = 3 }",
		"enum E { A, B = 2, C }",
		"foreach (k, v in t) {}",
		"switch (x) { case 1: a; default: b }",
		"try { a() } catch (e) { b(e) }",
		"x = @(a) a + 1",
		"for (local i = 0; i < 10; i++) {}",
		"x = -5 .tostring(); y = - -0 .a",
	} {
		f, err := Parse("t.nut", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		checkTree(t, f, []byte(src))
	}
}
