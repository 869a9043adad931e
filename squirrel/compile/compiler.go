package compile

import (
	"encoding/binary"
	"math"

	"drey/squirrel/syntax"
)

// Options change how a program is compiled.
type Options struct {
	// Float32 rounds float literals to 32-bit precision, as the imp's
	// compiler does for devices.
	Float32 bool
	// Consts are constants the program sees as if it had declared them,
	// such as those the host registers or earlier programs of the same
	// VM declared (the reference keeps one constant table per VM).
	Consts map[string]Const
	// Enums are enums declared beforehand, likewise.
	Enums map[string]map[string]Const
}

// File compiles a parsed file. The error, if any, is an *Error.
func File(f *syntax.File, opts Options) (prog *Program, err error) {
	c := &compiler{file: f.Name, opts: opts, consts: map[string]constDef{}}
	for name, k := range opts.Consts {
		c.consts[name] = constDef{val: k}
	}
	for name, members := range opts.Enums {
		d := constDef{enum: members}
		for k := range members {
			d.keys = append(d.keys, k)
		}
		c.consts[name] = d
	}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			prog, err = nil, e
		}
	}()
	fs := c.newFunc(nil, "main", syntax.Pos{Line: 1, Col: 1})
	fs.declareParam("this")
	fs.fc.NumParams = 1
	fs.fc.Varargs = true
	fs.declareParam("vargv")
	for _, s := range f.Stmts {
		fs.stmt(s)
	}
	fs.finish()
	prog = &Program{File: f.Name, Main: fs.fc}
	for name, d := range c.consts {
		if d.enum != nil {
			if prog.Enums == nil {
				prog.Enums = map[string]map[string]Const{}
			}
			prog.Enums[name] = d.enum
			continue
		}
		if prog.Consts == nil {
			prog.Consts = map[string]Const{}
		}
		prog.Consts[name] = d.val
	}
	return prog, nil
}

// Source parses and compiles src.
func Source(filename string, src []byte, opts Options) (*Program, error) {
	f, err := syntax.Parse(filename, src)
	if err != nil {
		return nil, err
	}
	return File(f, opts)
}

type compiler struct {
	file   string
	opts   Options
	consts map[string]constDef // const and enum declarations so far
}

// A constDef is a compile-time constant: a scalar, or an enum's members.
type constDef struct {
	val  Const
	enum map[string]Const
	keys []string // enum member order
}

func (c *compiler) errorf(pos syntax.Pos, format string, args ...any) {
	panic(&Error{File: c.file, Line: pos.Line, Col: pos.Col, Msg: sprintf(format, args...)})
}

// funcState is the state of one function being compiled.
type funcState struct {
	c      *compiler
	parent *funcState
	fc     *Funcode

	locals  []localVar // active locals, innermost last
	nactive int        // registers held by locals
	top     int        // first free register
	line    int32

	loops     []*loopState
	trapDepth int
	blocks    []*blockState
	constIdx  map[Const]int
}

type localVar struct {
	name     string
	reg      int
	info     int // index in fc.Locals
	captured bool
}

type loopState struct {
	breaks, continues []int
	nactive           int
	trapDepth         int
	isSwitch          bool // break only
}

type blockState struct {
	nlocals  int
	captured bool
}

// MaxFuncDepth is how deeply functions may nest; the bytecode loader
// accepts no more.
const MaxFuncDepth = 200

func (c *compiler) newFunc(parent *funcState, name string, pos syntax.Pos) *funcState {
	depth := 0
	for p := parent; p != nil; p = p.parent {
		depth++
	}
	if depth >= MaxFuncDepth {
		c.errorf(pos, "functions nested more than %d deep", MaxFuncDepth)
	}
	return &funcState{c: c, parent: parent, fc: &Funcode{Name: name, Line: pos.Line}, line: pos.Line, constIdx: map[Const]int{}}
}

func (fs *funcState) pc() int { return len(fs.fc.Code) }

func (fs *funcState) emit(op Op, a, b, c int, d int32) int {
	if n := len(fs.fc.Lines); n == 0 || fs.fc.Lines[n-1].Line != fs.line {
		if n > 0 && int(fs.fc.Lines[n-1].PC) == fs.pc() {
			fs.fc.Lines[n-1].Line = fs.line
		} else {
			fs.fc.Lines = append(fs.fc.Lines, LineStart{PC: int32(fs.pc()), Line: fs.line})
		}
	}
	fs.fc.Code = append(fs.fc.Code, Instr{Op: op, A: uint8(a), B: uint8(b), C: uint8(c), D: d})
	return len(fs.fc.Code) - 1
}

// jump emits a jump to be patched later and returns its index.
func (fs *funcState) jump(op Op, a int) int { return fs.emit(op, a, 0, 0, 0) }

// patch makes the jump at j land at the current pc.
func (fs *funcState) patch(j int) { fs.patchTo(j, fs.pc()) }

func (fs *funcState) patchTo(j, target int) { fs.fc.Code[j].D = int32(target - (j + 1)) }

func (fs *funcState) jumpBack(target int) { fs.emit(JMP, 0, 0, 0, int32(target-(fs.pc()+1))) }

