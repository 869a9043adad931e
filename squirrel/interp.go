package squirrel

import (
	"math"

	"drey/squirrel/compile"
)

// run executes Squirrel code until the frame at index stop returns or
// yields, and returns its result. The caller has pushed that frame.
func (vm *VM) run(stop int) (Value, error) {
	vm.depth++
	defer func() { vm.depth-- }()
	if vm.depth > vm.opts.MaxCallDepth {
		return Null, vm.errorf("stack overflow")
	}
	var err error
reload:
	fi := len(vm.frames) - 1
	fr := vm.frames[fi]
	p := fr.p
	code := p.code
	consts := p.consts
	base := fr.base
	maxs := p.fc.MaxStack
	regs := vm.stack[base : base+maxs]
	pc := fr.pc
	for {
		ins := code[pc]
		pc++
		switch ins.Op {
		case compile.NOP:
		case compile.LOADK:
			regs[ins.A] = consts[ins.D]
		case compile.LOADINT:
			regs[ins.A] = Value{o: intMark{}, n: uint64(uint32(ins.D))}
		case compile.LOADNULLS:
			for i := int(ins.A); i < int(ins.A)+int(ins.B); i++ {
				regs[i] = Null
			}
		case compile.LOADBOOL:
			regs[ins.A] = Bool(ins.B != 0)
		case compile.LOADROOT:
			regs[ins.A] = Value{o: vm.rootOf(fr)}
		case compile.MOVE:
			regs[ins.A] = regs[ins.B]
		case compile.LOADBASE:
			if fr.cl != nil && fr.cl.base != nil {
				regs[ins.A] = Value{o: fr.cl.base}
			} else {
				regs[ins.A] = Null
			}
		case compile.GET:
			obj := regs[ins.B]
			var key Value
			if ins.C == compile.KC {
				key = consts[ins.D]
			} else {
				key = regs[ins.C]
			}
			// Fast paths: a string key in a table that has it, an
			// instance field or method, an array element.
			switch o := obj.o.(type) {
			case *Table:
				if s, ok := key.o.(*String); ok {
					if i := o.findString(s); i >= 0 {
						regs[ins.A] = realval(o.nodes[i].val)
						continue
					}
				} else if v, ok := o.Get(key); ok {
					regs[ins.A] = realval(v)
					continue
				}
			case *Instance:
				if s, ok := key.o.(*String); ok {
					if i := o.class.members.findString(s); i >= 0 {
						m := o.class.members.nodes[i].val.i()
						if m&1 == 0 {
							regs[ins.A] = realval(o.fields[m>>1])
						} else {
							regs[ins.A] = realval(o.class.methods[m>>1])
						}
						continue
					}
				}
			case *Array:
				if _, ok := key.o.(intMark); ok {
					if i := key.i(); i >= 0 && int(i) < len(o.elems) {
						regs[ins.A] = realval(o.elems[i])
						continue
					}
				}
			}
			fr.pc = pc
			var v Value
			v, err = vm.get(obj, key, false)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.SET:
			obj := regs[ins.A]
			var key Value
			if ins.C == compile.KC {
				key = consts[ins.D]
			} else {
				key = regs[ins.C]
			}
			val := regs[ins.B]
			switch o := obj.o.(type) {
			case *Table:
				if s, ok := key.o.(*String); ok {
					if i := o.findString(s); i >= 0 {
						o.nodes[i].val = val
						continue
					}
				}
			case *Instance:
				if s, ok := key.o.(*String); ok {
					if i := o.class.members.findString(s); i >= 0 {
						if m := o.class.members.nodes[i].val.i(); m&1 == 0 {
							o.fields[m>>1] = val
							continue
						}
					}
				}
			case *Array:
				if _, ok := key.o.(intMark); ok {
					if i := key.i(); i >= 0 && int(i) < len(o.elems) {
						o.elems[i] = val
						continue
					}
				}
			}
			fr.pc = pc
			err = vm.set(obj, key, val, false)
			regs = vm.stack[base : base+maxs]
		case compile.NEWSLOT:
			var key Value
			if ins.C == compile.KC {
				key = consts[ins.D]
			} else {
				key = regs[ins.C]
			}
			fr.pc = pc
			err = vm.newSlot(regs[ins.A], key, regs[ins.B], false)
			regs = vm.stack[base : base+maxs]
		case compile.DELETE:
			var key Value
			if ins.C == compile.KC {
				key = consts[ins.D]
			} else {
				key = regs[ins.C]
			}
			fr.pc = pc
			var v Value
			v, err = vm.deleteSlot(regs[ins.B], key)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.GETENV:
			key := consts[ins.D]
			this := regs[0]
			switch t := this.o.(type) {
			case *Table:
				if i := t.findString(key.o.(*String)); i >= 0 {
					regs[ins.A] = realval(t.nodes[i].val)
					continue
				}
			case *Instance:
				// A member, else (when the class has no _get and the
				// instance delegate has no such method) the root table.
				c := t.class
				if i := c.members.findString(key.o.(*String)); i >= 0 {
					if m := c.members.nodes[i].val.i(); m&1 == 0 {
						regs[ins.A] = realval(t.fields[m>>1])
					} else {
						regs[ins.A] = realval(c.methods[m>>1])
					}
					continue
				}
				if c.meta[metaGet].o == nil && vm.delegates[InstanceKind].findString(key.o.(*String)) < 0 {
					if r := vm.rootOf(fr); r != nil {
						if i := r.findString(key.o.(*String)); i >= 0 {
							regs[ins.A] = realval(r.nodes[i].val)
							continue
						}
					}
				}
			}
			fr.pc = pc
			var v Value
			v, err = vm.getEnv(fr, this, key)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.SETENV:
			fr.pc = pc
			err = vm.setEnv(fr, regs[0], consts[ins.D], regs[ins.A])
			regs = vm.stack[base : base+maxs]
		case compile.GETOUTER:
			o := fr.cl.outers[ins.D]
			if o.closed {
				regs[ins.A] = o.val
			} else {
				regs[ins.A] = vm.stack[o.idx]
			}
		case compile.SETOUTER:
			o := fr.cl.outers[ins.D]
			if o.closed {
				o.val = regs[ins.A]
			} else {
				vm.stack[o.idx] = regs[ins.A]
			}

		case compile.ADD, compile.SUB, compile.MUL:
			b := regs[ins.B]
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			if _, ok := b.o.(intMark); ok {
				if _, ok := c.o.(intMark); ok {
					var r int32
					switch ins.Op {
					case compile.ADD:
						r = b.i() + c.i()
					case compile.SUB:
						r = b.i() - c.i()
					default:
						r = b.i() * c.i()
					}
					regs[ins.A] = Value{o: intMark{}, n: uint64(uint32(r))}
					continue
				}
			}
			fr.pc = pc
			var v Value
			v, err = vm.arith(ins.Op, b, c)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.DIV, compile.MOD, compile.BAND, compile.BOR, compile.BXOR, compile.SHL, compile.SHR, compile.USHR:
			b := regs[ins.B]
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			fr.pc = pc
			var v Value
			v, err = vm.arith(ins.Op, b, c)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.EQ, compile.NE:
			b := regs[ins.B]
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			r := vm.equal(b, c)
			if ins.Op == compile.NE {
				r = !r
			}
			regs[ins.A] = Bool(r)
		case compile.LT, compile.LE, compile.GT, compile.GE:
			b := regs[ins.B]
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			var r int
			if _, ok := b.o.(intMark); ok {
				if _, ok := c.o.(intMark); ok {
					x, y := b.i(), c.i()
					switch ins.Op {
					case compile.LT:
						regs[ins.A] = Bool(x < y)
					case compile.LE:
						regs[ins.A] = Bool(x <= y)
					case compile.GT:
						regs[ins.A] = Bool(x > y)
					default:
						regs[ins.A] = Bool(x >= y)
					}
					continue
				}
			}
			fr.pc = pc
			r, err = vm.compare(b, c)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				switch ins.Op {
				case compile.LT:
					regs[ins.A] = Bool(r < 0)
				case compile.LE:
					regs[ins.A] = Bool(r <= 0)
				case compile.GT:
					regs[ins.A] = Bool(r > 0)
				default:
					regs[ins.A] = Bool(r >= 0)
				}
			}
		case compile.TLT, compile.TLE, compile.TGT, compile.TGE:
			b := regs[ins.B]
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			var r bool
			if _, ok := b.o.(intMark); ok {
				if _, ok := c.o.(intMark); ok {
					x, y := b.i(), c.i()
					switch ins.Op {
					case compile.TLT:
						r = x < y
					case compile.TLE:
						r = x <= y
					case compile.TGT:
						r = x > y
					default:
						r = x >= y
					}
					if r != (ins.A != 0) {
						pc++
					}
					continue
				}
			}
			fr.pc = pc
			var n int
			n, err = vm.compare(b, c)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				switch ins.Op {
				case compile.TLT:
					r = n < 0
				case compile.TLE:
					r = n <= 0
				case compile.TGT:
					r = n > 0
				default:
					r = n >= 0
				}
				if r != (ins.A != 0) {
					pc++
				}
			}
		case compile.TEQ, compile.TNE:
			b := regs[ins.B]
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			r := vm.equal(b, c)
			if ins.Op == compile.TNE {
				r = !r
			}
			if r != (ins.A != 0) {
				pc++
			}
		case compile.CMP3:
			b := regs[ins.B]
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			fr.pc = pc
			var r int
			r, err = vm.compare(b, c)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = Int(int32(r))
			}
		case compile.EXISTS:
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			fr.pc = pc
			var ok bool
			ok, err = vm.exists(c, regs[ins.B])
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = Bool(ok)
			}
		case compile.INSTANCEOF:
			var c Value
			if ins.C == compile.KC {
				c = consts[ins.D]
			} else {
				c = regs[ins.C]
			}
			cls, ok := c.o.(*Class)
			if !ok {
				fr.pc = pc
				err = vm.errorf("cannot apply instanceof between a %s and a %s", vm.typeName(regs[ins.B]), vm.typeName(c))
				break
			}
			inst, ok := regs[ins.B].o.(*Instance)
			regs[ins.A] = Bool(ok && inst.class.isSubclassOf(cls))
		case compile.NEG:
			b := regs[ins.B]
			switch b.o.(type) {
			case intMark:
				regs[ins.A] = Int(-b.i())
				continue
			case floatMark:
				regs[ins.A] = vm.float(-b.f())
				continue
			}
			fr.pc = pc
			var v Value
			v, err = vm.unaryMeta(b, metaUnm, "negate")
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.NOT:
			regs[ins.A] = Bool(!regs[ins.B].Truth())
		case compile.BNOT:
			b := regs[ins.B]
			if _, ok := b.o.(intMark); ok {
				regs[ins.A] = Int(^b.i())
				continue
			}
			fr.pc = pc
			err = vm.errorf("attempt to perform a bitwise op on a %s", vm.typeName(b))
		case compile.TYPEOF:
			fr.pc = pc
			var v Value
			v, err = vm.typeOf(regs[ins.B])
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.CLONE:
			fr.pc = pc
			var v Value
			v, err = vm.clone(regs[ins.B])
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.RESUME:
			fr.pc = pc
			g, ok := regs[ins.B].o.(*Generator)
			if !ok {
				err = vm.errorf("only genenerator can be resumed")
				break
			}
			var v Value
			v, err = vm.resume(g)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}

		case compile.NEWTABLE:
			regs[ins.A] = Value{o: vm.NewTable(int(ins.D))}
			if vm.oom {
				fr.pc = pc
				err = vm.outOfMemory()
			}
		case compile.NEWARRAY:
			regs[ins.A] = Value{o: vm.newArray(0, int(ins.D))}
			if vm.oom {
				fr.pc = pc
				err = vm.outOfMemory()
			}
		case compile.APPEND:
			a, ok := regs[ins.A].o.(*Array)
			if !ok {
				// The compiler never does this; hostile bytecode might.
				fr.pc = pc
				err = vm.errorf("append to a %s", vm.typeName(regs[ins.A]))
				break
			}
			if len(a.elems) == cap(a.elems) {
				vm.account(sizeValue * (cap(a.elems) + 1))
			}
			a.elems = append(a.elems, regs[ins.B])
			if vm.oom {
				fr.pc = pc
				err = vm.outOfMemory()
			}
		case compile.CLOSURE:
			regs[ins.A] = Value{o: vm.newClosure(fr, p.funcs[ins.D], regs[ins.B:])}
			if vm.oom {
				fr.pc = pc
				err = vm.outOfMemory()
			}
		case compile.NEWCLASS:
			fr.pc = pc
			var v Value
			v, err = vm.newClass(ins, regs)
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.A] = v
			}
		case compile.NEWMEMBER:
			fr.pc = pc
			attrs := Null
			if r := ins.D & 0xff; r != compile.KC {
				attrs = regs[r]
			}
			err = vm.newMember(regs[ins.A], regs[ins.C], regs[ins.B], attrs, ins.D&0x100 != 0)
			regs = vm.stack[base : base+maxs]

		case compile.JMP:
			if ins.D < 0 {
				if vm.steps--; vm.steps <= 0 {
					fr.pc = pc
					if err = vm.checkBudget(); err != nil {
						break
					}
				}
			}
			pc += int(ins.D)
		case compile.JT, compile.JF:
			if regs[ins.A].Truth() == (ins.Op == compile.JT) {
				if ins.D < 0 {
					// A backward branch (do-while) is a step, like JMP.
					if vm.steps--; vm.steps <= 0 {
						fr.pc = pc
						if err = vm.checkBudget(); err != nil {
							break
						}
					}
				}
				pc += int(ins.D)
			}
		case compile.CALL:
			if vm.steps--; vm.steps <= 0 {
				fr.pc = pc
				if err = vm.checkBudget(); err != nil {
					break
				}
			}
			fr.pc = pc
			fbase := base + int(ins.A)
			if cl, ok := regs[ins.A].o.(*Closure); ok && !cl.p.fc.Generator {
				if err = vm.pushClosure(cl, fbase+1, int(ins.B), base+int(ins.C), false); err == nil {
					goto reload
				}
				break
			}
			var v Value
			var pushed bool
			v, pushed, err = vm.callSlow(fbase, int(ins.B), base+int(ins.C))
			if pushed {
				goto reload
			}
			regs = vm.stack[base : base+maxs]
			if err == nil {
				regs[ins.C] = v
			}
		case compile.RET:
			v := Null
			if ins.B != 0 {
				v = regs[ins.A]
			}
			if fr.ctor {
				v = regs[0]
			}
			vm.closeOuters(base)
			vm.traps = vm.traps[:fr.ntraps]
			ret := fr.ret
			if fr.gen != nil {
				fr.gen.state = genDead
				fr.gen.regs = nil
			}
			vm.frames = vm.frames[:fi]
			if fi == stop {
				return v, nil
			}
			vm.stack[ret] = v
			goto reload
		case compile.YIELD:
			v := Null
			if ins.B != 0 {
				v = regs[ins.A]
			}
			g := fr.gen
			if g == nil {
				fr.pc = pc
				err = vm.errorf("internal error: yield outside a generator")
				break
			}
			vm.closeOuters(base)
			g.regs = append(g.regs[:0], regs...)
			g.pc = pc
			g.traps = g.traps[:0]
			for _, t := range vm.traps[fr.ntraps:] {
				g.traps = append(g.traps, trap{handler: t.handler, reg: t.reg})
			}
			vm.traps = vm.traps[:fr.ntraps]
			g.state = genSuspended
			vm.frames = vm.frames[:fi]
			return v, nil
		case compile.CLOSE:
			vm.closeOuters(base + int(ins.A))

		case compile.PUSHTRAP:
			vm.traps = append(vm.traps, trap{frame: fi, handler: pc + int(ins.D), reg: int(ins.A)})
		case compile.POPTRAP:
			vm.traps = vm.traps[:len(vm.traps)-int(ins.B)]
		case compile.THROW:
			fr.pc = pc
			err = vm.throwValue(regs[ins.A])

		case compile.PREPITER:
			regs[ins.A+1] = Int(0)
		case compile.FOREACH:
			fr.pc = pc
			var done bool
			done, err = vm.iterate(regs, int(ins.A), int(ins.B), int(ins.C))
			regs = vm.stack[base : base+maxs]
			if err == nil && done {
				pc += int(ins.D)
			}
		default:
			fr.pc = pc
			err = vm.errorf("invalid instruction %v", ins.Op)
		}
		if err != nil {
			fr = vm.frames[len(vm.frames)-1]
			if !vm.handle(err, stop) {
				return Null, err
			}
			err = nil
			goto reload
		}
	}
}

