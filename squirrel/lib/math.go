package lib

import (
	"math"
	"math/rand/v2"

	"drey/squirrel"
)

// randMax is RAND_MAX of the imp's C library.
const randMax = 2147483647

func openMath(vm *squirrel.VM) {
	t := vm.NewTable(24)
	f1 := func(name string, f func(float64) float64) {
		fn(vm, t, name, 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
			x, err := vm.FloatArg(a, 1)
			if err != nil {
				return squirrel.Null, err
			}
			return vm.FloatValue(f(x)), nil
		})
	}
	f1("sqrt", math.Sqrt)
	f1("sin", math.Sin)
	f1("cos", math.Cos)
	f1("asin", math.Asin)
	f1("acos", math.Acos)
	f1("log", math.Log)
	f1("log10", math.Log10)
	f1("tan", math.Tan)
	f1("atan", math.Atan)
	f1("floor", math.Floor)
	f1("ceil", math.Ceil)
	f1("exp", math.Exp)
	f1("fabs", math.Abs)
	fn(vm, t, "atan2", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		y, err := vm.FloatArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		x, err := vm.FloatArg(a, 2)
		if err != nil {
			return squirrel.Null, err
		}
		return vm.FloatValue(math.Atan2(y, x)), nil
	})
	fn(vm, t, "pow", 3, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		x, err := vm.FloatArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		y, err := vm.FloatArg(a, 2)
		if err != nil {
			return squirrel.Null, err
		}
		return vm.FloatValue(math.Pow(x, y)), nil
	})
	fn(vm, t, "abs", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		n, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		if n < 0 {
			n = -n
		}
		return squirrel.Int(n), nil
	})
	// Each VM has its own generator (kept with the VM), so VMs do not
	// share state.
	fn(vm, t, "srand", 2, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		n, err := vm.IntArg(a, 1)
		if err != nil {
			return squirrel.Null, err
		}
		vm.Set(rngKey, rand.New(rand.NewPCG(uint64(uint32(n)), 2)))
		return squirrel.Null, nil
	})
	fn(vm, t, "rand", 1, func(vm *squirrel.VM, a []squirrel.Value) (squirrel.Value, error) {
		rng, ok := vm.Get(rngKey).(*rand.Rand)
		if !ok {
			rng = rand.New(rand.NewPCG(1, 2))
			vm.Set(rngKey, rng)
		}
		return squirrel.Int(int32(rng.Uint32() & randMax)), nil
	})
	t.NewSlot(vm.Str("RAND_MAX"), squirrel.Int(randMax))
	vm.Root().NewSlot(vm.Str("math"), squirrel.TableValue(t))
}

const rngKey = "lib.math.rand"
