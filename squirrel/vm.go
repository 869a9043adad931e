package squirrel

import (
	"context"
	"io"
	"time"

	"drey/squirrel/compile"
)

// Options configure a VM. The zero value is a VM without limits that
// prints to nowhere.
type Options struct {
	// MemoryLimit is the Squirrel heap budget in bytes (0: none). An
	// allocation beyond it raises a catchable "out of memory" error.
	MemoryLimit int
	// StepLimit is how many instructions one entry into the VM (a Call
	// or a Run) may execute (0: none). Exceeding it ends the entry with
	// an error that Squirrel code cannot catch.
	StepLimit int64
	// MaxCallDepth limits nested calls (default 1000).
	MaxCallDepth int
	// Float32 makes floating-point arithmetic round to 32 bits, as on a
	// device.
	Float32 bool
	// Stdout receives print's output and Stderr error's (nil: discarded).
	Stdout, Stderr io.Writer
	// Now is the clock for time() and date() (nil: time.Now).
	Now func() time.Time
}

// VM is a Squirrel virtual machine: a root table, a stack, and limits.
// A VM must be used by one goroutine at a time; separate VMs share
// nothing.
type VM struct {
	opts   Options
	root   *Table
	consts *Table

	stack  []Value
	frames []*frame // frame objects are reused: pointers to them stay valid
	traps  []trap
	open   []*outer // open outers, by increasing stack index

	delegates [numKinds]*Table
	metaNames [numMeta]Value

	nextID     uint32
	allocated  int // bytes allocated since the last mark, plus live bytes then
	live       int // bytes found live by the last mark
	pins       map[any]int
	weakRefs   map[any]*WeakRef // each object's weak reference
	oom        bool             // the memory budget is exceeded: the next check raises
	grace      bool             // an out-of-memory error was raised and memory not yet freed
	graceLimit int              // the budget while grace is set

	steps      int64 // steps left before the next budget check
	budgetLeft int64 // steps of the entry's budget not yet handed to steps
	ctx        context.Context
	depth      int // nesting of run loops (native calls into Squirrel)
	start      time.Time
	running    bool
	userData   map[string]any
}

// numKinds is the number of value kinds with a default delegate slot.
const numKinds = int(UserDataKind) + 1

// frame is one active call.
type frame struct {
	cl   *Closure       // nil for a native call
	nc   *NativeClosure // the native function, or nil
	p    *proto
	pc   int
	base int // stack index of register 0 (this)
	// ret is the stack index where the result goes, or -1 when the
	// frame returns to Go (the end of a run loop).
	ret    int
	ntraps int        // len(vm.traps) when the frame started
	gen    *Generator // the generator this frame runs, or nil
	ctor   bool       // a constructor: the call's result is this
	ret2   int        // for a native call: how many stack slots its arguments take
}

// trap is an active try block.
type trap struct {
	frame   int // index in vm.frames
	handler int // pc of the catch block
	reg     int // register that receives the exception
}

// New returns a VM with the base library and the default delegates.
func New(opts Options) *VM {
	if opts.MaxCallDepth <= 0 {
		opts.MaxCallDepth = 1000
	}
	vm := &VM{opts: opts, start: time.Now()}
	vm.root = vm.NewTable(16)
	vm.consts = vm.NewTable(0)
	vm.metaNames = metaNameValues
	vm.stack = make([]Value, 64)
	vm.initDelegates()
	vm.initBaseLib()
	return vm
}

// Root returns the root table, where global names live.
func (vm *VM) Root() *Table { return vm.root }

// Options returns the options the VM was made with.
func (vm *VM) Options() Options { return vm.opts }

func (vm *VM) id() uint32 {
	vm.nextID++
	return vm.nextID
}

// Str returns a Squirrel string.
func (vm *VM) Str(s string) Value {
	vm.account(sizeString + len(s))
	return Value{o: newString(s)}
}

// NewTable returns an empty table with room for n slots.
func (vm *VM) NewTable(n int) *Table {
	t := NewTable(n)
	t.id = vm.id()
	vm.account(sizeTable + len(t.nodes)*sizeNode)
	return t
}

