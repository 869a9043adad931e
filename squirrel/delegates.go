package squirrel

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The default delegates: the methods every value of a type has, such as
// a.len() or s.toupper(), from the reference's sqbaselib.

type nativeDef struct {
	name    string
	nparams int
	fn      NativeFunc
}

// delegateTable makes the delegate of the given kinds. Its functions can
// be taken out and called with any this ((x.getclass)() calls it with the
// caller's this), so each checks that this is of its kind first, as the
// reference's type masks do.
func delegateTable(defs []nativeDef, kinds ...Kind) *Table {
	t := NewTable(len(defs))
	expected := ""
	for i, k := range kinds {
		if i > 0 {
			expected += "|"
		}
		expected += k.String()
	}
	for _, d := range defs {
		fn := d.fn
		checked := func(vm *VM, a []Value) (Value, error) {
			if len(a) == 0 || !slices.Contains(kinds, a[0].Kind()) {
				this := Null
				if len(a) > 0 {
					this = a[0]
				}
				return Null, vm.ArgError(0, this, expected)
			}
			return fn(vm, a)
		}
		t.NewSlot(Str(d.name), Value{o: &NativeClosure{fn: checked, name: d.name, nparams: d.nparams}})
	}
	return t
}

// defaultDelegates are built once and shared by every VM: Squirrel code
// cannot reach them to change them (getdelegate returns a table's own
// delegate, never these), so sharing them is safe and saves each VM
// about 20 KB.
var defaultDelegates = sync.OnceValue(func() [numKinds]*Table {
	var d [numKinds]*Table
	buildDelegates(&d)
	return d
})

func (vm *VM) initDelegates() { vm.delegates = defaultDelegates() }

func buildDelegates(delegates *[numKinds]*Table) {
	common := []nativeDef{
		{"weakref", 1, func(vm *VM, a []Value) (Value, error) { return vm.weakref(a[0]), nil }},
		{"tostring", 1, func(vm *VM, a []Value) (Value, error) {
			s, err := vm.toString(a[0])
			return vm.Str(s), err
		}},
	}
	with := func(defs ...nativeDef) []nativeDef { return append(defs, common...) }
	number := delegateTable(with(
		nativeDef{"tointeger", 1, func(vm *VM, a []Value) (Value, error) {
			switch a[0].o.(type) {
			case floatMark:
				return Int(floatToInt(a[0].f())), nil
			case boolMark:
				return Int(int32(a[0].n)), nil
			}
			return a[0], nil
		}},
		nativeDef{"tofloat", 1, func(vm *VM, a []Value) (Value, error) {
			switch a[0].o.(type) {
			case intMark:
				return vm.float(float64(a[0].i())), nil
			case boolMark:
				return vm.float(float64(a[0].n)), nil
			}
			return a[0], nil
		}},
		nativeDef{"tochar", 1, func(vm *VM, a []Value) (Value, error) {
			n, _ := a[0].AsNumber()
			return vm.Str(string([]byte{byte(floatToInt(n))})), nil
		}},
	), IntKind, FloatKind, BoolKind)
	delegates[IntKind] = number
	delegates[FloatKind] = number
	delegates[BoolKind] = number
	delegates[StringKind] = delegateTable(with(stringMethods...), StringKind)
	delegates[TableKind] = delegateTable(with(tableMethods...), TableKind)
	delegates[ArrayKind] = delegateTable(with(arrayMethods...), ArrayKind)
	fn := delegateTable(with(closureMethods...), ClosureKind, NativeClosureKind)
	delegates[ClosureKind] = fn
	delegates[NativeClosureKind] = fn
	delegates[GeneratorKind] = delegateTable(with(nativeDef{"getstatus", 1, func(vm *VM, a []Value) (Value, error) {
		switch a[0].o.(*Generator).state {
		case genRunning:
			return vm.Str("running"), nil
		case genDead:
			return vm.Str("dead"), nil
		}
		return vm.Str("suspended"), nil
	}}), GeneratorKind)
	delegates[ClassKind] = delegateTable(with(classMethods...), ClassKind)
	delegates[InstanceKind] = delegateTable(with(instanceMethods...), InstanceKind)
	delegates[WeakRefKind] = delegateTable(with(nativeDef{"ref", 1, func(vm *VM, a []Value) (Value, error) {
		return a[0].o.(*WeakRef).target, nil
	}}), WeakRefKind)
}

