package compile

// This file defines the binary encoding of a Program, which the cloud
// writes and devices load from flash, and its decoder. The decoder
// trusts nothing: it bounds every count by the input that is left
// before allocating, and the decoded program must pass validate, at the
// end of this file, before anyone runs it.
//
// Encoding. uvarint and varint are encoding/binary's varints (varint is
// zigzag); byte is one byte; an index into the string pool is a
// uvarint.
//
//	File:
//		magic       [4]byte   "SQBC"
//		version     uvarint   must be Version
//		nstrings    uvarint
//		strings     nstrings × String   the pool, most used first
//		file        uvarint   string index: Program.File
//		main        Func
//		EOF                   nothing may follow
//
//	String:
//		len         uvarint
//		bytes       [len]byte
//
//	Func:
//		name        uvarint   string index
//		line        varint
//		flags       uvarint   1: Varargs, 2: Generator; no other bits
//		numparams   uvarint
//		numdefaults uvarint
//		maxstack    uvarint
//		nconsts     uvarint
//		consts      nconsts × Const
//		nouters     uvarint
//		outers      nouters × Outer
//		ncode       uvarint
//		code        ncode × Instr
//		nlines      uvarint
//		lines       nlines × Line
//		nlocals     uvarint
//		locals      nlocals × Local
//		nfuncs      uvarint
//		funcs       nfuncs × Func      nested at most maxDepth deep
//
//	Const:
//		tag         byte      one of:
//		  0 int       varint
//		  1 float64   [8]byte  IEEE 754 bits, little-endian
//		  2 float32   [4]byte  used when the value is exactly a float32
//		  3 string    uvarint  string index
//		  4 false, 5 true, 6 null: nothing follows
//
//	Outer:
//		name        uvarint   string index
//		where       uvarint   Index<<1 | 1 if InStack
//
//	Instr:
//		op          byte      < NumOps; the numbering of opcode.go is
//		                      part of the format (testdata/opcodes.golden
//		                      pins it, and the shapes)
//		operands              those shapes[op] names, in the order
//		                      A, B, C, D: A, B and C one byte each; D a
//		                      uvarint for indexes and sizes, a varint for
//		                      values and jump offsets; for an op whose C
//		                      is RK(C), D follows only when C == KC
//
//	Line:
//		pc          uvarint   PC - the previous entry's PC (0 at first)
//		line        varint    Line - the previous entry's Line (the
//		                      function's line at first)
//
//	Local:
//		name        uvarint   string index
//		reg         byte
//		start       varint    Start - the previous local's Start (0 at first)
//		length      uvarint   End - Start

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// Version is the version of the encoding. Change it with any change to
// the format or to the meaning of the instructions, so that devices
// reject code they would misread.
const Version = 1

const magic = "SQBC"

// maxDepth bounds how deeply functions may nest in an encoded program,
// and so the decoder's recursion.
const maxDepth = 200

// IsBytecode reports whether data looks like an encoded program rather
// than source: whether it starts with the magic number.
func IsBytecode(data []byte) bool {
	return len(data) >= len(magic) && string(data[:len(magic)]) == magic
}

// A shape says which operands of an instruction the encoding stores;
// the others must be zero.
type shape uint8

const (
	useA  shape = 1 << iota // A
	useB                    // B
	useC                    // C
	useRK                   // C, and D when C == KC (a constant index)
	useDu                   // D, an index or size: uvarint
	useDs                   // D, a value or jump offset: varint
)

