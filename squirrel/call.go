package squirrel

import (
	"context"
	"fmt"
	"math"
	"os"
)

// top returns the first stack index no active frame uses.
func (vm *VM) top() int {
	if n := len(vm.frames); n > 0 {
		f := vm.frames[n-1]
		if f.p != nil {
			return f.base + f.p.fc.MaxStack
		}
		return f.base + f.ret2
	}
	return 0
}

// ensureStack makes the stack at least n values long.
func (vm *VM) ensureStack(n int) {
	if n <= len(vm.stack) {
		return
	}
	size := 2 * len(vm.stack)
	for size < n {
		size *= 2
	}
	s := make([]Value, size)
	copy(s, vm.stack)
	vm.stack = s
}

// pushClosure starts a call of a Squirrel function whose this and
// arguments (nargs values, counting this) are at stack index base. The
// result will go to stack index ret (-1: back to Go).
func (vm *VM) pushClosure(cl *Closure, base, nargs, ret int, ctor bool) error {
	fc := cl.p.fc
	if len(vm.frames) >= vm.opts.MaxCallDepth {
		return vm.errorf("stack overflow")
	}
	vm.ensureStack(base + fc.MaxStack + 1)
	if nargs != fc.NumParams || fc.Varargs {
		if err := vm.adjustArgs(cl, base, nargs); err != nil {
			return err
		}
	}
	regs := vm.stack[base : base+fc.MaxStack]
	start := fc.NumParams
	if fc.Varargs {
		start++
	}
	clear(regs[start:])
	if cl.env.o != nil {
		regs[0] = cl.env
	}
	*vm.pushFrame() = frame{cl: cl, p: cl.p, base: base, ret: ret, ntraps: len(vm.traps), ctor: ctor}
	return nil
}

// adjustArgs fills in default parameters and builds vargv.
func (vm *VM) adjustArgs(cl *Closure, base, nargs int) error {
	fc := cl.p.fc
	np := fc.NumParams
	if nargs < np {
		missing := np - nargs
		if missing > fc.NumDefaults {
			return vm.errorf("wrong number of parameters")
		}
		for i := nargs; i < np; i++ {
			vm.stack[base+i] = cl.defaults[len(cl.defaults)-(np-i)]
		}
		nargs = np
	}
	if !fc.Varargs {
		if nargs > np {
			return vm.errorf("wrong number of parameters")
		}
		return nil
	}
	extra := vm.newArray(nargs-np, 0)
	copy(extra.elems, vm.stack[base+np:base+nargs])
	for i := base + np + 1; i < base+nargs; i++ {
		vm.stack[i] = Null
	}
	vm.stack[base+np] = Value{o: extra}
	return nil
}

// callSlow calls what is not a plain Squirrel function: a native
// function, a class, a generator function, or an object with _call. The
// callee is at stack index fbase, this and the arguments follow. If it
// pushed a Squirrel frame (a constructor), pushed is true and the run
// loop continues there.
func (vm *VM) callSlow(fbase, nargs, ret int) (v Value, pushed bool, err error) {
	fn := vm.stack[fbase]
	switch f := fn.o.(type) {
	case *Closure:
		g, err := vm.newGenerator(f, fbase+1, nargs)
		return Value{o: g}, false, err
	case *NativeClosure:
		v, err := vm.callNative(f, fbase+1, nargs)
		return v, false, err
	case *Class:
		inst := vm.newInstance(f)
		if vm.oom {
			return Null, false, vm.outOfMemory()
		}
		vm.stack[fbase+1] = Value{o: inst}
		switch c := f.ctor.o.(type) {
		case nil:
			// Without a constructor, arguments are ignored.
			return Value{o: inst}, false, nil
		case *Closure:
			if c.p.fc.Generator {
				return Null, false, vm.errorf("a constructor cannot be a generator")
			}
			if ret < 0 {
				if err := vm.pushClosure(c, fbase+1, nargs, ret, true); err != nil {
					return Null, false, err
				}
				v, err := vm.run(len(vm.frames) - 1)
				return v, false, err
			}
			if err := vm.pushClosure(c, fbase+1, nargs, ret, true); err != nil {
				return Null, false, err
			}
			return Null, true, nil
		default:
			vm.stack[fbase] = f.ctor
			if _, _, err := vm.callSlow(fbase, nargs, -1); err != nil {
				return Null, false, err
			}
			return Value{o: inst}, false, nil
		}
	case *Table, *Instance, *UserData:
		m, ok := vm.metaMethod(fn, metaCall)
		if !ok {
			break
		}
		// _call(thisOfCall, args...) with this = the object.
		vm.ensureStack(fbase + nargs + 2)
		copy(vm.stack[fbase+2:fbase+nargs+2], vm.stack[fbase+1:fbase+nargs+1])
		vm.stack[fbase+1] = fn
		vm.stack[fbase] = m
		v, err := vm.callAt(fbase, nargs+1)
		return v, false, err
	}
	return Null, false, vm.errorf("attempt to call '%s'", vm.typeName(fn))
}

// callAt calls the function at stack index fbase with the nargs values
// after it (counting this) and returns its result to Go.
func (vm *VM) callAt(fbase, nargs int) (Value, error) {
	if cl, ok := vm.stack[fbase].o.(*Closure); ok && !cl.p.fc.Generator {
		if err := vm.pushClosure(cl, fbase+1, nargs, -1, false); err != nil {
			return Null, err
		}
		return vm.run(len(vm.frames) - 1)
	}
	v, _, err := vm.callSlow(fbase, nargs, -1)
	return v, err
}

