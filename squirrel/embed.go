package squirrel

import (
	"fmt"
	"math"
	"sort"

	"drey/squirrel/compile"
)

// This file is the rest of the embedding API: constants, classes made
// from Go, and conversion of values between Go and Squirrel.

// SetConst defines a constant that code compiled afterwards by this VM
// sees, as if it had declared it with const. v must be an integer, a
// float, a string or a bool.
func (vm *VM) SetConst(name string, v Value) error {
	if _, ok := toConst(v); !ok {
		return fmt.Errorf("constant %s: a %s cannot be a constant", name, v.Kind())
	}
	vm.consts.NewSlot(vm.Str(name), v)
	return nil
}

func toConst(v Value) (compile.Const, bool) {
	switch v.o.(type) {
	case intMark:
		return compile.Const{Kind: compile.IntConst, Int: v.i()}, true
	case floatMark:
		return compile.Const{Kind: compile.FloatConst, Float: v.f()}, true
	case boolMark:
		return compile.Const{Kind: compile.BoolConst, Int: int32(v.n)}, true
	case *String:
		s, _ := v.AsString()
		return compile.Const{Kind: compile.StringConst, Str: s}, true
	}
	return compile.Const{}, false
}

func (vm *VM) fromConst(k compile.Const) Value {
	switch k.Kind {
	case compile.IntConst:
		return Int(k.Int)
	case compile.FloatConst:
		return vm.float(k.Float)
	case compile.StringConst:
		return vm.Str(k.Str)
	case compile.BoolConst:
		return Bool(k.Int != 0)
	}
	return Null
}

// compileOptions passes the VM's constant table to the compiler: a
// constant declared by one program, or set by the host, is known to the
// programs compiled after it, as in the reference.
func (vm *VM) compileOptions() compile.Options {
	o := compile.Options{Float32: vm.opts.Float32}
	for pos := 0; ; {
		k, v, next, ok := vm.consts.Next(pos)
		if !ok {
			break
		}
		pos = next
		name, _ := k.AsString()
		if c, ok := toConst(v); ok {
			if o.Consts == nil {
				o.Consts = map[string]compile.Const{}
			}
			o.Consts[name] = c
		} else if t := v.Table(); t != nil {
			members := map[string]compile.Const{}
			for p := 0; ; {
				mk, mv, n, ok := t.Next(p)
				if !ok {
					break
				}
				p = n
				ms, _ := mk.AsString()
				if c, ok := toConst(mv); ok {
					members[ms] = c
				}
			}
			if o.Enums == nil {
				o.Enums = map[string]map[string]compile.Const{}
			}
			o.Enums[name] = members
		}
	}
	return o
}

// recordConsts adds a loaded program's constants to the VM's table.
func (vm *VM) recordConsts(prog *compile.Program) {
	names := make([]string, 0, len(prog.Consts))
	for name := range prog.Consts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		vm.consts.NewSlot(vm.Str(name), vm.fromConst(prog.Consts[name]))
	}
	enums := make([]string, 0, len(prog.Enums))
	for name := range prog.Enums {
		enums = append(enums, name)
	}
	sort.Strings(enums)
	for _, name := range enums {
		members := prog.Enums[name]
		keys := make([]string, 0, len(members))
		for k := range members {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t := vm.NewTable(len(keys))
		for _, k := range keys {
			t.NewSlot(vm.Str(k), vm.fromConst(members[k]))
		}
		vm.consts.NewSlot(vm.Str(name), Value{o: t})
	}
}

// SetMember adds a member to a class made with NewClass: a method (a
// function, or any value when static) shared by the instances, or a
// field copied into each.
func (vm *VM) SetMember(c *Class, name string, v Value, static bool) error {
	return vm.classSet(c, vm.Str(name), v, static)
}

// ClassValue returns c as a value.
func ClassValue(c *Class) Value { return Value{o: c} }

// FromGo converts a Go value to a Squirrel value: nil, bool, integers
// (which must fit in 32 bits), floats, strings, []any, map[string]any,
// and Values themselves.
func (vm *VM) FromGo(x any) (Value, error) {
	return vm.fromGo(x, 0)
}

func (vm *VM) fromGo(x any, depth int) (Value, error) {
	if depth > 32 {
		return Null, fmt.Errorf("value nested more than 32 deep")
	}
	switch x := x.(type) {
	case nil:
		return Null, nil
	case Value:
		return x, nil
	case bool:
		return Bool(x), nil
	case int:
		if x < math.MinInt32 || x > math.MaxInt32 {
			return Null, fmt.Errorf("integer %d does not fit in 32 bits", x)
		}
		return Int(int32(x)), nil
	case int32:
		return Int(x), nil
	case int64:
		if x < math.MinInt32 || x > math.MaxInt32 {
			return Null, fmt.Errorf("integer %d does not fit in 32 bits", x)
		}
		return Int(int32(x)), nil
	case float32:
		return vm.float(float64(x)), nil
	case float64:
		return vm.float(x), nil
	case string:
		return vm.Str(x), nil
	case []any:
		a := vm.newArray(len(x), 0)
		for i, e := range x {
			v, err := vm.fromGo(e, depth+1)
			if err != nil {
				return Null, fmt.Errorf("[%d]: %w", i, err)
			}
			a.elems[i] = v
		}
		return Value{o: a}, nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		t := vm.NewTable(len(x))
		for _, k := range keys {
			v, err := vm.fromGo(x[k], depth+1)
			if err != nil {
				return Null, fmt.Errorf("%s: %w", k, err)
			}
			t.NewSlot(vm.Str(k), v)
		}
		return Value{o: t}, nil
	}
	return Null, fmt.Errorf("cannot convert a Go %T to Squirrel", x)
}

// ToGo converts a Squirrel value to Go: nil, bool, int32, float64,
// string, []any for arrays and map[any]any for tables (keys converted
// the same way). Other objects (functions, classes, instances, ...) are
// returned as the Value itself.
func ToGo(v Value) any {
	return toGo(v, 0)
}

func toGo(v Value, depth int) any {
	switch o := v.o.(type) {
	case nil:
		return nil
	case boolMark:
		return v.n != 0
	case intMark:
		return v.i()
	case floatMark:
		return v.f()
	case *String:
		return o.s
	case *Array:
		if depth > 32 {
			return v
		}
		out := make([]any, len(o.elems))
		for i, e := range o.elems {
			out[i] = toGo(e, depth+1)
		}
		return out
	case *Table:
		if depth > 32 {
			return v
		}
		out := make(map[any]any, o.Len())
		for pos := 0; ; {
			k, e, next, ok := o.Next(pos)
			if !ok {
				break
			}
			pos = next
			out[toGo(k, depth+1)] = toGo(e, depth+1)
		}
		return out
	}
	return v
}

// CallMethod calls obj.name(args...) from a native function, with this =
// obj, as Squirrel code would.
func (vm *VM) CallMethod(obj Value, name string, args ...Value) (Value, error) {
	f, err := vm.get(obj, vm.Str(name), false)
	if err != nil {
		return Null, err
	}
	return vm.call(f, obj, args...)
}
