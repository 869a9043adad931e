package lib

import (
	"drey/squirrel"
	"drey/squirrel/internal/sqfmt"
)

// format implements format(fmt, ...) with the reference's conversions
// and error messages (package sqfmt).
func format(vm *squirrel.VM, a []squirrel.Value) (string, error) {
	f, err := vm.StringArg(a, 1)
	if err != nil {
		return "", err
	}
	args := make([]sqfmt.Arg, 0, len(a)-2)
	for _, v := range a[2:] {
		switch v.Kind() {
		case squirrel.IntKind:
			i, _ := v.AsInt()
			args = append(args, sqfmt.Arg{Kind: sqfmt.ArgInt, Int: i})
		case squirrel.FloatKind:
			x, _ := v.AsFloat()
			args = append(args, sqfmt.Arg{Kind: sqfmt.ArgFloat, Float: x})
		case squirrel.StringKind:
			s, _ := v.AsString()
			args = append(args, sqfmt.Arg{Kind: sqfmt.ArgString, Str: s})
		default:
			args = append(args, sqfmt.Arg{Kind: sqfmt.ArgOther, Str: v.Kind().String()})
		}
	}
	s, err := sqfmt.Format(f, args)
	if err != nil {
		return "", vm.Errorf("%s", err.Error())
	}
	if lim := vm.Options().MemoryLimit; lim > 0 && len(s) > lim {
		return "", vm.Errorf("out of memory")
	}
	return s, nil
}
