package squirrel

import (
	"math"
	"strconv"

	"drey/squirrel/compile"
)

// typeName returns what typeof would say of v, without metamethods.
func (vm *VM) typeName(v Value) string {
	if u, ok := v.o.(*UserData); ok && u.typeName != "" {
		return u.typeName
	}
	return v.Kind().String()
}

// keyString formats a key for "the index '...' does not exist".
func (vm *VM) keyString(k Value) string {
	switch k.o.(type) {
	case *String:
		s, _ := k.AsString()
		return s
	case intMark:
		return strconv.Itoa(int(k.i()))
	case floatMark:
		return strconv.FormatFloat(k.f(), 'g', 14, 64)
	}
	return vm.typeName(k)
}

func (vm *VM) indexError(k Value) error {
	return vm.errorf("the index '%s' does not exist", vm.keyString(k))
}

// get reads obj[key] as the reference's Get does: the raw slot, then the
// delegate and _get, then the type's default delegate.
func (vm *VM) get(obj, key Value, raw bool) (Value, error) {
	v, found, err := vm.tryGet(obj, key, raw)
	if err != nil {
		return Null, err
	}
	if !found {
		return Null, vm.indexError(key)
	}
	return v, nil
}

// tryGet is get that reports a missing slot as found == false.
func (vm *VM) tryGet(obj, key Value, raw bool) (v Value, found bool, err error) {
	v, found, err = vm.tryGetSlot(obj, key, raw)
	return realval(v), found, err
}

func (vm *VM) tryGetSlot(obj, key Value, raw bool) (v Value, found bool, err error) {
	switch o := obj.o.(type) {
	case *Table:
		if v, ok := o.Get(key); ok {
			return v, true, nil
		}
		if raw {
			return Null, false, nil
		}
		if d := o.delegate; d != nil {
			if v, ok, err := vm.tryGet(Value{o: d}, key, false); err != nil || ok {
				return v, ok, err
			}
			if f, ok := d.Get(vm.metaNames[metaGet]); ok {
				return vm.metaGetCall(f, obj, key)
			}
		}
	case *Instance:
		if m, ok := o.class.members.Get(key); ok {
			if i := m.i(); i&1 == 0 {
				return o.fields[i>>1], true, nil
			} else {
				return o.class.methods[i>>1], true, nil
			}
		}
		if raw {
			return Null, false, nil
		}
		if f := o.class.meta[metaGet]; f.o != nil {
			return vm.metaGetCall(f, obj, key)
		}
	case *Class:
		if m, ok := o.members.Get(key); ok {
			if i := m.i(); i&1 == 0 {
				return o.fields[i>>1], true, nil
			} else {
				return o.methods[i>>1], true, nil
			}
		}
		if raw {
			return Null, false, nil
		}
	case *Array:
		if n, ok := key.AsNumber(); ok && key.Kind() != BoolKind {
			i := int(floatToInt(n))
			if i >= 0 && i < len(o.elems) {
				return o.elems[i], true, nil
			}
			return Null, false, nil
		}
	case *String:
		if n, ok := key.AsNumber(); ok && key.Kind() != BoolKind {
			i := int(floatToInt(n))
			if i >= 0 && i < len(o.s) {
				return Int(int32(o.s[i])), true, nil
			}
			return Null, false, nil
		}
	case *UserData:
		if o.delegate != nil {
			if v, ok := o.delegate.Get(key); ok {
				return v, true, nil
			}
			if f, ok := o.delegate.Get(vm.metaNames[metaGet]); ok {
				return vm.metaGetCall(f, obj, key)
			}
		}
		return Null, false, nil
	}
	if raw {
		return Null, false, nil
	}
	if d := vm.delegates[obj.Kind()]; d != nil {
		if v, ok := d.Get(key); ok {
			return v, true, nil
		}
	}
	return Null, false, nil
}

// metaGetCall calls _get. By the reference's convention, _get throws null
// to say the slot does not exist, which becomes the usual index error.
func (vm *VM) metaGetCall(f, obj, key Value) (Value, bool, error) {
	v, err := vm.callMeta(f, obj, key)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Value.o == nil && !e.fatal {
			return Null, false, nil
		}
		return Null, false, err
	}
	return v, true, nil
}