// shapes gives each op's operands, as opcode.go describes them.
var shapes = [numOps]shape{
	NOP:       0,
	LOADK:     useA | useDu,
	LOADINT:   useA | useDs,
	LOADNULLS: useA | useB,
	LOADBOOL:  useA | useB,
	LOADROOT:  useA,
	MOVE:      useA | useB,
	LOADBASE:  useA,

	GET: useA | useB | useRK, SET: useA | useB | useRK,
	NEWSLOT: useA | useB | useRK, DELETE: useA | useB | useRK,
	GETENV: useA | useDu, SETENV: useA | useDu,
	GETOUTER: useA | useDu, SETOUTER: useA | useDu,

	ADD: useA | useB | useRK, SUB: useA | useB | useRK, MUL: useA | useB | useRK,
	DIV: useA | useB | useRK, MOD: useA | useB | useRK, BAND: useA | useB | useRK,
	BOR: useA | useB | useRK, BXOR: useA | useB | useRK, SHL: useA | useB | useRK,
	SHR: useA | useB | useRK, USHR: useA | useB | useRK, EQ: useA | useB | useRK,
	NE: useA | useB | useRK, LT: useA | useB | useRK, LE: useA | useB | useRK,
	GT: useA | useB | useRK, GE: useA | useB | useRK, CMP3: useA | useB | useRK,
	EXISTS: useA | useB | useRK, INSTANCEOF: useA | useB | useRK,

	NEG: useA | useB, NOT: useA | useB, BNOT: useA | useB,
	TYPEOF: useA | useB, CLONE: useA | useB, RESUME: useA | useB,

	NEWTABLE:  useA | useDu,
	NEWARRAY:  useA | useDu,
	APPEND:    useA | useB,
	CLOSURE:   useA | useB | useDu,
	NEWCLASS:  useA | useB | useC,
	NEWMEMBER: useA | useB | useC | useDu,

	JMP:   useDs,
	JT:    useA | useDs,
	JF:    useA | useDs,
	CALL:  useA | useB | useC,
	RET:   useA | useB,
	YIELD: useA | useB | useC,
	CLOSE: useA,

	PUSHTRAP: useA | useDs,
	POPTRAP:  useB,
	THROW:    useA,

	PREPITER: useA,
	FOREACH:  useA | useB | useC | useDs,

	TLT: useA | useB | useRK, TLE: useA | useB | useRK, TGT: useA | useB | useRK,
	TGE: useA | useB | useRK, TEQ: useA | useB | useRK, TNE: useA | useB | useRK,
}

// shapeOf returns op's shape; an undefined op has no operands.
func shapeOf(op Op) shape {
	if op < numOps {
		return shapes[op]
	}
	return 0
}

// hasD reports whether the encoding of in stores D.
func (s shape) hasD(in Instr) bool {
	return s&(useDu|useDs) != 0 || s&useRK != 0 && in.C == KC
}

// The tags of constants.
const (
	tagInt = iota
	tagFloat64
	tagFloat32
	tagString
	tagFalse
	tagTrue
	tagNull
)

// Encode returns the binary encoding of p. It encodes only the operands
// each instruction uses, so DecodeProgram(p.Encode()) reproduces p
// exactly when p is valid, as the compiler's output is.
func (p *Program) Encode() []byte {
	e := &encoder{index: map[string]int{}}
	e.pool(p)
	e.uvarint(uint64(e.index[p.File]))
	e.function(p.Main)

	out := make([]byte, 0, len(e.buf)+len(e.strs)*8+16)
	out = append(out, magic...)
	out = binary.AppendUvarint(out, Version)
	out = binary.AppendUvarint(out, uint64(len(e.strs)))
	for _, s := range e.strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, e.buf...)
}

type encoder struct {
	buf   []byte
	strs  []string       // the pool
	index map[string]int // string -> index in strs
}

// pool makes the string pool: every string of p, the most used first,
// so that they have the shortest indexes; ties keep their first use's
// order.
func (e *encoder) pool(p *Program) {
	count := map[string]int{}
	use := func(s string) {
		if count[s] == 0 {
			e.strs = append(e.strs, s)
		}
		count[s]++
	}
	use(p.File)
	var walk func(f *Funcode)
	walk = func(f *Funcode) {
		use(f.Name)
		for _, k := range f.Consts {
			if k.Kind == StringConst {
				use(k.Str)
			}
		}
		for _, o := range f.Outers {
			use(o.Name)
		}
		for _, l := range f.Locals {
			use(l.Name)
		}
		for _, g := range f.Funcs {
			walk(g)
		}
	}
	walk(p.Main)
	sort.SliceStable(e.strs, func(i, j int) bool { return count[e.strs[i]] > count[e.strs[j]] })
	for i, s := range e.strs {
		e.index[s] = i
	}
}