func (vm *VM) callNative(f *NativeClosure, base, nargs int) (Value, error) {
	if (f.nparams > 0 && nargs != f.nparams) || (f.nparams < 0 && nargs < -f.nparams) {
		return Null, vm.errorf("wrong number of parameters")
	}
	if len(vm.frames) >= vm.opts.MaxCallDepth {
		return Null, vm.errorf("stack overflow")
	}
	if f.env.o != nil {
		vm.stack[base] = f.env
	}
	*vm.pushFrame() = frame{nc: f, base: base, ret: -1, ret2: nargs, ntraps: len(vm.traps)}
	args := vm.stack[base : base+nargs : base+nargs]
	v, err := f.fn(vm, args)
	if err != nil {
		e := vm.asError(err)
		vm.addTrace(e)
		err = e
	}
	vm.frames = vm.frames[:len(vm.frames)-1]
	if err == nil && vm.oom {
		err = vm.outOfMemory()
	}
	return v, err
}

// Call calls a Squirrel value (a function, a class, or an object with
// _call) with this and args, and returns its result. It is the entry
// point for host code: the step budget and ctx apply to everything the
// call runs.
func (vm *VM) Call(ctx context.Context, fn, this Value, args ...Value) (v Value, err error) {
	outer := len(vm.frames) == 0
	if outer {
		// A bug in the VM must not take its host down: turn a panic into
		// an error for this entry and leave the VM usable.
		defer func() {
			if r := recover(); r != nil {
				// DREY_SQUIRREL_PANIC=1 lets a VM developer see the Go
				// stack of such a bug instead.
				if os.Getenv("DREY_SQUIRREL_PANIC") != "" {
					panic(r)
				}
				vm.frames = vm.frames[:0]
				vm.traps = vm.traps[:0]
				vm.open = vm.open[:0]
				vm.depth = 0
				v, err = Null, &Error{Value: vm.Str("internal error"), Msg: fmt.Sprintf("internal error: %v", r), fatal: true}
			}
		}()
		vm.ctx = ctx
		vm.steps = budgetChunk
		vm.budgetLeft = vm.opts.StepLimit
		if vm.budgetLeft == 0 {
			vm.budgetLeft = math.MaxInt64
		}
		vm.oom = false
	}
	v, err = vm.call(fn, this, args...)
	if outer {
		vm.ctx = nil
	}
	return v, err
}

// call calls fn from Go code running inside the VM (a native function).
func (vm *VM) call(fn, this Value, args ...Value) (Value, error) {
	fbase := vm.top()
	vm.ensureStack(fbase + len(args) + 2)
	vm.stack[fbase] = fn
	vm.stack[fbase+1] = this
	copy(vm.stack[fbase+2:], args)
	// Reserve the slots while the call runs: a native frame's extent is
	// its argument count.
	v, err := vm.callAt(fbase, len(args)+1)
	return v, err
}

// budgetChunk is how many steps run between checks of the context and
// of the remaining budget.
const budgetChunk = 1 << 14

// checkBudget refills the step counter from the remaining budget and
// checks for cancellation.
func (vm *VM) checkBudget() error {
	if vm.ctx != nil {
		if err := vm.ctx.Err(); err != nil {
			return &Error{Value: vm.Str("execution cancelled"), Msg: "execution cancelled: " + err.Error(), fatal: true}
		}
	}
	if vm.budgetLeft <= 0 {
		return &Error{Value: vm.Str("instruction limit exceeded"), Msg: "instruction limit exceeded", fatal: true}
	}
	n := int64(budgetChunk)
	if vm.budgetLeft < n {
		n = vm.budgetLeft
	}
	vm.budgetLeft -= n
	vm.steps = n
	return nil
}

func (vm *VM) newGenerator(cl *Closure, base, nargs int) (*Generator, error) {
	fc := cl.p.fc
	vm.ensureStack(base + fc.MaxStack + 1)
	if nargs != fc.NumParams || fc.Varargs {
		if err := vm.adjustArgs(cl, base, nargs); err != nil {
			return nil, err
		}
	}
	g := &Generator{cl: cl, id: vm.id(), regs: make([]Value, fc.MaxStack)}
	n := fc.NumParams
	if fc.Varargs {
		n++
	}
	copy(g.regs, vm.stack[base:base+n])
	if cl.env.o != nil {
		g.regs[0] = cl.env
	}
	vm.account(sizeClosure + sizeValue*fc.MaxStack)
	return g, nil
}

// resume runs a generator until it yields or returns.
func (vm *VM) resume(g *Generator) (Value, error) {
	switch g.state {
	case genDead:
		return Null, vm.errorf("resuming dead generator")
	case genRunning:
		return Null, vm.errorf("resuming active generator")
	}
	if len(vm.frames) >= vm.opts.MaxCallDepth {
		return Null, vm.errorf("stack overflow")
	}
	base := vm.top()
	fc := g.cl.p.fc
	vm.ensureStack(base + fc.MaxStack + 1)
	copy(vm.stack[base:], g.regs)
	fi := len(vm.frames)
	*vm.pushFrame() = frame{cl: g.cl, p: g.cl.p, base: base, ret: -1, ntraps: len(vm.traps), gen: g, pc: g.pc}
	for _, t := range g.traps {
		vm.traps = append(vm.traps, trap{frame: fi, handler: t.handler, reg: t.reg})
	}
	g.state = genRunning
	return vm.run(fi)
}