// set writes obj[key] = val to an existing slot, as the reference's Set.
func (vm *VM) set(obj, key, val Value, raw bool) error {
	switch o := obj.o.(type) {
	case *Table:
		if key.o == nil {
			return vm.errorf("null cannot be used as index")
		}
		if o.Set(key, val) {
			return nil
		}
		if raw {
			break
		}
		if d := o.delegate; d != nil {
			// The reference writes an existing slot of the delegate
			// chain before it tries _set.
			for x := d; x != nil; x = x.delegate {
				if x.Set(key, val) {
					return nil
				}
			}
			if f, ok := d.Get(vm.metaNames[metaSet]); ok {
				return vm.metaSetCall(f, obj, key, val)
			}
		}
	case *Instance:
		if m, ok := o.class.members.Get(key); ok {
			if i := m.i(); i&1 == 0 {
				o.fields[i>>1] = val
				return nil
			}
		}
		if raw {
			break
		}
		if f := o.class.meta[metaSet]; f.o != nil {
			return vm.metaSetCall(f, obj, key, val)
		}
	case *Array:
		if n, ok := key.AsNumber(); ok && key.Kind() != BoolKind {
			i := int(floatToInt(n))
			if i >= 0 && i < len(o.elems) {
				o.elems[i] = val
				return nil
			}
		} else {
			return vm.errorf("indexing %s with %s", vm.typeName(obj), vm.typeName(key))
		}
	case *UserData:
		if o.delegate != nil {
			if f, ok := o.delegate.Get(vm.metaNames[metaSet]); ok {
				return vm.metaSetCall(f, obj, key, val)
			}
		}
	case *Class:
		return vm.errorf("trying to set 'class'")
	default:
		return vm.errorf("trying to set '%s'", vm.typeName(obj))
	}
	return vm.indexError(key)
}

func (vm *VM) metaSetCall(f, obj, key, val Value) error {
	_, err := vm.callMeta(f, obj, key, val)
	if e, ok := err.(*Error); ok && e.Value.o == nil && !e.fatal {
		return vm.indexError(key)
	}
	return err
}

// newSlot is obj[key] <- val.
func (vm *VM) newSlot(obj, key, val Value, static bool) error {
	if key.o == nil {
		return vm.errorf("null cannot be used as index")
	}
	switch o := obj.o.(type) {
	case *Table:
		if d := o.delegate; d != nil {
			if _, ok := o.Get(key); !ok {
				if f, ok := d.Get(vm.metaNames[metaNewslot]); ok {
					_, err := vm.callMeta(f, obj, key, val)
					return err
				}
			}
		}
		vm.tableNewSlot(o, key, val)
		if vm.oom {
			return vm.outOfMemory()
		}
		return nil
	case *Class:
		// <- on a class adds the member directly; only class bodies and
		// newmember() go through _newmember.
		return vm.classSet(o, key, val, static)
	case *Instance:
		if f := o.class.meta[metaNewslot]; f.o != nil {
			_, err := vm.callMeta(f, obj, key, val)
			return err
		}
		return vm.errorf("class instances do not support the new slot operator")
	}
	return vm.errorf("indexing %s with %s", vm.typeName(obj), vm.typeName(key))
}

// tableNewSlot creates or sets a slot, accounting for growth.
func (vm *VM) tableNewSlot(t *Table, key, val Value) {
	before := len(t.nodes)
	t.NewSlot(key, val)
	if after := len(t.nodes); after > before {
		vm.account((after - before) * sizeNode)
	}
}

