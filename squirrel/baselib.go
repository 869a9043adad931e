package squirrel

import (
	"io"
)

// The base library: the global functions of the reference's sqbaselib
// that imp code may use. Threads, compilestring, getstackinfos,
// seterrorhandler, setroottable and setconsttable are deliberately
// absent, as on the imp.

func (vm *VM) initBaseLib() {
	reg := func(name string, n int, fn NativeFunc) {
		vm.root.NewSlot(vm.Str(name), Value{o: &NativeClosure{fn: fn, name: name, nparams: n, id: vm.id()}})
	}
	vm.root.NewSlot(vm.Str("_version_"), vm.Str("Squirrel 3.0.4 stable"))
	vm.root.NewSlot(vm.Str("_versionnumber_"), Int(304))
	vm.root.NewSlot(vm.Str("_charsize_"), Int(1))
	vm.root.NewSlot(vm.Str("_intsize_"), Int(4))
	vm.root.NewSlot(vm.Str("_floatsize_"), Int(4))
	reg("getroottable", 1, func(vm *VM, args []Value) (Value, error) { return Value{o: vm.root}, nil })
	reg("getconsttable", 1, func(vm *VM, args []Value) (Value, error) { return Value{o: vm.consts}, nil })
	reg("assert", 2, func(vm *VM, args []Value) (Value, error) {
		if !args[1].Truth() {
			return Null, vm.errorf("assertion failed")
		}
		return Null, nil
	})
	reg("print", 2, func(vm *VM, args []Value) (Value, error) {
		s, err := vm.toString(args[1])
		if err != nil {
			return Null, err
		}
		if vm.opts.Stdout != nil {
			io.WriteString(vm.opts.Stdout, s)
		}
		return Null, nil
	})
	reg("error", 2, func(vm *VM, args []Value) (Value, error) {
		s, err := vm.toString(args[1])
		if err != nil {
			return Null, err
		}
		if vm.opts.Stderr != nil {
			io.WriteString(vm.opts.Stderr, s)
		}
		return Null, nil
	})
	reg("array", -2, func(vm *VM, args []Value) (Value, error) {
		n, err := vm.IntArg(args, 1)
		if err != nil {
			return Null, err
		}
		if n < 0 {
			return Null, vm.errorf("negative size")
		}
		if vm.opts.MemoryLimit > 0 && int(n)*sizeValue > vm.opts.MemoryLimit {
			return Null, vm.outOfMemory()
		}
		a := vm.newArray(int(n), 0)
		if len(args) > 2 {
			for i := range a.elems {
				a.elems[i] = args[2]
			}
		}
		return Value{o: a}, nil
	})
	reg("type", 2, func(vm *VM, args []Value) (Value, error) { return vm.Str(vm.typeName(args[1])), nil })
	reg("callee", 1, func(vm *VM, args []Value) (Value, error) {
		if n := len(vm.frames); n >= 2 {
			if f := vm.frames[n-2]; f.cl != nil {
				return Value{o: f.cl}, nil
			}
		}
		return Null, vm.errorf("no closure in the calls stack")
	})
	reg("collectgarbage", 1, func(vm *VM, args []Value) (Value, error) {
		vm.live = vm.mark(true)
		vm.allocated = vm.live
		return Int(0), nil
	})
	reg("enabledebuginfo", 2, func(vm *VM, args []Value) (Value, error) { return Null, nil })
}
