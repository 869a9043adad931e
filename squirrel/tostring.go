package squirrel

import (
	"fmt"
	"math"
	"strconv"
)

// scalarString formats null, bools, integers and floats as tostring()
// does: floats with C's %g.
func (vm *VM) scalarString(v Value) string {
	switch v.o.(type) {
	case nil:
		return "null"
	case boolMark:
		if v.n != 0 {
			return "true"
		}
		return "false"
	case intMark:
		return strconv.Itoa(int(v.i()))
	case floatMark:
		return formatG(v.f())
	}
	return ""
}

// formatG formats f as C's printf("%g").
func formatG(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// objectID returns the number tostring() shows for an object.
func objectID(v Value) uint32 {
	return hashKey(v)
}

// toString converts a value to a string as tostring() does, calling the
// _tostring metamethod of tables and instances that have one.
func (vm *VM) toString(v Value) (string, error) {
	switch o := v.o.(type) {
	case *String:
		return o.s, nil
	case nil, boolMark, intMark, floatMark:
		return vm.scalarString(v), nil
	case *Table, *Instance, *UserData:
		if f, ok := vm.metaMethod(v, metaTostring); ok {
			r, err := vm.callMeta(f, v)
			if err != nil {
				return "", err
			}
			if s, ok := r.AsString(); ok {
				return s, nil
			}
			return vm.toString(r)
		}
	}
	return fmt.Sprintf("(%s : 0x%08x)", vm.typeName(v), objectID(v)), nil
}

// ToString converts a value to a string as Squirrel's tostring() does.
func (vm *VM) ToString(v Value) (string, error) { return vm.toString(v) }