func (vm *VM) deleteSlot(obj, key Value) (Value, error) {
	switch o := obj.o.(type) {
	case *Class:
		return Null, vm.errorf("attempt to delete a slot from a class")
	case *Table:
		if d := o.delegate; d != nil {
			if f, ok := d.Get(vm.metaNames[metaDelslot]); ok {
				return vm.callMeta(f, obj, key)
			}
		}
		v, ok := o.Delete(key)
		if !ok {
			return Null, vm.indexError(key)
		}
		return v, nil
	case *Instance:
		if f := o.class.meta[metaDelslot]; f.o != nil {
			return vm.callMeta(f, obj, key)
		}
		return Null, vm.errorf("cannot delete a slot from instance")
	case *UserData:
		if f, ok := vm.metaMethod(obj, metaDelslot); ok {
			return vm.callMeta(f, obj, key)
		}
	}
	return Null, vm.errorf("attempt to delete a slot from a %s", vm.typeName(obj))
}

// getEnv reads a name that is not a local: this[name], then the root
// table.
func (vm *VM) getEnv(fr *frame, this, key Value) (Value, error) {
	v, found, err := vm.tryGet(this, key, false)
	if err != nil || found {
		return v, err
	}
	if v, ok := vm.rootOf(fr).Get(key); ok {
		return v, nil
	}
	return Null, vm.indexError(key)
}

// setEnv writes a name that is not a local: this[name] if it exists,
// else the root table's.
func (vm *VM) setEnv(fr *frame, this, key, val Value) error {
	err := vm.set(this, key, val, false)
	if err == nil {
		return nil
	}
	if vm.rootOf(fr).Set(key, val) {
		return nil
	}
	return err
}

// arith performs a binary arithmetic or bitwise operation.
func (vm *VM) arith(op compile.Op, a, b Value) (Value, error) {
	_, ai := a.o.(intMark)
	_, bi := b.o.(intMark)
	if ai && bi {
		x, y := a.i(), b.i()
		switch op {
		case compile.ADD:
			return Int(x + y), nil
		case compile.SUB:
			return Int(x - y), nil
		case compile.MUL:
			return Int(x * y), nil
		case compile.DIV:
			if y == 0 {
				return Null, vm.errorf("division by zero")
			}
			if y == -1 {
				return Int(-x), nil
			}
			return Int(x / y), nil
		case compile.MOD:
			if y == 0 {
				return Null, vm.errorf("modulo by zero")
			}
			if y == -1 {
				return Int(0), nil
			}
			return Int(x % y), nil
		case compile.BAND:
			return Int(x & y), nil
		case compile.BOR:
			return Int(x | y), nil
		case compile.BXOR:
			return Int(x ^ y), nil
		case compile.SHL:
			return Int(x << (uint32(y) & 31)), nil
		case compile.SHR:
			return Int(x >> (uint32(y) & 31)), nil
		case compile.USHR:
			return Int(int32(uint32(x) >> (uint32(y) & 31))), nil
		}
	}
	switch op {
	case compile.BAND, compile.BOR, compile.BXOR, compile.SHL, compile.SHR, compile.USHR:
		return Null, vm.errorf("bitwise op between '%s' and '%s'", vm.typeName(a), vm.typeName(b))
	}
	if x, ok := a.AsNumber(); ok && a.Kind() != BoolKind {
		if y, ok := b.AsNumber(); ok && b.Kind() != BoolKind {
			switch op {
			case compile.ADD:
				return vm.float(x + y), nil
			case compile.SUB:
				return vm.float(x - y), nil
			case compile.MUL:
				return vm.float(x * y), nil
			case compile.DIV:
				return vm.float(x / y), nil
			case compile.MOD:
				return vm.float(math.Mod(x, y)), nil
			}
		}
	}
	if op == compile.ADD {
		if _, ok := a.o.(*String); ok {
			return vm.concat(a, b)
		}
		if _, ok := b.o.(*String); ok {
			return vm.concat(a, b)
		}
	}
	var m int
	var sym byte
	switch op {
	case compile.ADD:
		m, sym = metaAdd, '+'
	case compile.SUB:
		m, sym = metaSub, '-'
	case compile.MUL:
		m, sym = metaMul, '*'
	case compile.DIV:
		m, sym = metaDiv, '/'
	default:
		m, sym = metaModulo, '%'
	}
	if f, ok := vm.metaMethod(a, m); ok {
		return vm.callMeta(f, a, b)
	}
	return Null, vm.errorf("arith op %c on between '%s' and '%s'", sym, vm.typeName(a), vm.typeName(b))
}

