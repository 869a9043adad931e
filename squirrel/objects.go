package squirrel

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

// Closure is a Squirrel function with its captured outer variables.
type Closure struct {
	id uint32
}

// NativeClosure is a Go function callable from Squirrel.
type NativeClosure struct {
	id uint32
}

// Generator is a suspended Squirrel function made by calling a function
// that yields.
type Generator struct {
	id uint32
}

// Class is a Squirrel class.
type Class struct {
	id uint32
}

// Instance is an instance of a Squirrel class.
type Instance struct {
	id uint32
}

// WeakRef is a weak reference to an object.
type WeakRef struct {
	id uint32
}

// UserData is an opaque Go value handed to Squirrel code by the host.
type UserData struct {
	id uint32
}
