package compile

import (
	"fmt"
	"io"
	"strings"
)

// Disassemble writes a listing of p to w: for each function, its
// signature, constants, outers and locals, then its instructions with
// their pc, source line, mnemonic and operands. Registers print as r4,
// constants inline as k"name", outers as o1(name), and jumps with their
// target pc. Nested functions follow the function that defines them,
// named by their path from main.
func Disassemble(w io.Writer, p *Program) error {
	d := &disasm{w: w}
	d.function(p.Main, p.Main.Name, p.File)
	return d.err
}

type disasm struct {
	w   io.Writer
	err error
}

func (d *disasm) printf(format string, args ...any) {
	if d.err == nil {
		_, d.err = fmt.Fprintf(d.w, format, args...)
	}
}

func (d *disasm) function(f *Funcode, path, file string) {
	var flags []string
	if f.NumDefaults > 0 {
		flags = append(flags, fmt.Sprintf("%d defaults", f.NumDefaults))
	}
	if f.Varargs {
		flags = append(flags, "varargs")
	}
	if f.Generator {
		flags = append(flags, "generator")
	}
	flags = append(flags, fmt.Sprintf("stack %d", f.MaxStack))
	d.printf("function %s (%s:%d) params %d, %s\n", path, file, f.Line, f.NumParams, strings.Join(flags, ", "))
	if len(f.Consts) > 0 {
		d.printf("  constants:\n")
		for i, k := range f.Consts {
			d.printf("    k%-3d %s\n", i, constString(k))
		}
	}
	if len(f.Outers) > 0 {
		d.printf("  outers:\n")
		for i, o := range f.Outers {
			where := fmt.Sprintf("outer %d", o.Index)
			if o.InStack {
				where = fmt.Sprintf("register r%d", o.Index)
			}
			d.printf("    o%-3d %s, %s of the enclosing function\n", i, o.Name, where)
		}
	}
	if len(f.Locals) > 0 {
		d.printf("  locals:\n")
		for _, l := range f.Locals {
			d.printf("    r%-3d %s, pc %d-%d\n", l.Reg, l.Name, l.Start, l.End)
		}
	}
	d.printf("  code:\n")
	line, next := f.Line, 0 // next: the next entry of f.Lines
	for pc, in := range f.Code {
		for next < len(f.Lines) && int(f.Lines[next].PC) <= pc {
			line = f.Lines[next].Line
			next++
		}
		d.printf("  %4d  L%-4d %-10s %s\n", pc, line, in.Op, operands(f, pc, in))
	}
	for i, g := range f.Funcs {
		name := g.Name
		if name == "" {
			name = fmt.Sprintf("<anonymous %d>", i)
		}
		d.printf("\n")
		d.function(g, path+"/"+name, file)
	}
}

// operands formats in's operands.
func operands(f *Funcode, pc int, in Instr) string {
	r := func(x uint8) string { return fmt.Sprintf("r%d", x) }
	rOrNone := func(x uint8) string {
		if x == KC {
			return "-"
		}
		return r(x)
	}
	k := func(i int32) string {
		if i >= 0 && int(i) < len(f.Consts) {
			return "k" + constString(f.Consts[i])
		}
		return fmt.Sprintf("k?%d", i)
	}
	rk := func() string {
		if in.C == KC {
			return k(in.D)
		}
		return r(in.C)
	}
	to := func() string { return fmt.Sprintf("to %d", pc+1+int(in.D)) }
	list := func(xs ...string) string { return strings.Join(xs, ", ") }

	switch in.Op {
	case LOADK, GETENV, SETENV:
		return list(r(in.A), k(in.D))
	case LOADINT, NEWTABLE, NEWARRAY:
		return list(r(in.A), fmt.Sprint(in.D))
	case LOADNULLS:
		return list(r(in.A), fmt.Sprintf("%d registers", in.B))
	case LOADBOOL:
		return list(r(in.A), fmt.Sprint(in.B != 0))
	case GETOUTER, SETOUTER:
		name := "?"
		if in.D >= 0 && int(in.D) < len(f.Outers) {
			name = f.Outers[in.D].Name
		}
		return list(r(in.A), fmt.Sprintf("o%d(%s)", in.D, name))
	case CLOSURE:
		name, nd := "?", 0
		if in.D >= 0 && int(in.D) < len(f.Funcs) && f.Funcs[in.D] != nil {
			name, nd = f.Funcs[in.D].Name, f.Funcs[in.D].NumDefaults
		}
		s := list(r(in.A), fmt.Sprintf("f%d(%s)", in.D, name))
		if nd > 0 {
			s += fmt.Sprintf(", defaults r%d..r%d", in.B, int(in.B)+nd-1)
		}
		return s
	case NEWCLASS:
		return list(r(in.A), "base "+rOrNone(in.B), "attrs "+rOrNone(in.C))
	case NEWMEMBER:
		s := list(r(in.A), r(in.B), r(in.C), "attrs "+rOrNone(uint8(in.D)))
		if in.D&0x100 != 0 {
			s += ", static"
		}
		return s
	case JMP:
		return to()
	case JT, JF, PUSHTRAP:
		return list(r(in.A), to())
	case FOREACH:
		return list(r(in.A), r(in.B), r(in.C), to())
	case CALL:
		return list(r(in.A), fmt.Sprintf("%d args", in.B), r(in.C))
	case RET:
		if in.B == 0 {
			return "null"
		}
		return r(in.A)
	case YIELD:
		v := "null"
		if in.B != 0 {
			v = r(in.A)
		}
		return list(v, r(in.C))
	case POPTRAP:
		return fmt.Sprint(in.B)
	case TLT, TLE, TGT, TGE, TEQ, TNE:
		return list(r(in.B), rk(), fmt.Sprintf("skip if %v", in.A == 0))
	}
	// The rest, by their shape.
	s := shapeOf(in.Op)
	var xs []string
	if s&useA != 0 {
		xs = append(xs, r(in.A))
	}
	if s&useB != 0 {
		xs = append(xs, r(in.B))
	}
	if s&useC != 0 {
		xs = append(xs, r(in.C))
	}
	if s&useRK != 0 {
		xs = append(xs, rk())
	}
	if s&(useDu|useDs) != 0 {
		xs = append(xs, fmt.Sprint(in.D))
	}
	return list(xs...)
}

// constString formats k as Const.String does, but with a float that
// looks like an integer marked as a float: 2.0, not 2.
func constString(k Const) string {
	s := k.String()
	if k.Kind == FloatConst && !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}
