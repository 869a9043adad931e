package lib

import (
	"drey/squirrel"
)

// format implements format(fmt, ...) with the reference's conversions.
func format(vm *squirrel.VM, a []squirrel.Value) (string, error) {
	f, err := vm.StringArg(a, 1)
	if err != nil {
		return "", err
	}
	_ = f
	return "", vm.Errorf("format: not yet available")
}