// handle looks for a try block in the frames of this run loop (from
// stop up) that catches err. If there is one, it unwinds to it and
// reports true.
func (vm *VM) handle(err error, stop int) bool {
	e := vm.asError(err)
	vm.addTrace(e)
	if e.fatal {
		vm.unwind(stop)
		return false
	}
	if n := len(vm.traps); n > 0 && vm.traps[n-1].frame >= stop && vm.traps[n-1].frame < len(vm.frames) {
		t := vm.traps[n-1]
		vm.traps = vm.traps[:n-1]
		for len(vm.frames)-1 > t.frame {
			vm.popFrame()
		}
		f := vm.frames[t.frame]
		vm.closeOuters(f.base + t.reg)
		f.pc = t.handler
		vm.stack[f.base+t.reg] = e.Value
		return true
	}
	vm.unwind(stop)
	return false
}

// unwind pops the frames of a run loop that ends with an error.
func (vm *VM) unwind(stop int) {
	for len(vm.frames) > stop {
		vm.popFrame()
	}
}

func (vm *VM) popFrame() {
	i := len(vm.frames) - 1
	f := vm.frames[i]
	vm.closeOuters(f.base)
	if len(vm.traps) > f.ntraps {
		vm.traps = vm.traps[:f.ntraps]
	}
	if f.gen != nil {
		f.gen.state = genDead
		f.gen.regs = nil
	}
	vm.frames = vm.frames[:i]
}

