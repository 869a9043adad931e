package squirrel

import "fmt"

// Helpers for native functions that check their arguments and report a
// wrong one as the reference does.

// ArgError is the reference's message for an argument of the wrong type;
// i counts this as 0.
func (vm *VM) ArgError(i int, v Value, expected string) error {
	return vm.errorf("parameter %d has an invalid type '%s' ; expected: '%s'", i, vm.typeName(v), expected)
}

// Errorf returns a Squirrel error with a formatted message, for native
// functions.
func (vm *VM) Errorf(format string, args ...any) error {
	return vm.errorf("%s", fmt.Sprintf(format, args...))
}

// IntArg returns argument i as an integer; floats are truncated.
func (vm *VM) IntArg(args []Value, i int) (int32, error) {
	if i >= len(args) {
		return 0, vm.errorf("wrong number of parameters")
	}
	switch args[i].o.(type) {
	case intMark:
		return args[i].i(), nil
	case floatMark:
		return floatToInt(args[i].f()), nil
	}
	return 0, vm.ArgError(i, args[i], "integer|float")
}

// FloatArg returns argument i as a float.
func (vm *VM) FloatArg(args []Value, i int) (float64, error) {
	if i >= len(args) {
		return 0, vm.errorf("wrong number of parameters")
	}
	switch args[i].o.(type) {
	case intMark:
		return float64(args[i].i()), nil
	case floatMark:
		return args[i].f(), nil
	}
	return 0, vm.ArgError(i, args[i], "integer|float")
}

// StringArg returns argument i, which must be a string.
func (vm *VM) StringArg(args []Value, i int) (string, error) {
	if i >= len(args) {
		return "", vm.errorf("wrong number of parameters")
	}
	if s, ok := args[i].AsString(); ok {
		return s, nil
	}
	return "", vm.ArgError(i, args[i], "string")
}

// optInt returns argument i as an integer, or def if it is absent.
func (vm *VM) optInt(args []Value, i int, def int32) (int32, error) {
	if i >= len(args) {
		return def, nil
	}
	return vm.IntArg(args, i)
}

// IsCallable reports whether v can be called.
func IsCallable(v Value) bool {
	switch v.o.(type) {
	case *Closure, *NativeClosure, *Class:
		return true
	}
	return false
}

// Throw returns the error that throws v, as Squirrel's throw statement;
// a _get or _set metamethod throws null to say a slot does not exist.
func (vm *VM) Throw(v Value) error { return vm.throwValue(v) }

// CallerThis returns the this of the Squirrel function that called the
// running native function: an imp API function that stores a callback
// uses it so the callback later runs with the this of the code that
// registered it. It returns the root table when there is no such caller.
func (vm *VM) CallerThis() Value {
	if n := len(vm.frames); n >= 2 {
		if f := vm.frames[n-2]; f.cl != nil {
			return vm.stack[f.base]
		}
	}
	return Value{o: vm.root}
}
