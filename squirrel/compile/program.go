package compile

import (
	"fmt"
	"math"
)

// A Program is a compiled source file: its main function, whose nested
// functions are reached through Funcs.
type Program struct {
	File string   // the source file name, as errors and stack traces show it
	Main *Funcode // the body of the file, a variadic function of this and vargv
	// Consts and Enums are the constants in force at the end of the file:
	// those given in Options and those the file declared. They are not
	// part of the bytecode encoding: the code has their values inlined.
	Consts map[string]Const
	Enums  map[string]map[string]Const
}

// A Funcode is a compiled function: its code, constants and the
// information a debugger or a stack trace needs.
type Funcode struct {
	Name        string // "" for anonymous functions; the main function is "main"
	Line        int32  // the line of its first token
	NumParams   int    // parameters, counting this
	NumDefaults int    // how many of the last parameters have default values
	Varargs     bool   // extra arguments go to the array vargv, register NumParams
	Generator   bool   // the function yields: calling it makes a generator
	MaxStack    int    // registers used
	Code        []Instr
	Consts      []Const
	Funcs       []*Funcode // functions defined in this one, by CLOSURE index
	Outers      []Outer    // free variables, by GETOUTER index
	Lines       []LineStart
	Locals      []Local
}

// An Outer says where a closure finds a free variable when it is made:
// a register of the enclosing function's frame, or one of the enclosing
// closure's own outers.
type Outer struct {
	Name    string
	InStack bool // Index is a register of the enclosing function
	Index   int
}

// A LineStart says that the instructions from PC on come from Line.
type LineStart struct {
	PC   int32
	Line int32
}

// A Local describes a named register while it is in scope, for stack
// traces.
type Local struct {
	Name       string
	Reg        int32
	Start, End int32 // pc range [Start, End); End is -1 while open
}

// ConstKind is the type of a constant.
type ConstKind uint8

// The kinds of constant.
const (
	IntConst ConstKind = iota
	FloatConst
	StringConst
	BoolConst
	NullConst
)

// A Const is a literal value of a function.
type Const struct {
	Kind  ConstKind
	Int   int32 // IntConst, and BoolConst (0 or 1)
	Float float64
	Str   string
}

// String formats the constant as the disassembler shows it.
func (c Const) String() string {
	switch c.Kind {
	case IntConst:
		return fmt.Sprint(c.Int)
	case FloatConst:
		return fmt.Sprint(c.Float)
	case StringConst:
		return fmt.Sprintf("%q", c.Str)
	case BoolConst:
		return fmt.Sprint(c.Int != 0)
	}
	return "null"
}

func (c Const) same(d Const) bool {
	if c.Kind != d.Kind {
		return false
	}
	switch c.Kind {
	case FloatConst:
		return math.Float64bits(c.Float) == math.Float64bits(d.Float)
	case StringConst:
		return c.Str == d.Str
	}
	return c.Int == d.Int
}

// LineAt returns the source line of the instruction at pc.
func (f *Funcode) LineAt(pc int) int32 {
	line := f.Line
	for _, l := range f.Lines {
		if int(l.PC) > pc {
			break
		}
		line = l.Line
	}
	return line
}

// An Error is a compile error at a position in a file.
type Error struct {
	File      string
	Line, Col int32
	Msg       string
}

// Error returns "file:line:col: msg".
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}
