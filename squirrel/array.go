package squirrel

// The array default delegate.

func arr(v Value) *Array { return v.o.(*Array) }

// growAccount records the growth of an array's backing store.
func (vm *VM) appendElems(a *Array, vs ...Value) {
	before := cap(a.elems)
	a.elems = append(a.elems, vs...)
	if c := cap(a.elems); c > before {
		vm.account((c - before) * sizeValue)
	}
}

func (vm *VM) arrayIndex(a []Value, i int, n int, allowEnd bool) (int, error) {
	idx, err := vm.IntArg(a, i)
	if err != nil {
		return 0, err
	}
	if idx < 0 || int(idx) > n || (!allowEnd && int(idx) == n) {
		return 0, vm.errorf("index out of range")
	}
	return int(idx), nil
}

var arrayMethods = []nativeDef{
	{"len", 1, func(vm *VM, a []Value) (Value, error) { return Int(int32(len(arr(a[0]).elems))), nil }},
	{"append", 2, func(vm *VM, a []Value) (Value, error) {
		vm.appendElems(arr(a[0]), a[1])
		return a[0], nil
	}},
	{"push", 2, func(vm *VM, a []Value) (Value, error) {
		vm.appendElems(arr(a[0]), a[1])
		return a[0], nil
	}},
	{"extend", 2, func(vm *VM, a []Value) (Value, error) {
		o, ok := a[1].o.(*Array)
		if !ok {
			return Null, vm.ArgError(1, a[1], "array")
		}
		vm.appendElems(arr(a[0]), o.elems...)
		return a[0], nil
	}},
	{"pop", 1, func(vm *VM, a []Value) (Value, error) {
		x := arr(a[0])
		if len(x.elems) == 0 {
			return Null, vm.errorf("empty array")
		}
		v := x.elems[len(x.elems)-1]
		x.elems[len(x.elems)-1] = Null
		x.elems = x.elems[:len(x.elems)-1]
		return v, nil
	}},
	{"top", 1, func(vm *VM, a []Value) (Value, error) {
		x := arr(a[0])
		if len(x.elems) == 0 {
			return Null, vm.errorf("top() on a empty array")
		}
		return x.elems[len(x.elems)-1], nil
	}},
	{"insert", 3, func(vm *VM, a []Value) (Value, error) {
		x := arr(a[0])
		i, err := vm.arrayIndex(a, 1, len(x.elems), true)
		if err != nil {
			return Null, err
		}
		vm.appendElems(x, Null)
		copy(x.elems[i+1:], x.elems[i:])
		x.elems[i] = a[2]
		return a[0], nil
	}},
	{"remove", 2, func(vm *VM, a []Value) (Value, error) {
		x := arr(a[0])
		i, err := vm.arrayIndex(a, 1, len(x.elems), false)
		if err != nil {
			if e, ok := err.(*Error); ok && e.Msg == "index out of range" {
				return Null, vm.errorf("idx out of range")
			}
			return Null, err
		}
		v := x.elems[i]
		copy(x.elems[i:], x.elems[i+1:])
		x.elems[len(x.elems)-1] = Null
		x.elems = x.elems[:len(x.elems)-1]
		return v, nil
	}},
	{"resize", -2, func(vm *VM, a []Value) (Value, error) {
		x := arr(a[0])
		n, err := vm.IntArg(a, 1)
		if err != nil {
			return Null, err
		}
		if n < 0 {
			return Null, vm.errorf("negative size")
		}
		if vm.opts.MemoryLimit > 0 && int(n)*sizeValue > vm.opts.MemoryLimit {
			return Null, vm.outOfMemory()
		}
		fill := Null
		if len(a) > 2 {
			fill = a[2]
		}
		if int(n) <= len(x.elems) {
			clear(x.elems[n:])
			x.elems = x.elems[:n]
		} else {
			for len(x.elems) < int(n) {
				vm.appendElems(x, fill)
			}
		}
		return a[0], nil
	}},
	{"sort", -1, func(vm *VM, a []Value) (Value, error) {
		cmp := Null
		if len(a) > 1 {
			cmp = a[1]
			if !IsCallable(cmp) {
				return Null, vm.ArgError(1, cmp, "function")
			}
		}
		return a[0], vm.sortArray(arr(a[0]), cmp)
	}},
	{"reverse", 1, func(vm *VM, a []Value) (Value, error) {
		e := arr(a[0]).elems
		for i, j := 0, len(e)-1; i < j; i, j = i+1, j-1 {
			e[i], e[j] = e[j], e[i]
		}
		return a[0], nil
	}},
	{"slice", -2, func(vm *VM, a []Value) (Value, error) {
		e := arr(a[0]).elems
		i, j, err := vm.sliceRange(a, len(e))
		if err != nil {
			return Null, err
		}
		return Value{o: vm.NewArrayOf(e[i:j])}, nil
	}},
	{"clear", 1, func(vm *VM, a []Value) (Value, error) {
		x := arr(a[0])
		clear(x.elems)
		x.elems = x.elems[:0]
		return a[0], nil
	}},
	{"map", 2, func(vm *VM, a []Value) (Value, error) {
		if !IsCallable(a[1]) {
			return Null, vm.ArgError(1, a[1], "function")
		}
		src := arr(a[0])
		out := vm.newArray(0, len(src.elems))
		for i := 0; i < len(src.elems); i++ {
			v, err := vm.call(a[1], a[0], src.elems[i])
			if err != nil {
				return Null, err
			}
			out.elems = append(out.elems, v)
		}
		return Value{o: out}, nil
	}},
	{"apply", 2, func(vm *VM, a []Value) (Value, error) {
		if !IsCallable(a[1]) {
			return Null, vm.ArgError(1, a[1], "function")
		}
		x := arr(a[0])
		for i := 0; i < len(x.elems); i++ {
			v, err := vm.call(a[1], a[0], x.elems[i])
			if err != nil {
				return Null, err
			}
			if i < len(x.elems) {
				x.elems[i] = v
			}
		}
		return a[0], nil
	}},
	{"reduce", 2, func(vm *VM, a []Value) (Value, error) {
		if !IsCallable(a[1]) {
			return Null, vm.ArgError(1, a[1], "function")
		}
		x := arr(a[0])
		if len(x.elems) == 0 {
			return Null, nil
		}
		acc := x.elems[0]
		for i := 1; i < len(x.elems); i++ {
			v, err := vm.call(a[1], a[0], acc, x.elems[i])
			if err != nil {
				return Null, err
			}
			acc = v
		}
		return acc, nil
	}},
	{"filter", 2, func(vm *VM, a []Value) (Value, error) {
		if !IsCallable(a[1]) {
			return Null, vm.ArgError(1, a[1], "function")
		}
		x := arr(a[0])
		out := vm.newArray(0, 0)
		for i := 0; i < len(x.elems); i++ {
			v := x.elems[i]
			keep, err := vm.call(a[1], a[0], Int(int32(i)), v)
			if err != nil {
				return Null, err
			}
			if keep.Truth() {
				vm.appendElems(out, v)
			}
		}
		return Value{o: out}, nil
	}},
	{"find", 2, func(vm *VM, a []Value) (Value, error) {
		for i, v := range arr(a[0]).elems {
			if vm.equal(v, a[1]) {
				return Int(int32(i)), nil
			}
		}
		return Null, nil
	}},
}

