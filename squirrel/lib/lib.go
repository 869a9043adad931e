// Package lib holds Squirrel's standard libraries as the imp provides
// them: math (as the math table), the string functions, blob, and the
// system functions time, date and clock.
package lib

import (
	"drey/squirrel"
)

// Options select how the libraries are installed.
type Options struct {
	// MathGlobals also installs the math functions as globals (abs,
	// sqrt, ...), as the reference's sq interpreter does. The imp has
	// them only in the math table.
	MathGlobals bool
}

// Open installs the standard libraries in vm's root table.
func Open(vm *squirrel.VM, opts Options) {
	openMath(vm, opts.MathGlobals)
	openSystem(vm)
	openString(vm)
	openBlob(vm)
}

func fn(vm *squirrel.VM, t *squirrel.Table, name string, nparams int, f squirrel.NativeFunc) {
	t.NewSlot(vm.Str(name), squirrel.FuncValue(squirrel.NewNative(name, nparams, f)))
}