// closeOuters closes the open outers that refer to stack index >= from.
func (vm *VM) closeOuters(from int) {
	for n := len(vm.open); n > 0 && vm.open[n-1].idx >= from; n-- {
		o := vm.open[n-1]
		o.val = vm.stack[o.idx]
		o.closed = true
		vm.open = vm.open[:n-1]
	}
}

// findOuter returns the open outer for stack index idx, making it.
func (vm *VM) findOuter(idx int) *outer {
	i := len(vm.open)
	for i > 0 && vm.open[i-1].idx >= idx {
		if vm.open[i-1].idx == idx {
			return vm.open[i-1]
		}
		i--
	}
	o := &outer{idx: idx}
	vm.open = append(vm.open, nil)
	copy(vm.open[i+1:], vm.open[i:])
	vm.open[i] = o
	vm.account(32)
	return o
}

func (vm *VM) newClosure(fr *frame, p *proto, defaults []Value) *Closure {
	cl := &Closure{p: p, id: vm.id(), root: fr.cl.root}
	if n := len(p.fc.Outers); n > 0 {
		cl.outers = make([]*outer, n)
		for i, o := range p.fc.Outers {
			if o.InStack {
				cl.outers[i] = vm.findOuter(fr.base + o.Index)
			} else {
				cl.outers[i] = fr.cl.outers[o.Index]
			}
		}
	}
	if n := p.fc.NumDefaults; n > 0 {
		cl.defaults = append([]Value(nil), defaults[:n]...)
	}
	vm.account(sizeClosure + 8*len(cl.outers) + sizeValue*len(cl.defaults))
	return cl
}

// float makes a float result, rounded to 32 bits on a device.
func (vm *VM) float(f float64) Value {
	if vm.opts.Float32 {
		f = float64(float32(f))
	}
	return Value{o: floatMark{}, n: math.Float64bits(f)}
}

func (vm *VM) rootOf(fr *frame) *Table {
	if fr.cl != nil && fr.cl.root != nil {
		return fr.cl.root
	}
	return vm.root
}