func (vm *VM) concat(a, b Value) (Value, error) {
	x, err := vm.toString(a)
	if err != nil {
		return Null, err
	}
	y, err := vm.toString(b)
	if err != nil {
		return Null, err
	}
	left, ok := a.o.(*String)
	if !ok {
		left = newString(x)
	}
	r, n := left.concat(y)
	vm.account(sizeString + n)
	if vm.oom {
		return Null, vm.outOfMemory()
	}
	return Value{o: r}, nil
}

func (vm *VM) unaryMeta(v Value, m int, what string) (Value, error) {
	if f, ok := vm.metaMethod(v, m); ok {
		return vm.callMeta(f, v)
	}
	return Null, vm.errorf("attempt to %s a %s", what, vm.typeName(v))
}

// equal is ==: numbers by value across int and float, strings by
// content, everything else by identity.
func (vm *VM) equal(a, b Value) bool {
	switch x := a.o.(type) {
	case intMark:
		switch b.o.(type) {
		case intMark:
			return a.n == b.n
		case floatMark:
			return float64(a.i()) == b.f()
		}
		return false
	case floatMark:
		switch b.o.(type) {
		case intMark:
			return a.f() == float64(b.i())
		case floatMark:
			return a.f() == b.f()
		}
		return false
	case *String:
		y, ok := b.o.(*String)
		return ok && (x == y || x.s == y.s)
	}
	return same(a, b)
}

// compare returns <0, 0 or >0 for a < b, a == b, a > b.
func (vm *VM) compare(a, b Value) (int, error) {
	if x, ok := a.AsNumber(); ok && a.Kind() != BoolKind {
		if y, ok := b.AsNumber(); ok && b.Kind() != BoolKind {
			if a.Kind() == IntKind && b.Kind() == IntKind {
				switch ai, bi := a.i(), b.i(); {
				case ai < bi:
					return -1, nil
				case ai > bi:
					return 1, nil
				}
				return 0, nil
			}
			switch {
			case x < y:
				return -1, nil
			case x > y:
				return 1, nil
			}
			return 0, nil
		}
	}
	if a.Kind() == b.Kind() {
		switch x := a.o.(type) {
		case *String:
			y := b.o.(*String)
			switch {
			case x.s < y.s:
				return -1, nil
			case x.s > y.s:
				return 1, nil
			}
			return 0, nil
		case boolMark:
			return int(a.n) - int(b.n), nil
		case nil:
			return 0, nil
		case *Table, *Instance, *UserData:
			if f, ok := vm.metaMethod(a, metaCmp); ok {
				r, err := vm.callMeta(f, a, b)
				if err != nil {
					return 0, err
				}
				if n, ok := r.AsInt(); ok {
					return int(n), nil
				}
				return 0, vm.errorf("_cmp must return an integer")
			}
		}
		if same(a, b) {
			return 0, nil
		}
	} else if f, ok := vm.metaMethod(a, metaCmp); ok {
		r, err := vm.callMeta(f, a, b)
		if err != nil {
			return 0, err
		}
		if n, ok := r.AsInt(); ok {
			return int(n), nil
		}
		return 0, vm.errorf("_cmp must return an integer")
	}
	if a.o == nil {
		return -1, nil
	}
	if b.o == nil {
		return 1, nil
	}
	return 0, vm.errorf("comparison between '%s' and '%s'", vm.keyString(a), vm.keyString(b))
}

// exists is key in obj: a raw lookup, which consults neither delegates
// nor _get.
func (vm *VM) exists(obj, key Value) (bool, error) {
	_, found, err := vm.tryGet(obj, key, true)
	return found, err
}

func (vm *VM) typeOf(v Value) (Value, error) {
	if f, ok := vm.metaMethod(v, metaTypeof); ok {
		return vm.callMeta(f, v)
	}
	return vm.Str(vm.typeName(v)), nil
}