func (e *encoder) byte(b uint8)     { e.buf = append(e.buf, b) }
func (e *encoder) uvarint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }
func (e *encoder) varint(x int64)   { e.buf = binary.AppendVarint(e.buf, x) }
func (e *encoder) int(x int)        { e.uvarint(uint64(x)) }
func (e *encoder) string(s string)  { e.int(e.index[s]) }

// bit returns v if b is true, else 0.
func bit(b bool, v int) int {
	if b {
		return v
	}
	return 0
}

func (e *encoder) function(f *Funcode) {
	e.string(f.Name)
	e.varint(int64(f.Line))
	e.int(bit(f.Varargs, 1) | bit(f.Generator, 2))
	e.int(f.NumParams)
	e.int(f.NumDefaults)
	e.int(f.MaxStack)

	e.int(len(f.Consts))
	for _, k := range f.Consts {
		e.constant(k)
	}

	e.int(len(f.Outers))
	for _, o := range f.Outers {
		e.string(o.Name)
		e.int(o.Index<<1 | bit(o.InStack, 1))
	}

	e.int(len(f.Code))
	for _, in := range f.Code {
		s := shapeOf(in.Op)
		e.byte(uint8(in.Op))
		if s&useA != 0 {
			e.byte(in.A)
		}
		if s&useB != 0 {
			e.byte(in.B)
		}
		if s&(useC|useRK) != 0 {
			e.byte(in.C)
		}
		if s.hasD(in) {
			if s&useDs != 0 {
				e.varint(int64(in.D))
			} else {
				e.uvarint(uint64(uint32(in.D)))
			}
		}
	}

	e.int(len(f.Lines))
	pc, line := 0, f.Line
	for _, l := range f.Lines {
		e.int(int(l.PC) - pc)
		e.varint(int64(l.Line) - int64(line))
		pc, line = int(l.PC), l.Line
	}

	e.int(len(f.Locals))
	start := 0
	for _, l := range f.Locals {
		e.string(l.Name)
		e.byte(uint8(l.Reg))
		e.varint(int64(int(l.Start) - start))
		e.int(int(l.End - l.Start))
		start = int(l.Start)
	}

	e.int(len(f.Funcs))
	for _, g := range f.Funcs {
		e.function(g)
	}
}

func (e *encoder) constant(k Const) {
	switch k.Kind {
	case IntConst:
		e.byte(tagInt)
		e.varint(int64(k.Int))
	case FloatConst:
		if f32 := float32(k.Float); math.Float64bits(float64(f32)) == math.Float64bits(k.Float) {
			e.byte(tagFloat32)
			e.buf = binary.LittleEndian.AppendUint32(e.buf, math.Float32bits(f32))
		} else {
			e.byte(tagFloat64)
			e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(k.Float))
		}
	case StringConst:
		e.byte(tagString)
		e.string(k.Str)
	case BoolConst:
		e.byte(uint8(tagFalse + bit(k.Int != 0, 1)))
	default:
		e.byte(tagNull)
	}
}

// DecodeProgram decodes a program that Encode wrote and checks that it
// is safe to run. Any malformed, truncated or inconsistent input yields
// an error.
func DecodeProgram(data []byte) (prog *Program, err error) {
	if !IsBytecode(data) {
		got := data[:min(len(data), len(magic))]
		return nil, fmt.Errorf("bytecode: bad magic number %q, want %q", got, magic)
	}
	d := &decoder{data: data, pos: len(magic)}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(decodeError)
			if !ok {
				panic(r)
			}
			prog, err = nil, e
		}
	}()
	if v := d.uvarint(); v != Version {
		return nil, fmt.Errorf("bytecode: version %d, want %d", v, Version)
	}
	n := d.count("strings", 1)
	d.strs = make([]string, n)
	for i := range d.strs {
		size := d.count("string bytes", 1)
		d.strs[i] = string(d.data[d.pos : d.pos+size])
		d.pos += size
	}
	prog = &Program{File: d.string()}
	prog.Main = d.function(0)
	if d.pos != len(d.data) {
		d.fail("%d bytes after the end of the program", len(d.data)-d.pos)
	}
	if err := validate(prog); err != nil {
		return nil, err
	}
	return prog, nil
}

