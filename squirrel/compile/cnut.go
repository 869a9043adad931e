package compile

// ReferenceCnutSize estimates the size of the .cnut file that the
// reference implementation, Squirrel 3.0.4 as built for the imp (32-bit:
// SQInteger, SQUnsignedInteger and SQFloat are 4 bytes, SQChar 1),
// writes with sq_writeclosure for a program with p's contents. It is the
// yardstick for the size of our encoding.
//
// The layout, from sqapi.cpp (sq_writeclosure), sqobject.cpp
// (SQClosure::Save, SQFunctionProto::Save, WriteObject, WriteTag) and
// sqfuncproto.h:
//
//	file:    SQ_BYTECODE_STREAM_TAG   2 bytes (0xFAFA)
//	         'SQIR' tag                4
//	         sizeof(SQChar), sizeof(SQInteger), sizeof(SQFloat)  3 × 4
//	         proto(main)
//	         'TAIL' tag                4
//	proto:   'PART' + object(sourcename) + object(name)
//	         'PART' + 8 counts × 4: literals, parameters, outervalues,
//	                  localvarinfos, lineinfos, defaultparams,
//	                  instructions, functions
//	         'PART' + literals:        object each
//	         'PART' + parameters:      object (the name) each
//	         'PART' + outervalues:     4 (type) + object(src) + object(name) each
//	         'PART' + localvarinfos:   object(name) + 3 × 4 (pos, start_op, end_op) each
//	         'PART' + lineinfos:       8 (SQLineInfo: line, op) each
//	         'PART' + defaultparams:   4 (a stack position) each
//	         'PART' + instructions:    8 (SQInstruction: arg1 int32, op, arg0, arg2, arg3) each
//	         'PART' + functions:       proto each
//	         _stacksize 4, _bgenerator 1 (a C++ bool), _varparams 4
//	object:  4-byte type tag, then a string's 4-byte length and bytes,
//	         or an integer, float or bool's 4 bytes, or nothing for null
//
// Each of our functions maps to one of their prototypes: the constant
// pool to the literals; "this", the parameters and vargv to the
// parameters; Outers to the outer values (whose src is an integer: a
// stack position or an outer index); Locals to the local variable
// infos; Lines to the line infos; NumDefaults to the default
// parameters; Code to the instructions; Funcs to the functions;
// MaxStack, Generator and Varargs to the trailing fields. The source
// name is repeated in every prototype, as the reference does; an
// anonymous function's name is null there.
//
// What is assumed: the reference compiler cannot be run here, so the
// counts are ours. Our compiler follows the reference's design (a
// register machine with one instruction per operation, the same
// literal pool of names and non-small numbers, a line entry where the
// line changes, a local info per declared name), but its instructions,
// literals, lines and locals are not one for one the same as the
// reference's: the reference has fused instructions we lack
// (_OP_PREPCALLK, _OP_GETK, _OP_DLOAD, _OP_INCL, ...) and reads a global
// by loading its name and indexing this rather than with one GETENV, so
// its counts differ from ours in both directions. The estimate is of
// a file with our counts: its per-prototype and per-object overheads
// are exact, its 8 bytes an instruction the uncertain part (the size
// test also reports the ratio with the instructions left out of the
// .cnut altogether).
func ReferenceCnutSize(p *Program) int {
	const (
		tag  = 4 // WriteTag: SQUnsignedInteger32
		word = 4 // SQInteger, SQUnsignedInteger, SQFloat on the imp
	)
	str := func(s string) int { return word + word + len(s) } // type, length, bytes
	var proto func(f *Funcode) int
	proto = func(f *Funcode) int {
		n := tag + str(p.File)
		if f.Name == "" {
			n += word // a null object
		} else {
			n += str(f.Name)
		}
		n += tag + 8*word

		n += tag
		for _, k := range f.Consts {
			switch k.Kind {
			case StringConst:
				n += str(k.Str)
			case NullConst:
				n += word
			default:
				n += word + word
			}
		}

		n += tag
		nparams := f.NumParams
		if f.Varargs {
			nparams++
		}
		for i := range nparams {
			n += str(paramName(f, i))
		}

		n += tag
		for _, o := range f.Outers {
			n += word + (word + word) + str(o.Name)
		}

		n += tag
		for _, l := range f.Locals {
			n += str(l.Name) + 3*word
		}

		n += tag + 2*word*len(f.Lines)
		n += tag + word*f.NumDefaults
		n += tag + 8*len(f.Code)

		n += tag
		for _, g := range f.Funcs {
			n += proto(g)
		}
		return n + word + 1 + word
	}
	return 2 + tag + 3*tag + proto(p.Main) + tag
}

// paramName returns the name of parameter register i of f: the local
// in that register from pc 0.
func paramName(f *Funcode, i int) string {
	for _, l := range f.Locals {
		if int(l.Reg) == i && l.Start == 0 {
			return l.Name
		}
	}
	return ""
}
