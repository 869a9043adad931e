// Package squirrel is a pure-Go implementation of the Squirrel 3.0.4
// language as Electric Imp ships it: 32-bit integers that wrap, byte
// strings, tables whose iteration order matches the reference
// implementation, classes, generators and exceptions, run by a sandboxed
// virtual machine with memory, instruction and call-depth limits.
//
// Source goes through squirrel/syntax (parsing) and squirrel/compile
// (bytecode) before this package runs it; squirrel/lib holds the
// standard libraries. Nothing in this package is global: many VMs can
// run side by side in one process, each on one goroutine at a time.
package squirrel

import (
	"math"
	"strconv"
)

// Value is a Squirrel value. The zero Value is null. Integers, floats and
// booleans are held in the Value itself and never allocate; every other
// kind refers to an object.
//
// A Value is 24 bytes: o holds nil for null, a zero-size marker for the
// scalar kinds, or a pointer to the object; n holds the scalar's bits.
// Telling kinds apart is a type assertion on o, which compiles to one
// comparison, and the representation needs no unsafe code.
type Value struct {
	o any
	n uint64
}

type (
	boolMark  struct{}
	intMark   struct{}
	floatMark struct{}
)

// Kind is the type of a Value, as typeof reports it (see Kind.String).
type Kind uint8

// The kinds of Squirrel values.
const (
	NullKind Kind = iota
	BoolKind
	IntKind
	FloatKind
	StringKind
	TableKind
	ArrayKind
	ClosureKind       // a Squirrel function
	NativeClosureKind // a Go function
	GeneratorKind
	ClassKind
	InstanceKind
	WeakRefKind
	UserDataKind
)

var kindNames = [...]string{
	NullKind:          "null",
	BoolKind:          "bool",
	IntKind:           "integer",
	FloatKind:         "float",
	StringKind:        "string",
	TableKind:         "table",
	ArrayKind:         "array",
	ClosureKind:       "function",
	NativeClosureKind: "function",
	GeneratorKind:     "generator",
	ClassKind:         "class",
	InstanceKind:      "instance",
	WeakRefKind:       "weakref",
	UserDataKind:      "userdata",
}

// String returns the name typeof gives values of kind k.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Null is the null value.
var Null = Value{}

// True and False are the boolean values.
var (
	True  = Value{o: boolMark{}, n: 1}
	False = Value{o: boolMark{}, n: 0}
)

// Bool returns the Squirrel boolean b.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// Int returns the Squirrel integer i.
func Int(i int32) Value { return Value{o: intMark{}, n: uint64(uint32(i))} }

// Float returns the Squirrel float f. A VM with 32-bit floats rounds
// the results of its own arithmetic; values made here are kept as given
// until they take part in it.
func Float(f float64) Value { return Value{o: floatMark{}, n: math.Float64bits(f)} }

// Kind returns the kind of v.
func (v Value) Kind() Kind {
	switch o := v.o.(type) {
	case nil:
		return NullKind
	case boolMark:
		return BoolKind
	case intMark:
		return IntKind
	case floatMark:
		return FloatKind
	case *String:
		return StringKind
	case *Table:
		return TableKind
	case *Array:
		return ArrayKind
	case *Closure:
		return ClosureKind
	case *NativeClosure:
		return NativeClosureKind
	case *Generator:
		return GeneratorKind
	case *Class:
		return ClassKind
	case *Instance:
		return InstanceKind
	case *WeakRef:
		return WeakRefKind
	case *UserData:
		return UserDataKind
	default:
		_ = o
		panic("squirrel: value of unknown kind")
	}
}

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.o == nil }

// AsInt returns v's integer and whether v is an integer.
func (v Value) AsInt() (int32, bool) {
	if _, ok := v.o.(intMark); ok {
		return int32(uint32(v.n)), true
	}
	return 0, false
}

// AsFloat returns v's float and whether v is a float.
func (v Value) AsFloat() (float64, bool) {
	if _, ok := v.o.(floatMark); ok {
		return math.Float64frombits(v.n), true
	}
	return 0, false
}

// AsBool returns v's boolean and whether v is a boolean.
func (v Value) AsBool() (bool, bool) {
	if _, ok := v.o.(boolMark); ok {
		return v.n != 0, true
	}
	return false, false
}

// AsNumber returns v as a float64 if it is an integer or a float.
func (v Value) AsNumber() (float64, bool) {
	switch v.o.(type) {
	case intMark:
		return float64(int32(uint32(v.n))), true
	case floatMark:
		return math.Float64frombits(v.n), true
	}
	return 0, false
}

// AsString returns v's string and whether v is a string.
func (v Value) AsString() (string, bool) {
	if s, ok := v.o.(*String); ok {
		return s.s, true
	}
	return "", false
}

// Table returns v's table, or nil if v is not a table.
func (v Value) Table() *Table { t, _ := v.o.(*Table); return t }

// Array returns v's array, or nil if v is not an array.
func (v Value) Array() *Array { a, _ := v.o.(*Array); return a }

// Instance returns v's instance, or nil if v is not an instance.
func (v Value) Instance() *Instance { i, _ := v.o.(*Instance); return i }

// Class returns v's class, or nil if v is not a class.
func (v Value) Class() *Class { c, _ := v.o.(*Class); return c }

// UserData returns v's user data, or nil if v is not user data.
func (v Value) UserData() *UserData { u, _ := v.o.(*UserData); return u }

// i returns the integer payload without checking the kind.
func (v Value) i() int32 { return int32(uint32(v.n)) }

// f returns the float payload without checking the kind.
func (v Value) f() float64 { return math.Float64frombits(v.n) }

// Truth reports whether v counts as true in a condition: null, false,
// 0 and 0.0 are false, everything else is true.
func (v Value) Truth() bool {
	switch v.o.(type) {
	case nil:
		return false
	case boolMark, intMark:
		return v.n != 0
	case floatMark:
		return v.f() != 0
	}
	return true
}

// same reports whether a and b are the same value in the sense of the
// reference VM's raw equality: equal scalars of the same kind, or the
// same object. Strings compare by content.
func same(a, b Value) bool {
	switch x := a.o.(type) {
	case nil:
		return b.o == nil
	case boolMark:
		_, ok := b.o.(boolMark)
		return ok && a.n == b.n
	case intMark:
		_, ok := b.o.(intMark)
		return ok && a.n == b.n
	case floatMark:
		_, ok := b.o.(floatMark)
		return ok && a.f() == b.f()
	case *String:
		y, ok := b.o.(*String)
		return ok && (x == y || (x.hash == y.hash && x.s == y.s))
	}
	return a.o == b.o
}

// TableValue, ArrayValue and FuncValue wrap objects as values.
func TableValue(t *Table) Value { return Value{o: t} }

// ArrayValue returns a as a value.
func ArrayValue(a *Array) Value { return Value{o: a} }

// FuncValue returns a native function as a value.
func FuncValue(f *NativeClosure) Value { return Value{o: f} }

// ObjectValue returns any of the VM's object types as a value; it
// returns null for anything else.
func ObjectValue(o any) Value {
	switch o.(type) {
	case *Table, *Array, *Closure, *NativeClosure, *Generator, *Class, *Instance, *WeakRef, *UserData, *String:
		return Value{o: o}
	}
	return Null
}

// FloatValue makes a float as the VM's arithmetic does: rounded to 32
// bits on a device.
func (vm *VM) FloatValue(f float64) Value { return vm.float(f) }