// A decodeError is a malformed input; the decoder panics with it and
// DecodeProgram returns it.
type decodeError struct{ msg string }

func (e decodeError) Error() string { return e.msg }

type decoder struct {
	data []byte
	pos  int
	strs []string
}

func (d *decoder) fail(format string, args ...any) {
	panic(decodeError{fmt.Sprintf("bytecode: at byte %d: ", d.pos) + fmt.Sprintf(format, args...)})
}

func (d *decoder) byte() uint8 {
	if d.pos >= len(d.data) {
		d.fail("unexpected end of data")
	}
	b := d.data[d.pos]
	d.pos++
	return b
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		if n == 0 {
			d.fail("unexpected end of data")
		}
		d.fail("varint overflows 64 bits")
	}
	d.pos += n
	return x
}

func (d *decoder) varint() int64 {
	x, n := binary.Varint(d.data[d.pos:])
	if n <= 0 {
		if n == 0 {
			d.fail("unexpected end of data")
		}
		d.fail("varint overflows 64 bits")
	}
	d.pos += n
	return x
}

// int reads a uvarint that must be at most max.
func (d *decoder) int(what string, max int) int {
	x := d.uvarint()
	if x > uint64(max) {
		d.fail("%s %d exceeds %d", what, x, max)
	}
	return int(x)
}

// int32 reads a varint that must fit in 32 bits.
func (d *decoder) int32(what string) int32 {
	x := d.varint()
	if x != int64(int32(x)) {
		d.fail("%s %d overflows 32 bits", what, x)
	}
	return int32(x)
}

// count reads the number of items that follow, each of which takes at
// least size bytes: so there can be no more than the input has room
// for, and allocating them costs a bounded multiple of the input.
func (d *decoder) count(what string, size int) int {
	x := d.uvarint()
	left := len(d.data) - d.pos
	if x > uint64(left/size) {
		d.fail("%d %s, but only %d bytes remain", x, what, left)
	}
	return int(x)
}

func (d *decoder) string() string {
	i := d.uvarint()
	if i >= uint64(len(d.strs)) {
		d.fail("string index %d outside pool of %d", i, len(d.strs))
	}
	return d.strs[i]
}

// The least size of an encoded item: a bound on how many the rest of
// the input can hold.
const (
	minConst  = 1
	minOuter  = 2
	minInstr  = 1
	minLine   = 2
	minLocal  = 4
	minFunc   = 12
	maxOuters = math.MaxInt32 >> 1
)