// weakref returns a weak reference to an object, or a scalar itself.
// As in the reference, an object has one weak reference, made on first
// use.
func (vm *VM) weakref(v Value) Value {
	switch v.o.(type) {
	case nil, boolMark, intMark, floatMark, *WeakRef:
		return v
	}
	if w, ok := vm.weakRefs[v.o]; ok {
		return Value{o: w}
	}
	if vm.weakRefs == nil {
		vm.weakRefs = map[any]*WeakRef{}
	}
	w := &WeakRef{target: v, id: vm.id()}
	vm.weakRefs[v.o] = w
	vm.account(32)
	return Value{o: w}
}

// realval is what reading a slot yields: a weak reference stored in a
// table, array or instance reads as its target (or null once the target
// is gone), as in the reference.
func realval(v Value) Value {
	if w, ok := v.o.(*WeakRef); ok {
		return w.target
	}
	return v
}

// str2num parses a number as the reference's tointeger and tofloat do,
// with C's strtol or strtod: leading space, then the longest prefix that
// is a number; text after it is ignored.
func str2num(s string) (Value, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	digits := j
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	isFloat := false
	if j < len(s) && s[j] == '.' {
		isFloat = true
		j++
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
	}
	if j == digits || (isFloat && j == digits+1) {
		return Null, false
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && s[k] >= '0' && s[k] <= '9' {
			isFloat = true
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			j = k
		}
	}
	if isFloat {
		f, err := strconv.ParseFloat(s[i:j], 64)
		if err != nil && f == 0 {
			return Null, false
		}
		return Float(f), true
	}
	n, err := strconv.ParseInt(s[i:j], 10, 64)
	if err != nil {
		// strtol saturates.
		if s[i] == '-' {
			return Int(math.MinInt32), true
		}
		return Int(math.MaxInt32), true
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		// a 32-bit long saturates too
		if n < 0 {
			return Int(math.MinInt32), true
		}
		return Int(math.MaxInt32), true
	}
	return Int(int32(n)), true
}

// sliceRange applies the reference's slice rules: negative indices count
// from the end.
func (vm *VM) sliceRange(a []Value, n int) (int, int, error) {
	start, err := vm.optInt(a, 1, 0)
	if err != nil {
		return 0, 0, err
	}
	end, err := vm.optInt(a, 2, int32(n))
	if err != nil {
		return 0, 0, err
	}
	s, e := int(start), int(end)
	if s < 0 {
		s += n
	}
	if e < 0 {
		e += n
	}
	if e < s {
		return 0, 0, vm.errorf("wrong indexes")
	}
	if s < 0 || e > n {
		return 0, 0, vm.errorf("slice out of range")
	}
	return s, e, nil
}

var stringMethods = []nativeDef{
	{"len", 1, func(vm *VM, a []Value) (Value, error) { return Int(int32(len(a[0].o.(*String).s))), nil }},
	{"tointeger", 1, func(vm *VM, a []Value) (Value, error) {
		v, ok := str2num(a[0].o.(*String).s)
		if !ok {
			return Null, vm.errorf("cannot convert the string")
		}
		if f, isF := v.AsFloat(); isF {
			return Int(floatToInt(f)), nil
		}
		return v, nil
	}},
	{"tofloat", 1, func(vm *VM, a []Value) (Value, error) {
		v, ok := str2num(a[0].o.(*String).s)
		if !ok {
			return Null, vm.errorf("cannot convert the string")
		}
		f, _ := v.AsNumber()
		return vm.float(f), nil
	}},
	{"slice", -2, func(vm *VM, a []Value) (Value, error) {
		s := a[0].o.(*String).s
		i, j, err := vm.sliceRange(a, len(s))
		if err != nil {
			return Null, err
		}
		return vm.Str(s[i:j]), nil
	}},
	{"find", -2, func(vm *VM, a []Value) (Value, error) {
		s := a[0].o.(*String).s
		sub, err := vm.StringArg(a, 1)
		if err != nil {
			return Null, err
		}
		start, err := vm.optInt(a, 2, 0)
		if err != nil {
			return Null, err
		}
		if start < 0 || int(start) >= len(s) {
			return Null, nil
		}
		if i := strings.Index(s[start:], sub); i >= 0 {
			return Int(int32(i) + start), nil
		}
		return Null, nil
	}},
	{"tolower", 1, func(vm *VM, a []Value) (Value, error) { return vm.Str(asciiCase(a[0].o.(*String).s, false)), nil }},
	{"toupper", 1, func(vm *VM, a []Value) (Value, error) { return vm.Str(asciiCase(a[0].o.(*String).s, true)), nil }},
}

