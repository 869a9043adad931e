// Package compile turns a Squirrel syntax tree into function prototypes
// for the VM, and defines their instruction set and compact binary
// encoding.
package compile

import "fmt"

// Op is the operation of an instruction.
//
// The VM is a register machine, like the reference implementation: each
// function call has a window of stack slots (registers). Register 0 holds
// `this`, the parameters follow, then the locals, then temporaries. In the
// descriptions below, R(x) is register x, K(x) is constant x of the
// function, and "pc" is the index of the next instruction.
type Op uint8

// The instruction set. Operands are A, B, C (8 bits each) and D (32 bits).
const (
	NOP Op = iota

	// Loads.
	LOADK     // R(A) = K(D)
	LOADINT   // R(A) = integer D
	LOADNULLS // R(A) .. R(A+B-1) = null
	LOADBOOL  // R(A) = B != 0
	LOADROOT  // R(A) = the root table
	MOVE      // R(A) = R(B)
	LOADBASE  // R(A) = the base class of the function's class, or null

	// Slots. GET and GETK consult delegates and metamethods.
	GETK     // R(A) = R(B)[K(D)]
	GET      // R(A) = R(B)[R(C)]
	SETK     // R(A)[K(D)] = R(B)
	SET      // R(A)[R(C)] = R(B)
	GETENV   // R(A) = this[K(D)], falling back to the root table
	SETENV   // this[K(D)] = R(B), falling back to the root table
	NEWSLOT  // R(A)[R(C)] <- R(B)
	NEWSLOTK // R(A)[K(D)] <- R(B)
	DELETE   // R(A) = delete R(B)[R(C)]
	GETOUTER // R(A) = outer D
	SETOUTER // outer D = R(B)

	// Arithmetic and comparison: R(A) = R(B) op R(C).
	ADD
	SUB
	MUL
	DIV
	MOD
	BAND
	BOR
	BXOR
	SHL
	SHR
	USHR
	EQ
	NE
	LT
	LE
	GT
	GE
	CMP3       // <=>
	EXISTS     // R(A) = R(B) in R(C)
	INSTANCEOF // R(A) = R(B) instanceof R(C)

	// Unary: R(A) = op R(B).
	NEG
	NOT
	BNOT
	TYPEOF
	CLONE
	INCR // R(A) = R(B) + D, where D is +1 or -1 (numbers only, or the _add metamethod)

	// Constructors.
	NEWTABLE  // R(A) = {} with room for D slots
	NEWARRAY  // R(A) = [] with room for D elements
	APPEND    // R(A).append(R(B))
	CLOSURE   // R(A) = closure of function D; its default values are R(B) .. R(B+n-1)
	NEWCLASS  // R(A) = class extends R(B) if C&1, with attributes R(B+1) if C&2
	NEWMEMBER // class R(A): slot R(C) <- R(B); D&1: static; D&2: attributes in R(C+1)

	// Control.
	JMP   // pc += D
	JT    // if R(A) is true, pc += D
	JF    // if R(A) is false, pc += D
	CALL  // R(A) = R(B)(this=R(B+1), args R(B+2) .. R(B+C-1)); C counts this
	CALLK // R(A) = R(B)[K(D)](this=R(B), args R(B+1)..), the method call form: R(B) is both object and this
	RET   // return R(A) if B != 0, else null
	YIELD // yield R(A) if B != 0, else null; on resume R(C) = the value passed
	CLOSE // close the outers that refer to registers >= A

	// Exceptions.
	PUSHTRAP // on an exception, store it in R(A) and continue at pc+D
	POPTRAP  // drop the innermost B handlers
	THROW    // throw R(A)

	// Iteration: R(A) is the container, R(A+1) the iterator state, R(B)
	// the key and R(C) the value.
	FOREACH  // advance; when the container is exhausted, pc += D
	PREPITER // prepare R(A) for iteration: R(A+1) = initial state; pc += D if it is empty

	numOps
)

var opNames = [...]string{
	NOP: "nop", LOADK: "loadk", LOADINT: "loadint", LOADNULLS: "loadnulls", LOADBOOL: "loadbool",
	LOADROOT: "loadroot", MOVE: "move", LOADBASE: "loadbase",
	GETK: "getk", GET: "get", SETK: "setk", SET: "set", GETENV: "getenv", SETENV: "setenv",
	NEWSLOT: "newslot", NEWSLOTK: "newslotk", DELETE: "delete", GETOUTER: "getouter", SETOUTER: "setouter",
	ADD: "add", SUB: "sub", MUL: "mul", DIV: "div", MOD: "mod", BAND: "band", BOR: "bor", BXOR: "bxor",
	SHL: "shl", SHR: "shr", USHR: "ushr", EQ: "eq", NE: "ne", LT: "lt", LE: "le", GT: "gt", GE: "ge",
	CMP3: "cmp3", EXISTS: "exists", INSTANCEOF: "instanceof",
	NEG: "neg", NOT: "not", BNOT: "bnot", TYPEOF: "typeof", CLONE: "clone", INCR: "incr",
	NEWTABLE: "newtable", NEWARRAY: "newarray", APPEND: "append", CLOSURE: "closure",
	NEWCLASS: "newclass", NEWMEMBER: "newmember",
	JMP: "jmp", JT: "jt", JF: "jf", CALL: "call", CALLK: "callk", RET: "ret", YIELD: "yield", CLOSE: "close",
	PUSHTRAP: "pushtrap", POPTRAP: "poptrap", THROW: "throw",
	FOREACH: "foreach", PREPITER: "prepiter",
}

// String returns the op's mnemonic, as the disassembler prints it.
func (op Op) String() string {
	if op < numOps && opNames[op] != "" {
		return opNames[op]
	}
	return fmt.Sprintf("op(%d)", uint8(op))
}

// Instr is one instruction.
type Instr struct {
	Op      Op
	A, B, C uint8
	D       int32
}