func (d *decoder) function(depth int) *Funcode {
	if depth >= maxDepth {
		d.fail("functions nested more than %d deep", maxDepth)
	}
	f := &Funcode{Name: d.string(), Line: d.int32("line")}
	flags := d.int("flags", 3)
	f.Varargs, f.Generator = flags&1 != 0, flags&2 != 0
	f.NumParams = d.int("parameter count", MaxRegisters)
	f.NumDefaults = d.int("default count", MaxRegisters)
	f.MaxStack = d.int("stack size", MaxRegisters)

	if n := d.count("constants", minConst); n > 0 {
		f.Consts = make([]Const, n)
		for i := range f.Consts {
			f.Consts[i] = d.constant()
		}
	}

	if n := d.count("outers", minOuter); n > 0 {
		f.Outers = make([]Outer, n)
		for i := range f.Outers {
			o := &f.Outers[i]
			o.Name = d.string()
			w := d.int("outer index", maxOuters<<1|1)
			o.Index, o.InStack = w>>1, w&1 != 0
		}
	}

	if n := d.count("instructions", minInstr); n > 0 {
		f.Code = make([]Instr, n)
		for i := range f.Code {
			f.Code[i] = d.instr()
		}
	}

	if n := d.count("line entries", minLine); n > 0 {
		f.Lines = make([]LineStart, n)
		pc, line := 0, int64(f.Line)
		for i := range f.Lines {
			pc += d.int("pc delta", len(f.Code))
			if pc > len(f.Code) {
				d.fail("line entry at pc %d after the code", pc)
			}
			line += d.varint()
			if line != int64(int32(line)) {
				d.fail("line %d overflows 32 bits", line)
			}
			f.Lines[i] = LineStart{PC: int32(pc), Line: int32(line)}
		}
	}

	if n := d.count("locals", minLocal); n > 0 {
		f.Locals = make([]Local, n)
		start := int64(0)
		for i := range f.Locals {
			l := &f.Locals[i]
			l.Name = d.string()
			l.Reg = int32(d.byte())
			start += d.varint()
			if start < 0 || start > int64(len(f.Code)) {
				d.fail("local %q starts at pc %d, outside code of length %d", l.Name, start, len(f.Code))
			}
			l.Start = int32(start)
			l.End = l.Start + int32(d.int("local length", len(f.Code)))
		}
	}

	if n := d.count("functions", minFunc); n > 0 {
		f.Funcs = make([]*Funcode, n)
		for i := range f.Funcs {
			f.Funcs[i] = d.function(depth + 1)
		}
	}
	return f
}

func (d *decoder) constant() Const {
	switch tag := d.byte(); tag {
	case tagInt:
		return Const{Kind: IntConst, Int: d.int32("integer constant")}
	case tagFloat64:
		if len(d.data)-d.pos < 8 {
			d.fail("unexpected end of data")
		}
		bits := binary.LittleEndian.Uint64(d.data[d.pos:])
		d.pos += 8
		return Const{Kind: FloatConst, Float: math.Float64frombits(bits)}
	case tagFloat32:
		if len(d.data)-d.pos < 4 {
			d.fail("unexpected end of data")
		}
		bits := binary.LittleEndian.Uint32(d.data[d.pos:])
		d.pos += 4
		return Const{Kind: FloatConst, Float: float64(math.Float32frombits(bits))}
	case tagString:
		return Const{Kind: StringConst, Str: d.string()}
	case tagFalse, tagTrue:
		return Const{Kind: BoolConst, Int: int32(tag - tagFalse)}
	case tagNull:
		return Const{Kind: NullConst}
	default:
		d.fail("bad constant tag %d", tag)
	}
	panic("unreachable")
}

func (d *decoder) instr() Instr {
	op := Op(d.byte())
	if op >= numOps {
		d.fail("bad opcode %d", op)
	}
	in := Instr{Op: op}
	s := shapes[op]
	if s&useA != 0 {
		in.A = d.byte()
	}
	if s&useB != 0 {
		in.B = d.byte()
	}
	if s&(useC|useRK) != 0 {
		in.C = d.byte()
	}
	if s.hasD(in) {
		if s&useDs != 0 {
			in.D = d.int32("operand D")
		} else {
			in.D = int32(d.int("operand D", math.MaxInt32))
		}
	}
	return in
}

// validate checks that p is safe to run: that the VM, which trusts its
// program, cannot index outside a register window, a constant pool, a
// function's code or its outers however the instructions are ordered.
// DecodeProgram applies it to every program; it holds for the
// compiler's output too.
func validate(p *Program) error {
	if p.Main == nil {
		return errors.New("bytecode: no main function")
	}
	if len(p.Main.Outers) > 0 {
		return errors.New("bytecode: the main function has outers")
	}
	return validateFunc(p.Main, nil, 0)
}

// A funcError is a problem found by validate.
func funcError(f *Funcode, format string, args ...any) error {
	return fmt.Errorf("bytecode: %s: %s", describe(f), fmt.Sprintf(format, args...))
}

