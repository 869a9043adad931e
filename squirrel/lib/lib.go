// Package lib holds Squirrel's standard libraries as the imp provides
// them: math (as the math table), the string functions, blob, and the
// system functions time, date and clock.
package lib

import (
	"math"
	"sync"

	"drey/squirrel"
)

// Options select how the libraries are installed.
type Options struct {
	// MathGlobals also installs the math functions as globals (abs,
	// sqrt, ...), as the reference's sq interpreter does. The imp has
	// them only in the math table.
	MathGlobals bool
}

// Open installs the standard libraries in vm's root table.
//
// The native functions and the delegates of blobs and regexps are made
// once and shared by every VM: they keep no state of their own (what a
// VM needs, such as its random generator, is kept with the VM), and
// Squirrel code cannot reach a delegate to change it. Each VM gets its
// own root slots and math table, which its code may change.
func Open(vm *squirrel.VM, opts Options) {
	tpl := template()
	root := vm.Root()
	for pos := 0; ; {
		k, v, next, ok := tpl.root.Next(pos)
		if !ok {
			break
		}
		pos = next
		if _, exists := root.Get(k); exists {
			continue // the base library's own
		}
		if s, _ := k.AsString(); s == "math" {
			t := tpl.math.Clone(vm)
			t.NewSlot(vm.Str("PI"), vm.FloatValue(math.Pi))
			v = squirrel.TableValue(t)
			if opts.MathGlobals {
				for p := 0; ; {
					mk, mv, n, ok := t.Next(p)
					if !ok {
						break
					}
					p = n
					root.NewSlot(mk, mv)
				}
			}
		}
		root.NewSlot(k, v)
	}
}

// libTemplate is a VM with the libraries installed, whose root slots Open
// copies.
type libTemplate struct {
	root, math     *squirrel.Table
	blobDelegate   *squirrel.Table
	regexpDelegate *squirrel.Table
}

var template = sync.OnceValue(func() *libTemplate {
	vm := squirrel.New(squirrel.Options{})
	tpl := &libTemplate{root: vm.Root(), blobDelegate: vm.NewTable(32), regexpDelegate: vm.NewTable(8)}
	openMath(vm)
	openSystem(vm)
	openString(vm, tpl.regexpDelegate)
	openBlob(vm, tpl.blobDelegate)
	m, _ := vm.Root().GetStr("math")
	tpl.math = m.Table()
	return tpl
})

func fn(vm *squirrel.VM, t *squirrel.Table, name string, nparams int, f squirrel.NativeFunc) {
	t.NewSlot(vm.Str(name), squirrel.FuncValue(squirrel.NewNative(name, nparams, f)))
}
