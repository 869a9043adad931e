package lib

import (
	"fmt"
	"strings"

	"drey/squirrel"
	"drey/squirrel/internal/rex"
)

// The string library: split, strip, lstrip, rstrip, escape, format and
// the regexp class, as global functions as on the imp.

func isSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

func openString(vm *squirrel.VM, regexpDelegate *squirrel.Table) {
	root := vm.Root()
	strip := func(name string, left, right bool) {
		fn(vm, root, name, 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
			s, err := vm.StringArg(a, 1)
			if err != nil {
				return squirrel.Null, err
			}
			i, j := 0, len(s)
			for left && i < j && isSpace(s[i]) {
				i++
			}
			for right && j > i && isSpace(s[j-1]) {
				j--
			}
			return vm.Str(s[i:j]), nil
		})
	}
	strip("strip", true, true)
	strip("lstrip", true, false)
	strip("rstrip", false, true)
	fn(vm, root, "split", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		seps, err := vm.StringArg(a, 2)
		if err != nil {
			return squirrel.Null, err
		}
		// As C's strtok: runs of separators delimit one token, and there
		// are no empty tokens.
		out := vm.NewArrayOf(nil)
		for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
			out.Append(vm.Str(tok))
		}
		return squirrel.ArrayValue(out), nil
	})
	fn(vm, root, "escape", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		return vm.Str(escape(s)), nil
	})
	fn(vm, root, "format", -2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		s, err := format(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		return vm.Str(s), nil
	})
	openRegexp(vm, regexpDelegate)
}

func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\'':
			b.WriteString(`\'`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, `\x%02x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

func openRegexp(vm *squirrel.VM, d *squirrel.Table) {
	self := func(vm *squirrel.VM, a []squirrel.Value) (*rex.Regexp, error) {
		if u := a[0].UserData(); u != nil {
			if re, ok := u.Data.(*rex.Regexp); ok {
				return re, nil
			}
		}
		return nil, vm.ArgError(0, a[0], "regexp")
	}
	span := func(vm *squirrel.VM, b, e int) squirrel.Value {
		t := vm.NewTable(2)
		t.NewSlot(vm.Str("begin"), squirrel.Int(int32(b)))
		t.NewSlot(vm.Str("end"), squirrel.Int(int32(e)))
		return squirrel.TableValue(t)
	}
	subject := func(vm *squirrel.VM, a []squirrel.Value) (string, int, error) {
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return "", 0, err
		}
		start := int32(0)
		if len(a) > 2 {
			if start, err = vm.IntArg(a, 2); err != nil {
				return "", 0, err
			}
		}
		return s, int(start), nil
	}
	fn(vm, d, "match", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		re, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		s, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		return squirrel.Bool(re.Match(s)), nil
	})
	fn(vm, d, "search", -2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		re, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		s, start, err := subject(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		b, e, ok := re.Search(s, start)
		if !ok {
			return squirrel.Null, nil
		}
		return span(vm, b, e), nil
	})
	fn(vm, d, "capture", -2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		re, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		s, start, err := subject(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		spans, ok := re.Capture(s, start)
		if !ok {
			return squirrel.Null, nil
		}
		out := vm.NewArrayOf(nil)
		for _, sp := range spans {
			out.Append(span(vm, sp.Begin, sp.End))
		}
		return squirrel.ArrayValue(out), nil
	})
	fn(vm, d, "subexpcount", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		re, err := self(vm, a)
		if err != nil {
			return squirrel.Null, err
		}
		return squirrel.Int(int32(re.NumSubExp())), nil
	})
	fn(vm, vm.Root(), "regexp", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		p, err := vm.StringArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		re, err := rex.Compile(p)
		if err != nil {
			return squirrel.Null, vm.Errorf("%s", err.Error())
		}
		return squirrel.ObjectValue(squirrel.NewUserData(re, d, "regexp")), nil
	})
}
