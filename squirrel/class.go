package squirrel

import (
	"drey/squirrel/compile"
)

// newClass executes NEWCLASS: a class, optionally extending another.
func (vm *VM) newClass(ins compile.Instr, regs []Value) (Value, error) {
	var base *Class
	if ins.B != compile.KC {
		b, ok := regs[ins.B].o.(*Class)
		if !ok {
			return Null, vm.errorf("trying to inherit from a %s", vm.typeName(regs[ins.B]))
		}
		base = b
	}
	attrs := Null
	if ins.C != compile.KC {
		attrs = regs[ins.C]
	}
	c := vm.NewClass(base)
	c.classAttr = attrs
	if base != nil {
		if f := base.meta[metaInherited]; f.o != nil {
			if _, err := vm.callMeta(f, Value{o: c}, attrs); err != nil {
				return Null, err
			}
		}
	}
	return Value{o: c}, nil
}

// NewClass returns a new class, which inherits the members of base if it
// is not nil.
func (vm *VM) NewClass(base *Class) *Class {
	c := &Class{base: base, id: vm.id()}
	if base != nil {
		c.members = base.members.clone()
		c.members.id = vm.id()
		c.fields = append([]Value(nil), base.fields...)
		c.methods = append([]Value(nil), base.methods...)
		c.meta = base.meta
		c.hasMeta = base.hasMeta
		c.ctor = base.ctor
		if base.attrs != nil {
			c.attrs = base.attrs.clone()
		}
	} else {
		c.members = vm.NewTable(0)
	}
	vm.account(sizeClass)
	return c
}

// newMember adds or replaces a member of a class: class[key] <- val.
func (vm *VM) newMember(cv, key, val, attrs Value, static bool) error {
	c, ok := cv.o.(*Class)
	if !ok {
		return vm.errorf("indexing %s with %s", vm.typeName(cv), vm.typeName(key))
	}
	if key.o == nil {
		return vm.errorf("null cannot be used as index")
	}
	if f := c.meta[metaNewmember]; f.o != nil {
		_, err := vm.callMeta(f, cv, key, val, attrs, Bool(static))
		return err
	}
	return vm.classSet(c, key, val, static, attrs)
}

// classSet stores a member as the reference's SQClass::NewSlot does:
// functions and static members are shared by the instances (methods) and
// may be added even after the class has instances; other values are
// fields, copied into each instance, and need an unlocked class. An
// existing field keeps being a field.
func (vm *VM) classSet(c *Class, key, val Value, static bool, attrs ...Value) error {
	if key.o == nil {
		return vm.errorf("null cannot be used as index")
	}
	if cl, ok := val.o.(*Closure); ok {
		// A method remembers its class's base, for base.method().
		m := *cl
		m.id = vm.id()
		m.base = c.base
		val = Value{o: &m}
	}
	_, isFunc := val.o.(*Closure)
	if _, ok := val.o.(*NativeClosure); ok {
		isFunc = true
	}
	method := isFunc || static
	if c.locked && !method {
		return vm.errorf("trying to modify a class that has already been instantiated")
	}
	m, exists := c.members.Get(key)
	switch {
	case exists && m.i()&1 == 0:
		c.fields[m.i()>>1] = val
	case exists && method:
		c.methods[m.i()>>1] = val
	case method:
		c.methods = append(c.methods, val)
		vm.tableNewSlot(c.members, key, Int(int32(len(c.methods)-1)<<1|1))
	default:
		c.fields = append(c.fields, val)
		vm.tableNewSlot(c.members, key, Int(int32(len(c.fields)-1)<<1))
	}
	vm.account(sizeValue)
	if len(attrs) > 0 && attrs[0].o != nil {
		if c.attrs == nil {
			c.attrs = vm.NewTable(0)
		}
		vm.tableNewSlot(c.attrs, key, attrs[0])
	}
	if s, ok := key.o.(*String); ok {
		if s.s == "constructor" {
			c.ctor = val
		} else if m := metaIndex(s.s); m >= 0 {
			c.meta[m] = val
			c.hasMeta = true
		}
	}
	if vm.oom {
		return vm.outOfMemory()
	}
	return nil
}

// newInstance makes an instance without running its constructor.
func (vm *VM) newInstance(c *Class) *Instance {
	for b := c; b != nil && !b.locked; b = b.base {
		b.locked = true
	}
	inst := &Instance{class: c, fields: append([]Value(nil), c.fields...), id: vm.id()}
	vm.account(sizeInst + sizeValue*len(inst.fields))
	return inst
}

func (c *Class) isSubclassOf(d *Class) bool {
	for ; c != nil; c = c.base {
		if c == d {
			return true
		}
	}
	return false
}
