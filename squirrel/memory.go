package squirrel

// Memory accounting. Go's collector reclaims memory; the VM keeps its
// own estimate of the Squirrel heap to enforce Options.MemoryLimit. Each
// allocation adds an estimate of its size; when the total passes the
// limit, a mark phase from the VM's roots measures what is really live,
// and only if that is over the limit does the allocating operation raise
// "out of memory".

// Estimated sizes of objects, in bytes, close to what Go allocates.
const (
	sizeValue   = 24
	sizeNode    = 56
	sizeString  = 32
	sizeTable   = 64
	sizeArray   = 48
	sizeClosure = 96
	sizeClass   = 160
	sizeInst    = 48
)

// account records an allocation of n bytes.
func (vm *VM) account(n int) {
	vm.allocated += n
	limit := vm.opts.MemoryLimit
	if vm.grace {
		limit = vm.graceLimit
	}
	if limit > 0 && vm.allocated > limit && !vm.oom {
		vm.live = vm.mark(false)
		vm.allocated = vm.live
		if vm.live > limit {
			vm.oom = true
		} else if vm.live <= vm.opts.MemoryLimit {
			vm.grace = false
		}
	}
}

// outOfMemory returns the error for an exceeded budget and clears the
// condition. Until memory is freed, the budget is raised by an eighth,
// so that the code which catches the error can run (and free memory)
// rather than fail again at once.
func (vm *VM) outOfMemory() error {
	vm.oom = false
	vm.grace = true
	vm.graceLimit = max(vm.live, vm.opts.MemoryLimit) + vm.opts.MemoryLimit/8
	return vm.errorf("out of memory")
}

// MemoryInUse runs a mark phase and returns the estimated bytes of live
// Squirrel objects.
func (vm *VM) MemoryInUse() int {
	vm.live = vm.mark(false)
	vm.allocated = vm.live
	return vm.live
}

// Pin keeps v alive (for the memory accounting and weak references)
// while the host holds it outside the VM, for example a callback
// registered with a timer. Each Pin needs an Unpin.
func (vm *VM) Pin(v Value) {
	if v.o == nil {
		return
	}
	if vm.pins == nil {
		vm.pins = map[any]int{}
	}
	vm.pins[v.o]++
}

// Unpin undoes one Pin.
func (vm *VM) Unpin(v Value) {
	if n := vm.pins[v.o]; n > 1 {
		vm.pins[v.o] = n - 1
	} else {
		delete(vm.pins, v.o)
	}
}

// marker walks the object graph once.
type marker struct {
	seen  map[any]struct{}
	size  int
	weaks []*WeakRef
	stack []Value
}

// mark measures the live heap. With clearWeak it also clears weak
// references whose targets are not otherwise reachable.
func (vm *VM) mark(clearWeak bool) int {
	m := &marker{seen: make(map[any]struct{}, 64)}
	m.push(Value{o: vm.root})
	m.push(Value{o: vm.consts})
	for _, d := range vm.delegates {
		if d != nil {
			m.push(Value{o: d})
		}
	}
	for o := range vm.pins {
		m.push(Value{o: o})
	}
	for i := range vm.frames {
		f := vm.frames[i]
		if f.cl != nil {
			m.push(Value{o: f.cl})
		}
		if f.gen != nil {
			m.push(Value{o: f.gen})
		}
	}
	if top := vm.top(); top <= len(vm.stack) {
		for _, v := range vm.stack[:top] {
			m.push(v)
		}
	}
	m.size += len(vm.stack) * sizeValue
	m.drain()
	if clearWeak {
		for o, w := range vm.weakRefs {
			if _, ok := m.seen[o]; !ok {
				delete(vm.weakRefs, o)
				w.target = Null
			}
		}
		for _, w := range m.weaks {
			if _, ok := m.seen[w.target.o]; !ok {
				delete(vm.weakRefs, w.target.o)
				w.target = Null
			}
		}
	}
	return m.size
}

func (m *marker) push(v Value) {
	switch v.o.(type) {
	case nil, intMark, floatMark, boolMark:
		return
	}
	if _, ok := m.seen[v.o]; ok {
		return
	}
	m.seen[v.o] = struct{}{}
	m.stack = append(m.stack, v)
}

func (m *marker) drain() {
	for len(m.stack) > 0 {
		v := m.stack[len(m.stack)-1]
		m.stack = m.stack[:len(m.stack)-1]
		switch o := v.o.(type) {
		case *String:
			m.size += sizeString + len(o.s)
		case *Table:
			m.table(o)
		case *Array:
			m.size += sizeArray + cap(o.elems)*sizeValue
			for _, e := range o.elems {
				m.push(e)
			}
		case *Closure:
			m.size += sizeClosure + 8*len(o.outers) + sizeValue*len(o.defaults)
			for _, ov := range o.outers {
				if ov.closed {
					m.push(ov.val)
				}
			}
			for _, d := range o.defaults {
				m.push(d)
			}
			m.push(o.env)
			if o.base != nil {
				m.push(Value{o: o.base})
			}
		case *NativeClosure:
			m.size += 64
			m.push(o.env)
		case *Generator:
			m.size += sizeClosure + sizeValue*len(o.regs)
			m.push(Value{o: o.cl})
			for _, r := range o.regs {
				m.push(r)
			}
		case *Class:
			m.size += sizeClass + sizeValue*(len(o.fields)+len(o.methods))
			m.table(o.members)
			for _, f := range o.fields {
				m.push(f)
			}
			for _, f := range o.methods {
				m.push(f)
			}
			if o.attrs != nil {
				m.push(Value{o: o.attrs})
			}
			m.push(o.classAttr)
			if o.base != nil {
				m.push(Value{o: o.base})
			}
		case *Instance:
			m.size += sizeInst + sizeValue*len(o.fields)
			m.push(Value{o: o.class})
			for _, f := range o.fields {
				m.push(f)
			}
		case *WeakRef:
			m.size += 32
			m.weaks = append(m.weaks, o)
		case *UserData:
			m.size += 64
			if s, ok := o.Data.(interface{ Size() int }); ok {
				m.size += s.Size()
			}
			if o.delegate != nil {
				m.push(Value{o: o.delegate})
			}
		}
	}
}

func (m *marker) table(t *Table) {
	m.size += sizeTable + len(t.nodes)*sizeNode
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.key.o != nil {
			m.push(n.key)
			m.push(n.val)
		}
	}
	if t.delegate != nil {
		m.push(Value{o: t.delegate})
	}
}