// sortArray sorts in place with the VM's comparison or a Squirrel
// comparator, and reports the first error a comparison raises. It is the
// reference's heap sort, with its 0-based heap whose children of i are
// 2i and 2i+1, so that elements that compare equal end up in the same
// order as there.
func (vm *VM) sortArray(a *Array, cmp Value) error {
	compare := func(x, y Value) (int, error) {
		if cmp.o == nil {
			return vm.compare(x, y)
		}
		v, err := vm.call(cmp, Value{o: vm.root}, x, y)
		if err != nil {
			return 0, err
		}
		n, ok := v.AsInt()
		if !ok {
			f, isFloat := v.AsFloat()
			if !isFloat {
				return 0, vm.errorf("numeric value expected as return value of the compare function")
			}
			n = floatToInt(f)
		}
		return int(n), nil
	}
	n := len(a.elems)
	if n < 2 {
		return nil
	}
	e := a.elems
	siftDown := func(root, bottom int) error {
		for root*2 <= bottom {
			child := root * 2
			if child != bottom {
				r, err := compare(e[child], e[child+1])
				if err != nil {
					return err
				}
				if r <= 0 {
					child++
				}
			}
			r, err := compare(e[root], e[child])
			if err != nil {
				return err
			}
			if r >= 0 {
				return nil
			}
			if root == child {
				return vm.errorf("inconsistent compare function")
			}
			if len(a.elems) != n {
				return vm.errorf("array resized during sort operation")
			}
			e[root], e[child] = e[child], e[root]
			root = child
		}
		return nil
	}
	for i := n / 2; i >= 0; i-- {
		if err := siftDown(i, n-1); err != nil {
			return err
		}
	}
	for i := n - 1; i >= 1; i-- {
		e[0], e[i] = e[i], e[0]
		if err := siftDown(0, i-1); err != nil {
			return err
		}
	}
	return nil
}