func (fs *funcState) setLine(p syntax.Pos) {
	if p.Line > 0 {
		fs.line = p.Line
	}
}

// newTemp allocates a temporary register.
func (fs *funcState) newTemp() int {
	r := fs.top
	if r >= MaxRegisters {
		fs.c.errorf(syntax.Pos{Line: fs.line, Col: 1}, "internal compiler error: too many locals")
	}
	fs.top++
	if fs.top > fs.fc.MaxStack {
		fs.fc.MaxStack = fs.top
	}
	return r
}

func (fs *funcState) constant(k Const) int32 {
	key := k
	if k.Kind == FloatConst {
		if fs.c.opts.Float32 {
			k.Float = float64(float32(k.Float))
		}
		// Floats are the same constant only if their bits are: 0.0 and
		// -0.0 differ, and NaN is one constant.
		key = Const{Kind: FloatConst, Str: string(binary.LittleEndian.AppendUint64(nil, math.Float64bits(k.Float)))}
	}
	if i, ok := fs.constIdx[key]; ok {
		return int32(i)
	}
	fs.fc.Consts = append(fs.fc.Consts, k)
	fs.constIdx[key] = len(fs.fc.Consts) - 1
	return int32(len(fs.fc.Consts) - 1)
}

func (fs *funcState) strConst(s string) int32 { return fs.constant(Const{Kind: StringConst, Str: s}) }

func (fs *funcState) declareParam(name string) int {
	r := fs.newTemp()
	fs.addLocal(name, r)
	return r
}

// declareLocal makes the register r (normally fs.top-1 after newTemp)
// the named local from now on.
func (fs *funcState) addLocal(name string, r int) {
	fs.fc.Locals = append(fs.fc.Locals, Local{Name: name, Reg: int32(r), Start: int32(fs.pc()), End: -1})
	fs.locals = append(fs.locals, localVar{name: name, reg: r, info: len(fs.fc.Locals) - 1})
	fs.nactive = r + 1
	if fs.top < fs.nactive {
		fs.top = fs.nactive
	}
}

func (fs *funcState) findLocal(name string) int {
	for i := len(fs.locals) - 1; i >= 0; i-- {
		if fs.locals[i].name == name {
			return i
		}
	}
	return -1
}

// findOuter returns the index of the named free variable, adding it to
// the function's outers if an enclosing function has it, or -1.
func (fs *funcState) findOuter(name string) int {
	for i, o := range fs.fc.Outers {
		if o.Name == name {
			return i
		}
	}
	if fs.parent == nil {
		return -1
	}
	if li := fs.parent.findLocal(name); li >= 0 {
		fs.parent.locals[li].captured = true
		fs.parent.markCaptured(li)
		fs.fc.Outers = append(fs.fc.Outers, Outer{Name: name, InStack: true, Index: fs.parent.locals[li].reg})
		return len(fs.fc.Outers) - 1
	}
	if oi := fs.parent.findOuter(name); oi >= 0 {
		fs.fc.Outers = append(fs.fc.Outers, Outer{Name: name, Index: oi})
		return len(fs.fc.Outers) - 1
	}
	return -1
}

// markCaptured notes that the block declaring local li must close its
// outers when it ends.
func (fs *funcState) markCaptured(li int) {
	for i := len(fs.blocks) - 1; i >= 0; i-- {
		if b := fs.blocks[i]; b.nlocals <= li {
			b.captured = true
			return
		}
	}
}

func (fs *funcState) openBlock() {
	fs.blocks = append(fs.blocks, &blockState{nlocals: len(fs.locals)})
}

// closeBlock ends the innermost scope: its locals go out of scope and, if
// a closure captured one, their outers are closed.
func (fs *funcState) closeBlock() {
	b := fs.blocks[len(fs.blocks)-1]
	fs.blocks = fs.blocks[:len(fs.blocks)-1]
	fs.dropLocals(b.nlocals)
	if b.captured {
		fs.emit(CLOSE, fs.nactive, 0, 0, 0)
	}
}

func (fs *funcState) dropLocals(n int) {
	for _, l := range fs.locals[n:] {
		fs.fc.Locals[l.info].End = int32(fs.pc())
	}
	fs.locals = fs.locals[:n]
	fs.nactive = 0
	if n > 0 {
		fs.nactive = fs.locals[n-1].reg + 1
	}
	fs.top = fs.nactive
}

func (fs *funcState) finish() {
	fs.emit(RET, 0, 0, 0, 0)
	fs.dropLocals(0)
	if fs.fc.MaxStack < 1 {
		fs.fc.MaxStack = 1
	}
	// Programs stay in memory as long as their code runs (an agent's for
	// months): keep no spare capacity.
	f := fs.fc
	f.Code = clip(f.Code)
	f.Consts = clip(f.Consts)
	f.Lines = clip(f.Lines)
	f.Locals = clip(f.Locals)
	f.Funcs = clip(f.Funcs)
	f.Outers = clip(f.Outers)
}

// clip returns s in an array of exactly its length (nil if empty).
func clip[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	if len(s) == cap(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