func describe(f *Funcode) string {
	if f.Name == "" {
		return fmt.Sprintf("anonymous function at line %d", f.Line)
	}
	return fmt.Sprintf("function %q", f.Name)
}

func validateFunc(f, parent *Funcode, depth int) error {
	if f == nil {
		return errors.New("bytecode: nil function")
	}
	if depth >= maxDepth {
		return funcError(f, "functions nested more than %d deep", maxDepth)
	}
	switch {
	case f.MaxStack < 1 || f.MaxStack > MaxRegisters:
		return funcError(f, "stack size %d outside [1, %d]", f.MaxStack, MaxRegisters)
	case f.NumParams < 1:
		return funcError(f, "%d parameters: there must be at least this", f.NumParams)
	case f.NumParams > f.MaxStack:
		return funcError(f, "%d parameters exceed stack size %d", f.NumParams, f.MaxStack)
	case f.NumDefaults < 0 || f.NumDefaults > f.NumParams-1:
		return funcError(f, "%d default values for %d parameters", f.NumDefaults, f.NumParams-1)
	case f.Varargs && f.NumParams >= f.MaxStack:
		return funcError(f, "no register %d for vargv in stack size %d", f.NumParams, f.MaxStack)
	case len(f.Code) == 0:
		return funcError(f, "no code")
	case f.Code[len(f.Code)-1].Op != RET:
		return funcError(f, "code ends with %v, not ret", f.Code[len(f.Code)-1].Op)
	}
	for i, k := range f.Consts {
		if !canonical(k) {
			return funcError(f, "constant %d is malformed: %+v", i, k)
		}
	}
	for i, o := range f.Outers {
		switch {
		case parent == nil:
			return funcError(f, "outer %d (%s) in a function with no enclosing function", i, o.Name)
		case o.InStack && (o.Index < 0 || o.Index >= parent.MaxStack):
			return funcError(f, "outer %d (%s) refers to register %d of a stack of size %d", i, o.Name, o.Index, parent.MaxStack)
		case !o.InStack && (o.Index < 0 || o.Index >= len(parent.Outers)):
			return funcError(f, "outer %d (%s) refers to outer %d of %d", i, o.Name, o.Index, len(parent.Outers))
		}
	}
	for i, l := range f.Lines {
		if l.PC < 0 || int(l.PC) >= len(f.Code) || i > 0 && l.PC <= f.Lines[i-1].PC {
			return funcError(f, "line entry %d at pc %d out of order or outside code of length %d", i, l.PC, len(f.Code))
		}
	}
	for i, l := range f.Locals {
		if l.Reg < 0 || int(l.Reg) >= f.MaxStack {
			return funcError(f, "local %d (%s) in register %d of a stack of size %d", i, l.Name, l.Reg, f.MaxStack)
		}
		if l.Start < 0 || l.End < l.Start || int(l.End) > len(f.Code) {
			return funcError(f, "local %d (%s) has pc range [%d, %d) outside code of length %d", i, l.Name, l.Start, l.End, len(f.Code))
		}
	}
	for pc, in := range f.Code {
		if msg := checkInstr(f, pc, in); msg != "" {
			return fmt.Errorf("bytecode: %s instruction %d (%v): %s", describe(f), pc, in.Op, msg)
		}
	}
	if err := checkTraps(f); err != nil {
		return err
	}
	for _, g := range f.Funcs {
		if err := validateFunc(g, f, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// canonical reports whether k has only the fields its kind uses, so
// that encoding it loses nothing.
func canonical(k Const) bool {
	switch k.Kind {
	case IntConst:
		return k.Float == 0 && k.Str == ""
	case FloatConst:
		return k.Int == 0 && k.Str == ""
	case StringConst:
		return k.Int == 0 && k.Float == 0
	case BoolConst:
		return (k.Int == 0 || k.Int == 1) && k.Float == 0 && k.Str == ""
	case NullConst:
		return k.Int == 0 && k.Float == 0 && k.Str == ""
	}
	return false
}

// checkInstr checks one instruction's operands and returns what is
// wrong with them, or "".
func checkInstr(f *Funcode, pc int, in Instr) string {
	if in.Op >= numOps {
		return "bad opcode"
	}
	s := shapes[in.Op]
	switch {
	case s&useA == 0 && in.A != 0:
		return fmt.Sprintf("unused operand A is %d", in.A)
	case s&useB == 0 && in.B != 0:
		return fmt.Sprintf("unused operand B is %d", in.B)
	case s&(useC|useRK) == 0 && in.C != 0:
		return fmt.Sprintf("unused operand C is %d", in.C)
	case !s.hasD(in) && in.D != 0:
		return fmt.Sprintf("unused operand D is %d", in.D)
	}

	n := f.MaxStack
	reg := func(r int) bool { return r < n }
	// The checks of each op, in turn; the first that fails is reported.
	var msg string
	check := func(ok bool, format string, args ...any) {
		if !ok && msg == "" {
			msg = fmt.Sprintf(format, args...)
		}
	}
	regA := func() { check(reg(int(in.A)), "register A %d outside stack of size %d", in.A, n) }
	regB := func() { check(reg(int(in.B)), "register B %d outside stack of size %d", in.B, n) }
	regC := func() { check(reg(int(in.C)), "register C %d outside stack of size %d", in.C, n) }
	flagB := func() { check(in.B <= 1, "B %d is not 0 or 1", in.B) }
	jump := func() {
		t := int64(pc) + 1 + int64(in.D)
		check(t >= 0 && t < int64(len(f.Code)), "jump target %d outside code of length %d", t, len(f.Code))
	}
	konst := func(d int32) bool {
		ok := d >= 0 && int(d) < len(f.Consts)
		check(ok, "constant %d outside pool of %d", d, len(f.Consts))
		return ok
	}
	if s&useRK != 0 {
		if in.C == KC {
			konst(in.D)
		} else {
			regC()
		}
	}

	switch in.Op {
	case NOP:
	case LOADK:
		regA()
		konst(in.D)
	case LOADINT, LOADROOT, LOADBASE, THROW:
		regA()
	case LOADNULLS:
		regA()
		check(int(in.A)+int(in.B) <= n, "registers %d..%d outside stack of size %d", in.A, int(in.A)+int(in.B)-1, n)
	case LOADBOOL, RET:
		regA()
		flagB()
	case MOVE, APPEND, NEG, NOT, BNOT, TYPEOF, CLONE, RESUME:
		regA()
		regB()
	case GETENV, SETENV:
		regA()
		if konst(in.D) {
			check(f.Consts[in.D].Kind == StringConst, "constant %d is not a string", in.D)
		}
	case GETOUTER, SETOUTER:
		regA()
		check(in.D >= 0 && int(in.D) < len(f.Outers), "outer %d outside %d outers", in.D, len(f.Outers))
	case NEWTABLE, NEWARRAY:
		regA()
		// The size is a hint; a literal of D elements takes more than D
		// instructions, and a bound keeps hostile code from allocating
		// gigabytes at once.
		check(in.D >= 0 && int(in.D) <= len(f.Code), "size hint %d exceeds code length %d", in.D, len(f.Code))
	case CLOSURE:
		regA()
		if in.D < 0 || int(in.D) >= len(f.Funcs) {
			check(false, "function %d outside %d functions", in.D, len(f.Funcs))
			break
		}
		nd := 0
		if g := f.Funcs[in.D]; g != nil {
			nd = g.NumDefaults
		}
		check(int(in.B)+nd <= n, "default values in registers %d..%d outside stack of size %d", in.B, int(in.B)+nd-1, n)
	case NEWCLASS:
		regA()
		check(in.B == KC || reg(int(in.B)), "base class register %d outside stack of size %d", in.B, n)
		check(in.C == KC || reg(int(in.C)), "attributes register %d outside stack of size %d", in.C, n)
	case NEWMEMBER:
		regA()
		regB()
		regC()
		check(in.D&^0x1ff == 0, "flags %#x have unknown bits", in.D)
		r := int(in.D & 0xff)
		check(r == KC || reg(r), "attributes register %d outside stack of size %d", r, n)
	case JMP:
		jump()
	case JT, JF:
		regA()
		jump()
	case PUSHTRAP:
		regA()
		jump()
		// The VM counts a step for every backward JMP, JT and JF, so
		// loops are bounded; a handler must come after its try.
		check(in.D >= 0, "handler at %d is before its try", int64(pc)+1+int64(in.D))
	case CALL:
		check(in.B >= 1, "call passes no this")
		check(int(in.A)+int(in.B) < n, "call registers %d..%d outside stack of size %d", in.A, int(in.A)+int(in.B), n)
		regC()
	case YIELD:
		regA()
		flagB()
		regC()
	case CLOSE:
		check(int(in.A) <= n, "close from register %d beyond stack of size %d", in.A, n)
	case POPTRAP:
		// checkTraps checks B against the handlers pushed.
	case PREPITER:
		check(int(in.A)+1 < n, "iterator registers %d, %d outside stack of size %d", in.A, int(in.A)+1, n)
	case FOREACH:
		check(int(in.A)+1 < n, "iterator registers %d, %d outside stack of size %d", in.A, int(in.A)+1, n)
		regB()
		regC()
		jump()
		check(in.D >= 0, "loop exit at %d is before the loop", int64(pc)+1+int64(in.D))
	case TLT, TLE, TGT, TGE, TEQ, TNE:
		check(in.A <= 1, "A %d is not 0 or 1", in.A)
		regB()
		check(pc+1 < len(f.Code) && f.Code[pc+1].Op == JMP, "not followed by a jmp")
	case GET, SET, NEWSLOT, DELETE, ADD, SUB, MUL, DIV, MOD, BAND, BOR, BXOR, SHL, SHR, USHR,
		EQ, NE, LT, LE, GT, GE, CMP3, EXISTS, INSTANCEOF:
		// R(A), R(B) and RK(C), checked above.
		regA()
		regB()
	default:
		// An op added to opcode.go without a rule here.
		check(false, "no validation rule")
	}
	return msg
}

// checkTraps follows every path through f's code counting the exception
// handlers pushed, so that no POPTRAP drops more handlers than its
// function pushed. Every path must reach an instruction with the same
// count, as the compiler's structured code does.
func checkTraps(f *Funcode) error {
	depth := make([]int, len(f.Code))
	for i := range depth {
		depth[i] = -1
	}
	work := []int{0}
	depth[0] = 0
	reach := func(from, to, d int) error {
		switch {
		case depth[to] == -1:
			depth[to] = d
			work = append(work, to)
		case depth[to] != d:
			return fmt.Errorf("bytecode: %s instruction %d (%v): reached with %d and with %d exception handlers (from %d)", describe(f), to, f.Code[to].Op, depth[to], d, from)
		}
		return nil
	}
	for len(work) > 0 {
		pc := work[len(work)-1]
		work = work[:len(work)-1]
		in, d := f.Code[pc], depth[pc]
		target := pc + 1 + int(in.D) // checkInstr has checked jump targets
		var err error
		switch in.Op {
		case RET, THROW:
		case JMP:
			err = reach(pc, target, d)
		case JT, JF, FOREACH:
			if err = reach(pc, target, d); err == nil {
				err = reach(pc, pc+1, d)
			}
		case TLT, TLE, TGT, TGE, TEQ, TNE:
			// checkInstr has checked that a jmp follows.
			if err = reach(pc, pc+1, d); err == nil {
				err = reach(pc, pc+2, d)
			}
		case PUSHTRAP:
			if err = reach(pc, target, d); err == nil {
				err = reach(pc, pc+1, d+1)
			}
		case POPTRAP:
			if int(in.B) > d {
				return fmt.Errorf("bytecode: %s instruction %d (poptrap): pops %d exception handlers of %d", describe(f), pc, in.B, d)
			}
			err = reach(pc, pc+1, d-int(in.B))
		default:
			err = reach(pc, pc+1, d)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