// clone makes a shallow copy of a table, array or instance; other values
// are returned as they are.
func (vm *VM) clone(v Value) (Value, error) {
	switch o := v.o.(type) {
	case *Table:
		t := o.clone()
		t.id = vm.id()
		vm.account(sizeTable + len(t.nodes)*sizeNode)
		c := Value{o: t}
		if f, ok := vm.metaMethod(c, metaCloned); ok {
			if _, err := vm.callMeta(f, c, v); err != nil {
				return Null, err
			}
		}
		return c, nil
	case *Array:
		return Value{o: vm.NewArrayOf(o.elems)}, nil
	case *Instance:
		inst := &Instance{class: o.class, fields: append([]Value(nil), o.fields...), id: vm.id()}
		vm.account(sizeInst + sizeValue*len(inst.fields))
		c := Value{o: inst}
		if f, ok := vm.metaMethod(c, metaCloned); ok {
			if _, err := vm.callMeta(f, c, v); err != nil {
				return Null, err
			}
		}
		return c, nil
	case *UserData:
		if f, ok := vm.metaMethod(v, metaCloned); ok {
			return vm.callMeta(f, v)
		}
		return Null, vm.errorf("cloning a %s", vm.typeName(v))
	}
	return Null, vm.errorf("cloning a %s", vm.typeName(v))
}

// iterate advances a foreach loop: regs[a] is the container, regs[a+1]
// the position; it sets regs[k] and regs[v] or reports done.
func (vm *VM) iterate(regs []Value, a, k, v int) (bool, error) {
	pos, ok := regs[a+1].AsInt()
	if !ok || pos < 0 {
		// Only hostile bytecode can get here: the compiler never
		// writes the iterator register.
		return false, vm.errorf("invalid foreach iterator")
	}
	switch o := regs[a].o.(type) {
	case *Table:
		key, val, next, ok := o.Next(int(pos))
		if !ok {
			return true, nil
		}
		regs[k], regs[v], regs[a+1] = key, val, Int(int32(next))
		return false, nil
	case *Array:
		if int(pos) >= len(o.elems) {
			return true, nil
		}
		regs[k], regs[v], regs[a+1] = Int(pos), o.elems[pos], Int(pos+1)
		return false, nil
	case *String:
		if int(pos) >= len(o.s) {
			return true, nil
		}
		regs[k], regs[v], regs[a+1] = Int(pos), Int(int32(o.s[pos])), Int(pos+1)
		return false, nil
	case *Class:
		key, val, next, ok := o.members.Next(int(pos))
		if !ok {
			return true, nil
		}
		i := val.i()
		if i&1 == 0 {
			val = o.fields[i>>1]
		} else {
			val = o.methods[i>>1]
		}
		regs[k], regs[v], regs[a+1] = key, val, Int(int32(next))
		return false, nil
	case *Generator:
		if o.state == genDead {
			return true, nil
		}
		r, err := vm.resume(o)
		if err != nil {
			return false, err
		}
		if o.state == genDead {
			return true, nil
		}
		// The stack may have moved: write through the frame.
		f := vm.frames[len(vm.frames)-1]
		vm.stack[f.base+k], vm.stack[f.base+v] = Int(pos), r
		vm.stack[f.base+a+1] = Int(pos + 1)
		return false, nil
	case *Instance, *UserData:
		obj := regs[a]
		f, ok := vm.metaMethod(obj, metaNexti)
		if !ok {
			return false, vm.errorf("_nexti failed")
		}
		prev := Null
		if pos > 0 {
			prev = regs[k]
		}
		key, err := vm.callMeta(f, obj, prev)
		if err != nil {
			return false, err
		}
		if key.o == nil {
			return true, nil
		}
		val, found, err := vm.tryGet(obj, key, false)
		if err != nil {
			return false, err
		}
		if !found {
			return false, vm.errorf("_nexti returned an invalid idx")
		}
		fr := vm.frames[len(vm.frames)-1]
		vm.stack[fr.base+k], vm.stack[fr.base+v] = key, val
		vm.stack[fr.base+a+1] = Int(1)
		return false, nil
	}
	return false, vm.errorf("cannot iterate %s", vm.typeName(regs[a]))
}