// NewArrayOf returns an array holding a copy of elems.
func (vm *VM) NewArrayOf(elems []Value) *Array {
	a := &Array{elems: append([]Value(nil), elems...), id: vm.id()}
	vm.account(sizeArray + cap(a.elems)*sizeValue)
	return a
}

func (vm *VM) newArray(n, capacity int) *Array {
	if capacity < n {
		capacity = n
	}
	a := &Array{elems: make([]Value, n, capacity), id: vm.id()}
	vm.account(sizeArray + capacity*sizeValue)
	return a
}

// Load prepares a compiled program to run and returns its main function
// as a closure.
func (vm *VM) Load(prog *compile.Program) *Closure {
	vm.recordConsts(prog)
	p := vm.newProto(prog.Main, prog.File)
	return &Closure{p: p, id: vm.id(), root: vm.root}
}

func (vm *VM) newProto(fc *compile.Funcode, file string) *proto {
	return vm.newProtoInterned(fc, file, map[string]*String{})
}

func (vm *VM) newProtoInterned(fc *compile.Funcode, file string, strs map[string]*String) *proto {
	// The proto keeps what running needs, not the constants and nested
	// functions of the Funcode (it has its own), so the Program can be
	// freed once loaded.
	own := *fc
	own.Consts, own.Funcs = nil, nil
	p := &proto{fc: &own, code: fc.Code, file: file}
	p.consts = make([]Value, len(fc.Consts))
	for i, k := range fc.Consts {
		switch k.Kind {
		case compile.IntConst:
			p.consts[i] = Int(k.Int)
		case compile.FloatConst:
			p.consts[i] = Float(k.Float)
		case compile.StringConst:
			str, ok := strs[k.Str]
			if !ok {
				str = newString(k.Str)
				strs[k.Str] = str
				vm.account(sizeString + len(k.Str))
			}
			p.consts[i] = Value{o: str}
		case compile.BoolConst:
			p.consts[i] = Bool(k.Int != 0)
		}
	}
	name := fc.Name
	if name == "" {
		name = "unknown"
	}
	p.name = newString(name)
	p.funcs = make([]*proto, len(fc.Funcs))
	for i, f := range fc.Funcs {
		p.funcs[i] = vm.newProtoInterned(f, file, strs)
	}
	return p
}

// Compile parses and compiles source code into a closure ready to call
// with Call (this = the root table).
func (vm *VM) Compile(filename string, src []byte) (*Closure, error) {
	prog, err := compile.Source(filename, src, vm.compileOptions())
	if err != nil {
		return nil, err
	}
	return vm.Load(prog), nil
}

// Run compiles and runs source code with this = the root table.
func (vm *VM) Run(ctx context.Context, filename string, src []byte) error {
	cl, err := vm.Compile(filename, src)
	if err != nil {
		return err
	}
	_, err = vm.Call(ctx, Value{o: cl}, Value{o: vm.root})
	return err
}

// SetStdout changes where print writes.
func (vm *VM) SetStdout(w io.Writer) { vm.opts.Stdout = w }

// Set and Get keep host values with the VM, for native functions.
func (vm *VM) Set(key string, v any) {
	if vm.userData == nil {
		vm.userData = map[string]any{}
	}
	vm.userData[key] = v
}

// Get returns a value stored with Set.
func (vm *VM) Get(key string) any { return vm.userData[key] }

// pushFrame adds a frame to the call stack, reusing a frame object from
// an earlier call when there is one, and returns it for the caller to
// fill in.
func (vm *VM) pushFrame() *frame {
	n := len(vm.frames)
	if n < cap(vm.frames) {
		vm.frames = vm.frames[:n+1]
		if f := vm.frames[n]; f != nil {
			return f
		}
	} else {
		vm.frames = append(vm.frames, nil)
	}
	f := new(frame)
	vm.frames[n] = f
	return f
}

// Uptime returns how long ago the VM was made, for clock().
func (vm *VM) Uptime() time.Duration { return time.Since(vm.start) }