// asciiCase changes the case of ASCII letters only, as C's tolower and
// toupper do in the C locale.
func asciiCase(s string, upper bool) string {
	b := []byte(s)
	for i, c := range b {
		if upper && 'a' <= c && c <= 'z' {
			b[i] = c - 32
		} else if !upper && 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

var tableMethods = []nativeDef{
	{"len", 1, func(vm *VM, a []Value) (Value, error) { return Int(int32(a[0].o.(*Table).Len())), nil }},
	{"rawget", 2, func(vm *VM, a []Value) (Value, error) {
		v, ok := a[0].o.(*Table).Get(a[1])
		if !ok {
			return Null, vm.errorf("the index doesn't exist")
		}
		return v, nil
	}},
	{"rawset", 3, func(vm *VM, a []Value) (Value, error) {
		if a[1].o == nil {
			return Null, vm.errorf("null cannot be used as index")
		}
		vm.tableNewSlot(a[0].o.(*Table), a[1], a[2])
		return a[0], nil
	}},
	{"rawdelete", 2, func(vm *VM, a []Value) (Value, error) {
		v, _ := a[0].o.(*Table).Delete(a[1])
		return v, nil
	}},
	{"rawin", 2, func(vm *VM, a []Value) (Value, error) {
		_, ok := a[0].o.(*Table).Get(a[1])
		return Bool(ok), nil
	}},
	{"clear", 1, func(vm *VM, a []Value) (Value, error) {
		a[0].o.(*Table).Clear()
		return a[0], nil
	}},
	{"setdelegate", 2, func(vm *VM, a []Value) (Value, error) {
		t := a[0].o.(*Table)
		switch d := a[1].o.(type) {
		case nil:
			t.delegate = nil
		case *Table:
			for x := d; x != nil; x = x.delegate {
				if x == t {
					return Null, vm.errorf("delagate cycle")
				}
			}
			t.delegate = d
		default:
			return Null, vm.ArgError(1, a[1], "table|null")
		}
		return a[0], nil
	}},
	{"getdelegate", 1, func(vm *VM, a []Value) (Value, error) {
		if d := a[0].o.(*Table).delegate; d != nil {
			return Value{o: d}, nil
		}
		return Null, nil
	}},
}

var closureMethods = []nativeDef{
	{"call", -2, func(vm *VM, a []Value) (Value, error) {
		return vm.call(a[0], a[1], append([]Value(nil), a[2:]...)...)
	}},
	{"pcall", -2, func(vm *VM, a []Value) (Value, error) {
		return vm.call(a[0], a[1], append([]Value(nil), a[2:]...)...)
	}},
	{"acall", 2, func(vm *VM, a []Value) (Value, error) { return vm.acall(a) }},
	{"pacall", 2, func(vm *VM, a []Value) (Value, error) { return vm.acall(a) }},
	{"bindenv", 2, func(vm *VM, a []Value) (Value, error) {
		switch a[1].o.(type) {
		case *Table, *Instance, *Class, *UserData, *Array:
		default:
			return Null, vm.ArgError(1, a[1], "table|class|instance")
		}
		switch f := a[0].o.(type) {
		case *Closure:
			c := *f
			c.id = vm.id()
			c.env = a[1]
			vm.account(sizeClosure)
			return Value{o: &c}, nil
		case *NativeClosure:
			c := *f
			c.id = vm.id()
			c.env = a[1]
			return Value{o: &c}, nil
		}
		return Null, nil
	}},
	{"getinfos", 1, func(vm *VM, a []Value) (Value, error) {
		t := vm.NewTable(6)
		switch f := a[0].o.(type) {
		case *Closure:
			fc := f.p.fc
			params := vm.newArray(0, fc.NumParams)
			for _, l := range fc.Locals[:fc.NumParams] {
				params.elems = append(params.elems, vm.Str(l.Name))
			}
			if fc.Varargs {
				params.elems = append(params.elems, vm.Str("..."))
			}
			t.NewSlot(vm.Str("native"), False)
			t.NewSlot(vm.Str("name"), Value{o: f.p.name})
			t.NewSlot(vm.Str("src"), vm.Str(f.p.file))
			t.NewSlot(vm.Str("parameters"), Value{o: params})
			t.NewSlot(vm.Str("varargs"), Bool(fc.Varargs))
			t.NewSlot(vm.Str("defparams"), Value{o: vm.NewArrayOf(f.defaults)})
		case *NativeClosure:
			t.NewSlot(vm.Str("native"), True)
			t.NewSlot(vm.Str("name"), vm.Str(f.name))
			t.NewSlot(vm.Str("paramscheck"), Int(int32(f.nparams)))
		}
		return Value{o: t}, nil
	}},
}

func (vm *VM) acall(a []Value) (Value, error) {
	arr, ok := a[1].o.(*Array)
	if !ok {
		return Null, vm.ArgError(1, a[1], "array")
	}
	if len(arr.elems) == 0 {
		return Null, vm.errorf("wrong number of parameters")
	}
	return vm.call(a[0], arr.elems[0], append([]Value(nil), arr.elems[1:]...)...)
}

var classMethods = []nativeDef{
	{"getattributes", 2, func(vm *VM, a []Value) (Value, error) {
		c := a[0].o.(*Class)
		if a[1].o == nil {
			return c.classAttr, nil
		}
		if _, ok := c.members.Get(a[1]); !ok {
			return Null, vm.errorf("wrong index")
		}
		if c.attrs != nil {
			v, _ := c.attrs.Get(a[1])
			return v, nil
		}
		return Null, nil
	}},
	{"setattributes", 3, func(vm *VM, a []Value) (Value, error) {
		c := a[0].o.(*Class)
		if a[1].o == nil {
			old := c.classAttr
			c.classAttr = a[2]
			return old, nil
		}
		if _, ok := c.members.Get(a[1]); !ok {
			return Null, vm.errorf("wrong index")
		}
		if c.attrs == nil {
			c.attrs = vm.NewTable(0)
		}
		old, _ := c.attrs.Get(a[1])
		vm.tableNewSlot(c.attrs, a[1], a[2])
		return old, nil
	}},
	{"rawget", 2, func(vm *VM, a []Value) (Value, error) { return vm.get(a[0], a[1], true) }},
	{"rawset", 3, func(vm *VM, a []Value) (Value, error) {
		return a[0], vm.newMember(a[0], a[1], a[2], Null, false)
	}},
	{"rawin", 2, func(vm *VM, a []Value) (Value, error) {
		_, ok := a[0].o.(*Class).members.Get(a[1])
		return Bool(ok), nil
	}},
	{"instance", 1, func(vm *VM, a []Value) (Value, error) { return Value{o: vm.newInstance(a[0].o.(*Class))}, nil }},
	{"getbase", 1, func(vm *VM, a []Value) (Value, error) {
		if b := a[0].o.(*Class).base; b != nil {
			return Value{o: b}, nil
		}
		return Null, nil
	}},
	{"newmember", -3, func(vm *VM, a []Value) (Value, error) {
		attrs, static := Null, false
		if len(a) > 3 {
			attrs = a[3]
		}
		if len(a) > 4 {
			static = a[4].Truth()
		}
		return Null, vm.newMember(a[0], a[1], a[2], attrs, static)
	}},
	{"rawnewmember", -3, func(vm *VM, a []Value) (Value, error) {
		attrs, static := Null, false
		if len(a) > 3 {
			attrs = a[3]
		}
		if len(a) > 4 {
			static = a[4].Truth()
		}
		return Null, vm.classSet(a[0].o.(*Class), a[1], a[2], static, attrs)
	}},
}

var instanceMethods = []nativeDef{
	{"getclass", 1, func(vm *VM, a []Value) (Value, error) { return Value{o: a[0].o.(*Instance).class}, nil }},
	{"rawget", 2, func(vm *VM, a []Value) (Value, error) { return vm.get(a[0], a[1], true) }},
	{"rawset", 3, func(vm *VM, a []Value) (Value, error) { return a[0], vm.set(a[0], a[1], a[2], true) }},
	{"rawin", 2, func(vm *VM, a []Value) (Value, error) {
		_, ok := a[0].o.(*Instance).class.members.Get(a[1])
		return Bool(ok), nil
	}},
}
