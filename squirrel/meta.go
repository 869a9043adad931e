package squirrel

// The metamethods, in the reference's order.
const (
	metaAdd = iota
	metaSub
	metaMul
	metaDiv
	metaUnm
	metaModulo
	metaSet
	metaGet
	metaTypeof
	metaNexti
	metaCmp
	metaCall
	metaCloned
	metaNewslot
	metaDelslot
	metaTostring
	metaNewmember
	metaInherited
	numMeta
)

var metaMethodNames = [numMeta]string{
	metaAdd: "_add", metaSub: "_sub", metaMul: "_mul", metaDiv: "_div", metaUnm: "_unm",
	metaModulo: "_modulo", metaSet: "_set", metaGet: "_get", metaTypeof: "_typeof",
	metaNexti: "_nexti", metaCmp: "_cmp", metaCall: "_call", metaCloned: "_cloned",
	metaNewslot: "_newslot", metaDelslot: "_delslot", metaTostring: "_tostring",
	metaNewmember: "_newmember", metaInherited: "_inherited",
}

// metaNameValues are the names as values, shared by all VMs (strings
// are immutable).
var metaNameValues = func() (v [numMeta]Value) {
	for i, n := range metaMethodNames {
		v[i] = Str(n)
	}
	return v
}()

// metaIndex returns the metamethod a slot name denotes, or -1.
func metaIndex(name string) int {
	if len(name) < 4 || name[0] != '_' {
		return -1
	}
	for i, n := range metaMethodNames {
		if n == name {
			return i
		}
	}
	return -1
}

// metaMethod finds metamethod m of v: in a table's or user data's
// delegate, or in an instance's class.
func (vm *VM) metaMethod(v Value, m int) (Value, bool) {
	switch o := v.o.(type) {
	case *Table:
		if o.delegate != nil {
			if f, ok := o.delegate.Get(vm.metaNames[m]); ok {
				return f, true
			}
		}
	case *UserData:
		if o.delegate != nil {
			if f, ok := o.delegate.Get(vm.metaNames[m]); ok {
				return f, true
			}
		}
	case *Instance:
		if o.class.hasMeta {
			if f := o.class.meta[m]; f.o != nil {
				return f, true
			}
		}
	}
	return Null, false
}

// callMeta calls metamethod m of obj with this = obj.
func (vm *VM) callMeta(f, obj Value, args ...Value) (Value, error) {
	return vm.call(f, obj, args...)
}
