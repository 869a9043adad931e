package squirrel

import "drey/squirrel/compile"

// The object kinds other than tables and strings. Their behaviour lives
// in the VM; these declarations give the interpreter and the embedding API
// one place to find the fields.

// Array is a Squirrel array.
type Array struct {
	elems []Value
	id    uint32
}

// NewArray returns an array of the given values.
func NewArray(elems []Value) *Array { return &Array{elems: elems} }

// Len returns the number of elements.
func (a *Array) Len() int { return len(a.elems) }

// At returns element i; it panics if i is out of range, like a slice.
func (a *Array) At(i int) Value { return a.elems[i] }

// Append adds v at the end of the array.
func (a *Array) Append(v Value) { a.elems = append(a.elems, v) }

// proto is a compiled function ready to run: its Funcode with the
// constants converted to values once.
type proto struct {
	fc     *compile.Funcode
	code   []compile.Instr
	consts []Value
	funcs  []*proto
	name   *String
	file   string
}

// Closure is a Squirrel function with its captured outer variables.
type Closure struct {
	p        *proto
	outers   []*outer
	defaults []Value
	env      Value  // bindenv's environment (a strong reference on the imp), or null
	base     *Class // for methods: the base class of the class they belong to
	root     *Table
	id       uint32
}

// outer is a variable of an enclosing function that a closure uses. While
// the function runs, the variable lives in its stack slot (open); when the
// function returns, its value moves here (closed).
type outer struct {
	idx    int // stack index while open
	val    Value
	closed bool
}

// NativeFunc is a Go function callable from Squirrel. args[0] is this and
// the arguments follow; the slice is valid only during the call.
type NativeFunc func(vm *VM, args []Value) (Value, error)

// NativeClosure is a Go function callable from Squirrel.
type NativeClosure struct {
	fn   NativeFunc
	name string
	// nparams checks the number of arguments, counting this: n > 0 needs
	// exactly n, n < 0 at least -n, and 0 any number.
	nparams int
	env     Value
	id      uint32
}

// NewNative returns a native function. nparams counts this: n > 0 needs
// exactly n values, n < 0 at least -n, and 0 any number.
func NewNative(name string, nparams int, fn NativeFunc) *NativeClosure {
	return &NativeClosure{fn: fn, name: name, nparams: nparams}
}

// Generator states, as getstatus() names them.
const (
	genSuspended = iota
	genRunning
	genDead
)

// Generator is a suspended Squirrel function made by calling a function
// that yields.
type Generator struct {
	cl    *Closure
	regs  []Value // the frame's registers while suspended
	pc    int
	traps []trap // relative to the frame
	state int
	id    uint32
}

// Class is a Squirrel class.
type Class struct {
	base      *Class
	members   *Table // name -> member index: field (even) or method (odd) as an integer
	fields    []Value
	methods   []Value
	attrs     *Table // member name -> attributes, made on first use
	classAttr Value
	locked    bool // an instance exists; no new members
	meta      [numMeta]Value
	hasMeta   bool
	ctor      Value
	id        uint32
}

// Instance is an instance of a Squirrel class.
type Instance struct {
	class  *Class
	fields []Value
	id     uint32
}

// WeakRef is a weak reference to an object: the mark phase that enforces
// the memory budget clears it when nothing else refers to the object.
type WeakRef struct {
	target Value
	id     uint32
}

// UserData is an opaque Go value handed to Squirrel code by the host.
type UserData struct {
	Data     any
	delegate *Table
	typeName string
	id       uint32
}

// NewUserData wraps a Go value; typ is what typeof reports for it when
// the delegate has no _typeof (use "" for "userdata").
func NewUserData(data any, delegate *Table, typ string) *UserData {
	return &UserData{Data: data, delegate: delegate, typeName: typ}
}
