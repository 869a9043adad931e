// Package compile turns a Squirrel syntax tree into function prototypes
// for the VM, and defines their instruction set, their compact binary
// encoding (serial.go) and a disassembler.
package compile

import "fmt"

// Op is the operation of an instruction.
//
// The VM is a register machine, like the reference implementation: each
// call has a window of stack slots (registers). Register 0 holds `this`,
// the parameters follow, then vargv for variadic functions, then the
// locals, then temporaries. In the descriptions below R(x) is register x,
// K(x) is constant x of the function, and RK(C) is K(D) when C is KC and
// R(C) otherwise; "pc" is the index of the next instruction.
type Op uint8

// KC in the C operand of an instruction that takes RK(C) selects the
// constant K(D) instead of a register.
const KC = 255

// MaxRegisters is the number of registers a function may use; KC is not
// a register.
const MaxRegisters = 255

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
	LOADBASE  // R(A) = the base class of the class the running method belongs to, or null

	// Slots. GET and GETENV consult delegates and metamethods.
	GET     // R(A) = R(B)[RK(C)]
	SET     // R(A)[RK(C)] = R(B)
	NEWSLOT // R(A)[RK(C)] <- R(B)
	DELETE  // R(A) = delete R(B)[RK(C)]
	GETENV  // R(A) = this[K(D)], falling back to the root table
	SETENV  // this[K(D)] = R(A), falling back to the root table

	GETOUTER // R(A) = outer D
	SETOUTER // outer D = R(A)

	// Arithmetic and comparison: R(A) = R(B) op RK(C).
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
	EXISTS     // R(A) = R(B) in RK(C)
	INSTANCEOF // R(A) = R(B) instanceof RK(C)

	// Unary: R(A) = op R(B).
	NEG
	NOT
	BNOT
	TYPEOF
	CLONE
	RESUME

	// Constructors.
	NEWTABLE  // R(A) = {} with room for D slots
	NEWARRAY  // R(A) = [] with room for D elements
	APPEND    // R(A).append(R(B))
	CLOSURE   // R(A) = closure of function D; its default values are R(B) ..
	NEWCLASS  // R(A) = class extending R(B) (B = KC: none) with attributes R(C) (C = KC: none)
	NEWMEMBER // class R(A): slot RK... R(C) <- R(B); D&0xff: attributes register or KC; D&0x100: static

	// Control.
	JMP   // pc += D
	JT    // if R(A) is true, pc += D
	JF    // if R(A) is false, pc += D
	CALL  // R(C) = R(A)(this = R(A+1), args R(A+2) .. R(A+B)); B counts this
	RET   // return R(A) if B != 0, else null
	YIELD // yield R(A) if B != 0, else null; on resume R(C) = the value sent
	CLOSE // close the outers that refer to registers >= A

	// Exceptions.
	PUSHTRAP // on an exception, store it in R(A) and continue at pc+D
	POPTRAP  // drop the innermost B handlers
	THROW    // throw R(A)

	// Iteration: R(A) is the container, R(A+1) the iterator state, R(B)
	// the key and R(C) the value.
	PREPITER // R(A+1) = the start state for iterating R(A)
	FOREACH  // advance; when the container is exhausted, pc += D

	// Compare and branch: if (R(B) op RK(C)) != (A != 0), skip the next
	// instruction, which is a JMP. A condition compiles to one of these
	// and its jump, instead of a comparison, a test and a jump.
	TLT
	TLE
	TGT
	TGE
	TEQ
	TNE

	numOps
)

var opNames = [...]string{
	NOP: "nop", LOADK: "loadk", LOADINT: "loadint", LOADNULLS: "loadnulls", LOADBOOL: "loadbool",
	LOADROOT: "loadroot", MOVE: "move", LOADBASE: "loadbase",
	GET: "get", SET: "set", NEWSLOT: "newslot", DELETE: "delete", GETENV: "getenv", SETENV: "setenv",
	GETOUTER: "getouter", SETOUTER: "setouter",
	ADD: "add", SUB: "sub", MUL: "mul", DIV: "div", MOD: "mod", BAND: "band", BOR: "bor", BXOR: "bxor",
	SHL: "shl", SHR: "shr", USHR: "ushr", EQ: "eq", NE: "ne", LT: "lt", LE: "le", GT: "gt", GE: "ge",
	CMP3: "cmp3", EXISTS: "exists", INSTANCEOF: "instanceof",
	NEG: "neg", NOT: "not", BNOT: "bnot", TYPEOF: "typeof", CLONE: "clone", RESUME: "resume",
	NEWTABLE: "newtable", NEWARRAY: "newarray", APPEND: "append", CLOSURE: "closure",
	NEWCLASS: "newclass", NEWMEMBER: "newmember",
	JMP: "jmp", JT: "jt", JF: "jf", CALL: "call", RET: "ret", YIELD: "yield", CLOSE: "close",
	PUSHTRAP: "pushtrap", POPTRAP: "poptrap", THROW: "throw",
	PREPITER: "prepiter", FOREACH: "foreach",
	TLT: "tlt", TLE: "tle", TGT: "tgt", TGE: "tge", TEQ: "teq", TNE: "tne",
}

// String returns the op's mnemonic, as the disassembler prints it.
func (op Op) String() string {
	if op < numOps && opNames[op] != "" {
		return opNames[op]
	}
	return fmt.Sprintf("op(%d)", uint8(op))
}

// NumOps is the number of defined operations; decoders reject others.
const NumOps = int(numOps)

// Instr is one instruction.
type Instr struct {
	Op      Op
	A, B, C uint8
	D       int32
}
